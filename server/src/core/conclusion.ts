/**
 * Reads the conclusion of a decision rationale: does the reviewer conclude that the request is
 * medically necessary, not medically necessary, or can the reader not tell ("unclear", i.e.
 * unsure)? Only a sure reading is ever used to raise an error, so every doubt ends in "unclear".
 *
 * The method is negation by scope (NegEx / ConText, see `negation.ts`):
 *
 *  1. Targets: statements about medical necessity ("medically necessary", "medically
 *     unnecessary", "a medical necessity", "establish medical necessity", "medical necessity has
 *     (not) been established"); when a rationale has none, weak predicates about the request
 *     ("the request is not supported/recommended").
 *  2. The target's clause runs back to the nearest terminator (a comma, ";", "but", "therefore",
 *     "which", "that", "although", ...). Its subject is what stands before the first auxiliary
 *     ("is", "cannot", "does", "fails"); its predicate is the rest.
 *  3. Negation triggers in the predicate within a window of 8 words of the target negate it
 *     ("is not supported by Guidelines as being medically necessary", "cannot be deemed",
 *     "fails to establish"); a negating determiner first in the clause negates the subject ("No
 *     further imaging is ..."); a negation in the clause governing a "that" clause negates it
 *     ("There is no evidence that ..."); "lacks"/"no"/"without" before "medical necessity" and the
 *     negative adjectives ("unnecessary") are negative in themselves. Pseudo-triggers ("not to
 *     exceed", "not only", "no more than") are not negations.
 *  4. Doubt: a negation trigger in the subject, beyond the window, or left over in the same
 *     statement before a comma ("The request is not, in this case, medically necessary"), a double
 *     negation, a hedge ("may", "possibly", "not necessarily") or a condition ("would be ... if")
 *     makes the reading unsure. Negations in subordinate clauses ("Although ... was not ...,")
 *     and in statements ended by "therefore"/"but"/";" do not count.
 *  5. The conclusion is the last sentence holding a statement of the reviewer's own (statements
 *     in quotes or after "the guidelines state that" count only when there is no other); in it,
 *     main-clause statements outrank subordinate ones. Statements that disagree, or any doubtful one, give "unclear".
 */
import type { FlatText, Item, Span } from './model';
import { flatSpan } from './text';
import {
  AUXILIARIES,
  CONDITIONS,
  cueAt,
  HARD_TERMINATORS,
  LACKING,
  LINKERS,
  NEGATING_DETERMINERS,
  SUBORDINATORS,
  TERMINATORS,
  tokenize,
  sentenceRanges,
  type Token,
} from './negation';

export { sentenceRanges } from './negation';

/** 'unclear' is the reader's "unsure": no statement found, statements that disagree, or a doubtful one. */
export type Verdict = 'necessary' | 'not-necessary' | 'unclear';

export interface Conclusion {
  verdict: Verdict;
  /** 'strong': a statement about medical necessity; 'weak': supported/recommended/...; 'none': nothing recognizable. */
  strength: 'strong' | 'weak' | 'none';
  /**
   * Why the verdict is unclear: 'none' = no statement found; 'mixed' = statements that disagree;
   * 'doubtful' = a negation the reader cannot place; 'hedged' = only hedged or conditional statements.
   */
  reason?: 'none' | 'mixed' | 'doubtful' | 'hedged';
  /** The deciding words, from the deciding negation (or the verb) to the end of the statement. */
  phrase?: string;
  /** The negation trigger that decided a not-necessary reading ("not", "cannot", "fails", "no", "unnecessary"). */
  cue?: string;
  /** The deciding phrase's letter span (when read from a FlatText with offsets). */
  span?: Span;
  /** The concluding sentence. */
  sentence?: string;
}

type Kind = 'sure' | 'doubt' | 'hypothetical';

interface Occurrence {
  kind: Kind;
  polarity: 1 | -1;
  strength: 'strong' | 'weak';
  /** Token range of the deciding phrase. */
  from: number;
  to: number;
  /** Token index of the deciding negation trigger, when negated. */
  cue?: number;
  /** In a subordinate clause ("Although ...", "Given that ...", "As ..."). */
  subordinate: boolean;
  /** Reported, not concluded: inside quotes, or in a clause after "the guidelines state that". */
  reported?: boolean;
  /** Said with "would", "could", "should", "may" or "might" ("would be medically necessary"). */
  modal?: boolean;
  /** Another party's view ("The treating surgeon believes ...", "Utilization review found ..."): never the reviewer's conclusion. */
  party?: boolean;
  /** About something beside the request ("No further imaging ...", "... in addition to the MRI"). */
  aside?: boolean;
  /** What the statement's subject names: the request ("the request", "it"), what the item's title
   *  names ("the lumbar MRI"), what only another item of the letter names ("continued Norco" in a
   *  rationale of "Urine drug screen"), something else ("Long-term use", "Surgical referral"), or
   *  nothing (no subject before the verb). */
  subject?: 'request' | 'title' | 'another-item' | 'other' | 'none';
}

// ---------------------------------------------------------------------------------------------
// Word lists (targets)

/** Adjectives that, after "medically", make a statement about medical necessity. */
const MEDICALLY_POSITIVE = new Set(['necessary', 'appropriate', 'indicated', 'reasonable', 'warranted', 'required', 'needed', 'justified', 'supported', 'recommended']);
const MEDICALLY_NEGATIVE = new Set(['unnecessary', 'inappropriate', 'unwarranted', 'unreasonable', 'unjustified', 'unsupported', 'contraindicated']);
/** Weak predicates (used only when no statement about medical necessity exists). */
const WEAK_POSITIVE = new Set(['supported', 'recommended', 'indicated', 'warranted', 'appropriate', 'approved', 'certified', 'justified', 'reasonable', 'necessary', 'needed', 'substantiated']);
const WEAK_NEGATIVE = new Set(['unsupported', 'unwarranted', 'inappropriate', 'unnecessary', 'unjustified', 'unreasonable', 'noncertified', 'contraindicated']);
/** Verbs taking "medical necessity" as object: "establish medical necessity". */
const ESTABLISHING = new Set([
  'establish', 'establishes', 'established', 'establishing', 'demonstrate', 'demonstrates', 'demonstrated', 'demonstrating',
  'support', 'supports', 'supported', 'supporting', 'show', 'shows', 'showed', 'shown', 'prove', 'proves', 'proved', 'proven',
  'substantiate', 'substantiates', 'substantiated', 'confirm', 'confirms', 'confirmed', 'document', 'documents', 'documented',
  'meet', 'meets', 'met', 'satisfy', 'satisfies', 'satisfied', 'justify', 'justifies', 'justified', 'warrant', 'warrants',
  'indicate', 'indicates', 'reflect', 'reflects', 'have', 'has',
]);
/** Nouns between a negating determiner and "of medical necessity": "no evidence of medical necessity". */
const EVIDENCE_NOUNS = new Set(['evidence', 'documentation', 'indication', 'support', 'demonstration', 'basis', 'proof', 'showing', 'establishment']);
/** Participles after "medical necessity ... has been": "has (not) been established". */
const NECESSITY_PARTICIPLES = new Set([
  'established', 'demonstrated', 'supported', 'shown', 'met', 'substantiated', 'documented', 'proven', 'proved',
  'confirmed', 'justified', 'evident', 'clear', 'apparent', 'present', 'warranted', 'satisfied', 'indicated',
]);
const NECESSITY_NEGATIVE_PARTICIPLES = new Set(['lacking', 'absent', 'unestablished', 'unsupported', 'unsubstantiated', 'undocumented', 'unproven']);
/** Adverbs allowed between an auxiliary and its participle ("has therefore not been clearly established"). */
const CHAIN_ADVERBS = new Set([
  'been', 'be', 'being', 'yet', 'clearly', 'adequately', 'sufficiently', 'fully', 'properly', 'reasonably', 'also', 'still', 'thus',
  'therefore', 'hence', 'convincingly', 'objectively', 'currently', 'otherwise', 'again', 'further', 'ever', 'so', 'far',
]);
/** Words after "and"/"or" that start a new clause when the left side already has a verb ("..., and the request is"). */
const CLAUSE_OPENERS = new Set(['the', 'this', 'these', 'those', 'it', 'there', 'such', 'its', 'his', 'her', 'their', 'a', 'an', 'no', 'any', 'medical', 'i', 'we']);
/** Words that name the request (a weak predicate is read only in a clause about the request, or
 *  about what the item's title names: see `titleWords`). */
