/**
 * Reads the conclusion of a decision rationale: does the reviewer conclude that the request is
 * medically necessary or not? This is a small model of the sentence, not a keyword test:
 *
 *  1. The rationale is split into sentences; the conclusion is the last sentence holding a
 *     statement about medical necessity ("medically necessary", "a medical necessity",
 *     "medical necessity has (not) been established", "medically appropriate", ...).
 *  2. For each such predicate the verb chain in front of it is read backwards ("is determined
 *     to not be", "cannot be deemed", "does not appear", "is not seen as", "would thus be") and
 *     its negators are counted (not, never, cannot, -n't, fails to, no longer). Words outside
 *     the chain (the request's own name: "Medications as needed, not to exceed ...") are never
 *     read as negators.
 *  3. The clause around the predicate is checked: a conditional clause ("if ... is medically
 *     necessary") or a hypothetical ("may be", "would be ... if") is not a conclusion; a
 *     negated matrix ("there is no evidence that the request is medically necessary", "I cannot
 *     agree that it is not medically necessary") flips the polarity (double negation); an
 *     infinitive ("deem the request ... to be medically necessary") takes the negation of its
 *     governing verb.
 *  4. Inherently negative predicates ("medically unnecessary", "unsupported", "lack of medical
 *     necessity") start negative, so "not unnecessary" reads as necessary.
 *
 * Weak predicates (supported, recommended, indicated, warranted, appropriate) are used only
 * when no statement about medical necessity exists, and only in a clause about the request.
 */
import type { FlatText, Span } from './model';
import { flatSpan } from './text';

export type Verdict = 'necessary' | 'not-necessary' | 'unclear';

export interface Conclusion {
  verdict: Verdict;
  /** 'strong': a statement about medical necessity; 'weak': supported/recommended/...; 'none': nothing recognizable. */
  strength: 'strong' | 'weak' | 'none';
  /** Why the verdict is unclear ('none' = no conclusion found, 'mixed' = both verdicts in the concluding sentence). */
  reason?: 'none' | 'mixed';
  /** The deciding phrase (verb chain + predicate), in the flat text's coordinates. */
  phrase?: string;
  /** The deciding phrase's letter span (when read from a FlatText with offsets). */
  span?: Span;
  /** The concluding sentence. */
  sentence?: string;
}

interface Token {
  /** Lower-cased word, or the punctuation character. */
  w: string;
  start: number;
  end: number;
  isWord: boolean;
}

interface Occurrence {
  polarity: 1 | -1;
  strength: 'strong' | 'weak';
  /** Token range of the deciding phrase (chain start .. predicate end). */
  from: number;
  to: number;
  /** In a subordinate clause (although/given that/since ...). */
  subordinate: boolean;
}

// ---------------------------------------------------------------------------------------------
// Word lists

/** Words that only negate. */
const NEGATORS = new Set(['not', 'never', 'cannot', 'neither', 'nor']);
/** Verbs that negate what follows ("fails to establish", "failed to demonstrate"). */
const NEGATING_VERBS = new Set(['fail', 'fails', 'failed', 'failing']);
const isNegator = (w: string) => NEGATORS.has(w) || /n['’]t$/.test(w) || NEGATING_VERBS.has(w);

/** Words that may stand between a subject and its predicate without changing what it is about. */
const CHAIN = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'to', 'has', 'have', 'had',
  'not', 'never', 'cannot', 'no', 'longer', 'also', 'thus', 'therefore', 'hence', 'then', 'so',
  'currently', 'still', 'presently', 'now', 'yet', 'only', 'fully', 'entirely', 'certainly', 'clearly',
  'necessarily', 'otherwise', 'likewise', 'again', 'equally', 'ultimately', 'consequently',
  'accordingly', 'hereby', 'really', 'however', 'indeed', 'reasonably', 'truly', 'overall', 'both',
  'deemed', 'deem', 'determined', 'considered', 'consider', 'found', 'seen', 'as', 'judged', 'felt',
  'thought', 'shown', 'proven', 'proved', 'regarded', 'viewed', 'rendered', 'established', 'demonstrated',
  'appear', 'appears', 'appeared', 'seem', 'seems', 'seemed', 'remain', 'remains', 'remained',
  'become', 'becomes', 'became', 'would', 'will', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'does', 'do', 'did', 'fail', 'fails', 'failed', 'and', 'or',
]);
/** Chain words that are conjunctions: allowed only right after a predicate-like word ("is not supported by Guidelines and is not"). */
const CONJ = new Set(['and', 'or']);

