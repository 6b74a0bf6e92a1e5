/**
 * The paraphrase set of the conclusion reader, generated (never written by hand): for each
 * published item, the deciding sentence of its rationale (the last sentence about medical
 * necessity) is rewritten
 *  - in ways that keep its meaning: templates over the item's own subject (negation forms,
 *    hedged verbs, word order, passive voice, hyphenated and run-together forms, a negated clause
 *    joined to a positive one) and transformations of the sentence itself;
 *  - in ways that flip it: the same templates with the other conclusion, and the sentence negated;
 *  - in ways that make it a hedge or a condition ("may be", "would be ... if"): a sure reader
 *    should answer unsure there (reported apart, never counted as right or wrong).
 * The truth is the item's published decision (Upheld = not necessary, Overturned = necessary).
 */
import { sentenceRanges } from '../../server/src/core/conclusion';

export type Truth = 'necessary' | 'not-necessary';
export interface Paraphrase {
  /** 'keep': same conclusion; 'flip': the other conclusion; 'hedge': no sure conclusion. */
  kind: 'keep' | 'flip' | 'hedge';
  /** Name of the template or transformation. */
  how: string;
  sentence: string;
  expected: Truth | 'unsure';
}

const other = (t: Truth): Truth => (t === 'necessary' ? 'not-necessary' : 'necessary');

/** Templates per conclusion; {S} is the subject at the start of a sentence, {s} inside one. */
const TEMPLATES: Record<Truth, [string, string][]> = {
  'not-necessary': [
    ['plain', 'Therefore, {s} is not medically necessary.'],
    ['no-connective', '{S} is not medically necessary.'],
    ['hyphen-not', '{S} is not-medically necessary.'],
    ['hyphen-non', '{S} is non-medically necessary.'],
    ['run-together', 'Therefore, {s} is notmedically necessary.'],
    ['not-supported-as-being', '{S} is not supported by the guidelines as being medically necessary.'],
    ['not-indicated-as', '{S} is not indicated as medically necessary.'],
    ['failed-to-justify', 'The documentation failed to justify the medical necessity of {s}.'],
    ['necessity-not-established', 'Medical necessity of {s} has not been established.'],
    ['cannot-be-deemed', '{S} cannot be deemed medically necessary.'],
    ['does-not-appear', '{S} does not appear to be medically necessary at this time.'],
    ['determined-that', 'It is determined that {s} is not medically necessary.'],
    ['no-evidence-that', 'There is no evidence that {s} is medically necessary.'],
    ['although-positive-context', 'Although the injured worker continues to report pain, {s} is not medically necessary.'],
    ['two-negated-predicates', '{S} is not supported by the guidelines and is not medically necessary.'],
    ['records-do-not-establish', 'The submitted records do not establish the medical necessity of {s}.'],
    ['unnecessary', '{S} is medically unnecessary.'],
    ['to-not-be', '{S} is determined to not be medically necessary.'],
    ['considered-not', '{S} is considered not medically necessary.'],
    ['passive-not-shown', '{S} has not been shown to be medically necessary.'],
    ['not-seen-as', '{S} is not seen as medically necessary.'],
    ['necessity-is-not-established', 'The medical necessity of {s} is not established.'],
    ['contraction', "{S} isn't medically necessary."],
    ['or-appropriate', 'As such, {s} is not medically necessary or appropriate.'],
    ['while-positive-clause', 'While the prior course of treatment was medically necessary, {s} is not medically necessary.'],
    ['passive-by-reviewer', '{S} was not found to be medically necessary by this reviewer.'],
    ['lack-of', 'There is a lack of medical necessity for {s}.'],
    ['negated-clause-and', 'The injured worker has not improved, and {s} is not medically necessary.'],
    ['post-reason', '{S} is not medically necessary, as the guidelines do not recommend it.'],
    ['necessity-not-supported', 'Medical necessity for {s} is not supported by the records.'],
  ],
  necessary: [
    ['plain', 'Therefore, {s} is medically necessary.'],
    ['no-connective', '{S} is medically necessary.'],
    ['hyphen', '{S} is medically-necessary.'],
    ['and-appropriate', '{S} is medically necessary and appropriate.'],
    ['deemed', '{S} is deemed medically necessary.'],
    ['necessity-established', 'Medical necessity of {s} has been established.'],
    ['records-establish', 'The records establish the medical necessity of {s}.'],
    ['considered-at-this-time', '{S} is considered medically necessary at this time.'],
    ['determined-that', 'It is determined that {s} is medically necessary.'],
    ['although-negative-clause', 'Although the prior request was not medically necessary, {s} is medically necessary.'],
    ['not-only', '{S} is not only supported by the guidelines but also medically necessary.'],
    ['since-negative-clause', 'Since the injured worker has not responded to conservative care, {s} is medically necessary.'],
    ['negative-then-therefore', 'The injured worker has not improved with conservative care; therefore, {s} is medically necessary.'],
    ['parenthetical-therefore', '{S} is, therefore, medically necessary.'],
    ['passive-shown', '{S} has been shown to be medically necessary.'],
    ['necessity-supported', 'Medical necessity for {s} is supported by the records.'],
    ['necessity-is-established', 'The medical necessity of {s} is established.'],
    ['finds-to-be', 'The reviewer finds {s} to be medically necessary.'],
    ['remains', '{S} remains medically necessary.'],
    ['which-is', 'There is no reason to deny {s}, which is medically necessary.'],
    ['colon', 'No further documentation is needed: {s} is medically necessary.'],
    ['semicolon-negative-after', '{S} is medically necessary; no further imaging is required first.'],
    ['deem-to-be', 'I deem {s} to be medically necessary.'],
    ['would-thus', '{S} would thus be medically necessary and approved.'],
    ['based-on', 'Based on the records, {s} is medically necessary.'],
    ['found-to-be', '{S} is found to be medically necessary.'],
    ['coordinated', 'The guidelines support {s}, and it is medically necessary.'],
    ['now', '{S} is now medically necessary.'],
    ['established-for', 'Medical necessity has been established for {s}.'],
    ['not-to-exceed-after', '{S} is medically necessary, not to exceed the guideline maximum.'],
  ],
};

