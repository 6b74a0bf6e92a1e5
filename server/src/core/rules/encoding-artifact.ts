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

/** Decodes a run of characters as UTF-8 bytes misread as Windows-1252; undefined when it is not. */
function decodeMojibake(s: string): string | undefined {
  const bytes: number[] = [];
  for (const c of s) {
    const b = byteOf(c);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  try {
    const out = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return [...out].length === 1 ? out : undefined;
  } catch {
    return undefined;
  }
}

const KNOWN = Object.keys(MOJIBAKE).sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Known sequences first (longest first), then a generic lead byte + continuation bytes, U+FFFD, control characters. */
const PATTERN = new RegExp(
  `(${KNOWN.map(escape).join('|')})|([\\u00C2-\\u00F4][\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{1,3})|(\\uFFFD)|([\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F])`,
  'g',
);

const show = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c)).join('');

/** Mojibake (UTF-8 read as Windows-1252), replacement characters and stray control characters. */
export const encodingArtifact: Rule = {
  id: 'encoding-artifact',
  description: 'Mojibake from copy-paste (â€™, â¿¯, Ã©), U+FFFD replacement characters or stray control characters.',
  defaultSeverity: 'warning',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    for (const m of letter.text.matchAll(PATTERN)) {
      const span = { start: m.index!, end: m.index! + m[0].length };
      if (m[1] || m[2]) {
        const intended = m[1] ? MOJIBAKE[m[1]] : decodeMojibake(m[2]);
        if (intended === undefined) continue;
        const shown = intended === ' ' ? 'a space' : `"${intended}"`;
        findings.push({
          span,
          message: `"${show(m[0])}" is mojibake (text encoded as UTF-8 but read as Windows-1252); it stands for ${shown}.`,
          data: { text: m[0], intended },
          fixes: [{ title: `Replace with ${shown}`, edits: [{ span, newText: intended }], preferred: true }],
        });
      } else if (m[3]) {
        findings.push({
          span,
          message: 'U+FFFD (the replacement character) marks a character lost in conversion: retype the intended character.',
          data: { text: m[0] },
        });
      } else {
        findings.push({
          span,
          message: `The control character ${show(m[0])} does not belong in a letter.`,
          data: { text: m[0] },
          fixes: [{ title: `Remove ${show(m[0])}`, edits: [{ span, newText: '' }], preferred: true }],
        });
      }
    }
    return findings;
  },
};