const MODAL_HYPOTHETICAL = new Set(['may', 'might']);
const MODAL_CONDITIONAL = new Set(['would', 'could', 'can', 'should']);
const CONDITION_WORDS = new Set(['if', 'unless', 'once', 'provided', 'when', 'whenever', 'should']);
const CLAUSE_CONDITIONAL = new Set(['if', 'unless', 'when', 'whenever', 'whether', 'once', 'where', 'until']);
const SUBORDINATORS = new Set(['as', 'although', 'though', 'while', 'whereas', 'given', 'since', 'because', 'even', 'considering', 'after', 'before']);

/** Adjectives that, after "medically", make a statement about medical necessity. */
const MEDICALLY_POSITIVE = new Set(['necessary', 'appropriate', 'indicated', 'reasonable', 'warranted', 'required', 'needed', 'justified', 'supported', 'recommended']);
const MEDICALLY_NEGATIVE = new Set(['unnecessary', 'inappropriate', 'unwarranted', 'unreasonable', 'unjustified', 'unsupported', 'contraindicated']);
/** Weak predicates (used only when no statement about medical necessity exists). */
const WEAK_POSITIVE = new Set(['supported', 'recommended', 'indicated', 'warranted', 'appropriate', 'approved', 'certified', 'justified', 'reasonable', 'necessary', 'needed', 'substantiated']);
const WEAK_NEGATIVE = new Set(['unsupported', 'unwarranted', 'inappropriate', 'unnecessary', 'unjustified', 'unreasonable', 'non-certified', 'noncertified', 'contraindicated']);
/** Verbs taking "medical necessity" as object: "establish medical necessity", "lacks medical necessity". */
const NECESSITY_VERBS_POSITIVE = new Set([
  'establish', 'establishes', 'established', 'establishing', 'demonstrate', 'demonstrates', 'demonstrated', 'demonstrating',
  'support', 'supports', 'supported', 'supporting', 'show', 'shows', 'showed', 'shown', 'prove', 'proves', 'proved', 'proven',
  'substantiate', 'substantiates', 'substantiated', 'confirm', 'confirms', 'confirmed', 'document', 'documents', 'documented',
  'meet', 'meets', 'met', 'satisfy', 'satisfies', 'satisfied', 'justify', 'justifies', 'justified', 'warrant', 'warrants',
  'indicate', 'indicates', 'indicated', 'reflect', 'reflects', 'has', 'have', 'had', 'there', 'is', 'of', 'with',
]);
const NECESSITY_VERBS_NEGATIVE = new Set(['lack', 'lacks', 'lacked', 'lacking', 'without', 'no', 'absence', 'absent', 'insufficient', 'unestablished']);
/** Participles after "medical necessity ... has been": "has (not) been established". */
const NECESSITY_PARTICIPLES = new Set([
  'established', 'demonstrated', 'supported', 'shown', 'met', 'substantiated', 'documented', 'proven', 'proved',
  'confirmed', 'justified', 'evident', 'clear', 'apparent', 'present', 'warranted', 'satisfied', 'indicated',
]);
const NECESSITY_FINITE = new Set(['is', 'was', 'has', 'have', 'had', 'cannot', 'can', 'could', 'would', 'will', 'does', 'did', 'remains', 'remained', 'appears', 'seems', 'are', 'were']);
/** Matrix verbs governing "<object> to be <predicate>". */
const MATRIX_VERBS = new Set([
  'deem', 'deems', 'deemed', 'find', 'finds', 'found', 'consider', 'considers', 'considered', 'determine', 'determines',
  'determined', 'judge', 'judges', 'believe', 'believes', 'feel', 'feels', 'show', 'shows', 'shown', 'establish',
  'establishes', 'demonstrate', 'demonstrates', 'prove', 'proves', 'proven', 'support', 'supports', 'render', 'renders',
]);
/** Words before "that" which negate the clause it introduces ("no evidence that", "cannot agree that"). */
const MATRIX_NEGATORS = new Set(['no', 'not', 'never', 'cannot', 'lack', 'lacks', 'absence', 'without', 'insufficient', 'disagree', 'disagrees', 'fails', 'failed', 'neither', 'nor', 'unclear', 'doubtful']);