const REQUEST_WORDS = new Set(['request', 'requested', 'treatment', 'it', 'this', 'procedure', 'medication', 'service']);
/** Words of an item's title that do not name what is requested. */
const TITLE_FILLERS = new Set([
  'the', 'and', 'for', 'with', 'per', 'each', 'times', 'week', 'weeks', 'month', 'months', 'day', 'days', 'daily', 'session',
  'sessions', 'visit', 'visits', 'left', 'right', 'bilateral', 'one', 'two', 'three', 'four', 'six', 'eight', 'twelve', 'unknown',
  'quantity', 'qty', 'tablets', 'tabs', 'tab', 'refills', 'refill', 'supply', 'units', 'unit', 'over', 'under', 'from', 'date', 'dos',
]);

/**
 * The words of an item's title that name what is requested ("MRI of the lumbar spine" → mri,
 * lumbar, spine; "Physical therapy 2x4" → physical, therapy): a weak predicate ("is not
 * recommended") whose subject holds one of them is about the request ("The lumbar MRI is not
 * indicated at this time."). Numbers, doses, frequencies, sides and the parties of the case are
 * left out.
 */
export function titleWords(title: string): Set<string> {
  const words = new Set<string>();
  for (const t of tokenize(title, 0, title.length)) {
    // A word token holds a digit only when it is a number (it starts with one).
    if (!t.isWord || t.w.length < 3 || isDigitCode(t.w.charCodeAt(0)) || TITLE_FILLERS.has(t.w) || PARTIES.has(t.w)) continue;
    words.add(t.w);
  }
  return words;
}
/**
 * The words of an item's title (`has`, `size`), read beside those of the letter's other items:
 * `counts` gives, for each word, how many of the letter's titles (this one among them) hold it.
 */
class ItemWords {
  constructor(
    private readonly own: ReadonlySet<string>,
    private readonly counts: ReadonlyMap<string, number>,
  ) {}
  has(word: string): boolean {
    return this.own.has(word);
  }
  get size(): number {
    return this.own.size;
  }
  /** A word of another item's title that this title lacks. */
  ofAnotherItem(word: string): boolean {
    return !this.own.has(word) && (this.counts.get(word) ?? 0) > 0;
  }
  /** A word of this title that no other item's title holds. */
  onlyThis(word: string): boolean {
    return this.own.has(word) && (this.counts.get(word) ?? 0) <= 1;
  }
}
/** How many of the titles (word sets) hold each word. */
function wordCounts(titles: readonly ReadonlySet<string>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const words of titles) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
const NO_WORDS = new ItemWords(new Set(), new Map());
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** The parties of a case whose views a rationale reports ("the reviewer", "the expert reviewer", "this reviewer" and "I" are the writer). */
const PARTIES = new Set([
  'physician', 'physicians', 'provider', 'providers', 'surgeon', 'doctor', 'dr', 'attorney', 'counsel', 'applicant', 'patient',
  'claimant', 'worker', 'reviewer', 'reviewers', 'ur', 'utilization', 'carrier', 'administrator', 'adjuster', 'insurer',
  'employer', 'chiropractor', 'therapist', 'specialist', 'orthopedist', 'neurologist', 'consultant', 'pt',
]);
/** Words that make a reviewer someone other than the writer ("the prior reviewer", "the UR reviewer"). */
const OTHER_REVIEWER = new Set(['prior', 'previous', 'ur', 'utilization', 'review', 'peer', 'original', 'initial', 'first', 'carrier', 'insurance', 'claims', "carrier's"]);
/** Words that qualify a party ("the prior physician", "the treating surgeon"). */
const PARTY_QUALIFIERS = new Set(['prior', 'previous', 'treating', 'requesting']);
/** Verbs that report a party's view ("believes", "states", "found", "asserts"). */
const ATTITUDES = new Set([
  'believes', 'believe', 'believed', 'feels', 'feel', 'felt', 'states', 'stated', 'asserts', 'asserted', 'contends', 'contended',
  'argues', 'argued', 'opines', 'opined', 'claims', 'claimed', 'found', 'finds', 'determined', 'noted', 'notes', 'reported',
  'reports', 'indicated', 'indicates', 'considered', 'considers', 'thinks', 'thought', 'maintains', 'maintained', 'deemed',
]);
/** "needed to show that", "required to establish that": a matrix saying what would prove the clause. */
const NEEDING = new Set(['needed', 'need', 'needs', 'required', 'require', 'requires', 'necessary']);
const SHOWING = new Set(['show', 'establish', 'demonstrate', 'prove', 'support', 'justify', 'document', 'substantiate', 'confirm']);
/** Nouns of a party's view that a "that" clause states ("the UR physician's determination that ..."). */
const VIEW_NOUNS = new Set(['determination', 'determinations', 'finding', 'findings', 'conclusion', 'opinion', 'assessment', 'contention', 'position', 'belief', 'decision', 'view', 'assertion', 'argument']);
/** Verbs of disagreement in a matrix clause ("I disagree that ..."). */
const DISAGREEING = new Set(['disagree', 'disagrees', 'disagreed', 'disagreeing', 'dispute', 'disputes', 'disputed', 'reject', 'rejects', 'rejected']);
/** Words of a matrix clause that reports a source: "the guidelines state that", "ODG recommends that". */
const REPORTING = new Set(['guideline', 'guidelines', 'mtus', 'odg', 'acoem', 'state', 'states', 'stated', 'recommend', 'recommends', 'indicate', 'indicates', 'note', 'notes', 'suggest', 'suggests', 'according', 'literature', 'studies', 'criteria']);

/** Whether token p stands inside double quotes opened earlier in its sentence. */
function isQuoted(tokens: Token[], p: number): boolean {
  let straight = 0;
  let open = 0;
  for (let i = Math.max(0, p - MAX_STATEMENT); i < p; i++) {
    const w = tokens[i].w;
    if (w === '"') straight++;
    else if (w === '“') open++;
    else if (w === '”') open = Math.max(0, open - 1);
  }
  return straight % 2 === 1 || open > 0;
}

/** Words that introduce a contrast with what precedes them. */
const CONTRASTS = new Set(['but', 'however', 'yet', 'although', 'though', 'whereas', 'nevertheless', 'nonetheless', 'conversely', 'instead']);
/** Nouns in "meet the criteria for medical necessity". */
const CRITERIA_NOUNS = new Set(['criteria', 'criterion', 'standard', 'standards', 'requirement', 'requirements', 'threshold', 'definition', 'guidelines']);
/** How far (in words) a negation trigger reaches forward: NegEx's bounded window. */
const WINDOW = 8;
/** How far back a clause is searched for its start. */
const MAX_CLAUSE = 60;
/** How far a statement (clauses joined by commas) is searched either side of a target: keeps the reader linear. */
const MAX_STATEMENT = 120;

