/** Editing a config: what the "disable for this file" and "ignore this finding" quick fixes write. */
import { isObject, type IgnoreEntry } from './validate';

export type ConfigChange = { kind: 'disable-rule'; rule: string } | { kind: 'ignore'; entry: IgnoreEntry };

/**
 * Returns a copy of a raw `.imrlintrc.json` value with the change applied to the override whose
 * `files` is exactly `[relPath]` (added when missing). Other keys are kept as they were.
 */
export function withFileChange(raw: unknown, relPath: string, change: ConfigChange): Record<string, unknown> {
  const config: Record<string, unknown> = isObject(raw) ? structuredClone(raw) : {};
  const overrides = Array.isArray(config.overrides) ? (config.overrides as unknown[]) : [];
  config.overrides = overrides;
  let target = overrides.find(
    (o): o is Record<string, unknown> => isObject(o) && Array.isArray(o.files) && o.files.length === 1 && o.files[0] === relPath,
  );
  if (!target) {
    target = { files: [relPath] };
    overrides.push(target);
  }
  if (change.kind === 'disable-rule') {
    const rules = isObject(target.rules) ? target.rules : {};
    rules[change.rule] = 'off';
    target.rules = rules;
  } else {
    const ignore = Array.isArray(target.ignore) ? (target.ignore as unknown[]) : [];
    const { rule, line, fingerprint } = change.entry;
    const exists = ignore.some((i) => isObject(i) && i.rule === rule && i.line === line && i.fingerprint === fingerprint);
    if (!exists) ignore.push(fingerprint !== undefined ? { rule, fingerprint } : { rule, line });
    target.ignore = ignore;
  }
  return config;
}