const ABBREVIATIONS = new Set(['dr', 'mr', 'ms', 'mrs', 'vs', 'e.g', 'i.e', 'no', 'fig', 'approx', 'st', 'jr', 'sr', 'pt', 'ca', 'al', 'inc', 'co', 'ref']);

// ---------------------------------------------------------------------------------------------
// Sentences and tokens

/** Splits text into sentence ranges [start, end). */
export function sentenceRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  // (?<![.!?]): a run of punctuation is tried once, from its start (linear on long runs of '.').
  const re = /(?<![.!?])[.!?]+["”’)\]]*(?=\s+["“(]?[A-Z0-9]|\s*$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    const before = /([A-Za-z.]+)$/.exec(text.slice(Math.max(start, m.index - 6), m.index));
    if (m[0][0] === '.' && before && ABBREVIATIONS.has(before[1].toLowerCase()) && end < text.length) continue;
    if (/\d$/.test(text.slice(start, m.index)) && /^\.\d/.test(text.slice(m.index, m.index + 2))) continue;
    if (end > start) out.push([start, end]);
    start = end;
    while (start < text.length && /\s/.test(text[start])) start++;
  }
  if (start < text.length && text.slice(start).trim()) out.push([start, text.length]);
  return out;
}

function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  const re = /[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+(?:[.,/]\d+)*|[^\sA-Za-z\d]/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    const isWord = /^[A-Za-z\d]/.test(m[0]);
    tokens.push({ w: m[0].toLowerCase().replace(/’/g, "'"), start: m.index, end: m.index + m[0].length, isWord });
  }
  return tokens;
}

const isBoundary = (t: Token) => !t.isWord && /[;:()\[\]]/.test(t.w);

// ---------------------------------------------------------------------------------------------
// Reading one predicate

/** Reads the verb chain ending just before token `p`; returns its first token and negator count. */
function readChainBack(tokens: Token[], p: number): { first: number; negations: number; words: string[] } {
  let i = p - 1;
  let negations = 0;
  const words: string[] = [];
  while (i >= 0) {
    const t = tokens[i];
    if (t.w === ',') {
      // "was, thus, indicated": a comma inside the chain, only between chain words.
      if (i > 0 && CHAIN.has(tokens[i - 1].w) && !CONJ.has(tokens[i - 1].w)) {
        i--;
        continue;
      }
      break;
    }
    if (!t.isWord) break;
    if (CONJ.has(t.w)) {
      // "is not supported by Guidelines and is not medically necessary": stop at the conjunction,
      // it joins two predicates of the same subject and the chain after it is complete.
      break;
    }
    if (!(CHAIN.has(t.w) || isNegator(t.w))) break;
    if (isNegator(t.w)) negations++;
    if (t.w === 'no' && tokens[i + 1]?.w === 'longer') negations++;
    words.unshift(t.w);
    i--;
  }
  return { first: i + 1, negations, words };
}