/** A word that makes what follows a condition: "if", "unless", "once", "provided that" (not "provided for review"). */
function isCondition(tokens: Token[], i: number): boolean {
  const w = tokens[i].w;
  if (w === 'should') return false;
  if (w === 'provided' || w === 'providing') return tokens[i + 1]?.w === 'that';
  if (w === 'once') return tokens[i + 1]?.w !== 'a' && tokens[i + 1]?.w !== 'daily' && tokens[i - 1]?.w !== 'taken';
  return CONDITIONS.has(w);
}
const isNegationCue = (tokens: Token[], i: number) => cueAt(tokens, i) === 'negation';
const isHedgeCue = (tokens: Token[], i: number) => cueAt(tokens, i) === 'hedge';

// ---------------------------------------------------------------------------------------------
// Clauses

function hasAuxBetween(tokens: Token[], from: number, to: number): boolean {
  for (let i = Math.max(from, to - 30); i < to; i++) if (AUXILIARIES.has(tokens[i].w) || tokens[i].w.endsWith("n't")) return true;
  return false;
}

/** Whether token i ends the clause that lies after it. */
function isClauseBoundary(tokens: Token[], i: number, limit: number): boolean {
  const t = tokens[i];
  if (!t.isWord) return t.w === ',' || t.w === ';' || t.w === ':' || t.w === '.' || t.w === '!' || t.w === '?';
  // "not only ... but also": one clause.
  if (t.w === 'but' && tokens[i + 1]?.w === 'also') return false;
  if (TERMINATORS.has(t.w)) {
    // "so" only as a connective (", so"; "so the"), not "do so"/"so far".
    if (t.w === 'so') return tokens[i - 1]?.w === ',' || CLAUSE_OPENERS.has(tokens[i + 1]?.w ?? '');
    return true;
  }
  if (t.w === 'such' && tokens[i - 1]?.w === 'as') return true;
  if ((t.w === 'and' || t.w === 'or') && i + 1 < limit) {
    const next = tokens[i + 1].w;
    if (AUXILIARIES.has(next) || next.endsWith("n't") || next === 'not') return true;
    if (CLAUSE_OPENERS.has(next) || tokens[i - 1]?.w === ',') {
      // A coordinated clause ("..., and the request is") only when the left conjunct has a verb
      // of its own: "no evidence that A, B, and C are ..." is one clause.
      let j = i - 1;
      if (tokens[j]?.w === ',') j--;
      while (j >= 0 && i - j < 30 && tokens[j].isWord && !TERMINATORS.has(tokens[j].w)) j--;
      return hasAuxBetween(tokens, j + 1, i);
    }
  }
  return false;
}

interface Clause {
  /** First token of the clause. */
  start: number;
  /** The boundary token before it (-1: sentence start). */
  boundary: number;
  /** First token of the predicate (the first auxiliary), or `start` when there is none. */
  predicate: number;
}

function clauseOf(tokens: Token[], p: number): Clause {
  let i = p - 1;
  while (i >= 0 && p - i <= MAX_CLAUSE && !isClauseBoundary(tokens, i, p)) i--;
  const start = i + 1;
  let predicate = start;
  for (let j = start; j < p; j++) {
    const w = tokens[j].w;
    if (AUXILIARIES.has(w) || w.endsWith("n't") || (w === 'not' && j === start)) {
      predicate = j;
      break;
    }
  }
  return { start, boundary: i, predicate };
}

/** Whether a clause is subordinate: opened by "although/since/which/..." or led by "as/given/...". */
function isSubordinate(tokens: Token[], c: Clause): boolean {
  const b = tokens[c.boundary];
  if (b && b.isWord && SUBORDINATORS.has(b.w)) return true;
  if (b && b.w === 'that' && SUBORDINATORS.has(tokens[c.boundary - 1]?.w ?? '')) return true;
  const lead = tokens[c.start]?.w;
  return !!lead && SUBORDINATORS.has(lead) && lead !== 'with' && lead !== 'for' && lead !== 'in';
}

/** Whether a clause states a condition or a question rather than a fact ("if ...", "whether ..."). */
function isConditionalClause(tokens: Token[], c: Clause): boolean {
  const b = tokens[c.boundary]?.w;
  const lead = tokens[c.start]?.w;
  return (!!b && CONDITIONS.has(b) && b !== 'should') || (!!lead && CONDITIONS.has(lead) && lead !== 'should');
}

/**
 * Negation triggers left over before the clause, in the same statement (back to ";", ":" or the
 * sentence start). Each must be cleared or it is a doubt: it is cleared inside a subordinate
 * segment (between commas, led by "although/since/given/which/..."), or when a hard terminator
 * ("therefore", "but", "however") or a coordinated clause (", and the ...") stands between it and
 * the clause. Triggers just before "that" govern the clause ("There is no evidence that"): they are
 * returned as matrix negations.
 */
function leftover(tokens: Token[], c: Clause): { matrixCue?: number; dangling: boolean; that?: boolean; conditional?: boolean; reported?: boolean } {
  let matrixCue: number | undefined;
  let dangling = false;
  if (c.boundary < 0) return { dangling: false };
  let s = c.boundary;
  while (s >= 0 && c.boundary - s < MAX_STATEMENT && tokens[s].w !== ';' && tokens[s].w !== ':') s--;
  // The "that" whose clause this is: the clause's own boundary, or a "that" before it when only
  // commas stand between ("no evidence that the request for X, Y and Z is ...").
  let that = -1;
  let conditional = false;
  for (let i = c.boundary; i > s && c.boundary - i < 40; i--) {
    const w = tokens[i].w;
    if (w === 'that') {
      that = i;
      break;
    }
    if (w === 'whether' || w === 'if' || w === 'unless') {
      conditional = true;
      break;
    }
    if (w === ';' || w === ':' || AUXILIARIES.has(w) || w.endsWith("n't") || (tokens[i].isWord && TERMINATORS.has(w))) break;
  }
  const isThat = that >= 0;
  // Where the matrix of the "that" clause starts: the last comma or terminator before "that".
  let matrixFrom = isThat ? that : c.boundary;
  if (isThat) while (matrixFrom - 1 > s && tokens[matrixFrom - 1].isWord && !TERMINATORS.has(tokens[matrixFrom - 1].w)) matrixFrom--;
  let lead = s + 1;
  const walls: number[] = [];
  for (let i = s + 1; i < c.start; i++) {
    const t = tokens[i];
    if (HARD_TERMINATORS.has(t.w) || ((t.w === 'and' || t.w === 'or') && isClauseBoundary(tokens, i, tokens.length))) walls.push(i);
  }
  for (let i = s + 1; i < c.start; i++) {
    const t = tokens[i];
    if (!t.isWord) {
      lead = i + 1;
      continue;
    }
    const negation = isNegationCue(tokens, i) || (LACKING.has(t.w) && cueAt(tokens, i) !== 'pseudo');
    if (!negation) continue;
    const leadWord = tokens[lead]?.w ?? '';
    const walled = walls.some((w) => w > i);
    if (isThat && i >= matrixFrom && i < that && !walled) {
      if (!SUBORDINATORS.has(leadWord) || lead === matrixFrom) matrixCue ??= i;
      continue;
    }
    if (walled || SUBORDINATORS.has(leadWord)) continue;
    // "no"/"without"/"lack" outside a matrix determine a noun ("no red flags, ..."): not about the request.
    if (!isNegationCue(tokens, i)) continue;
    dangling = true;
  }
  // A hedge in the matrix ("It is unclear that", "It is possible that") makes the clause uncertain;
  // so does disagreement ("The reviewer disagrees with the assessment that ...": a denial, said so
  // that the reader cannot count it as a negation).
  if (isThat) for (let i = matrixFrom; i < that; i++) if (isHedgeCue(tokens, i) || DISAGREEING.has(tokens[i].w)) conditional = true;
  // "(No further) documentation is needed to show that ...": what would show it, not whether it is
  // shown (the same words say either, with or without the "no").
  if (isThat) for (let i = matrixFrom; i + 2 < that; i++) if (NEEDING.has(tokens[i].w) && tokens[i + 1].w === 'to' && SHOWING.has(tokens[i + 2].w)) conditional = true;
  // "The guidelines state that ...": a report of what a source says, not the reviewer's conclusion.
  let reported = false;
  if (isThat) for (let i = matrixFrom; i < that; i++) if (REPORTING.has(tokens[i].w)) reported = true;
  return { matrixCue, dangling, that: isThat, conditional, reported };
}

