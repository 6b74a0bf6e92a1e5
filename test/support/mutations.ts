/**
 * Mutation classes: realistic draft defects applied to a real letter through the letter model's
 * exact spans (headings, items, decision words, field labels, header dates, citation parts), each
 * with the rule that must catch it and the place where it must fire.
 *
 * To cover a new rule, add an entry to MUTATION_CLASSES (or call registerMutationClass):
 *
 *   { rule: 'placeholder-left', name: 'leave-placeholder', description: 'A "[specialty]" left in the credentials',
 *     mutants: ({ letter }) => rationales(letter).map(({ field }) => insert(letter.text, field.bodySpan.start, '[TBD] ', 'insert "[TBD]"')) },
 *
 * `mutants` returns the mutated texts (none when the defect does not apply to this letter); by
 * default the place is what the edits wrote, and a finding of `rule` on one of its lines (or
 * related to it) counts as caught. The engine that runs them is test/support/evaluate.ts.
 */
import type { DecisionWord, Item, ItemField, Letter, Section, Span } from '../../server/src/core/model';
import type { LintDiagnostic } from '../../server/src/core/lint';
import type { Catalog, GuidelineEntry } from '../../server/src/core/catalog';
import { chapterByNumber, findSection, hasSectionList, resolveLabel, sectionMatchesPattern } from '../../server/src/core/catalog';
import { allCitations, type Citation } from '../../server/src/core/citations';
import { citedVersion, eraOf, eraStatus, type EraEntry } from '../../server/src/core/catalog/eras';
import {
  CASE_SUMMARY_INTRO,
  CREDENTIALS_SECTION,
  CREDENTIAL_PATTERNS,
  HEADER_DATE_ORDER,
  ISSUES_INTRO,
  ITEMS_SECTION,
  sectionSpec,
} from '../../server/src/core/format';
import { flatten, flatSpan } from '../../server/src/core/text';

export interface Edit {
  span: Span;
  newText: string;
}

export interface Mutant {
  /** The mutated letter. */
  text: string;
  /** Where the defect is, in the mutated text. */
  places: Span[];
  /** When set, decides alone whether a finding of the rule catches this mutant (e.g. by its data). */
  accept?: (d: LintDiagnostic) => boolean;
  /** What was changed, for the list of misses (no letter text beyond the changed words). */
  what: string;
  /** Index of the mutated item in `letter.items`, for per-item figures. */
  item?: number;
}

export interface MutationContext {
  letter: Letter;
  catalog: Catalog;
  today: Date;
}

export interface MutationClass {
  /** The rule that must catch it. */
  rule: string;
  /** Stable kebab-case name, unique within the rule. */
  name: string;
  /** One line: the draft defect. */
  description: string;
  mutants(ctx: MutationContext): Mutant[];
  /** Evaluate every mutant of a letter (default: a fixed sample of MAX_PER_LETTER). */
  every?: boolean;
}

/** Mutants evaluated per class and letter (a fixed sample of its places), to keep `npm run corpus` under a minute. */
export const MAX_PER_LETTER = 2;

// ---------------------------------------------------------------- editing helpers

/** Applies non-overlapping edits; `places` (original offsets) are mapped into the mutated text,
 *  and default to what the edits wrote. */
export function mutate(text: string, edits: Edit[], what: string, opts: { places?: Span[]; accept?: Mutant['accept']; item?: number } = {}): Mutant {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  let out = '';
  let at = 0;
  const written: Span[] = [];
  for (const e of sorted) {
    out += text.slice(at, e.span.start);
    written.push({ start: out.length, end: out.length + e.newText.length });
    out += e.newText;
    at = e.span.end;
  }
  out += text.slice(at);
  const map = (o: number) => {
    let shift = 0;
    for (const e of sorted) {
      if (o >= e.span.end && !(o === e.span.start && e.span.start === e.span.end)) shift += e.newText.length - (e.span.end - e.span.start);
      else if (o > e.span.start) return e.span.start + shift;
    }
    return o + shift;
  };
  const places = opts.places ? opts.places.map((p) => ({ start: map(p.start), end: Math.max(map(p.start), map(p.end)) })) : written;
  return { text: out, places, accept: opts.accept, what, item: opts.item };
}

export const replace = (text: string, span: Span, newText: string, what: string, opts?: Parameters<typeof mutate>[3]) =>
  mutate(text, [{ span, newText }], what, opts);
export const insert = (text: string, at: number, newText: string, what: string, opts?: Parameters<typeof mutate>[3]) =>
  mutate(text, [{ span: { start: at, end: at }, newText }], what, opts);

/** A span grown to whole lines, with the line break after it (for deleting a line). */
export function wholeLines(letter: Letter, span: Span): Span {
  const first = letter.lines.positionAt(span.start).line;
  const last = letter.lines.positionAt(span.end).line;
  const end = last + 1 < letter.lines.lineCount ? letter.lines.lineStarts[last + 1] : letter.text.length;
  return { start: letter.lines.lineStarts[first], end };
}

/** Drops one letter from the middle of a word: the typo a drafter makes ("Decison", "Uphled"). */
export function dropLetter(word: string): string {
  const letters = [...word.matchAll(/[A-Za-z]/g)].map((m) => m.index!);
  if (letters.length < 4) return word;
  const i = letters[Math.floor(letters.length / 2)];
  return word.slice(0, i) + word.slice(i + 1);
}

