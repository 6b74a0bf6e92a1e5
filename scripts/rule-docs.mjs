// Writes the generated header of every rule page (docs/rules/<id>.md) from the rule registry:
// title, description, default severity and whether it is fixable (server/src/core/rules/docs.ts).
// The rest of each page is its own. `npm run docs:rules`; test/unit/rule-docs.test.ts checks it.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { RULES } = require(join(root, 'out/server/src/core/rules/index.js'));
const { ruleDocHeader, ruleDocPath } = require(join(root, 'out/server/src/core/rules/docs.js'));

let changed = 0;
for (const rule of RULES) {
  const file = join(root, ruleDocPath(rule.id));
  const old = existsSync(file) ? readFileSync(file, 'utf8') : `<<HEADER>>\n## What it checks\n\n## Why it matters\n\n## Example\n\n## Fix\n`;
  // The old header: a "<<HEADER>>" marker, or everything up to the blank line after the "**Default severity:**" line.
  let body = old.startsWith('<<HEADER>>\n') ? old.slice('<<HEADER>>\n'.length) : old;
  if (!old.startsWith('<<HEADER>>\n')) {
    const m = /^\*\*Default severity:\*\*[^]*?\n\n/m.exec(old);
    if (m) body = old.slice(m.index + m[0].length);
  }
  const page = ruleDocHeader(rule) + body;
  if (page !== old) {
    writeFileSync(file, page);
    changed++;
  }
}
console.log(`rule docs: ${changed} of ${RULES.length} pages written`);
