/**
 * Negation by scope, after NegEx (Chapman et al., 2001) and ConText (Harkema et al., 2009), the
 * standard method of clinical text processing, adapted to the few words a reviewer uses to state a
 * conclusion. This file holds the pieces that do not depend on what is being negated:
 *
 *  - sentences (a linear scan, never a backtracking regex) and word tokens, with hyphenated and
 *    run-together forms split into their words ("not-medically" → not + medically,
 *    "nonmedically" → non + medically, "medicallynecessary" → medically + necessary);
 *  - the trigger lexicon: negation triggers ("not", "cannot", "-n't", "never", "no longer",
 *    "fails to", "unable to", "neither/nor"), pseudo-triggers that look like negation but are not
 *    ("not only", "not to exceed", "no more than", "no increase", "whether or not"), uncertainty and
 *    hypothetical triggers ("may", "might", "possibly", "not necessarily", "unclear", "if", "once");
 *  - scope terminators: words and marks that end a trigger's scope ("but", "however", "therefore",
 *    "although", "which", "that", ";", ":", ",", a sentence end).
 *
 * `conclusion.ts` uses these to read whether a statement about medical necessity is negated.
 */
import { isJsSpace } from './text';

export interface Token {
  /** Lower-cased word (apostrophes folded to '), or the punctuation character. */
  w: string;
  /** Offsets in the text the token was read from. */
  start: number;
  end: number;
  isWord: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sentences

const ABBREVIATIONS = new Set(['dr', 'mr', 'ms', 'mrs', 'vs', 'e.g', 'i.e', 'eg', 'ie', 'no', 'fig', 'approx', 'st', 'jr', 'sr', 'pt', 'ca', 'al', 'inc', 'co', 'ref', 'etc']);
const END_MARK = /[.!?]/g;
const isEnd = (c: string) => c === '.' || c === '!' || c === '?';
const isCloser = (c: string) => c === '"' || c === '”' || c === '’' || c === ')' || c === ']' || c === "'";
const isOpener = (c: string) => c === '"' || c === '“' || c === '(' || c === "'" || c === '‘';
const isSpaceChar = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
const isUpperOrDigit = (c: string) => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
/** A character of an abbreviation ("e.g", "Dr"). (Regular expressions of a hot loop are module
 *  constants here and below: a literal in a function body makes a new RegExp object each time.) */
const ABBREVIATION_CHAR = /[A-Za-z.]/;
/** A character that `toLowerCase` may change: an upper-case ASCII letter, or any non-ASCII one. */
const MAY_LOWER = /[A-Z]|[^\0-\x7f]/;
/** `s` in lower case: `s` itself when it is already (no copy). */
const lowerCase = (s: string) => (MAY_LOWER.test(s) ? s.toLowerCase() : s);

/**
 * Splits text into sentence ranges [start, end). A sentence ends at a run of . ! ? (with closing
 * quotes or brackets) followed by white space and a capital letter or digit, or by the end of the
 * text; not after a known abbreviation ("Dr.", "e.g.") nor inside a decimal number ("0.025").
 * One pass over the text: linear on any input, including long runs of punctuation.
 */
export function sentenceRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    // The next . ! or ? by the engine's search (a loop over characters is many times slower).
    END_MARK.lastIndex = i;
    if (!END_MARK.test(text)) break;
    i = END_MARK.lastIndex - 1;
    const runStart = i;
    while (i < n && isEnd(text[i])) i++;
    while (i < n && isCloser(text[i])) i++;
    const end = i;
    let k = end;
    while (k < n && isSpaceChar(text[k])) k++;
    let boundary = false;
    if (k >= n) boundary = true;
    else if (k > end) {
      const c = isOpener(text[k]) && k + 1 < n ? text[k + 1] : text[k];
      boundary = isUpperOrDigit(c);
    }
    if (boundary && text[runStart] === '.' && end - runStart === 1 && k < n) {
      // An abbreviation before a single period does not end the sentence ("Dr. Smith", "e.g. no").
      let w = runStart;
      while (w > start && runStart - w < 6 && ABBREVIATION_CHAR.test(text[w - 1])) w--;
      if (ABBREVIATIONS.has(lowerCase(text.slice(w, runStart)))) boundary = false;
    }
    if (boundary) {
      if (end > start) out.push([start, end]);
      start = k;
    }
    i = Math.max(end, runStart + 1);
  }
  if (start < n && text.slice(start).trim()) out.push([start, n]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tokens

/**
 * The end of the token that starts at `at` (-1: none starts there), as the regular expression
 * `/[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,/]\d+)*|-{2,}|(?<=\s)[-–](?=\s)|[^\sA-Za-z\d-]/y` finds it:
 * a word (apostrophes inside), a number (with . , / between digits), a run of hyphens, a hyphen
 * between white space, or any other character but white space. By character codes: the sticky
 * expression asked at each position cost 58 ns a character. Like the expression, it reads past
 * the end the caller gives (the caller clamps).
 */
export function tokenEndAt(text: string, at: number): number {
  const n = text.length;
  const c = text.charCodeAt(at);
  tokenFlags = 0;
  if (isAsciiLetter(c)) {
    let upper = c <= 90;
    let i = at + 1;
    for (;;) {
      for (let d = text.charCodeAt(i); i < n && isAsciiLetter(d); d = text.charCodeAt(++i)) if (d <= 90) upper = true;
      const q = text.charCodeAt(i);
      if ((q === 39 || q === 0x2019) && i + 1 < n && isAsciiLetter(text.charCodeAt(i + 1))) {
        if (q === 0x2019) tokenFlags |= HAS_CURLY_APOSTROPHE;
        i += 2;
        if (text.charCodeAt(i - 1) <= 90) upper = true;
      } else {
        if (upper) tokenFlags |= MAY_CHANGE_CASE;
        return i;
      }
    }
  }
  if (isDigit(c)) {
    let i = at + 1;
    for (;;) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if ((q === 46 || q === 44 || q === 47) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) i += 2;
      else return i;
    }
  }
  if (c === 45) {
    // "--" and longer; a lone hyphen only between white space.
    if (text.charCodeAt(at + 1) === 45) {
      let i = at + 2;
      while (text.charCodeAt(i) === 45) i++;
      return i;
    }
    return at > 0 && isJsSpace(text.charCodeAt(at - 1)) && isJsSpace(text.charCodeAt(at + 1)) ? at + 1 : -1;
  }
  // Any other character but white space (an en dash too, spaced or not: one character either way).
  if (at >= n || isJsSpace(c)) return -1;
  if (c > 0x7f) tokenFlags = c === 0x2019 ? HAS_CURLY_APOSTROPHE : MAY_CHANGE_CASE;
  return at + 1;
}
/** What `tokenEndAt` saw in the token it found: an upper-case letter or a non-ASCII character
 *  (`toLowerCase` may change it), a curly apostrophe (folded to '). */