/**
 * Whether the statement at `p` reports another party's view: a party ("the treating surgeon",
 * "utilization review", "the applicant's attorney") and a verb of view ("believes", "found",
 * "states that") before it in the same clause chain, with no comma, ";", hard terminator or new
 * clause between. The expert reviewer ("the expert reviewer", "this reviewer", "I") is the writer.
 */
function isPartyView(tokens: Token[], p: number): boolean {
  for (let v = p - 1; v >= 1 && p - v <= MAX_STATEMENT; v--) {
    const t = tokens[v];
    // A comma too: "Since the patient reported improvement, continued therapy is medically necessary" is the reviewer's.
    if (t.w === ';' || t.w === ':' || t.w === '.' || t.w === ',' || HARD_TERMINATORS.has(t.w)) return false;
    if ((t.w === 'and' || t.w === 'or' || t.w === 'but') && isClauseBoundary(tokens, v, tokens.length)) return false;
    // "the UR physician's determination that ...", "the prior reviewer's finding that ...".
    if (t.w === 'that' && VIEW_NOUNS.has(tokens[v - 1]?.w ?? '')) {
      if (isOtherParty(tokens, v - 2)) return true;
      continue;
    }
    // "The prior non-certification, on the basis that ...": the reason another party gave.
    if (t.w === 'that' && (tokens[v - 1]?.w === 'basis' || tokens[v - 1]?.w === 'grounds') && tokens[v - 2]?.w === 'the' && tokens[v - 3]?.w === 'on' && tokens[v - 4]?.w === ',') {
      for (let k = v - 5; k >= 0 && v - 5 - k < 4; k--) if (OTHER_REVIEWER.has(tokens[k].w) && tokens[k].w !== 'first') return true;
      return false;
    }
    if (!ATTITUDES.has(t.w)) continue;
    // The party: the word before the verb, or before "also"/"has"/"had"/"who" and a possessive ("applicant's attorney").
    for (let k = v - 1; k >= 0 && v - k <= 3; k--) {
      const w = tokens[k].w;
      if (PARTIES.has(w)) {
        // "The reviewer" is the writer; another reviewer is named so ("the prior reviewer", "the UR reviewer").
        if (w === 'reviewer' || w === 'reviewers') return [tokens[k - 1]?.w, tokens[k - 2]?.w].some((q) => q !== undefined && OTHER_REVIEWER.has(q));
        return true;
      }
      // "Utilization review found ...", "the prior review determined ...": the review that was appealed.
      if ((w === 'review' || w === 'determination') && OTHER_REVIEWER.has(tokens[k - 1]?.w ?? '')) return true;
      // A relative clause after a comma belongs to the noun before the comma ("the prior reviewer, who deemed ...").
      if (w === ',' && (tokens[k + 1]?.w === 'who' || tokens[k + 1]?.w === 'which')) continue;
      if (!['also', 'has', 'had', 'have', 'who', 'which', 'further', 'clearly', 'specifically'].includes(w) && !PARTY_QUALIFIERS.has(w)) break;
    }
  }
  return false;
}

/** Whether the words ending at token `k` name a party other than the writer, owning what follows
 *  ("the UR physician's", "the prior reviewer's", "utilization review's", "the carrier's"). */
function isOtherParty(tokens: Token[], k: number): boolean {
  const w = tokens[k]?.w;
  if (w === undefined) return false;
  const owner = w.endsWith("'s") ? w.slice(0, -2) : w;
  if (owner === 'reviewer' || owner === 'reviewers' || owner === 'review') return [tokens[k - 1]?.w, tokens[k - 2]?.w].some((q) => q !== undefined && OTHER_REVIEWER.has(q));
  return PARTIES.has(owner) || owner === 'carrier' || (OTHER_REVIEWER.has(owner) && owner !== 'first');
}

/**
 * Whether a statement is said of something beside the request: "... in addition to the MRI",
 * "No further imaging beyond this study ...". Not "further"/"additional" alone: "Further physical
 * therapy is not medically necessary" is how a request for more sessions is concluded.
 */