/** Swaps two adjacent, non-overlapping spans (a before b), keeping the text between them. */
export function swap(text: string, a: Span, b: Span, what: string, opts: { item?: number } = {}): Mutant {
  const ta = text.slice(a.start, a.end);
  let tb = text.slice(b.start, b.end);
  // A span that ends the letter may lack the line break the other needs after it.
  if (!/\n\s*$/.test(tb) && /\n\s*$/.test(ta)) tb += '\n\n';
  const between = text.slice(a.end, b.start);
  const out = text.slice(0, a.start) + tb + between + ta + text.slice(b.end);
  const bAt = { start: a.start, end: a.start + tb.length };
  const aAt = { start: a.start + tb.length + between.length, end: a.start + tb.length + between.length + ta.length };
  return { text: out, places: [bAt, aAt], what, item: opts.item };
}

// ---------------------------------------------------------------- model helpers

/** The issues section of a current-format letter (no-disputed-items checks that format only). */
export const itemsSection = (letter: Letter): Section | undefined =>
  letter.format === 'current' ? letter.sections.find((s) => s.kind === ITEMS_SECTION.current) : undefined;
/** The disputed items of the items section, with their index in `letter.items`. */
const cutOff = (d: LintDiagnostic) => d.rule === 'letter-cut-off';
export const disputedItems = (letter: Letter): { item: Item; index: number }[] =>
  letter.items.map((item, index) => ({ item, index })).filter(({ item }) => item.sectionKind === 'issues');
export const decided = (letter: Letter): { item: Item; index: number; decision: DecisionWord }[] =>
  disputedItems(letter).flatMap(({ item, index }) => (item.decision?.valid ? [{ item, index, decision: item.decision }] : []));
export const rationales = (letter: Letter): { item: Item; index: number; field: ItemField }[] =>
  disputedItems(letter).flatMap(({ item, index }) => {
    const field = item.fields.find((f) => f.kind === 'decisionRationale' && f.body.text.length > 0);
    return field ? [{ item, index, field }] : [];
  });
const citations = (ctx: MutationContext) => allCitations(ctx.letter, ctx.catalog).map(({ citation, field }) => ({ c: citation, item: field.itemIndex }));
const mtusWithGuideline = (ctx: MutationContext) =>
  citations(ctx).filter((x): x is { c: Citation & { label: NonNullable<Citation['label']> }; item: number } => x.c.kind === 'mtus' && !!x.c.label && !!x.c.resolution?.knownLabel);

/** The first match of `re` in a field's folded text, as a letter span. */
function inBody(field: ItemField, re: RegExp): Span | undefined {
  const m = re.exec(field.body.text);
  return m ? flatSpan(field.body, m.index, m.index + m[0].length) : undefined;
}

/** Where a sentence may be inserted at the start of a field's text. */
const bodyStart = (field: ItemField) => field.body.offsets[0];

/** One of several forms of a defect, chosen by the letter and place (varied across letters, fixed per letter). */
export function pick<T>(forms: readonly T[], letter: Letter, at = 0): T {
  return forms[(letter.text.length + at) % forms.length];
}

const TITLE_CASE = (s: string) => s.replace(/[A-Za-z]+/g, (w) => (w === 'MAXIMUS' ? 'Maximus' : w[0].toUpperCase() + w.slice(1).toLowerCase()));
const OTHER_DECISION = { Upheld: 'Overturned', Overturned: 'Upheld' } as const;
const YEARS = [2004, 2007, 2008, 2009, 2014, 2016, 2017, 2018];

/** A year the label was never published with, nearest the one written. */
function wrongYear(catalog: Catalog, label: string, year: number): number | undefined {
  return [...YEARS].sort((a, b) => Math.abs(a - year) - Math.abs(b - year)).find((y) => y !== year && !resolveLabel(catalog, label, y).yearValid);
}

