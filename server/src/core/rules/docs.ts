/**
 * Rule documentation, from the registry: where a rule's page lives (one place for the editor, the
 * server, the CLI's SARIF help URIs and the tests) and the page's header, which
 * `npm run docs:rules` writes into docs/rules/<id>.md and a test checks.
 */
import type { Rule } from './types';

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

/** What a rule's fixes do, in the words of its page. */
export function fixableText(rule: Pick<Rule, 'fixable' | 'suggestsFixes'>): string {
  if (rule.fixable) return 'yes (Fix All applies the preferred fix)';
  if (rule.suggestsFixes) return 'quick fix only (never applied by Fix All)';
  return 'no';
}

/** The generated header of a rule's page: title, what it checks, default severity, fixable. The page's own text follows it. */
export function ruleDocHeader(rule: Rule): string {
  return [
    `# ${rule.id}`,
    '',
    rule.description,
    '',
    `**Default severity:** ${rule.defaultSeverity} · **Fixable:** ${fixableText(rule)}`,
    '',
    '',
  ].join('\n');
}