let tokenFlags = 0;
const MAY_CHANGE_CASE = 1;
const HAS_CURLY_APOSTROPHE = 2;
const CURLY_APOSTROPHES = /’/g;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
/** The lower-case rest of a word broken at a line end. */
const BROKEN_REST = /[a-z]+/y;

/** Words that a letter may run together with "not"/"non"/"medically" (pdftotext drops spaces and hyphens). */
const COMPOUND_NEGATORS = ['not', 'non'];
const COMPOUND_MEDICAL = ['medically', 'medical'];
const COMPOUND_PREDICATES = ['necessary', 'unnecessary', 'necessity', 'appropriate', 'inappropriate', 'indicated', 'reasonable', 'warranted', 'unwarranted', 'justified', 'supported', 'recommended', 'certified'];
/**
 * Every word of the form negator? medical? predicate? (a finite list: at most 125 words), with its parts:
 * what `/^(not|non)?(medically|medical)?(necessary|…|certified)?$/` would capture, found by a look-up
 * instead of the expression (a regular expression per long word was a tenth of the tokenizer). The
 * words are listed in the order the expression tries its choices (each group before skipping it,
 * "medically" before "medical"), and the first split of a word is kept, as the expression's is.
 */
const COMPOUND_PARTS = new Map<string, readonly string[]>();
for (const a of [...COMPOUND_NEGATORS, '']) {
  for (const b of [...COMPOUND_MEDICAL, '']) {
    for (const c of [...COMPOUND_PREDICATES, '']) {
      const word = a + b + c;
      if (word && !COMPOUND_PARTS.has(word)) COMPOUND_PARTS.set(word, [a, b, c].filter(Boolean));
    }
  }
}
/** The parts of a run-together word of the conclusion lexicon (see COMPOUND_PARTS); undefined for any other word. */
export const compoundParts = (word: string): readonly string[] | undefined => COMPOUND_PARTS.get(word);

/**
 * Word and punctuation tokens of text[from, to). Hyphenated words are split into their parts
 * ("not-medically" → "not", "medically"); a run-together negator or "medically" is split off
 * ("notmedically", "nonmedically", "medicallynecessary").
 */
