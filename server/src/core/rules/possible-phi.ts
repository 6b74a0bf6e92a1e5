import type { Finding, Rule } from './types';

/**
 * Text a letter meant for publication must not carry: SSN-like numbers, phone numbers, e-mail
 * addresses, claim numbers, and personal names after a title (Mr./Ms./Mrs./Dr.). The published
 * letters are redacted with runs of spaces ("Dr.          stated"), so a title followed by spaces
 * and a lower-case word or punctuation is quiet.
 */
const CHECKS: { kind: string; what: string; pattern: RegExp; accept?: (m: RegExpMatchArray, text: string) => boolean }[] = [
  { kind: 'ssn', what: 'a Social Security number', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  { kind: 'ssn', what: 'a Social Security number', pattern: /\b(?:SSN|SS#|Social Security(?: Number| No\.?)?)\s*[:#]?\s*\d[\d -]{7,10}\d\b/gi },
  {
    kind: 'phone',
    what: 'a phone number',
    pattern: /(?<![\d/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d/-])/g,
    // "10-16-2016"-like dates and ICD codes never have this shape; a run like "2016 123 4567" in a table might.
    accept: (m) => !/^\d{4}[ .]/.test(m[0]),
  },
  { kind: 'email', what: 'an e-mail address', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  { kind: 'claim-number', what: 'a claim number', pattern: /\bclaim\s*(?:#|no\.?|number)\s*:?\s*[A-Z0-9][A-Z0-9-]{4,}\b/gi, accept: (m) => /\d/.test(m[0]) },
  {
    kind: 'name',
    what: 'a personal name',
    // A title, at most two spaces, then a capitalized word that is not a redaction or a role.
    pattern: /\b(?:Mr|Ms|Mrs|Miss|Dr)\.?[ ]{1,2}([A-Z][a-z'’-]+(?:[ ][A-Z][a-z'’-]+)?)/g,
    accept: (m) => !/^(?:And|Or|The|On|In|Of|For|To|With|Who|Was|Is|Has|Had|Stated|Noted|Reported)\b/.test(m[1]),
  },
];

export const possiblePhi: Rule = {
  id: 'possible-phi',
  description: 'Possible personal information in a letter meant for publication: SSN, phone number, e-mail address, claim number, a name after Mr./Ms./Mrs./Dr.',
  defaultSeverity: 'warning',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    const taken: { start: number; end: number }[] = [];
    for (const check of CHECKS) {
      for (const m of letter.text.matchAll(check.pattern)) {
        if (check.accept && !check.accept(m, letter.text)) continue;
        const span = { start: m.index!, end: m.index! + m[0].length };
        if (taken.some((t) => t.start < span.end && span.start < t.end)) continue;
        taken.push(span);
        findings.push({
          span,
          message: `"${m[0]}" looks like ${check.what}. Letters are published: redact it before release.`,
          data: { kind: check.kind },
        });
      }
    }
    return findings;
  },
};
