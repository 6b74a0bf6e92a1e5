/**
 * The `.imrlintrc.json` configuration, split by concern: validation and the editor-settings
 * sanitizer (validate.ts), globs (globs.ts), what applies to one letter (resolve.ts),
 * suppressions of single findings (suppressions.ts), the JSON schema (schema.ts) and the edits
 * the quick fixes write (edits.ts). Pure: no I/O (node/configFiles.ts reads the files).
 */
export * from './validate';
export * from './globs';
export * from './resolve';
export * from './suppressions';
export * from './schema';
export * from './edits';