export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let at = from;
  while (at < to) {
    // Each position in turn, as a global search would find the next token: a space starts none
    // (skipped here, the common case), any other position is asked of `tokenEndAt`.
    if (text.charCodeAt(at) === 32) {
      at++;
      continue;
    }
    const matchEnd = tokenEndAt(text, at);
    if (matchEnd < 0) {
      at++;
      continue;
    }
    const start = at;
    at = matchEnd;
    const end = Math.min(matchEnd, to);
    const first = text.charCodeAt(start);
    const raw = text.slice(start, end);
    if (first === 0x2014 || first === 0x2013 || first === 45) {
      // A dash between statements ("The criteria are not met — the request is not medically
      // necessary"; also "--" and a spaced hyphen or en dash) separates them as ";" does. An en
      // dash in a range ("286–326") is no statement's end, but nor is it a word: kept as it is.
      const between = first !== 0x2013 || isJsSpace(text.charCodeAt(start - 1));
      tokens.push({ w: between ? ';' : raw, start, end, isWord: false });
      continue;
    }
    // Most tokens are lower case already: then no lower-cased copy is made (the scan said whether
    // the token holds an upper-case or a non-ASCII character).
    const flags = tokenFlags;
    const lower = flags & MAY_CHANGE_CASE ? raw.toLowerCase() : raw;
    // A word hyphenated at a line end ("medically neces-" / "sary", folded to "neces- sary"; or
    // with the line break dropped, "medi-cally") is joined again when the whole is a word of the
    // conclusion lexicon; any other stays as it was ("X-ray", "pre- and post-operative").
    const restAt = text.charCodeAt(end + 1) === 32 ? end + 2 : end + 1;
    if (text.charCodeAt(end) === 45 && restAt < to) {
      BROKEN_REST.lastIndex = restAt;
      const rest = BROKEN_REST.exec(text);
      const joinedEnd = rest ? Math.min(restAt + rest[0].length, to) : -1;
      const joined = rest ? lower + text.slice(restAt, joinedEnd) : '';
      const parts = rest ? COMPOUND_PARTS.get(joined) : undefined;
      // One word of the lexicon ("necessary", "medically"); "non- medically" reads as two words already.
      if (parts && parts.length === 1) {
        tokens.push({ w: joined, start, end: joinedEnd, isWord: true });
        at = joinedEnd;
        continue;
      }
    }
    const w = flags & HAS_CURLY_APOSTROPHE ? lower.replace(CURLY_APOSTROPHES, "'") : lower;
    const c0 = w.charCodeAt(0);
    const isWord = (c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122);
    const parts = isWord && w.length > 9 ? COMPOUND_PARTS.get(w) : undefined;
    if (parts && parts.length >= 2) {
      let partStart = start;
      for (const part of parts) {
        tokens.push({ w: part, start: partStart, end: partStart + part.length, isWord: true });
        partStart += part.length;
      }
      continue;
    }
    tokens.push({ w, start, end, isWord });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Lexicon

/** Negation triggers that negate a predicate that follows them in their clause. */
const NEGATORS = new Set(['not', 'never', 'cannot', 'neither', 'nor', 'non']);
/** "non" negates only a predicate of necessity ("non-medically necessary", "non-certified"), not "non-steroidal". */
const NON_NEGATES = new Set(['medically', 'necessary', 'certified', 'indicated', 'approved', 'recommended', 'supported', 'essential']);
/** Verbs that negate the verb they govern: "fails to establish", "unable to support". */
const NEGATING_VERBS = new Set(['fail', 'fails', 'failed', 'failing', 'unable']);
/** Verbs that negate their object: "lacks medical necessity". */
export const LACKING = new Set(['lack', 'lacks', 'lacked', 'lacking', 'without', 'absence', 'absent', 'insufficient', 'no']);
/** Negating determiners that, first in a clause, negate its subject: "No further imaging is ...". */
export const NEGATING_DETERMINERS = new Set(['no', 'neither', 'none', 'nothing']);

/**
 * Pseudo-triggers: word sequences that hold a negation trigger but do not negate anything after
 * them. Each is matched as a whole at the trigger's position (the trigger is the first word).
 */
const PSEUDO: string[][] = [
  ['not', 'only'],
  ['not', 'just'],
  ['not', 'merely'],
  ['not', 'to', 'exceed'],
  ['not', 'exceeding'],
  ['not', 'more', 'than'],
  ['not', 'less', 'than'],
  ['not', 'fewer', 'than'],
  ['not', 'limited', 'to'],
  ['not', 'otherwise', 'specified'],
  ['not', 'rule', 'out'],
  ['cannot', 'rule', 'out'],
  ['cannot', 'be', 'ruled', 'out'],
  ['no', 'more', 'than'],
  ['no', 'less', 'than'],
  ['no', 'fewer', 'than'],
  ['no', 'later', 'than'],
  ['no', 'increase'],
  ['no', 'change'],
  ['no', 'significant', 'change'],
  ['no', 'doubt'],
  ['without', 'difficulty'],
  ['without', 'question'],
  ['without', 'contrast'],
  ['without', 'dye'],
  ['not', 'previously'],
  ['whether', 'or', 'not'],
  ['if', 'not'],
];
/** Pseudo-triggers that are uncertainty, not negation: "not necessarily", "not clear", "not certain". */
const HEDGING_PSEUDO: string[][] = [
  ['not', 'necessarily'],
  ['not', 'clear'],
  ['not', 'certain'],
  ['not', 'sure'],
  ['not', 'yet', 'clear'],
  ['not', 'entirely', 'clear'],
  ['no', 'clear'],
];

/** Words that a negation turns into a hedged positive ("not unreasonable", "not dispute"). */
const LITOTES = /^(?:un(?!der)[a-z]{4,}|in(?:appropriate|correct|consistent|valid)|dis(?:agree|pute)[a-z]*|den(?:y|ied|ies)|doubt[a-z]*|question|contest[a-z]*|impossible|without)$/;
/** Uncertainty and hypothetical triggers (ConText's "hypothetical" and "uncertain" values). */
export const HEDGES = new Set(['may', 'might', 'could', 'possibly', 'perhaps', 'probably', 'potentially', 'likely', 'unclear', 'uncertain', 'questionable', 'conceivably', 'arguably', 'hypothetically']);
/** Words that make what follows them in the clause a condition, not a statement. */
export const CONDITIONS = new Set(['if', 'unless', 'once', 'provided', 'providing', 'when', 'whenever', 'until', 'pending', 'whether', 'assuming', 'should']);

/** Words that end a clause (ConText's scope terminators), in either direction. */
export const TERMINATORS = new Set([
  'but', 'however', 'therefore', 'thus', 'hence', 'although', 'though', 'whereas', 'while', 'which', 'who', 'whom',
  'because', 'since', 'consequently', 'accordingly', 'nevertheless', 'nonetheless', 'that', 'whether', 'if', 'unless',
  'until', 'when', 'whenever', 'except', 'otherwise', 'furthermore', 'moreover', 'additionally', 'ultimately', 'so',
]);
/** Terminators that also separate independent statements (a negation before them never reaches past them). */
export const HARD_TERMINATORS = new Set(['but', 'however', 'therefore', 'thus', 'hence', 'consequently', 'accordingly', 'nevertheless', 'nonetheless', 'furthermore', 'moreover', 'additionally', 'ultimately', 'so']);
/** Words that open a subordinate (adverbial or relative) clause: what they hold does not govern the main clause. */
export const SUBORDINATORS = new Set([
  'although', 'though', 'while', 'whereas', 'given', 'since', 'because', 'as', 'even', 'considering', 'after', 'before',
  'if', 'unless', 'when', 'whenever', 'once', 'until', 'which', 'who', 'whom', 'despite', 'based', 'per', 'according',
  'due', 'without', 'in', 'with', 'under', 'for', 'upon', 'following', 'absent', 'pending',
]);

/** Auxiliaries and finite verbs that open a predicate ("the request [is] not ...", "[cannot] be deemed"). */
export const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'am', 'be', 'been', 'being', 'has', 'have', 'had', 'does', 'do', 'did', 'can', 'cannot', 'could',
  'would', 'will', 'shall', 'should', 'may', 'might', 'must', 'remains', 'remain', 'remained', 'appears', 'appear', 'appeared',
  'seems', 'seem', 'seemed', 'becomes', 'become', 'became', 'fails', 'failed', 'fail', 'lacks', 'lacked',
]);
/** Words that link a subject to an adjectival predicate ("is", "be", "deemed", "as"). */
export const LINKERS = new Set([
  'is', 'are', 'was', 'were', 'am', 'be', 'been', 'being', 'deemed', 'deem', 'deems', 'considered', 'consider', 'found', 'find',
  'finds', 'seen', 'as', 'appear', 'appears', 'appeared', 'seem', 'seems', 'seemed', 'remain', 'remains', 'remained', 'become',
  'becomes', 'became', 'rendered', 'render', 'renders', 'determined', 'judged', 'felt', 'thought', 'regarded', 'viewed',
  'shown', 'proven', 'established', 'demonstrated', 'believed', 'certified', 'held',
]);

