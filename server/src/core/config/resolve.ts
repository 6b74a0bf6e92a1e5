/** The settings of a config that apply to one letter. */
import type { SeveritySetting } from '../rules/types';
import { compileGlob } from './globs';
import type { IgnoreEntry, ImrLintConfig } from './validate';

export interface EffectiveConfig {
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
}

/** The rule severities and suppressions that apply to one file (path relative to the config's folder); later overrides win. */
export function resolveForFile(config: ImrLintConfig, relPath: string): EffectiveConfig {
  const rules: Record<string, SeveritySetting> = { ...config.rules };
  const ignores: IgnoreEntry[] = [];
  for (const o of config.overrides) {
    if (!matchersOf(o).some((matches) => matches(relPath))) continue;
    Object.assign(rules, o.rules);
    for (const entry of o.ignore) ignores.push(entry);
  }
  return { rules, ignores };
}

/** An override's globs, compiled once for as long as its config is loaded (a config of 4,000
 *  globs outgrew the shared cache of compiled patterns, which then compiled every glob for every letter). */
const matchers = new WeakMap<ImrLintConfig['overrides'][number], ((relPath: string) => boolean)[]>();
function matchersOf(o: ImrLintConfig['overrides'][number]): ((relPath: string) => boolean)[] {
  let m = matchers.get(o);
  if (!m) matchers.set(o, (m = o.files.map(compileGlob)));
  return m;
}
