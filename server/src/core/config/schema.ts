/** The JSON schema of `.imrlintrc.json`, generated from the rule registry so it cannot drift from the rules. */
import { RULES } from '../rules';
import { MAX_GLOB_LENGTH } from './globs';
import { SEVERITY_SETTINGS } from './validate';

/** The JSON schema of `.imrlintrc.json`, generated from the rule registry. */
export function configSchema(): Record<string, unknown> {
  const ids = RULES.map((r) => r.id);
  const severity = { type: 'string', enum: [...SEVERITY_SETTINGS] };
  const rules = {
    type: 'object',
    description: 'Severity per rule id; "off" disables the rule.',
    properties: Object.fromEntries(
      RULES.map((r) => [r.id, { ...severity, description: `${r.description} (default: ${r.defaultSeverity})`, default: r.defaultSeverity }]),
    ),
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://imr-letters.invalid/schemas/imrlintrc.schema.json',
    title: 'IMR Letters lint configuration (.imrlintrc.json)',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules,
      overrides: {
        type: 'array',
        description: 'Settings for some letters only; later entries win.',
        items: {
          type: 'object',
          required: ['files'],
          properties: {
            files: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', minLength: 1, maxLength: MAX_GLOB_LENGTH },
              description: 'Globs relative to the folder of this file: * (within a folder), ** (any folders), ?. A glob without "/" matches a file name at any depth.',
            },
            rules,
            ignore: {
              type: 'array',
              description:
                'Silence findings without editing the letter: the rule id and the exact text (trimmed) of the line the finding starts on, or the fingerprint a quick fix wrote for a finding of personal information (its text is never copied here).',
              items: {
                type: 'object',
                required: ['rule'],
                oneOf: [{ required: ['line'] }, { required: ['fingerprint'] }],
                properties: {
                  rule: { type: 'string', enum: ids },
                  line: { type: 'string', minLength: 1 },
                  fingerprint: { type: 'string', pattern: '^[0-9a-f]{14}$' },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      catalogs: {
        type: 'array',
        description: 'Extra guideline catalog files (JSON, at most 1 MB each), relative to the folder of this file and inside it.',
        items: { type: 'string', minLength: 1 },
      },
    },
    additionalProperties: false,
  };
}