/** Whether the words of `seq` stand at token i on. (Index loops here and in `classify`, which runs
 *  for every token read: for-of and array destructuring make an iterator object each time.) */
function startsWith(tokens: Token[], i: number, seq: readonly string[]): boolean {
  for (let k = 0; k < seq.length; k++) if (tokens[i + k]?.w !== seq[k]) return false;
  return true;
}

/** What a token is in the negation lexicon, read in its context. */
export type Cue = 'negation' | 'pseudo' | 'hedge' | 'none';

/**
 * Classifies token i: a negation trigger, part of a pseudo-trigger (or an uncertainty pseudo-trigger),
 * a hedge, or nothing. Pseudo-triggers are matched at every start position covering i.
 */
export function cueAt(tokens: Token[], i: number): Cue {
  // The cues of the token list being read (its statements are read one list at a time). A list
  // that is asked again after another one is classified again: `classify` reads only the tokens,
  // so the answer is the same. (A WeakMap entry per token list grew with the letter, and each
  // lookup and collection paid for it.) The cues are kept as codes in one array reused for every
  // list (a new array per list was a tenth of what reading a conclusion allocates).
  if (tokens !== cueTokens) {
    cueTokens = tokens;
    if (cueCodes.length < tokens.length) cueCodes = new Uint8Array(tokens.length * 2);
    else cueCodes.fill(NOT_CLASSIFIED, 0, tokens.length);
  }
  if (cueCodes[i] === NOT_CLASSIFIED) cueCodes[i] = CUES.indexOf(classify(tokens, i)) + 1;
  return CUES[cueCodes[i] - 1];
}
let cueTokens: Token[] | undefined;
/** `cueCodes[i]` is NOT_CLASSIFIED, or 1 + the index in CUES of token i's cue. */
const CUES: readonly Cue[] = ['negation', 'pseudo', 'hedge', 'none'];
const NOT_CLASSIFIED = 0;
let cueCodes = new Uint8Array(256);

