/**
 * Figures of the conclusion reader, per half of the published letters (the tuning half: case
 * numbers ending in an even digit, plus the seeds; the checking half: odd), or on the repository's
 * example letters when ../shared is absent:
 *  - on every published item: sure and right, sure and wrong (a false error), unsure; and the
 *    recall of decision-rationale-conflict when the item's decision is flipped;
 *  - on the paraphrase set (generate.ts): accuracy on sure answers and the unsure rate, for the
 *    rewrites that keep the meaning and those that flip it; the unsure rate on hedges.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readConclusionText, verdictOfDecision } from '../../server/src/core/conclusion';
import { lintLetter } from '../../server/src/core/lint';
import { parseLetter } from '../../server/src/core/parser';
import { decisionRationaleConflict } from '../../server/src/core/rules/decision-rationale-conflict';
import { corpus, hasShared, repoRoot } from '../support/corpus';
import { decidingSentence, paraphrase, type Paraphrase, type Truth } from './generate';

export type Half = 'tuning' | 'checking' | 'examples';

export interface LetterSource {
  name: string;
  half: Half;
  style: string;
  text: string;
}

/** The half a published letter belongs to, by its case number's last digit (seeds: tuning). */
export function halfOf(name: string, text: string): Half {
  const m = /cm\d\d-\d*(\d)/i.exec(path.basename(name)) ?? /Case Number:\s*CM\d\d-\d*(\d)/i.exec(text);
  if (!m || name.startsWith('seeds/')) return 'tuning';
  return Number(m[1]) % 2 === 0 ? 'tuning' : 'checking';
}

/** The published letters (both extraction styles), or the example letters when ../shared is absent. */
export function letters(): LetterSource[] {
  if (hasShared) return corpus().map((l) => ({ name: l.name, half: halfOf(l.name, l.text), style: l.style, text: l.text }));
  const dir = path.join(repoRoot, 'examples', 'clean');
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ name: `examples/clean/${f}`, half: 'examples' as Half, style: 'example', text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export interface Counts {
  right: number;
  wrong: number;
  unsure: number;
}
const counts = (): Counts => ({ right: 0, wrong: 0, unsure: 0 });
const score = (c: Counts, read: string, expected: string) => {
  if (read === 'unclear') c.unsure++;
  else if (read === expected) c.right++;
  else c.wrong++;
};

export interface ItemFigures extends Counts {
  flipped: number;
  caught: number;
  wrongItems: string[];
}

const conflicts = (text: string) => lintLetter(parseLetter(text), { today: new Date(2026, 10, 23) }, [decisionRationaleConflict]);

/** Reads every published item's rationale and flips every item's decision; per half and style. */
export function itemFigures(sources: LetterSource[] = letters()): Map<string, ItemFigures> {
  const out = new Map<string, ItemFigures>();
  for (const letter of sources) {
    const key = `${letter.half}/${letter.style}`;
    const f = out.get(key) ?? { ...counts(), flipped: 0, caught: 0, wrongItems: [] };
    out.set(key, f);
    for (const item of parseLetter(letter.text).items) {
      if (item.sectionKind !== 'issues' || !item.decision?.valid || !item.decision.value) continue;
      const rationale = item.fields.find((x) => x.kind === 'decisionRationale')?.body.text;
      if (rationale) {
        const read = readConclusionText(rationale, item.title).verdict;
        const expected = verdictOfDecision(item.decision.value);
        score(f, read, expected);
        if (read !== 'unclear' && read !== expected) f.wrongItems.push(`${letter.name}: ${item.title}`);
      }
      const flippedWord = item.decision.value === 'Upheld' ? 'Overturned' : 'Upheld';
      const { start, end } = item.decision.span;
      const flipped = letter.text.slice(0, start) + flippedWord + letter.text.slice(end);
      f.flipped++;
      if (conflicts(flipped).some((d) => d.span.start === start && d.severity === 'error')) f.caught++;
    }
  }
  return out;
}

export interface ParaphraseFigures {
  items: number;
  /** Items whose rationale has no sentence about medical necessity (no paraphrases). */
  skipped: number;
  keep: Counts;
  flip: Counts;
  hedge: Counts;
  /** Wrong sure answers, for reading. */
  wrong: { expected: string; read: string; how: string; sentence: string }[];
}

/** Runs the paraphrase set of every item of the letters (layout style and seeds; plain repeats them). */
export function paraphraseFigures(sources: LetterSource[] = letters()): Map<Half, ParaphraseFigures> {
  const out = new Map<Half, ParaphraseFigures>();
  for (const letter of sources) {
    if (letter.style === 'plain') continue;
    const f = out.get(letter.half) ?? { items: 0, skipped: 0, keep: counts(), flip: counts(), hedge: counts(), wrong: [] };
    out.set(letter.half, f);
    for (const item of parseLetter(letter.text).items) {
      if (item.sectionKind !== 'issues' || !item.decision?.valid || !item.decision.value) continue;
      const rationale = item.fields.find((x) => x.kind === 'decisionRationale')?.body.text;
      const at = rationale ? decidingSentence(rationale) : undefined;
      if (!rationale || !at) {
        f.skipped++;
        continue;
      }
      f.items++;
      const truth = verdictOfDecision(item.decision.value) as Truth;
      const title = item.title.replace(/^\s*\d+\.\s*/, '').trim();
      for (const p of paraphrase(rationale.slice(at[0], at[1]), truth, `the request for ${title}`)) {
        const read = readConclusionText(rationale.slice(0, at[0]) + p.sentence + rationale.slice(at[1]), item.title).verdict;
        const c = f[p.kind];
        // A hedge has no sure conclusion of its own; a sure reading comes from the rest of the
        // rationale, and is scored against the published decision.
        score(c, read, p.kind === 'hedge' ? truth : p.expected);
        if (p.kind === 'hedge') continue;
        if (read !== 'unclear' && read !== p.expected) f.wrong.push({ expected: p.expected, read, how: `${p.kind}:${p.how}`, sentence: p.sentence });
      }
    }
  }
  return out;
}

export const sureAccuracy = (c: Counts) => (c.right + c.wrong === 0 ? 1 : c.right / (c.right + c.wrong));
export const unsureRate = (c: Counts) => (c.right + c.wrong + c.unsure === 0 ? 0 : c.unsure / (c.right + c.wrong + c.unsure));
export type { Paraphrase };