const HEDGES: [string, string][] = [
  ['may', '{S} may be medically necessary.'],
  ['would-if', '{S} would be medically necessary if red flags were documented.'],
  ['could-possibly', '{S} could possibly be medically necessary.'],
  ['unclear-whether', 'It is unclear whether {s} is medically necessary.'],
  ['not-necessarily', '{S} is not necessarily medically necessary.'],
  ['might-not', '{S} might not be medically necessary.'],
  ['once', 'Once functional improvement is documented, {s} would be medically necessary.'],
  ['likely', '{S} is likely medically necessary.'],
];

const CONNECTIVE = /^(?:(?:therefore|thus|hence|as such|accordingly|consequently|likewise)\b,?\s*|(?:in summary|in conclusion|for these reasons|under these circumstances|based on [^,]{0,160}|given [^,]{0,240}|because of [^,]{0,120}|considering [^,]{0,120}),\s*)+/i;
const VERB = /\s(?:is|are|was|were|has|have|cannot|can|does|do|would|will|remains)\s/i;

/** The subject of a deciding sentence ("the request for MRI of the lumbar spine"), or undefined. */
export function subjectOf(sentence: string): string | undefined {
  const s = sentence.replace(/\s+/g, ' ').trim().replace(CONNECTIVE, '');
  const m = VERB.exec(s);
  if (!m || m.index < 3 || m.index > 240) return undefined;
  const subject = s.slice(0, m.index).replace(/^[,\s]+/, '');
  if (/medical|necess|\b(that|which|if|whether)\b|[;:]/i.test(subject) || /^(there|it|this medical)$/i.test(subject)) return undefined;
  if (/^(as|since|because|although|though|while|whereas|if|when|given|once|until|after|before)\b/i.test(subject)) return undefined;
  if (!/^[A-Za-z"“]/.test(subject)) return undefined;
  return subject;
}

const lowerFirst = (s: string) => (/^(The|This|These|That|A|An|Its)\b/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => s[0].toUpperCase() + s.slice(1);

/**
 * Negates a deciding sentence at its last statement about medical necessity: removes the negation
 * there, or adds one. Undefined when the sentence has no such statement in a known form.
 */
function negateSentence(s: string): string | undefined {
  const rules: [RegExp, (m: string) => string][] = [
    [/\bnot[- ]?medically\b/g, () => 'medically'],
    [/\bnon[- ]?medically\b/g, () => 'medically'],
    [/\b(is|are|was|were|be) not (?=(?:a )?medical)/g, (m) => m.replace(' not', '')],
    [/\bnot be (?=(?:medically|considered|deemed|seen|found))/g, () => 'be '],
    [/\b(does|do|did) not appear\b/g, (m) => (m.startsWith('do ') ? 'appear' : 'appears')],
    [/\bcannot be\b/g, () => 'can be'],
    [/\b(has|have) not been (?=established|demonstrated|shown|met|supported)/g, (m) => m.replace(' not', '')],
    [/\b(is|are|was|were) (?=(?:medically|a medical|deemed|considered|determined to be))/g, (m) => `${m}not `],
    [/\bbe (?=medically)/g, () => 'not be '],
    [/\b(has|have) been (?=established|demonstrated|shown|met|supported)/g, (m) => m.replace(' been', ' not been')],
  ];
  // The rule that applies nearest before the sentence's last statement about medical necessity
  // decides; removing a negation comes before adding one.
  const targets = [...s.matchAll(/medical(?:ly)?[\s-]*necess/gi)];
  const target = targets[targets.length - 1]?.index ?? 0;
  for (const [re, to] of rules) {
    const near = [...s.matchAll(re)].filter((m) => m.index !== undefined && m.index >= target - 60 && m.index <= target + 40);
    const m = near[near.length - 1];
    if (m && m.index !== undefined) return s.slice(0, m.index) + to(m[0]) + s.slice(m.index + m[0].length);
  }
  return undefined;
}

/** Rewrites of the sentence itself that keep its meaning. */
function keepTransforms(s: string, truth: Truth): [string, string][] {
  const out: [string, string][] = [];
  const add = (how: string, t: string | undefined) => {
    if (t && t !== s) out.push([how, t]);
  };
  add('prefix-after-review', `After careful review, ${s[0].toLowerCase()}${s.slice(1)}`);
  add('suffix-at-this-time', s.replace(/\.\s*$/, ' at this time.'));
  add('as-such', /^Therefore,?\s/.test(s) ? s.replace(/^Therefore,?\s/, 'As such, ') : `As such, ${s[0].toLowerCase()}${s.slice(1)}`);
  if (truth === 'not-necessary') {
    add('hyphenate', /\bnot medically\b/.test(s) ? s.replace(/\bnot medically\b/, 'not-medically') : undefined);
    add('run-together', /\bnot medically\b/.test(s) ? s.replace(/\bnot medically\b/, 'notmedically') : undefined);
    add('to-not-be', /\bis not medically\b/.test(s) ? s.replace(/\bis not medically\b/, 'is determined to not be medically') : undefined);
  } else {
    add('deemed', /\bis medically\b/.test(s) ? s.replace(/\bis medically\b/, 'is deemed medically') : undefined);
    add('hyphenate', /\bmedically necessary\b/.test(s) ? s.replace(/\bmedically necessary\b/, 'medically-necessary') : undefined);
  }
  return out;
}

/** All paraphrases of one deciding sentence. `fallbackSubject` is used when none can be read from it. */
export function paraphrase(sentence: string, truth: Truth, fallbackSubject: string): Paraphrase[] {
  const s = sentence.replace(/\s+/g, ' ').trim();
  const subject = subjectOf(s) ?? fallbackSubject;
  const fill = (template: string) => template.replace('{S}', upperFirst(subject)).replace('{s}', lowerFirst(subject));
  const out: Paraphrase[] = [];
  for (const [how, t] of TEMPLATES[truth]) out.push({ kind: 'keep', how, sentence: fill(t), expected: truth });
  for (const [how, t] of keepTransforms(s, truth)) out.push({ kind: 'keep', how: `sentence:${how}`, sentence: t, expected: truth });
  for (const [how, t] of TEMPLATES[other(truth)]) out.push({ kind: 'flip', how, sentence: fill(t), expected: other(truth) });
  const negated = negateSentence(s);
  if (negated) out.push({ kind: 'flip', how: 'sentence:negated', sentence: negated, expected: other(truth) });
  for (const [how, t] of HEDGES) out.push({ kind: 'hedge', how, sentence: fill(t), expected: 'unsure' });
  return out;
}

/** The deciding sentence of a rationale: its last sentence about medical necessity, as a range. */
export function decidingSentence(rationale: string): [number, number] | undefined {
  const found = sentenceRanges(rationale).filter(([a, b]) => /medical(?:ly)?[\s-]*necess/i.test(rationale.slice(a, b)));
  return found[found.length - 1];
}