/** For each word, the (sequence, position of the word in it) pairs of a list of word sequences. */
function byWord(seqs: readonly (readonly string[])[]): Map<string, [readonly string[], number][]> {
  const m = new Map<string, [readonly string[], number][]>();
  for (const seq of seqs)
    seq.forEach((w, k) => {
      const list = m.get(w);
      if (list) list.push([seq, k]);
      else m.set(w, [[seq, k]]);
    });
  return m;
}
let pseudoIndex: { hedging: Map<string, [readonly string[], number][]>; pseudo: Map<string, [readonly string[], number][]> } | undefined;

/** Whether one of `sequences` (each with the place of token i's word in it) stands around token i. */
function holdsSequence(tokens: Token[], i: number, sequences: readonly [readonly string[], number][] | undefined): boolean {
  if (!sequences) return false;
  for (let n = 0; n < sequences.length; n++) {
    const entry = sequences[n];
    if (startsWith(tokens, i - entry[1], entry[0])) return true;
  }
  return false;
}

function classify(tokens: Token[], i: number): Cue {
  const w = tokens[i].w;
  // The pseudo-triggers that hold this word, looked up by the word (not every trigger tried).
  pseudoIndex ??= { hedging: byWord(HEDGING_PSEUDO), pseudo: byWord(PSEUDO) };
  if (holdsSequence(tokens, i, pseudoIndex.hedging.get(w))) return 'hedge';
  if (holdsSequence(tokens, i, pseudoIndex.pseudo.get(w))) return 'pseudo';
  if (HEDGES.has(w)) return 'hedge';
  // Litotes is not a plain negation: "not unreasonable", "does not dispute that".
  if ((w === 'not' || w.endsWith("n't") || w === 'cannot') && LITOTES.test(tokens[i + 1]?.w ?? '')) return 'hedge';
  if (w === 'non') return NON_NEGATES.has(tokens[i + 1]?.w ?? '') ? 'negation' : 'none';
  if (NEGATORS.has(w) || w.endsWith("n't")) return 'negation';
  if (w === 'no' && tokens[i + 1]?.w === 'longer') return 'negation';
  if (NEGATING_VERBS.has(w) && tokens[i + 1]?.w === 'to') return 'negation';
  return 'none';
}

/** True for tokens that are not words: punctuation. */
export const isPunct = (t: Token | undefined) => !!t && !t.isWord;
