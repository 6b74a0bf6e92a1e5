/** Editing a config: what the "disable for this file" and "ignore this finding" quick fixes write. */
import { isObject, type IgnoreEntry } from './validate';

export type ConfigChange = { kind: 'disable-rule'; rule: string } | { kind: 'ignore'; entry: IgnoreEntry };

/**
 * Returns a copy of a raw `.imrlintrc.json` value with the change applied to the override whose
 * `files` is exactly `[relPath]` (added when missing). Other keys are kept as they were.
 */
export function withFileChange(raw: unknown, relPath: string, change: ConfigChange): Record<string, unknown> {
  // Copies only what it changes (the top level, `overrides`, the one override): the rest is shared,
  // never walked (a value nested thousands deep elsewhere in the file overflowed a deep copy).
  const config: Record<string, unknown> = isObject(raw) ? { ...raw } : {};
  const overrides = Array.isArray(config.overrides) ? [...(config.overrides as unknown[])] : [];
  config.overrides = overrides;
  const at = overrides.findIndex((o) => isObject(o) && Array.isArray(o.files) && o.files.length === 1 && o.files[0] === relPath);
  const target: Record<string, unknown> = at >= 0 ? { ...(overrides[at] as Record<string, unknown>) } : { files: [relPath] };
  if (at >= 0) overrides[at] = target;
  else overrides.push(target);
  if (change.kind === 'disable-rule') {
    target.rules = { ...(isObject(target.rules) ? target.rules : {}), [change.rule]: 'off' };
  } else {
    const ignore = Array.isArray(target.ignore) ? [...(target.ignore as unknown[])] : [];
    const { rule, line, fingerprint } = change.entry;
    const exists = ignore.some((i) => isObject(i) && i.rule === rule && i.line === line && i.fingerprint === fingerprint);
    if (!exists) ignore.push(fingerprint !== undefined ? { rule, fingerprint } : { rule, line });
    target.ignore = ignore;
  }
  return config;
}

/** A change's shape checked (it comes back from a client in a code action's data). */
export function isConfigChange(value: unknown): value is ConfigChange {
  if (!isObject(value)) return false;
  if (value.kind === 'disable-rule') return typeof value.rule === 'string';
  if (value.kind !== 'ignore' || !isObject(value.entry)) return false;
  const { rule, line, fingerprint } = value.entry;
  return typeof rule === 'string' && (typeof line === 'string' || typeof fingerprint === 'string');
}
