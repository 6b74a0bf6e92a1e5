/** Where a rule's documentation page lives: one place for the editor, the server and the CLI. */

/** The folder of the rule pages, relative to the extension (or package) root. */
export const RULE_DOCS_DIR = 'docs/rules';

/** The page of a rule, relative to the extension (or package) root: docs/rules/<id>.md. */
export function ruleDocPath(rule: string): string {
  return `${RULE_DOCS_DIR}/${rule}.md`;
}

/** The URL of a rule's page below `base` (the extension's root URI, with or without a trailing "/"). */
export function ruleDocUrl(rule: string, base: string): string {
  return `${base.replace(/\/+$/, '')}/${ruleDocPath(rule)}`;
}

/** The rule id of a documentation page's URL or path (…/docs/rules/<id>.md), or undefined. */
export function ruleOfDocPath(pathOrUrl: string): string | undefined {
  return /(?:^|\/)docs\/rules\/([a-z0-9-]+)\.md$/.exec(pathOrUrl)?.[1];
}
