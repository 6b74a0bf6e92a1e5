/** The settings of a config that apply to one letter. */
import type { SeveritySetting } from '../rules/types';
import { matchesGlob } from './globs';
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
    if (!o.files.some((g) => matchesGlob(relPath, g))) continue;
    Object.assign(rules, o.rules);
    for (const entry of o.ignore) ignores.push(entry);
  }
  return { rules, ignores };
}
