import { matchesAtWords } from '../text';
import type { Finding, Rule } from './types';

/**
 * Text a letter meant for publication must not carry: SSN-like numbers, phone numbers, e-mail
 * addresses, claim numbers, dates of birth, and personal names after a title (Mr./Ms./Mrs./Dr.). The published
 * letters are redacted with runs of spaces ("Dr.          stated"), so a title followed by spaces
 * and a lower-case word or punctuation is quiet.
 */
interface Check {
  kind: string;
  what: string;
  pattern: RegExp;
  accept?: (m: RegExpMatchArray, text: string) => boolean;
  /** The matches in `text`, when matchAll over the whole text would not be linear (default: `text.matchAll(pattern)`). */
  find?: (text: string, pattern: RegExp) => Iterable<RegExpMatchArray>;
}

/**
 * Every pattern runs in time linear in the text: bounded repeats, no two adjacent unbounded runs
 * that can take the same characters (`\s*:?\s*` is written `\s*(?::\s*)?`), and e-mail
 * addresses searched only around an "@" (see `emailsIn`).
 */
const CHECKS: Check[] = [
  { kind: 'ssn', what: 'a Social Security number', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    kind: 'ssn',
    what: 'a Social Security number',
    pattern: /\b(?:SSN|SS#|Social Security(?: Number| No\.?)?)\s*(?:[:#]\s*)?\d[\d -]{7,10}\d\b/gi,
  },
  {
    kind: 'phone',
    what: 'a phone number',
    pattern: /(?<![\d/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d/-])/g,
    // "10-16-2016"-like dates and ICD codes never have this shape; a run like "2016 123 4567" in a table might.
    accept: (m) => !/^\d{4}[ .]/.test(m[0]),
  },
  { kind: 'email', what: 'an e-mail address', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/, find: emailsIn },
  {
    kind: 'claim-number',
    what: 'a claim number',
    pattern: /\bclaim\s*(?:#|no\.?|number)\s*(?:(?::|is|was)\s*)?[A-Z0-9][A-Z0-9-]{4,}\b/gi,
    accept: (m) => /\d/.test(m[0]),
  },
  {
    kind: 'birth-date',
    what: 'a date of birth',
    // "DOB 03/14/1973", "Date of Birth: 3/14/73", "birthdate as 03-17-1956", "D.O.B. March 14, 1973" (found from "DOB"/"birth").
    pattern:
      /(?:DOB|D\.O\.B\.?|[Bb]irth(?:[ -]?[Dd]ate)?)\s{0,3}(?:[:#]\s{0,3}|(?:is|was|as|of)\s{1,3})?(?:\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}, \d{4})(?![\d/-])/g,
    accept: (m, text) => !/[A-Za-z]/.test(text[m.index! - 1] ?? ''),
    find: (text, pattern) => matchesAtWords(text, pattern, ['DOB', 'D.O.B', 'Birth', 'birth']),
  },
  {
    kind: 'name',
    what: 'a personal name',
    // A title, at most two spaces, then a capitalized word that is not a redaction or a role; a
    // double-barrelled name whole ("Ms. Abernathy-Quill", "Mr. O'Brien", "Mr. McDonald"; not "Ms. Abernathy-", "Mr. O'", "Mr. Mc").
    pattern: /\b(?:Mr|Ms|Mrs|Miss|Dr)\.?[ ]{1,2}([A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+)(?:['’-][A-Z]?[a-z]+)*-?(?:[ ][A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+)(?:['’-][A-Z]?[a-z]+)*-?)?)/g,
    accept: (m) => !/^(?:And|Or|The|On|In|Of|For|To|With|Who|Was|Is|Has|Had|Stated|Noted|Reported)\b/.test(m[1]) && !(m[0].startsWith('Dr') && DR_BRANDS.test(m[1])),
    // Tried only where a title is (found by indexOf): 1.1 µs on a letter, against 7.5 µs for the
    // pattern's own scan. (Case-insensitive patterns gain nothing so: lower-casing the letter and
    // searching it costs as much as their scan.)
    find: (text, pattern) => matchesAtWords(text, pattern, ['Mr', 'Ms', 'Miss', 'Dr']),
  },
  {
    kind: 'name',
    what: 'a personal name',
    // A name before a degree ("Michael Alvarez, M.D.", "Jane Q. Smith, MD"): found from the degree
    // (see namesBeforeDegrees); published letters name no one so (0 of 194 have "M.D.").
    pattern: /(?:^|[^A-Za-z.'’-])([A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}),? $/,
    accept: (m) => !NOT_A_NAME.test(m[1]),
    find: namesBeforeDegrees,
  },
];

/** A degree a clinician's name is written with (one scan for all of them: 3.4 µs a letter; a
 *  lookbehind for the space before it made the scan 30 µs, so the space is checked after). */
const DEGREE = /(?:M\.D\.|MD|D\.O\.|Ph\.D\.|PhD|PA-C|D\.C\.|N\.P\.)(?![A-Za-z])/g;
const ZIP_AFTER = /^,? \d{5}\b/;
/** Capitalized words before a degree that are no name ("Board Certified, MD" is not a person). */
const NOT_A_NAME = /\b(?:Board|Certified|Medicine|Medical|Internal|Physical|Family|Reviewer|Expert|Physician|Doctor|Surgery|Orthopedic|Psychiatry|Neurology|The|And|Of)\b/;

/**
 * Names written before a degree: each degree found by one scan, then the name pattern (anchored
 * at the degree) over the 60 characters before it. Linear: one bounded window per degree.
 */
function* namesBeforeDegrees(text: string, pattern: RegExp): Iterable<RegExpMatchArray> {
  DEGREE.lastIndex = 0;
  for (let d = DEGREE.exec(text); d; d = DEGREE.exec(text)) {
    const at = d.index;
    if (text.charCodeAt(at - 1) !== 32) continue; // a whole word, after a space
    if (ZIP_AFTER.test(text.slice(at + d[0].length, at + d[0].length + 7))) continue; // "Silver Spring, MD 20910": a state
    const from = Math.max(0, at - 60);
    const m = pattern.exec(text.slice(from, at));
    if (!m) continue;
    const start = from + m.index + m[0].indexOf(m[1]);
    const match = [text.slice(start, at + d[0].length), m[1]] as unknown as RegExpMatchArray;
    match.index = start;
    yield match;
  }
}

/** Brands of the supplies letters review whose name is "Dr. ..." (orthotic inserts, diabetic shoes, boots), not people. */
const DR_BRANDS = /^(?:Scholl|Comfort|Martens)(?![a-z])/;

/** The longest local part and domain of an e-mail address (RFC 5321). */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
const isLocalChar = (c: number) => isDomainChar(c) || c === 95 /* _ */ || c === 37 /* % */ || c === 43 /* + */;
const isDomainChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 /* . */ || c === 45 /* - */;

/**
 * E-mail addresses, found from each "@": the pattern runs only over the address-shaped window
 * around it (at most 64 + 255 characters), so a long run of "a.a.a…" without "@" costs nothing.
 */
function* emailsIn(text: string, pattern: RegExp): Iterable<RegExpMatchArray> {
  let lastEnd = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > lastEnd && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    // One character more, so that the pattern's closing \b sees what follows the address.
    const m = pattern.exec(text.slice(start, Math.min(end + 1, text.length)));
    if (!m) continue;
    m.index = start + m.index!;
    lastEnd = m.index + m[0].length;
    yield m;
  }
}

export const possiblePhi: Rule = {
  id: 'possible-phi',
  description: 'Possible personal information in a letter meant for publication: SSN, phone number, e-mail address, claim number, date of birth, a name after Mr./Ms./Mrs./Dr. or before a degree (M.D., PA-C)',
  defaultSeverity: 'warning',
  fixable: false,
  quotesPersonalData: true,
  check({ letter }) {
    const findings: Finding[] = [];
    // Characters already reported by an earlier check: a match that touches one is not reported again.
    let taken: Uint8Array | undefined; // made at the first match (most letters have none)
    const text = letter.text;
    for (const check of CHECKS) {
      let matches: Iterable<RegExpMatchArray>;
      if (check.find) matches = check.find(text, check.pattern);
      else matches = text.matchAll(check.pattern);
      for (const m of matches) {
        if (check.accept && !check.accept(m, text)) continue;
        const span = { start: m.index!, end: m.index! + m[0].length };
        taken ??= new Uint8Array(letter.text.length);
        if (taken.subarray(span.start, span.end).includes(1)) continue;
        taken.fill(1, span.start, span.end);
        findings.push({
          span,
          message: `"${m[0].replace(/\s+/g, ' ')}" looks like ${check.what}. Letters are published: redact it before release.`,
          data: { kind: check.kind },
        });
      }
    }
    return findings;
  },
};