function clauseStart(tokens: Token[], from: number): number {
  let i = from - 1;
  while (i >= 0 && tokens[i].w !== ',' && !isBoundary(tokens[i])) i--;
  return i + 1;
}

/** Negation of a matrix clause governing the predicate's clause ("no evidence that", "cannot agree that"). */
function matrixNegations(tokens: Token[], subjectFrom: number): number {
  // Find "that" between the sentence start and the subject, within the same clause chain.
  for (let i = subjectFrom - 1; i >= 0 && subjectFrom - i < 40; i--) {
    const t = tokens[i];
    if (isBoundary(t) || t.w === ',') return 0;
    if (t.w === 'that' || t.w === 'whether') {
      let n = 0;
      for (let j = i - 1; j >= 0 && i - j <= 6; j--) {
        if (!tokens[j].isWord) break;
        if (MATRIX_NEGATORS.has(tokens[j].w) || isNegator(tokens[j].w)) n++;
      }
      return n;
    }
  }
  return 0;
}

function occurrenceAt(tokens: Token[], p: number, pEnd: number, base: 1 | -1, strength: 'strong' | 'weak'): Occurrence | undefined {
  const chain = readChainBack(tokens, p);
  let negations = chain.negations;
  let from = chain.first;
  // Infinitive complement: "deem the request for X to be medically necessary".
  if (chain.words[0] === 'to') {
    const precededByFinite = from > 0 && tokens[from - 1].isWord && (CHAIN.has(tokens[from - 1].w) || isNegator(tokens[from - 1].w));
    if (!precededByFinite) {
      for (let i = from - 1; i >= 0 && from - i < 40; i--) {
        if (isBoundary(tokens[i])) break;
        if (MATRIX_VERBS.has(tokens[i].w)) {
          const m = readChainBack(tokens, i);
          negations += m.negations;
          break;
        }
      }
    }
  }
  // What follows the predicate in its clause.
  const after: string[] = [];
  for (let i = pEnd; i < tokens.length && after.length < 12; i++) {
    if (tokens[i].w === ',' || isBoundary(tokens[i]) || tokens[i].w === '.') break;
    after.push(tokens[i].w);
  }
  // Hypotheticals are not conclusions: "may be medically necessary", "would be ... if".
  if (chain.words.some((w) => MODAL_HYPOTHETICAL.has(w)) && negations === 0) return undefined;
  if (chain.words.some((w) => MODAL_CONDITIONAL.has(w)) && after.some((w) => CONDITION_WORDS.has(w))) return undefined;
  // A predicate that names a requirement rather than the request: "medically necessary when", "to determine whether".
  const cs = clauseStart(tokens, from);
  const lead = tokens[cs]?.w;
  if (lead && CLAUSE_CONDITIONAL.has(lead)) return undefined;
  if (lead === 'whether' || (from > 0 && ['whether', 'if'].includes(tokens[from - 1].w))) return undefined;
  negations += matrixNegations(tokens, from);
  // A negated subject: "Neither the MRI nor the CT is", "No further imaging is".
  if (cs < from && ['neither', 'none', 'no', 'nothing'].includes(tokens[cs].w)) negations++;
  const polarity = (negations % 2 === 0 ? base : -base) as 1 | -1;
  // Subordinate clause: starts with although/given/since/...; or follows such a word before a comma.
  const subordinate = lead !== undefined && SUBORDINATORS.has(lead);
  return { polarity, strength, from: Math.min(from, p), to: pEnd, subordinate };
}

