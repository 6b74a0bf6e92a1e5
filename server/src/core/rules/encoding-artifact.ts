import { MOJIBAKE } from '../format';
import type { Finding, Rule } from './types';

/** Windows-1252 code points 0x80–0x9F, by character, for decoding mojibake generically. */
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
const byteOf = (c: string): number | undefined => {
  const code = c.charCodeAt(0);
  if (code <= 0xff) return code;
  return CP1252[c];
};

/**
 * Decodes a run of characters as UTF-8 bytes misread as Windows-1252; undefined unless it is
 * exactly one valid UTF-8 character (shortest form, no surrogate). Decoded by hand: it runs once
 * per candidate, and a throwing decoder would make a long run of candidates slow.
 */
function decodeMojibake(s: string): string | undefined {
  const bytes: number[] = [];
  for (const c of s) {
    const b = byteOf(c);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  const [lead, ...rest] = bytes;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length !== bytes.length || rest.some((b) => (b & 0xc0) !== 0x80)) return undefined;
  let code = lead & (0xff >> (length + 1));
  for (const b of rest) code = (code << 6) | (b & 0x3f);
  const shortest = length === 2 ? code >= 0x80 : length === 3 ? code >= 0x800 : code >= 0x10000;
  if (!shortest || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

const KNOWN = Object.keys(MOJIBAKE).sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Known sequences first (longest first), then a generic lead byte + continuation bytes, a run of
 * U+FFFD, a run of control characters. A run is one finding: a pasted block of 10,000 control
 * characters is one problem, not 10,000.
 */
/** The character classes of the pattern (contents, without brackets): a UTF-8 lead byte, control characters, invisible ones. */
const LEAD = '\\u00C2-\\u00F4';
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F';
const INVISIBLES = '\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';
/** Sticky: asked only where `START` found a character that can begin a match. */
export const PATTERN = new RegExp(
  `(${KNOWN.map(escape).join('|')})|([${LEAD}][\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{1,3})|(\\uFFFD+)|([${CONTROLS}]+)|([${INVISIBLES}]+)`,
  'y',
);
/** A character that can begin a match of `PATTERN`, as one character class: the engine scans for
 *  it many times faster than it tries the alternation at each position, and most letters have none. */
const START = new RegExp(`[${[...new Set(KNOWN.map((k) => k[0]))].map(escape).join('')}${LEAD}\\uFFFD${CONTROLS}${INVISIBLES}]`, 'g');

/** Every match of `PATTERN` in `text`, in order, as a global search would find them. */
export function* artifacts(text: string): Generator<RegExpExecArray> {
  START.lastIndex = 0;
  while (START.test(text)) {
    const at = START.lastIndex - 1;
    PATTERN.lastIndex = at;
    const m = PATTERN.exec(text);
    if (m) START.lastIndex = PATTERN.lastIndex;
    if (m) yield m;
  }
}

const show = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c)).join('');
const showRun = (s: string) => [...s].map((c) => show(c)).join(' ');

/** The invisible characters of the pattern's last group, by name (U+ code for the rest). */
const INVISIBLE: Record<number, string> = {
  0x00ad: 'soft hyphen', 0x200b: 'zero width space', 0x200c: 'zero width non-joiner', 0x200d: 'zero width joiner', 0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark', 0x202a: 'left-to-right embedding', 0x202b: 'right-to-left embedding', 0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override', 0x202e: 'right-to-left override', 0x2060: 'word joiner', 0xfeff: 'zero width no-break space',
};
function invisibleName(c: string): string {
  const code = c.charCodeAt(0);
  const u = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return INVISIBLE[code] ? `${u} ${INVISIBLE[code]}` : u;
}

/** Mojibake (UTF-8 read as Windows-1252), replacement characters and stray control characters. */
export const encodingArtifact: Rule = {
  id: 'encoding-artifact',
  description: 'Mojibake from copy-paste (â€™, â¿¯, Ã©), U+FFFD replacement characters, stray control characters or invisible formatting characters (zero width, bidirectional, soft hyphen).',
  defaultSeverity: 'warning',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    // Adjacent mojibake sequences are one finding (one run of garbled text, one replacement).
    let run: { span: { start: number; end: number }; text: string; intended: string } | undefined;
    const closeRun = () => {
      if (!run) return;
      const { span, text, intended } = run;
      const long = text.length > 40;
      const shown = intended === ' ' ? 'a space' : long ? `"${intended.slice(0, 10)}…"` : `"${intended}"`;
      findings.push({
        span,
        message: `"${long ? `${show(text.slice(0, 20))}…` : show(text)}" is mojibake (text encoded as UTF-8 but read as Windows-1252); it stands for ${shown}.`,
        data: { text, intended },
        fixes: [{ title: `Replace with ${shown}`, edits: [{ span, newText: intended }], preferred: true }],
      });
      run = undefined;
    };
    for (const m of artifacts(letter.text)) {
      const span = { start: m.index!, end: m.index! + m[0].length };
      if (m[1] || m[2]) {
        const intended = m[1] ? MOJIBAKE[m[1]] : decodeMojibake(m[2]);
        if (intended === undefined) continue;
        if (run && run.span.end === span.start) {
          run.span.end = span.end;
          run.text += m[0];
          run.intended += intended;
        } else {
          closeRun();
          run = { span, text: m[0], intended };
        }
        continue;
      }
      closeRun();
      if (m[3]) {
        const n = m[3].length;
        findings.push({
          span,
          message:
            n === 1
              ? 'U+FFFD (the replacement character) marks a character lost in conversion: retype the intended character.'
              : `${n} U+FFFD (replacement characters) mark characters lost in conversion: retype the intended text.`,
          data: { text: n > 20 ? m[0].slice(0, 20) : m[0] },
        });
      } else if (m[5]) {
        // A byte order mark that opens the text is how some editors start a file: not in the letter.
        if (span.start === 0 && m[0] === '\uFEFF') continue;
        const n = m[5].length;
        const names = [...new Set([...m[0].slice(0, 3)].map(invisibleName))].join(', ');
        findings.push({
          span,
          message: `${n === 1 ? 'An invisible character' : `${n} invisible characters`} (${names}) ${n === 1 ? 'is' : 'are'} in the text: ${n === 1 ? 'it does' : 'they do'} not show, yet ${n === 1 ? 'it keeps' : 'they keep'} a heading, a label or a decision word from being recognised. Remove ${n === 1 ? 'it' : 'them'}.`,
          data: { text: n > 20 ? m[0].slice(0, 20) : m[0] },
          fixes: [{ title: n === 1 ? `Remove the invisible ${invisibleName(m[0])}` : `Remove the ${n} invisible characters`, edits: [{ span, newText: '' }], preferred: true }],
        });
      } else if (m[4]) {
        const n = m[4].length;
        const what = n === 1 ? `The control character ${show(m[0])} does not` : `${n} control characters (${showRun(m[0].slice(0, 3))}${n > 3 ? ' …' : ''}) do not`;
        const title = n === 1 ? `Remove ${show(m[0])}` : `Remove the ${n} control characters`;
        findings.push({
          span,
          message: `${what} belong in a letter.`,
          data: { text: n > 20 ? m[0].slice(0, 20) : m[0] },
          fixes: [{ title, edits: [{ span, newText: '' }], preferred: true }],
        });
      }
    }
    closeRun();
    return findings;
  },
};