/** A section name of another guideline that this one does not have. */
function foreignSection(catalog: Catalog, g: GuidelineEntry): string | undefined {
  for (const other of catalog.guidelines) {
    if (other.id === g.id || other.label === g.label) continue;
    for (const s of other.sections) {
      if (s.name.length > 6 && !findSection(g, s.name) && !sectionMatchesPattern(g, s.name)) return s.name;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- the classes

const section = (letter: Letter) => letter.sections.filter((s) => sectionSpec(s.kind).required);

const STRUCTURE: MutationClass[] = [
  {
    rule: 'missing-section',
    name: 'delete-heading',
    description: 'A required heading deleted (its text joins the section before)',
    mutants: ({ letter }) =>
      section(letter).map((s) =>
        replace(letter.text, sectionSpec(s.kind).alone ? wholeLines(letter, s.headingSpan) : s.headingSpan, '', `delete "${s.name}"`, {
          accept: (d) => d.data?.section === s.kind,
        }),
      ),
  },
  {
    rule: 'missing-section',
    name: 'misspell-heading',
    description: 'A letter dropped from a heading ("CLINICAL CASE SUMARY")',
    mutants: ({ letter }) =>
      section(letter).map((s) => {
        const words = s.headingText.split(' ');
        const i = words.reduce((best, w, j) => (w.length > words[best].length ? j : best), 0);
        words[i] = dropLetter(words[i]);
        // A misspelled heading is read as that heading (fuzzy) or reported missing: either way the finding names it.
        return replace(letter.text, s.headingSpan, words.join(' '), `misspell "${s.name}"`, { accept: (d) => d.data?.section === s.kind });
      }),
  },
  {
    rule: 'section-order',
    name: 'swap-sections',
    description: 'Two adjacent sections (heading and text) swapped',
    mutants: ({ letter }) =>
      letter.sections
        .slice(1)
        .flatMap((b, i) => {
          const a = letter.sections[i];
          // Only headings that start their line (a 2013 notice heading follows "MAXIMUS FEDERAL SERVICES, INC." on its line).
          if (![a, b].every((s) => letter.text.slice(wholeLines(letter, s.headingSpan).start, s.headingSpan.start).trim() === '')) return [];
          return [swap(letter.text, a.span, b.span, `swap "${a.name}" and "${b.name}"`)];
        }),
  },
  {
    rule: 'duplicate-section',
    name: 'copy-section',
    description: 'A section pasted twice (heading and text)',
    mutants: ({ letter }) =>
      letter.sections.map((s) => {
        const copy = letter.text.slice(s.span.start, s.span.end);
        const lead = /\n\s*$/.test(copy) ? '' : '\n\n';
        const m = insert(letter.text, s.span.end, lead + copy, `paste "${s.name}" twice`);
        const at = m.places[0].start + lead.length + (s.headingSpan.start - s.span.start);
        return { ...m, places: [{ start: at, end: at + (s.headingSpan.end - s.headingSpan.start) }] };
      }),
  },
  {
    rule: 'empty-section',
    name: 'empty-body',
    description: 'A section’s text deleted (the heading left)',
    mutants: ({ letter }) =>
      letter.sections
        .filter((s) => s.kind !== ITEMS_SECTION.current && s.kind !== ITEMS_SECTION['2013'])
        .map((s) => replace(letter.text, s.bodySpan, '\n\n', `empty "${s.name}"`, { places: [s.headingSpan] })),
  },
  {
    rule: 'empty-section',
    name: 'opening-only',
    description: 'The case summary cut to its standard opening sentence',
    mutants: ({ letter }) =>
      letter.sections
        .filter((s) => s.kind === 'caseSummary')
        .map((s) => replace(letter.text, s.bodySpan, `\n${CASE_SUMMARY_INTRO}\n\n`, `cut "${s.name}" to its opening`, { places: [s.headingSpan] })),
  },
  {
    rule: 'no-disputed-items',
    name: 'opening-only',
    description: 'The issues section cut to its opening sentence (every item deleted)',
    mutants: ({ letter }) => {
      const s = itemsSection(letter);
      return s ? [replace(letter.text, s.bodySpan, `\n${ISSUES_INTRO}\n\n`, `delete every item`, { places: [s.headingSpan] })] : [];
    },
  },
  {
    rule: 'no-disputed-items',
    name: 'empty-body',
    description: 'The issues section’s text deleted',
    mutants: ({ letter }) => {
      const s = itemsSection(letter);
      return s ? [replace(letter.text, s.bodySpan, '\n\n', `empty the issues section`, { places: [s.headingSpan] })] : [];
    },
  },
];

const DECISION_WORDS: { name: string; description: string; words: Record<'Upheld' | 'Overturned', string[]> }[] = [
  { name: 'misspell-decision', description: 'A typo in the decision ("Uphed", "Uphled", "Overtuned")', words: { Upheld: ['Uphed', 'Uphled', 'Upheldd'], Overturned: ['Overtuned', 'Overturend', 'Overtruned'] } },
  { name: 'wrong-form', description: 'The decision in another form ("Uphold", "Overturn")', words: { Upheld: ['Uphold', 'Upholds'], Overturned: ['Overturn', 'Overturns'] } },
  { name: 'lower-case', description: 'The decision in another case ("upheld", "OVERTURNED")', words: { Upheld: ['upheld', 'UPHELD'], Overturned: ['overturned', 'OVERTURNED'] } },
  { name: 'other-word', description: 'Another word for the decision ("Denied", "Not certified", "Approved")', words: { Upheld: ['Denied', 'Not certified', 'Non-certified'], Overturned: ['Approved', 'Certified', 'Reversed'] } },
];

const ITEMS: MutationClass[] = [
  {
    rule: 'missing-decision',
    name: 'drop-decision-word',
    description: 'The decision word deleted, the colon left ("MRI of the knee:")',
    mutants: ({ letter }) =>
      decided(letter).map(({ item, index, decision }) =>
        replace(letter.text, decision.span, '', `delete "${decision.text}"`, { places: [item.titleSpan, decision.span], item: index }),
      ),
  },
  {
    rule: 'missing-decision',
    name: 'drop-decision',
    description: 'The colon and decision deleted ("MRI of the knee")',
    mutants: ({ letter }) =>
      decided(letter).map(({ item, index, decision }) => {
        const colon = letter.text.lastIndexOf(':', decision.span.start);
        const start = colon >= item.titleSpan.start ? colon : decision.span.start;
        // Without ": Upheld" the title reads as text before the fields: the finding may stand on the first field label.
        const head = { start: item.titleSpan.start, end: item.fields[0]?.labelSpan.end ?? decision.span.end };
        return replace(letter.text, { start, end: decision.span.end }, '', `delete ": ${decision.text}"`, { places: [head], item: index });
      }),
  },
  ...DECISION_WORDS.map<MutationClass>((w) => ({
    rule: 'invalid-decision',
    name: w.name,
    description: w.description,
    mutants: ({ letter }) =>
      decided(letter).map(({ index, decision }) => {
        const word = pick(w.words[decision.value!], letter, index);
        return replace(letter.text, decision.span, word, `"${decision.text}" → "${word}"`, { item: index });
      }),
  })),
  {
    rule: 'letter-cut-off',
    name: 'cut-after-label',
    description: 'The letter cut off right after a field label of its last item',
    mutants: ({ letter }) =>
      disputedItems(letter)
        .slice(-1)
        .flatMap(({ item, index }) =>
          item.fields.map((f) => replace(letter.text, { start: f.labelSpan.end, end: letter.text.length }, '\n', `cut after "${f.label}"`, { accept: cutOff, item: index })),
        ),
  },
  {
    rule: 'letter-cut-off',
    name: 'cut-mid-word',
    description: 'The letter cut off inside a word of the first sentence of its last rationale (a few words in)',
    mutants: ({ letter }) =>
      rationales(letter)
        .slice(-1)
        .flatMap(({ field, index }) => {
          const text = letter.text;
          // Inside the first sentence: a cut after a sentence that concludes is not told from a finished rationale.
          const firstEnd = text.slice(field.bodySpan.start, field.bodySpan.end).search(/[.!?](\s|$)/);
          const limit = firstEnd > 8 ? field.bodySpan.start + firstEnd - 2 : field.bodySpan.end - 1;
          let at = Math.min(field.bodySpan.start + 30, limit);
          while (at < field.bodySpan.end && !(/[A-Za-z]/.test(text[at - 1]) && /[A-Za-z]/.test(text[at]))) at++;
          return at < field.bodySpan.end ? [replace(text, { start: at, end: text.length }, '\n', 'cut inside a word of the last rationale', { accept: cutOff, item: index })] : [];
        }),
  },
  {
    rule: 'letter-cut-off',
    name: 'cut-in-decision',
    description: 'The letter cut off inside the decision word of its last item ("Pre-operative EKG: Over")',
    mutants: ({ letter }) => {
      const items = decided(letter);
      const last = items[items.length - 1];
      // Only a decision on its title's line (a cut one alone on a line is not told from text), after another item.
      if (!last || items.length < 2 || letter.lines.positionAt(last.decision.span.start).line !== letter.lines.positionAt(last.item.titleSpan.start).line) return [];
      return [replace(letter.text, { start: last.decision.span.start + 4, end: letter.text.length }, '\n', `cut inside "${last.decision.text}"`, { accept: cutOff, item: last.index })];
    },
  },
  {
    rule: 'decision-rationale-conflict',
    name: 'flip-decision',
    every: true, // reported per item
    description: 'The decision flipped (Upheld ↔ Overturned), the rationale unchanged',
    mutants: ({ letter }) =>
      decided(letter).map(({ index, decision }) =>
        replace(letter.text, decision.span, OTHER_DECISION[decision.value!], `"${decision.text}" → "${OTHER_DECISION[decision.value!]}"`, { item: index }),
      ),
  },
  {
    rule: 'decision-rationale-conflict',
    name: 'negate-conclusion',
    description: 'The rationale’s last "(not) medically necessary" negated ("is not" ↔ "is"), the decision unchanged',
    mutants: ({ letter }) =>
      rationales(letter).flatMap(({ item, index, field }) => {
        if (!item.decision?.valid) return [];
        const t = field.body.text;
        const at = t.lastIndexOf('medically necessary');
        if (at < 0) return [];
        const before = t.slice(Math.max(0, at - 40), at);
        // Only the plain forms, where adding or removing one "not" surely reverses the meaning.
        const negated = /\b(?:is|are|was|were|be|considered|deemed) not\s$/.exec(before);
        // Adding "not" where the clause already holds a negation makes a double negation, which no
        // reader can call surely reversed ("is determined to not be not medically necessary").
        const plain = /\b(?:is|are|was|were|be|considered|deemed)\s$/.exec(before) && !/\b(?:not|never|cannot|no)\b|n['’]t\b/i.test(before);
        if (!negated && !plain) return [];
        const span = negated ? flatSpan(field.body, at - 4, at) : flatSpan(field.body, at, at);
        return [replace(letter.text, span, negated ? '' : 'not ', negated ? 'delete "not" before "medically necessary"' : 'insert "not" before "medically necessary"', {
          item: index,
          places: [item.decision.span, flatSpan(field.body, at, at + 'medically necessary'.length)],
        })];
      }),
  },
  {
    rule: 'missing-item-field',
    name: 'drop-label',
    description: 'A field label deleted (its text left)',
    mutants: ({ letter }) =>
      disputedItems(letter).flatMap(({ item, index }) =>
        item.fields.map((f) => replace(letter.text, f.labelSpan, '', `delete "${f.label}"`, { places: [item.titleSpan, f.labelSpan], item: index })),
      ),
  },
  {
    rule: 'missing-item-field',
    name: 'misspell-label',
    description: 'A letter dropped from a field label ("Decison rationale:")',
    mutants: ({ letter }) =>
      disputedItems(letter).flatMap(({ item, index }) =>
        item.fields.map((f) => {
          const words = f.label.split(' ');
          words[words.length - 1] = dropLetter(words[words.length - 1].replace(/:$/, '')) + ':';
          return replace(letter.text, f.labelSpan, words.join(' '), `"${f.label}" → "${words.join(' ')}"`, { item: index });
        }),
      ),
  },
  {
    rule: 'missing-item-field',
    name: 'title-case-label',
    description: 'A field label in title case ("Maximus Guideline:")',
    mutants: ({ letter }) =>
      disputedItems(letter).flatMap(({ item, index }) =>
        item.fields
          .filter((f) => TITLE_CASE(f.label) !== f.label)
          .map((f) => replace(letter.text, f.labelSpan, TITLE_CASE(f.label), `"${f.label}" → "${TITLE_CASE(f.label)}"`, { item: index })),
      ),
  },
  {
    rule: 'missing-item-field',
    name: 'swap-fields',
    description: 'Two adjacent fields of an item swapped',
    mutants: ({ letter }) =>
      disputedItems(letter).flatMap(({ item, index }) =>
        item.fields.slice(1).map((b, i) => swap(letter.text, item.fields[i].span, b.span, `swap "${item.fields[i].label}" and "${b.label}"`, { item: index })),
      ),
  },
];

/** The credentials in the first section: the two labelled lines, or the sentence, as letter spans. */
function credentials(letter: Letter): { heading: Span; lines?: { licensure: Span; specialty: Span; specialtyValue: Span }; sentence?: Span } | undefined {
  if (letter.format !== 'current') return undefined;
  const s = letter.sections.find((x) => x.kind === CREDENTIALS_SECTION.current);
  if (!s) return undefined;
  const body = flatten(letter.text, s.bodySpan);
  const sentence = CREDENTIAL_PATTERNS.sentence.exec(body.text);
  if (sentence) {
    let from = sentence.index;
    if (body.text.slice(Math.max(0, from - 4), from) === 'The ') from -= 4;
    let to = sentence.index + sentence[0].length;
    if (body.text[to] === '.') to++;
    return { heading: s.headingSpan, sentence: flatSpan(body, from, to) };
  }
  const lic = CREDENTIAL_PATTERNS.licensure.exec(body.text);
  const spec = CREDENTIAL_PATTERNS.specialty.exec(body.text);
  if (!lic || !spec || spec.index < lic.index) return undefined;
  const specEnd = spec.index + spec[0].length;
  return {
    heading: s.headingSpan,
    lines: {
      licensure: wholeLines(letter, flatSpan(body, lic.index, lic.index + lic[0].length)),
      specialty: flatSpan(body, spec.index, specEnd),
      specialtyValue: flatSpan(body, Math.min(specEnd + 1, body.text.length), body.text.length),
    },
  };
}

const HEADER: MutationClass[] = [
  {
    rule: 'missing-credentials',
    name: 'drop-credentials',
    description: 'The reviewer’s credentials deleted (both lines, or the sentence)',
    mutants: ({ letter }) => {
      const c = credentials(letter);
      if (!c) return [];
      const span = c.sentence ?? { start: c.lines!.licensure.start, end: wholeLines(letter, c.lines!.specialtyValue).end };
      return [replace(letter.text, span, '', 'delete the credentials', { places: [c.heading, span] })];
    },
  },
  {
    rule: 'missing-credentials',
    name: 'drop-licensure',
    description: 'The licensure deleted ("State(s) of Licensure:" line, or "and is licensed to practice in …")',
    mutants: ({ letter }) => {
      const c = credentials(letter);
      if (!c) return [];
      if (c.lines) return [replace(letter.text, c.lines.licensure, '', 'delete the licensure line', { places: [c.heading, c.lines.licensure] })];
      const text = letter.text.slice(c.sentence!.start, c.sentence!.end);
      const m = /\s+and\s+is\s+licensed\s+to\s+practice\s+in\s+[^.]*/.exec(text);
      if (!m) return [];
      const span = { start: c.sentence!.start + m.index, end: c.sentence!.start + m.index + m[0].length };
      return [replace(letter.text, span, '', 'delete "and is licensed to practice in …"', { places: [c.heading, span] })];
    },
  },
  {
    rule: 'missing-credentials',
    name: 'empty-specialty',
    description: 'The specialty left blank ("Certification(s)/Specialty:" with no value)',
    mutants: ({ letter }) => {
      const c = credentials(letter);
      if (!c?.lines || c.lines.specialtyValue.end <= c.lines.specialtyValue.start) return [];
      return [replace(letter.text, c.lines.specialtyValue, '', 'delete the specialty', { places: [c.heading, c.lines.specialty] })];
    },
  },
  {
    rule: 'date-order',
    name: 'swap-dates',
    description: 'Two header dates swapped (their values differ)',
    mutants: ({ letter }) => {
      const dated = HEADER_DATE_ORDER.map((k) => letter.header.find((h) => h.key === k && h.date && h.valueSpan)).filter((h) => !!h);
      return dated.slice(1).flatMap((b, i) => {
        const a = dated[i];
        if (a.value === b.value) return [];
        return [mutate(letter.text, [{ span: a.valueSpan!, newText: b.value }, { span: b.valueSpan!, newText: a.value }], `swap ${a.label} and ${b.label}`)];
      });
    },
  },
  {
    rule: 'date-order',
    name: 'future-year',
    description: 'A header date’s year typed in the future ("2061" for "2016")',
    mutants: ({ letter, today }) =>
      letter.header
        .filter((h) => h.date && h.valueSpan)
        .map((h) => {
          const y = String(h.date!.year);
          const flipped = Number(y.slice(0, 2) + y[3] + y[2]);
          const year = flipped > today.getFullYear() ? flipped : today.getFullYear() + 1;
          return replace(letter.text, h.valueSpan!, h.value.replace(/\d{4}$/, String(year)), `${h.label} year → ${year}`);
        }),
  },
  {
    rule: 'date-order',
    name: 'impossible-date',
    description: 'A header date that is not a calendar date ("13/45/2016", "02/30/2016", "00/12/2016")',
    mutants: ({ letter }) =>
      letter.header
        .filter((h) => h.date && h.valueSpan)
        .map((h, i) => {
          const value = `${pick(['13/45', '02/30', '00/12', '04/31'], letter, i)}/${h.date!.year}`;
          return replace(letter.text, h.valueSpan!, value, `${h.label} → ${value}`);
        }),
  },
  {
    rule: 'header-field',
    name: 'case-number-digit',
    description: 'A digit dropped from, or doubled in, the case number ("CM16-021303", "CM16-02130377")',
    mutants: ({ letter }) =>
      letter.header
        .filter((h) => h.key === 'caseNumber' && h.valueSpan && h.value.length > 5)
        .map((h) => {
          const value = pick([h.value.slice(0, -1), h.value + h.value.slice(-1)], letter);
          return replace(letter.text, h.valueSpan!, value, `case number → ${value}`);
        }),
  },
  {
    rule: 'header-field',
    name: 'date-year-first',
    description: 'A header date written year first or with a two-digit year ("2016-11-01", "11/01/16")',
    mutants: ({ letter }) =>
      letter.header
        .filter((h) => h.date && h.valueSpan)
        .map((h, i) => {
          const d = h.date!;
          const mm = String(d.month).padStart(2, '0');
          const dd = String(d.day).padStart(2, '0');
          const value = pick([`${d.year}-${mm}-${dd}`, `${mm}/${dd}/${String(d.year).slice(2)}`], letter, i);
          return replace(letter.text, h.valueSpan!, value, `${h.label} → ${value}`);
        }),
  },
  {
    rule: 'header-field',
    name: 'priority-misspelled',
    description: 'The priority misspelled or in lower case ("Standrad", "standard")',
    mutants: ({ letter }) =>
      letter.header
        .filter((h) => h.key === 'priority' && h.valueSpan && h.value.length > 3)
        .map((h) => {
          const value = pick([h.value.toLowerCase(), h.value.slice(0, -2) + h.value.slice(-1) + h.value.slice(-2, -1)], letter);
          return replace(letter.text, h.valueSpan!, value, `priority → ${value}`);
        }),
  },
  {
    rule: 'header-field',
    name: 'drop-header-value',
    description: 'A header value deleted, its label left ("Decision Date:" with nothing after it)',
    mutants: ({ letter }) =>
      letter.header
        .filter((h) => h.valueSpan && (h.key === 'decisionDate' || h.key === 'caseNumber'))
        .map((h) => replace(letter.text, h.valueSpan!, '', `delete the ${h.label} value`, { places: [h.labelSpan] })),
  },
];

/** Text injected into each item's rationale: the first match of `at` replaced, or `text` inserted at the start. */
function injectIntoRationales(letter: Letter, text: string, what: string, at?: RegExp): Mutant[] {
  return rationales(letter).flatMap(({ field, index }) => {
    if (!at) return [insert(letter.text, bodyStart(field), text, what, { item: index })];
    const span = inBody(field, at);
    return span ? [replace(letter.text, span, text, what, { item: index })] : [];
  });
}

const TEXT: MutationClass[] = [
  {
    rule: 'encoding-artifact',
    name: 'mojibake-apostrophe',
    description: 'An apostrophe pasted as "â€™"',
    mutants: ({ letter }) => injectIntoRationales(letter, 'â€™', 'apostrophe → "â€™"', /['’]/),
  },
  {
    rule: 'encoding-artifact',
    name: 'mojibake-accent',
    description: 'An accented letter or sign pasted as two characters ("rÃ©sumÃ©", "90Â°", "EspaÃ±ol")',
    mutants: ({ letter }) =>
      injectIntoRationales(letter, pick(['The rÃ©sumÃ© of the case was reviewed. ', 'Flexion was 90Â° on exam. ', 'An interpreter (EspaÃ±ol) was present. '], letter), 'insert a mojibake word'),
  },
  {
    rule: 'encoding-artifact',
    name: 'mojibake-dash',
    description: 'A dash or quote pasted as "â€“", "â€”" or "â€œ"',
    mutants: ({ letter }) => {
      const form = pick([' â€“ ', ' â€” ', ' â€œ'], letter);
      return injectIntoRationales(letter, form, `space → "${form}"`, / (?=[a-z])/);
    },
  },
  {
    rule: 'encoding-artifact',
    name: 'replacement-character',
    description: 'A character lost in conversion (U+FFFD)',
    mutants: ({ letter }) => injectIntoRationales(letter, '\uFFFD', 'apostrophe → U+FFFD', /['’]|(?<=[a-z])s\b/),
  },
  {
    rule: 'encoding-artifact',
    name: 'control-character',
    description: 'A stray control character (U+0007)',
    mutants: ({ letter }) => injectIntoRationales(letter, '\u0007', 'insert U+0007'),
  },
  ...(
    [
      ['ssn', ['The injured worker’s SSN is 523-45-6789. ', 'SSN: 523456789. ', 'Social Security Number 523-45-6789 was on file. ']],
      ['phone', ['The treating provider can be reached at (415) 555-0134. ', 'Call 415-555-0134 for records. ', 'The office phone is 415.555.0134. ']],
      ['email', ['Records were sent to jane.doe@example.com. ', 'Contact: J.SMITH@CLINIC.ORG. ']],
      ['name', ['Mr. Johnson reported ongoing pain. ', 'Mrs. Garcia was seen on follow-up. ', 'Ms. Nguyen Tran returned to clinic. ']],
      ['claim-number', ['Claim number: ADJ9876543. ', 'Claim #05-123456 was reviewed. ', 'Claim No. 2016-04417 is open. ']],
      ['birth-date', ['DOB 03/14/1973. ', 'The records list a date of birth of 7/2/1961. ', 'Date of Birth: March 14, 1973. ']],
    ] as const
  ).map<MutationClass>(([kind, sentences]) => ({
    rule: 'possible-phi',
    name: kind,
    description: `A sentence with ${kind === 'name' ? 'a name after "Mr."' : kind === 'email' ? 'an e-mail address' : `a ${kind.replace('-', ' ')}`} added to a rationale`,
    mutants: ({ letter }) => injectIntoRationales(letter, pick(sentences, letter), `insert ${kind}`),
  })),
  {
    rule: 'evidence-sequence',
    name: 'odg-without-mtus',
    description: 'The MAXIMUS guideline field cites only ODG, and the letter never says the MTUS does not address the request',
    mutants: ({ letter }) =>
      rationales(letter).flatMap(({ item, index, field }) => {
        const maximus = item.fields.find((f) => f.kind === 'maximusGuideline' && f.body.text.length > 0);
        // Only where the rationale says nothing of the MTUS being silent (otherwise the letter is right).
        if (!maximus || /silent|not\s+(?:specifically\s+)?(?:address|addressed|cover|covered|discuss)|outside|alternat/i.test(field.body.text)) return [];
        const odg = 'Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Treatment Index.';
        return [replace(letter.text, maximus.bodySpan, odg, 'MAXIMUS guideline → ODG only', { item: index })];
      }),
  },
  {
    rule: 'placeholder-left',
    name: 'skeleton-placeholder',
    description: 'A skeleton placeholder ("[CITATION]", "[RATIONALE]", "[MM/DD/YYYY]") left in a rationale',
    mutants: ({ letter }) => injectIntoRationales(letter, pick(['[RATIONALE] ', 'Seen on [MM/DD/YYYY]. ', 'Per [CITATION], '], letter), 'insert a skeleton placeholder'),
  },
];

const CITATIONS: MutationClass[] = [
  {
    rule: 'unknown-guideline',
    name: 'label-that-does-not-exist',
    description: 'An MTUS label replaced by one that does not exist ("Cervical Spine Complaints", "Hip and Pelvis Complaints")',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).map(({ c, item }, i) => {
        const label = pick(['Cervical Spine Complaints', 'Hip and Pelvis Complaints', 'Chronic Pain Guidelines'], ctx.letter, i);
        return replace(ctx.letter.text, c.label.span, label, `"${c.label.text}" → "${label}"`, { item });
      }),
  },
  {
    rule: 'unknown-guideline',
    name: 'misspell-label',
    description: 'A letter dropped from an MTUS label ("Low Back Complants")',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).flatMap(({ c, item }) => {
        const words = c.label.text.split(' ');
        const i = words.reduce((best, w, j) => (w.length > words[best].length ? j : best), 0);
        words[i] = dropLetter(words[i]);
        const label = words.join(' ');
        return resolveLabel(ctx.catalog, label).knownLabel ? [] : [replace(ctx.letter.text, c.label.span, label, `"${c.label.text}" → "${label}"`, { item })];
      }),
  },
  {
    rule: 'unknown-guideline-section',
    name: 'misspell-section',
    description: 'A letter dropped from a section name ("Diagnostc Criteria")',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).flatMap(({ c, item }) => {
        const g = c.resolution!.guideline!;
        if (!hasSectionList(g)) return [];
        return c.sections.flatMap((s) => {
          if (!findSection(g, s.text)) return []; // only mutate names the catalog knows
          const name = dropLetter(s.text);
          return name === s.text || findSection(g, name) || sectionMatchesPattern(g, name) ? [] : [replace(ctx.letter.text, s.span, name, `"${s.text}" → "${name}"`, { item })];
        });
      }),
  },
  {
    rule: 'unknown-guideline-section',
    name: 'section-of-another-guideline',
    description: 'A section name replaced by a topic of another guideline',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).flatMap(({ c, item }) => {
        const g = c.resolution!.guideline!;
        const name = hasSectionList(g) ? foreignSection(ctx.catalog, g) : undefined;
        if (!name) return [];
        return c.sections.filter((s) => findSection(g, s.text)).map((s) => replace(ctx.letter.text, s.span, name, `"${s.text}" → "${name}"`, { item }));
      }),
  },
  {
    rule: 'guideline-year-mismatch',
    name: 'wrong-year',
    description: 'A guideline year changed to one the label was never published with',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).flatMap(({ c, item }) => {
        if (!c.year || !c.resolution?.yearValid) return [];
        const y = wrongYear(ctx.catalog, c.label.text, c.year.value);
        return y ? [replace(ctx.letter.text, c.year.span, String(y), `${c.year.value} → ${y}`, { item, places: [{ start: c.label.span.start, end: c.year.span.end }] })] : [];
      }),
  },
  {
    rule: 'guideline-year-mismatch',
    name: 'drop-year',
    description: 'A guideline year deleted (for a label that needs one)',
    mutants: (ctx) =>
      mtusWithGuideline(ctx).flatMap(({ c, item }) => {
        if (!c.year || !c.resolution?.yearValid || resolveLabel(ctx.catalog, c.label.text).yearValid) return [];
        return [replace(ctx.letter.text, { start: c.label.span.end, end: c.year.span.end }, '', `delete ${c.year.value}`, { item, places: [c.label.span] })];
      }),
  },
  {
    rule: 'chapter-title-mismatch',
    name: 'wrong-chapter-number',
    description: 'An ACOEM chapter number changed to another chapter’s',
    mutants: (ctx) =>
      citations(ctx).flatMap(({ c, item }) => {
        if (c.kind !== 'mtus-chapter' || !c.chapterNumber || !c.chapterTitle) return [];
        const n = (c.chapterNumber.value % 16) + 1;
        return chapterByNumber(ctx.catalog, n) ? [replace(ctx.letter.text, c.chapterNumber.span, String(n), `Chapter ${c.chapterNumber.value} → ${n}`, { item })] : [];
      }),
  },
  {
    rule: 'chapter-title-mismatch',
    name: 'wrong-chapter-title',
    description: 'An ACOEM chapter title changed to another chapter’s',
    mutants: (ctx) =>
      citations(ctx).flatMap(({ c, item }) => {
        if (c.kind !== 'mtus-chapter' || !c.chapterNumber || !c.chapterTitle) return [];
        const other = chapterByNumber(ctx.catalog, (c.chapterNumber.value % 16) + 1);
        return other ? [replace(ctx.letter.text, c.chapterTitle.span, other.title, `title → "${other.title}"`, { item })] : [];
      }),
  },
  {
    rule: 'page-out-of-range',
    name: 'page-outside',
    description: 'A cited page moved 200 pages, outside the cited chapter or guideline',
    mutants: (ctx) =>
      citations(ctx).flatMap(({ c, item }) =>
        c.pages.map((p) => replace(ctx.letter.text, p.firstPart.span, String(p.firstPart.value + 200), `page ${p.firstPart.value} → ${p.firstPart.value + 200}`, { item })),
      ),
  },
  {
    rule: 'mtus-misclassified',
    name: 'odg-as-mtus',
    description: 'An ODG citation written as "Decision based on MTUS"',
    mutants: (ctx) =>
      citations(ctx).flatMap(({ c, item }) =>
        c.kind === 'non-mtus' && c.prefix && c.sources.some((s) => /\bODG\b|Official Disability/i.test(s.source.name))
          ? [replace(ctx.letter.text, c.prefix.span, 'Decision based on MTUS', 'Non-MTUS Citation → MTUS', { item, places: [c.span] })]
          : [],
      ),
  },
  {
    rule: 'guideline-era',
    name: 'cite-later-version',
    description: 'An MTUS label and year replaced by the version that succeeded it, before that version entered the MTUS ("Low Back Complaints 2004" → "Low Back Disorders 2016" in a 2017 letter)',
    mutants: (ctx) => eraSwaps(ctx, (era) => era.until?.replacedBy, (v) => v.status === 'not-yet'),
  },
  {
    rule: 'guideline-era',
    name: 'cite-replaced-version',
    description: 'An MTUS label and year replaced by the version it had replaced, well after the change ("Chronic Pain Medical Treatment 2016" → "… 2009" for a request made in 2017)',
    mutants: (ctx) =>
      eraSwaps(
        ctx,
        (era) => {
          const before = ctx.catalog.eras.find((e) => e.until?.replacedBy === `${era.label} ${era.year}`);
          return before ? `${before.label} ${before.year}` : undefined;
        },
        (v) => v.status === 'replaced' && !v.withinGrace,
      ),
  },
];

/** Citations whose label + year, swapped for another version (`other`), was not in the MTUS on the field's date (`wrong`). */
function eraSwaps(ctx: MutationContext, other: (era: EraEntry) => string | undefined, wrong: (v: ReturnType<typeof eraStatus>) => boolean): Mutant[] {
  const dateOf = (key: string) => ctx.letter.header.find((h) => h.key === key && h.date)?.date;
  return allCitations(ctx.letter, ctx.catalog).flatMap(({ citation: c, field }) => {
    const date = dateOf(field.field.kind === 'maximusGuideline' ? 'decisionDate' : 'urDenialDate');
    const cited = citedVersion(ctx.catalog, c);
    const next = cited && other(cited.era);
    const m = next ? /^(.*) (\d{4})$/.exec(next) : null;
    if (c.kind !== 'mtus' || !c.label || !c.year || !date || !m) return [];
    const g = resolveLabel(ctx.catalog, m[1], Number(m[2])).guideline;
    const era = g && eraOf(ctx.catalog, g, Number(m[2]));
    if (!era || !wrong(eraStatus(era, date, dateOf('urDenialDate')))) return [];
    return [replace(ctx.letter.text, { start: c.label.span.start, end: c.year.span.end }, next!, `${c.label.text.replace(/\s+/g, ' ')} ${c.year.value} → ${next}`, { item: field.itemIndex })];
  });
}

/** Every mutation class, by rule. A rule registered in RULES without a class here fails the corpus test. */
export const MUTATION_CLASSES: MutationClass[] = [...STRUCTURE, ...ITEMS, ...HEADER, ...TEXT, ...CITATIONS];

export function registerMutationClass(...classes: MutationClass[]): void {
  for (const c of classes) {
    if (MUTATION_CLASSES.some((x) => x.rule === c.rule && x.name === c.name)) throw new Error(`mutation class ${c.rule}/${c.name} is registered twice`);
    MUTATION_CLASSES.push(c);
  }
}