/** Reads "medical necessity" used as a noun at token `p` ("medical necessity has not been established"). */
function nounOccurrence(tokens: Token[], p: number): Occurrence | undefined {
  const pEnd = p + 2;
  const prev = tokens[p - 1];
  // "is (not) a medical necessity": a predicate nominal.
  if (prev && prev.w === 'a') {
    const occ = occurrenceAt(tokens, p - 1, pEnd, 1, 'strong');
    return occ;
  }
  // Object: "<verb> (the|its) medical necessity".
  let v = p - 1;
  while (v >= 0 && ['the', 'its', 'their', 'any', 'for'].includes(tokens[v].w)) v--;
  const verb = tokens[v];
  if (verb && verb.isWord && (NECESSITY_VERBS_NEGATIVE.has(verb.w) || (NECESSITY_VERBS_POSITIVE.has(verb.w) && !['of', 'with', 'is', 'there'].includes(verb.w)))) {
    const base: 1 | -1 = NECESSITY_VERBS_NEGATIVE.has(verb.w) ? -1 : 1;
    if (verb.w === 'no' || verb.w === 'without' || verb.w === 'absence' || verb.w === 'lack' || verb.w === 'lacks') {
      // "there is no medical necessity", "without medical necessity": the negator is the determiner.
      const chain = readChainBack(tokens, v);
      const neg = chain.negations + matrixNegations(tokens, chain.first);
      return { polarity: (neg % 2 === 0 ? base : -base) as 1 | -1, strength: 'strong', from: Math.min(chain.first, v), to: pEnd, subordinate: false };
    }
    const chain = readChainBack(tokens, v);
    const cs = clauseStart(tokens, chain.first);
    if (CLAUSE_CONDITIONAL.has(tokens[cs]?.w)) return undefined;
    if (chain.words.some((w) => MODAL_HYPOTHETICAL.has(w))) return undefined;
    const neg = chain.negations + matrixNegations(tokens, chain.first);
    return {
      polarity: (neg % 2 === 0 ? base : -base) as 1 | -1,
      strength: 'strong',
      from: Math.min(chain.first, v),
      to: pEnd,
      subordinate: SUBORDINATORS.has(tokens[cs]?.w),
    };
  }
  // Subject: "medical necessity (of/for <request>) has not been established".
  let i = pEnd;
  let limit = 30;
  while (i < tokens.length && limit-- > 0 && !NECESSITY_FINITE.has(tokens[i].w)) {
    if (isBoundary(tokens[i]) || tokens[i].w === '.') return undefined;
    i++;
  }
  if (i >= tokens.length || !NECESSITY_FINITE.has(tokens[i].w)) return undefined;
  let negations = 0;
  let j = i;
  while (j < tokens.length && (CHAIN.has(tokens[j].w) || isNegator(tokens[j].w) || tokens[j].w === ',') && !NECESSITY_PARTICIPLES.has(tokens[j].w)) {
    if (isNegator(tokens[j].w)) negations++;
    j++;
  }
  const part = tokens[j];
  if (!part || !NECESSITY_PARTICIPLES.has(part.w)) return undefined;
  // "is not established" / "has been established": read "no"/"not" in the chain.
  negations += matrixNegations(tokens, p);
  const prevDet = tokens[p - 1]?.w;
  if (prevDet === 'no') negations++;
  const cs = clauseStart(tokens, p);
  if (CLAUSE_CONDITIONAL.has(tokens[cs]?.w)) return undefined;
  return {
    polarity: negations % 2 === 0 ? 1 : -1,
    strength: 'strong',
    from: p,
    to: j + 1,
    subordinate: SUBORDINATORS.has(tokens[cs]?.w),
  };
}