function isAside(tokens: Token[], c: Clause, pEnd: number): boolean {
  for (let i = c.start; i < c.predicate; i++) if (tokens[i].w === 'beyond') return true;
  for (let i = pEnd; i < tokens.length && i - pEnd < 8; i++) {
    const w = tokens[i].w;
    if (w === '.' || w === ';') break;
    if ((w === 'in' && tokens[i + 1]?.w === 'addition') || w === 'beyond' || (w === 'other' && tokens[i + 1]?.w === 'than')) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Reading one statement

/**
 * Reads the statement whose predicate ends at token `head` (the target or the verb governing it)
 * and spans [p, pEnd). `opts.baseCue` is the word of a statement negative in itself
 * ("unnecessary", "lacks", "no (evidence of)"): it counts as one negation.
 */
function readStatement(
  tokens: Token[],
  p: number,
  head: number,
  pEnd: number,
  strength: 'strong' | 'weak',
  opts: { needLinker: boolean; baseCue?: number; named?: ItemWords },
): Occurrence | undefined {
  const c = clauseOf(tokens, head);
  const subordinate = isSubordinate(tokens, c);
  let doubt = false;
  let hypothetical = isConditionalClause(tokens, c);
  const cues: number[] = [];
  if (opts.baseCue !== undefined) cues.push(opts.baseCue);
  let linker = c.start === head;
  let verbAt = -1;
  for (let i = c.start; i < head; i++) {
    const cue = cueAt(tokens, i);
    const w = tokens[i].w;
    if (i >= c.predicate) {
      if (LINKERS.has(w) || AUXILIARIES.has(w) || w.endsWith("n't")) {
        linker = true;
        if (head - i <= WINDOW) verbAt = verbAt < 0 ? i : verbAt;
      }
      if (cue === 'negation') {
        if (head - i > WINDOW) doubt = true;
        else cues.push(i);
        linker = true;
      } else if (cue === 'hedge') hypothetical = true;
    } else {
      // The subject: only a negating determiner first in the clause negates it.
      if (i === c.start && (NEGATING_DETERMINERS.has(w) || w === 'nor')) cues.push(i);
      else if (cue === 'negation' && w !== 'nor' && w !== 'non') doubt = true;
    }
  }
  if (opts.needLinker && !linker) return undefined;
  // What follows in the clause: a condition ("medically necessary when/if ...") or a hedge.
  const modal = tokens.slice(c.predicate, head).some((t) => ['would', 'could', 'should', 'may', 'might'].includes(t.w));
  for (let i = pEnd; i < tokens.length && i - pEnd < MAX_STATEMENT; i++) {
    const t = tokens[i];
    if (t.w === '.' || t.w === ';' || HARD_TERMINATORS.has(t.w)) break;
    if (!modal && (t.w === ',' || t.w === ':')) break;
    if (isCondition(tokens, i)) hypothetical = true;
  }
  if (modal) for (let i = Math.max(0, c.start - MAX_STATEMENT); i < Math.min(tokens.length, pEnd + MAX_STATEMENT); i++) if (isCondition(tokens, i)) hypothetical = true;
  // A "that" clause negated after its verb ("... that the request is medically necessary was not shown").
  const left = leftover(tokens, c);
  if (left.dangling) doubt = true;
  if (left.conditional) hypothetical = true;
  if (left.matrixCue !== undefined) cues.push(left.matrixCue);
  if (left.that) {
    for (let i = pEnd; i < tokens.length && i - pEnd < MAX_STATEMENT; i++) {
      const t = tokens[i];
      if (t.w === '.' || t.w === ';' || HARD_TERMINATORS.has(t.w)) break;
      if (isNegationCue(tokens, i)) doubt = true;
    }
  }
  // A contrast after the statement that carries a negation may retract it ("The first course was
  // medically necessary; however, this request is not.").
  // A positive statement followed by "which ... not" or limited by "only after/when/if" is no plain "yes".
  // So does a clause that ends the sentence with a bare negation ("... as an initial trial; twelve are not.").
  let contrast = false;
  let relative = false;
  let clauseBreak = false;
  for (let i = pEnd; i < tokens.length && i - pEnd < MAX_STATEMENT; i++) {
    const w = tokens[i].w;
    if (w === '.') break;
    if (w === ';' || w === ',') clauseBreak = true;
    if (CONTRASTS.has(w)) contrast = true;
    else if (w === 'which' || w === 'who') relative = true;
    else if (isNegationCue(tokens, i) && (contrast || (relative && cues.length === 0))) doubt = true;
    else if (clauseBreak && isNegationCue(tokens, i) && (i + 1 === tokens.length || tokens[i + 1].w === '.')) doubt = true;
    if (w === 'only' && ['after', 'when', 'if', 'with', 'once', 'in', 'for', 'until', 'upon'].includes(tokens[i + 1]?.w ?? '')) hypothetical = true;
  }
  // "neither reasonable nor medically necessary" is one negation, said twice.
  if (cues.some((i) => tokens[i].w === 'neither')) {
    const nor = cues.findIndex((i) => tokens[i].w === 'nor');
    if (nor >= 0) cues.splice(nor, 1);
  }
  const negations = cues.length;
  if (negations >= 2) doubt = true;
  const polarity = (negations % 2 === 0 ? 1 : -1) as 1 | -1;
  const kind: Kind = hypothetical ? 'hypothetical' : doubt ? 'doubt' : 'sure';
  const cue = polarity < 0 ? (cues.length > 0 ? Math.min(...cues) : undefined) : undefined;
  const from = Math.min(cue ?? p, verbAt >= 0 ? verbAt : p, p);
  // A guideline's rule under an opening "Per ODG," ("Per ODG, rTMS is medically necessary only when
  // ...") is the source's, as after "ODG states that": a conclusion before it stays decided. Only a
  // conditional one: "Per the guidelines, the request is not medically necessary." is the reviewer's.
  const reported = left.reported || isQuoted(tokens, p) || (kind === 'hypothetical' && isAttributed(tokens, p));
  return { kind, polarity, strength, from, to: pEnd, cue, subordinate, reported, modal, party: isPartyView(tokens, p), aside: isAside(tokens, c, pEnd), subject: opts.named ? subjectOf(tokens, c, opts.named) : undefined };
}

/**
 * What the subject of clause `c` names (see `Occurrence.subject`). A clause with no subject of its
 * own after ",", "and" or "or" takes the sentence's: the words before its first verb (back to ";"
 * or ":"), or all of them when it has none: "Sedation ... is addressed below and [is not medically
 * necessary]", "A left carpal tunnel release, which was not requested, [is not ...]", "Six
 * sessions, the initial course, [are ...]".
 */
function subjectOf(tokens: Token[], c: Clause, named: ItemWords): Occurrence['subject'] {
  const own = subjectIn(tokens, c.start, c.predicate, named);
  const b = tokens[c.boundary]?.w;
  // A "subject" after a comma that is a prepositional phrase ("The request for physical therapy, 2
  // times a week, for the neck is ...") is the end of the sentence's subject, not one of its own.
  const phrase = b === ',' && c.predicate > c.start && PREPOSITIONS.has(tokens[c.start].w);
  if ((own !== 'none' && !phrase) || (b !== ',' && b !== 'and' && b !== 'or')) return own;
  let from = c.boundary;
  while (from > 0 && c.boundary - from < MAX_STATEMENT && tokens[from - 1].w !== ';' && tokens[from - 1].w !== ':') from--;
  let to = c.boundary;
  for (let i = from, relative = false; i < c.boundary; i++) {
    const w = tokens[i].w;
    if (relative) relative = w !== ',';
    else if (RELATIVE_PRONOUNS.has(w) && tokens[i - 1]?.w === ',') relative = true;
    else if (AUXILIARIES.has(w)) {
      to = i;
      break;
    }
  }
  return subjectIn(tokens, from, to, named);
}
const RELATIVE_PRONOUNS = new Set(['which', 'who', 'whom', 'whose']);

/** What the words of tokens [from, to) name as a subject, relative clauses (", which ... ,") left
 *  out. After a head that names neither the request nor the title, "for the procedure" names what
 *  it serves, not it ("Sedation for the procedure", "Clearance for this treatment"). */
function subjectIn(tokens: Token[], from: number, to: number, named: ItemWords): Occurrence['subject'] {
  let words = 0;
  let title = false;
  let distinct = false;
  let another = false;
  for (let i = from, relative = false; i < to; i++) {
    const t = tokens[i];
    if (relative) {
      relative = t.w !== ',';
      continue;
    }
    if (RELATIVE_PRONOUNS.has(t.w) && tokens[i - 1]?.w === ',') {
      relative = true;
      continue;
    }
    if (!t.isWord) continue;
    if (t.w === 'for' && words > 0 && !title) return 'other';
    // "it" names the request as the subject itself ("and it is"), not as the object of a
    // preposition or the subject of a clause inside the subject: "The pillow requested with it is
    // not", "The surgery it accompanies was found medically necessary". Nor does "requested" after
    // a noun ("The pillow requested ..."; "The requested MRI" is the request).
    if (t.w === 'it' && (PREPOSITIONS.has(tokens[i - 1]?.w) || !onlyAdverbsBetween(tokens, i + 1, to))) continue;
    if (t.w === 'requested' && words > 0) continue;
    if (!ARTICLES.has(t.w) && !OPENERS.has(t.w)) words++;
    if (REQUEST_WORDS.has(t.w) && t.w !== 'it' && t.w !== 'this' && t.w !== 'requested') return requestFor(tokens, i, to, named);
    if (REQUEST_WORDS.has(t.w) || SUBJECT_PRONOUNS.has(t.w)) return 'request';
    if (named.has(t.w)) {
      title = true;
      if (named.onlyThis(t.w)) distinct = true;
    } else if (named.ofAnotherItem(t.w)) another = true;
  }
  // A word only another item's title holds, and none only this one's ("The cervical MRI ..." in a
  // rationale of "MRI of the right shoulder" beside "MRI of the cervical spine"): that item's.
  return another && !distinct ? 'another-item' : title ? 'title' : words > 0 ? 'other' : 'none';
}
const PREPOSITIONS = new Set(['with', 'for', 'of', 'to', 'in', 'on', 'by', 'from', 'about', 'after', 'before', 'without', 'under', 'beyond']);
/** Words that open a clause before its subject ("and it is", "Therefore the request is"). */
const OPENERS = new Set(['and', 'but', 'or', 'so', 'then', 'therefore', 'thus', 'hence', 'also', 'however', 'accordingly', 'consequently']);
/** Whether tokens [from, to) hold nothing but adverbs and commas (between a subject and its verb: "it, therefore, is"). */
function onlyAdverbsBetween(tokens: Token[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (tokens[j].isWord && !OPENERS.has(tokens[j].w) && !tokens[j].w.endsWith('ly')) return false;
  return true;
}

/**
 * "The request for X": the request, unless X names something the item's title does not, while
 * the title names something ("By contrast, the concurrent request for a home continuous passive
 * motion device was not medically necessary" in a rationale of "Post-operative physical therapy").
 */
function requestFor(tokens: Token[], i: number, to: number, named: ItemWords): Occurrence['subject'] {
  if (named.size === 0 || tokens[i + 1]?.w !== 'for') return 'request';
  let content = 0;
  let namesIt = false;
  let distinct = false;
  let another = false;
  for (let j = i + 2; j < to; j++) {
    const w = tokens[j].w;
    if (!tokens[j].isWord) continue;
    if (named.has(w) || REQUEST_WORDS.has(w)) namesIt = true;
    if (named.onlyThis(w)) distinct = true;
    else if (named.ofAnotherItem(w)) another = true;
    if (w.length >= 3 && !isDigitCode(w.charCodeAt(0)) && !TITLE_FILLERS.has(w) && !ARTICLES.has(w)) content++;
  }
  // What only another item's title names, and nothing only this one's ("the request for MRI of the
  // cervical spine" in a rationale of "MRI of the right shoulder"): that item's request.
  if (another && !distinct) return 'another-item';
  return namesIt || content === 0 ? 'request' : 'other';
}
const ARTICLES = new Set(['a', 'an', 'the']);
/** Pronouns and plurals that, as a subject, stand for the request ("They are medically necessary"). */
const SUBJECT_PRONOUNS = new Set(['they', 'these', 'those', 'requests', 'treatments', 'medications', 'services', 'procedures', 'i', 'we']);

/** Sources a sentence can open by naming ("Per the MTUS guidelines,", "According to ODG,"). */
const ATTRIBUTED_SOURCES = new Set(['guideline', 'guidelines', 'mtus', 'odg', 'acoem', 'literature', 'studies', 'criteria']);

/** Whether the sentence of token p opens with "Per / As per / According to <a source>," and p is in
 *  the clause that follows (no ";", ":" or hard terminator between). Tokens are one sentence's. */
function isAttributed(tokens: Token[], p: number): boolean {
  let i: number;
  if (tokens[0]?.w === 'per') i = 1;
  else if ((tokens[0]?.w === 'as' && tokens[1]?.w === 'per') || (tokens[0]?.w === 'according' && tokens[1]?.w === 'to')) i = 2;
  else return false;
  let source = false;
  for (; i < p && i < 16 && tokens[i].w !== ','; i++) {
    if (tokens[i].w === ';' || tokens[i].w === ':') return false;
    if (ATTRIBUTED_SOURCES.has(tokens[i].w)) source = true;
  }
  if (!source || i >= p || tokens[i].w !== ',') return false;
  for (let j = i + 1; j < p; j++) if (tokens[j].w === ';' || tokens[j].w === ':' || HARD_TERMINATORS.has(tokens[j].w)) return false;
  return true;
}

/** Words between a lacking determiner and the evidence noun ("no objective documentation"). */
const EVIDENCE_ADJECTIVES = new Set(['any', 'sufficient', 'adequate', 'clear', 'the', 'objective', 'further', 'compelling', 'convincing', 'enough', 'medical', 'clinical', 'current', 'recent', 'documented']);

/**
 * Before the "to" of "... to support medical necessity": an evidence noun (with at most a short
 * "of" phrase after it) led by a word that says it is lacking ("no", "insufficient", "lack of",
 * "absence of", "without"). Returns that word's token, or undefined.
 */
function lackingEvidenceBefore(tokens: Token[], to: number): number | undefined {
  let k = to - 1;
  // The noun, possibly before "of <a few words>": "no documentation of red flags to support".
  while (k >= 0 && to - k <= 6 && !(tokens[k].isWord && EVIDENCE_NOUNS.has(tokens[k].w))) {
    const t = tokens[k];
    if (!t.isWord || TERMINATORS.has(t.w) || AUXILIARIES.has(t.w)) return undefined;
    k--;
  }
  if (k < 0 || to - k > 6 || !EVIDENCE_NOUNS.has(tokens[k].w)) return undefined;
  let d = k - 1;
  while (d >= 0 && k - d <= 3 && EVIDENCE_ADJECTIVES.has(tokens[d].w)) d--;
  const w = tokens[d]?.w;
  if (w === 'of' && (tokens[d - 1]?.w === 'lack' || tokens[d - 1]?.w === 'absence')) return d - 1;
  if (w === 'no' || w === 'insufficient' || w === 'inadequate' || w === 'without' || w === 'limited') return d;
  return undefined;
}

/** Reads "medical necessity" at token p used as a noun. */
function readNoun(tokens: Token[], p: number, named: ItemWords): Occurrence | undefined {
  const pEnd = p + 2;
  const prev = tokens[p - 1]?.w;
  // "is (not) a medical necessity": a predicate nominal.
  if (prev === 'a') return readStatement(tokens, p - 1, p - 1, pEnd, 'strong', { needLinker: true, named });
  // Object: "<verb> (the) medical necessity", "no (evidence of) medical necessity", "lack of medical necessity".
  let v = p - 1;
  while (v >= 0 && p - v <= 3 && ['the', 'its', 'their', 'any', 'this', 'such', 'sufficient', 'adequate', 'clear', 'further', 'current', 'continued'].includes(tokens[v].w)) v--;
  let w: string | undefined = tokens[v]?.w;
  if (w === 'of' || w === 'for') {
    const noun = tokens[v - 1]?.w;
    if (noun === 'lack' || noun === 'absence') return readStatement(tokens, v - 1, v - 1, pEnd, 'strong', { needLinker: false, baseCue: v - 1 });
    if (noun && CRITERIA_NOUNS.has(noun)) {
      // "does not meet the criteria for medical necessity": the verb governing the criteria.
      let d = v - 2;
      while (d >= 0 && v - d <= 4 && ['the', 'any', 'all', 'its', 'guideline', 'mtus', 'odg', 'established', 'necessary'].includes(tokens[d].w)) d--;
      if (tokens[d] && ESTABLISHING.has(tokens[d].w)) return readStatement(tokens, d, d, pEnd, 'strong', { needLinker: false });
      return undefined;
    }
    if (noun && EVIDENCE_NOUNS.has(noun)) {
      let d = v - 2;
      while (d >= 0 && v - d <= 4 && ['any', 'sufficient', 'adequate', 'clear', 'the', 'objective', 'further', 'compelling', 'convincing'].includes(tokens[d].w)) d--;
      if (tokens[d] && ['no', 'insufficient', 'without'].includes(tokens[d].w)) return readStatement(tokens, d, d, pEnd, 'strong', { needLinker: false, baseCue: d });
      if (tokens[d] && LACKING.has(tokens[d].w)) return readStatement(tokens, d, d, pEnd, 'strong', { needLinker: false, baseCue: d });
      return undefined;
    }
    w = undefined;
  }
  if (w && tokens[v].isWord && LACKING.has(w)) return readStatement(tokens, v, v, pEnd, 'strong', { needLinker: false, baseCue: v });
  if (w && tokens[v].isWord && ESTABLISHING.has(w)) {
    // "insufficient documentation (of red flags) to support medical necessity", "a lack of evidence
    // to establish ...": the evidence is what is lacking, so the statement is negative.
    const lacking = tokens[v - 1]?.w === 'to' ? lackingEvidenceBefore(tokens, v - 1) : undefined;
    return readStatement(tokens, v, v, pEnd, 'strong', { needLinker: false, baseCue: lacking });
  }
  // Subject: "(no) medical necessity (of/for <request>) has (not) been established".
  let a = pEnd;
  while (a < tokens.length && a - pEnd < 40) {
    const t = tokens[a];
    if (t.w === ';' || t.w === ':' || t.w === '.' || (t.isWord && TERMINATORS.has(t.w) && t.w !== 'that')) return undefined;
    if (AUXILIARIES.has(t.w) || t.w.endsWith("n't")) break;
    a++;
  }
  if (a >= tokens.length || !(AUXILIARIES.has(tokens[a].w) || tokens[a].w.endsWith("n't"))) return undefined;
  const cues: number[] = [];
  let hedged = false;
  let j = a;
  let participle = -1;
  let base: 1 | -1 = 1;
  while (j < tokens.length && j - a <= 7) {
    const t = tokens[j];
    if (NECESSITY_PARTICIPLES.has(t.w)) {
      participle = j;
      break;
    }
    if (NECESSITY_NEGATIVE_PARTICIPLES.has(t.w)) {
      participle = j;
      base = -1;
      break;
    }
    const cue = cueAt(tokens, j);
    if (cue === 'negation') cues.push(j);
    else if (cue === 'hedge') hedged = true;
    else if (!(AUXILIARIES.has(t.w) || CHAIN_ADVERBS.has(t.w) || t.w.endsWith("n't"))) return undefined;
    j++;
  }
  if (participle < 0) return undefined;
  if (tokens[p - 1]?.w === 'no') cues.push(p - 1);
  // The clause before the subject: matrix negation, conditions, leftovers.
  const before = readStatement(tokens, p, p, p, 'strong', { needLinker: false });
  if (!before) return undefined;
  if (before.kind === 'hypothetical') hedged = true;
  const beforeNegated = before.polarity < 0;
  const negations = cues.length + (base < 0 ? 1 : 0) + (beforeNegated ? 1 : 0);
  const kind: Kind = hedged ? 'hypothetical' : before.kind === 'doubt' || negations >= 2 ? 'doubt' : 'sure';
  const polarity = (negations % 2 === 0 ? 1 : -1) as 1 | -1;
  const cue = polarity < 0 ? (beforeNegated ? before.cue : cues[0] ?? participle) : undefined;
  return { kind, polarity, strength: 'strong', from: Math.min(cue ?? p, p), to: participle + 1, cue, subordinate: before.subordinate, reported: before.reported, party: before.party, aside: before.aside };
}

/** Adverbs that end a negation's scope but, between a verb and its predicate ("The request is
 *  therefore certified"), leave the clause whole. */
const LINKED_ADVERBS = new Set(['therefore', 'thus', 'hence']);
const LINKING_VERBS = new Set(['is', 'are', 'was', 'were', 'be', 'been']);

/** The clause of a weak predicate at token i, its subject included: across "is therefore" / "are thus". */
function weakClauseOf(tokens: Token[], i: number): Clause {
  const c = clauseOf(tokens, i);
  const b = tokens[c.boundary];
  if (c.predicate === c.start && b && LINKED_ADVERBS.has(b.w) && LINKING_VERBS.has(tokens[c.boundary - 1]?.w ?? '')) return clauseOf(tokens, c.boundary);
  return c;
}

function occurrencesIn(tokens: Token[], strength: 'strong' | 'weak', named: ItemWords = NO_WORDS): Occurrence[] {
  const out: Occurrence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].w;
    const next = tokens[i + 1]?.w;
    if (strength === 'strong') {
      if (w === 'medically' && next && (MEDICALLY_POSITIVE.has(next) || MEDICALLY_NEGATIVE.has(next))) {
        let end = i + 2;
        // "medically necessary and appropriate", "medically necessary or appropriate"
        if ((tokens[end]?.w === 'and' || tokens[end]?.w === 'or') && (MEDICALLY_POSITIVE.has(tokens[end + 1]?.w ?? '') || tokens[end + 1]?.w === 'approved')) end += 2;
        const negative = MEDICALLY_NEGATIVE.has(next);
        const occ = readStatement(tokens, i, i, end, 'strong', { needLinker: true, baseCue: negative ? i + 1 : undefined, named });
        if (occ) out.push(occ);
        i = end - 1;
      } else if (w === 'medical' && (next === 'necessity' || next === 'necessities')) {
        const occ = readNoun(tokens, i, named);
        if (occ) out.push(occ);
        i++;
      }
    } else if (WEAK_POSITIVE.has(w) || WEAK_NEGATIVE.has(w)) {
      const c = weakClauseOf(tokens, i);
      const subject = tokens.slice(c.start, c.predicate).map((t) => t.w);
      if (c.predicate === c.start || !subject.some((x) => REQUEST_WORDS.has(x) || named.has(x))) continue;
      // "It would not be appropriate to limit therapy ...", "It is recommended that the patient ...":
      // "it" stands for what follows, not for the request.
      if ((next === 'to' || next === 'that') && subject.filter((x) => !OPENERS.has(x)).join(' ') === 'it') continue;
      const linked = tokens.slice(c.predicate, i).some((t) => LINKING_VERBS.has(t.w));
      if (!linked) continue;
      // "is recommended for patients with ..." states a rule, not a verdict.
      const negatedBefore = tokens.slice(c.predicate, i).some((_, k) => isNegationCue(tokens, c.predicate + k));
      if (next && ['for', 'when', 'if', 'in', 'only', 'after', 'to', 'with', 'as', 'until', 'once'].includes(next) && !negatedBefore) continue;
      const occ = readStatement(tokens, i, i, i + 1, 'weak', { needLinker: true, baseCue: WEAK_NEGATIVE.has(w) ? i : undefined, named });
      if (occ && occ.subject !== 'another-item') out.push(occ);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The conclusion

interface Found extends Conclusion {
  at?: [number, number];
}

/** A sentence's tokens and statements, read once for both strong passes of `read`. */
type SentenceReading = { tokens: Token[]; occurrences: Occurrence[] } | null;

function decide(
  text: string,
  strength: 'strong' | 'weak',
  sentences: [number, number][],
  maxBack: number,
  withReported: boolean,
  memo?: SentenceReading[],
  named?: ItemWords,
): Found | undefined {
  let hedgedOnly: Found | undefined;
  const readingOf = (s: number): SentenceReading => {
    let reading = memo?.[s];
    if (reading === undefined) {
      const [a, b] = sentences[s];
      // Only a sentence that names medical necessity can hold a strong statement (and need be read).
      if (strength === 'strong' && !MEDICAL.test(text.slice(a, b))) reading = null;
      else {
        const tokens = tokenize(text, a, b);
        reading = { tokens, occurrences: occurrencesIn(tokens, strength, named) };
      }
      if (memo) memo[s] = reading;
    }
    return reading;
  };
  const first = Math.max(0, sentences.length - maxBack);
  for (let s = sentences.length - 1; s >= first; s--) {
    const [a, b] = sentences[s];
    const reading = readingOf(s);
    if (reading === null) continue;
    const tokens = reading.tokens;
    // Another party's view is never the reviewer's conclusion, not even when nothing else is said.
    // Nor is a statement about another item of the letter ("Although the request for continued Norco is not medically necessary, ...").
    const all = reading.occurrences.filter((o) => !o.party && o.subject !== 'another-item' && (withReported || !o.reported));
    const occs = all.filter((o) => o.kind !== 'hypothetical');
    if (occs.length === 0) {
      if (all.length > 0 && !hedgedOnly) {
        const o = all[all.length - 1];
        hedgedOnly = { verdict: 'unclear', reason: 'hedged', strength, phrase: text.slice(tokens[o.from].start, tokens[o.to - 1].end), sentence: text.slice(a, b) };
      }
      continue;
    }
    // A hedged or conditional statement after the last sure one leaves the conclusion open.
    if (hedgedOnly) return hedgedOnly;
    const main = occs.filter((o) => !o.subordinate);
    const deciding = main.length > 0 ? main : occs;
    const last = deciding[deciding.length - 1];
    const at: [number, number] = [tokens[last.from].start, tokens[last.to - 1].end];
    const found: Found = {
      verdict: last.polarity > 0 ? 'necessary' : 'not-necessary',
      strength,
      phrase: text.slice(at[0], at[1]),
      sentence: text.slice(a, b),
      at,
    };
    if (last.polarity < 0 && last.cue !== undefined) found.cue = text.slice(tokens[last.cue].start, tokens[last.cue].end);
    if (deciding.some((o) => o.polarity !== last.polarity)) return { ...found, verdict: 'unclear', reason: 'mixed', cue: undefined };
    if (deciding.some((o) => o.kind === 'doubt')) return { ...found, verdict: 'unclear', reason: 'doubtful', cue: undefined };
    // A last statement said in passing (in a relative or subordinate clause, or with "would") after a
    // plain statement of the other verdict ("The MRI is medically necessary. Further imaging would not
    // be."; "... not medically necessary. The patient may follow up, which is medically appropriate."):
    // the rationale speaks of two things, and which one is the request cannot be told. Silence, rather
    // than a guess. (A plain last statement still decides: it is how a rationale concludes.)
    // So too a last statement about something the item does not name, after one about the request
    // ("The request for an EMG is medically necessary. Nerve conduction studies are not medically
    // necessary ..."; "The MRI is medically necessary. Surgical referral is not ...").
    const passing = last.subordinate || last.modal || last.aside;
    if (passing || last.subject === 'other' || last.subject === 'title') {
      for (let e = s - 1; e >= first; e--) {
        const earlier = readingOf(e);
        const against = earlier?.occurrences.some(
          (o) =>
            o.kind === 'sure' && !o.subordinate && !o.modal && !o.aside && !o.party && (withReported || !o.reported) && o.polarity !== last.polarity &&
            (passing || o.subject === 'request' || (last.subject === 'other' && o.subject === 'title')),
        );
        if (against) return { ...found, verdict: 'unclear', reason: 'mixed', cue: undefined };
      }
    }
    // The reviewer's last word on the request, said without "medically" after the statement
    // ("... Elective/maintenance care is not medically necessary. ... The request is reasonable
    // and is certified."), disagreeing with it: which one concludes cannot be told.
    if (strength === 'strong' && laterWeakDisagrees(text, sentences, s, last.polarity, named)) return { ...found, verdict: 'unclear', reason: 'mixed', cue: undefined };
    return found;
  }
  return hedgedOnly;
}

/** Whether a sentence after sentence `s` states, as the reviewer's plain weak statement about the
 *  request or the title, the other verdict than `polarity`. */
function laterWeakDisagrees(text: string, sentences: [number, number][], s: number, polarity: 1 | -1, named: ItemWords | undefined): boolean {
  for (let e = s + 1; e < sentences.length; e++) {
    const tokens = tokenize(text, sentences[e][0], sentences[e][1]);
    const disagrees = occurrencesIn(tokens, 'weak', named).some(
      (o) => o.kind === 'sure' && !o.party && !o.reported && !o.modal && !o.subordinate && !o.aside && (o.subject === 'request' || o.subject === 'title') && o.polarity !== polarity,
    );
    if (disagrees) return true;
  }
  return false;
}

/** "medical", also hyphenated at a line end ("medi- cally" as the folded text has it, or "medi-cally";
 *  the tokenizer joins it again). */
const MEDICAL = /medi(?:-\s*)?cal/i;

function read(text: string, named: ItemWords): Found {
  const sentences = sentenceRanges(text);
  const strong: SentenceReading[] = [];
  // What the guidelines say ("Guidelines state that ... is medically necessary when ...") is read
  // only when the reviewer states nothing of their own.
  return (
    decide(text, 'strong', sentences, Infinity, false, strong, named) ??
    decide(text, 'strong', sentences, Infinity, true, strong, named) ??
    decide(text, 'weak', sentences, 3, false, undefined, named) ?? { verdict: 'unclear', strength: 'none', reason: 'none' }
  );
}

/** Reads the conclusion of a rationale given as plain text; `title` is its item's title (see
 *  `titleWords`), `otherTitles` those of the letter's other items. */
export function readConclusionText(text: string, title = '', otherTitles: readonly string[] = []): Conclusion {
  const own = title ? titleWords(title) : new Set<string>();
  const { at: _at, ...rest } = read(text, new ItemWords(own, wordCounts([own, ...otherTitles.map(titleWords)])));
  return rest;
}

/** Each item's title words, and how many titles hold each word, read once for a letter's items (kept on its item list). */
const TITLE_WORDS = Symbol('titleWords');
type ItemsWords = { each: Set<string>[]; counts: Map<string, number> };
type WithTitleWords = readonly Item[] & { [TITLE_WORDS]?: ItemsWords };
function titleWordsOfItems(items: readonly Item[]): ItemsWords {
  const holder = items as WithTitleWords;
  let words = holder[TITLE_WORDS];
  if (!words) {
    const each = items.map((i) => titleWords(i.title));
    words = { each, counts: wordCounts(each) };
    if (Object.isExtensible(holder)) holder[TITLE_WORDS] = words;
  }
  return words;
}

/**
 * A body's conclusion is kept on the body itself, under this key (a body belongs to one item, so
 * it is read once for all the rules and the semantic tokens that ask), and dies with it. Not a
 * WeakMap: the scavenger cannot drop an entry of an old WeakMap whose key is young, so every
 * letter's bodies and conclusions lived on until a full collection (2 MB more kept at each
 * scavenge of a lint loop); nor a ring of recent bodies, which moved those bodies to the old
 * generation at each scavenge.
 */
const CONCLUSION = Symbol('conclusion');
type WithConclusion = FlatText & { [CONCLUSION]?: Conclusion };

/** Reads the conclusion of `item`'s rationale field body; the span is in letter offsets. `items`
 *  are the letter's items (what the others' titles name is no conclusion of this one: see
 *  `Occurrence.subject`). A body belongs to one item, so it is read once per body: the rules and
 *  the semantic tokens ask for the same field; each caller gets its own copy. */
export function readConclusion(body: FlatText, item: Item, items: readonly Item[]): Conclusion {
  const holder = body as WithConclusion;
  let c = holder[CONCLUSION];
  if (!c) {
    // (One count of each word over the letter's titles, not a set per item gathered from all the
    // others: that was items² a letter, 4,550 items 1.4 s.)
    const words = titleWordsOfItems(items);
    const k = items.indexOf(item);
    const own = k >= 0 ? words.each[k] : titleWords(item.title);
    const counts = k >= 0 ? words.counts : wordCounts([...words.each, own]);
    const { at, ...rest } = read(body.text, new ItemWords(own, counts));
    c = at ? { ...rest, span: flatSpan(body, at[0], at[1]) } : rest;
    // (A frozen model cannot hold it: then it is read again when asked again.)
    if (Object.isExtensible(holder)) holder[CONCLUSION] = c;
  }
  return { ...c, ...(c.span ? { span: { ...c.span } } : {}) };
}

/** The verdict a decision word states: Upheld = not medically necessary; Overturned = medically necessary. */
export function verdictOfDecision(decision: 'Upheld' | 'Overturned'): Verdict {
  return decision === 'Upheld' ? 'not-necessary' : 'necessary';
}
