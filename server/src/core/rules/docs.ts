/**
 * Rule documentation, from the registry: where a rule's page is (one place for every front: the
 * server's diagnostic links, the client, the CLI's SARIF help URIs) and the page's header, which
 * `npm run docs:rules` writes into docs/rules/<id>.md and a test checks.
 */
import type { Rule } from './types';

/** The page of a rule, relative to the extension's (or the repository's) root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
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

/** Where the generated header of a page ends: at its first "## " heading. */
export function splitRuleDoc(page: string): { header: string; body: string } {
  const at = page.search(/^## /m);
  return at < 0 ? { header: page, body: '' } : { header: page.slice(0, at), body: page.slice(at) };
}