function occurrencesIn(tokens: Token[], strength: 'strong' | 'weak'): Occurrence[] {
  const out: Occurrence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].w;
    const next = tokens[i + 1]?.w;
    if (strength === 'strong') {
      if (w === 'medically' && next && (MEDICALLY_POSITIVE.has(next) || MEDICALLY_NEGATIVE.has(next))) {
        let end = i + 2;
        // "medically necessary and appropriate", "medically necessary or appropriate"
        if (CONJ.has(tokens[end]?.w) && (MEDICALLY_POSITIVE.has(tokens[end + 1]?.w) || tokens[end + 1]?.w === 'approved')) end += 2;
        const occ = occurrenceAt(tokens, i, end, MEDICALLY_NEGATIVE.has(next) ? -1 : 1, 'strong');
        if (occ) out.push(occ);
        i = end - 1;
      } else if (w === 'medical' && (next === 'necessity' || next === 'necessities')) {
        const occ = nounOccurrence(tokens, i);
        if (occ) out.push(occ);
        i++;
      }
    } else if (WEAK_POSITIVE.has(w) || WEAK_NEGATIVE.has(w)) {
      // Only a clause about the request: "the request is not supported", "this request is recommended".
      const chain = readChainBack(tokens, i);
      if (chain.words.length === 0 || !chain.words.some((x) => ['is', 'are', 'was', 'were', 'be', 'been'].includes(x))) continue;
      const cs = clauseStart(tokens, chain.first);
      const subject = tokens.slice(cs, chain.first).map((t) => t.w);
      if (!subject.some((x) => x === 'request' || x === 'requested' || x === 'treatment' || x === 'it')) continue;
      // "is not supported by the guidelines" is fine; "is recommended for patients with" is a rule, not a verdict.
      const nextWord = tokens[i + 1]?.w;
      if (nextWord && ['for', 'when', 'if', 'in', 'only', 'after', 'to', 'with'].includes(nextWord) && chain.negations === 0) continue;
      const occ = occurrenceAt(tokens, i, i + 1, WEAK_NEGATIVE.has(w) ? -1 : 1, 'weak');
      if (occ) out.push(occ);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The conclusion

function decide(text: string, strength: 'strong' | 'weak', sentences: [number, number][], maxBack: number): Conclusion | undefined {
  for (let s = sentences.length - 1; s >= 0 && sentences.length - 1 - s < maxBack; s--) {
    const [a, b] = sentences[s];
    const tokens = tokenize(text, a, b);
    const occs = occurrencesIn(tokens, strength);
    if (occs.length === 0) continue;
    const main = occs.filter((o) => !o.subordinate);
    const deciding = main.length > 0 ? main : occs;
    const last = deciding[deciding.length - 1];
    const phraseSpan: [number, number] = [tokens[last.from].start, tokens[last.to - 1].end];
    const base: Conclusion = {
      verdict: last.polarity > 0 ? 'necessary' : 'not-necessary',
      strength,
      phrase: text.slice(phraseSpan[0], phraseSpan[1]),
      sentence: text.slice(a, b),
    };
    (base as Conclusion & { _at?: [number, number] })._at = phraseSpan;
    if (deciding.some((o) => o.polarity !== last.polarity)) {
      return { ...base, verdict: 'unclear', reason: 'mixed' };
    }
    return base;
  }
  return undefined;
}

/** Reads the conclusion of a rationale given as plain text. */
export function readConclusionText(text: string): Conclusion {
  const sentences = sentenceRanges(text);
  const found = decide(text, 'strong', sentences, Infinity) ?? decide(text, 'weak', sentences, 3);
  if (!found) return { verdict: 'unclear', strength: 'none', reason: 'none' };
  const { _at, ...rest } = found as Conclusion & { _at?: [number, number] };
  return rest;
}

/** Reads the conclusion of a rationale field's body; the span is in letter offsets. */
export function readConclusion(body: FlatText): Conclusion {
  const sentences = sentenceRanges(body.text);
  const found = decide(body.text, 'strong', sentences, Infinity) ?? decide(body.text, 'weak', sentences, 3);
  if (!found) return { verdict: 'unclear', strength: 'none', reason: 'none' };
  const { _at, ...rest } = found as Conclusion & { _at?: [number, number] };
  return _at ? { ...rest, span: flatSpan(body, _at[0], _at[1]) } : rest;
}

/** The verdict a decision word states: Upheld = not medically necessary; Overturned = medically necessary. */
export function verdictOfDecision(decision: 'Upheld' | 'Overturned'): Verdict {
  return decision === 'Upheld' ? 'not-necessary' : 'necessary';
}
