/**
 * Regular expressions that come from workspace data (globs in `.imrlintrc.json`, patterns in user
 * guideline catalogs) run on RE2 (the `re2js` port): matching time is linear in the text for any
 * pattern, so a hostile or careless pattern such as `(a+)+$` or `*a*a*a*a*b` can never freeze the
 * linter. RE2 has no backreferences or lookarounds; such a pattern is reported as invalid.
 */
import { RE2JS } from 're2js';

export interface LinearRegex {
  /** The first match in `text`, as offsets, or undefined. */
  exec(text: string): { index: number; end: number } | undefined;
  /** Whether the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /** Whether the pattern matches the whole of `text`. */
  matchesWhole(text: string): boolean;
}

const compiled = new Map<string, LinearRegex>();
const MAX_CACHED = 2000;

/** Compiles a pattern (JavaScript-like syntax, RE2 semantics). Throws an Error with a short reason when the pattern is not valid. */
export function linearRegex(source: string, options: { ignoreCase?: boolean } = {}): LinearRegex {
  const key = `${options.ignoreCase ? 'i' : '-'}${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    // RE2's messages name the offending construct ("invalid or unsupported Perl syntax: `(?=`"); keep only the reason.
    throw new Error(String((err as Error).message ?? err).split('\n')[0].slice(0, 120), { cause: err });
  }
  const regex: LinearRegex = {
    exec(text) {
      const m = re.matcher(text);
      return m.find() ? { index: m.start(), end: m.end() } : undefined;
    },
    test: (text) => re.test(text),
    matchesWhole: (text) => re.testExact(text),
  };
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, regex);
  return regex;
}

/** The reason a pattern cannot be used, or undefined when it compiles. */
export function linearRegexError(source: string, options: { ignoreCase?: boolean } = {}): string | undefined {
  try {
    linearRegex(source, options);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The longest pattern a user catalog may hold, and the largest repeat count in it: RE2's time is linear in the text, times the size of the pattern, so both are bounded. */
export const MAX_USER_PATTERN_LENGTH = 200;
export const MAX_USER_REPEAT = 100;

/** Why a pattern from a user catalog cannot be used (too long, a large repeat count, or not valid RE2), or undefined. */
export function userPatternError(source: string, options: { ignoreCase?: boolean } = {}): string | undefined {
  if (source.length > MAX_USER_PATTERN_LENGTH) return `longer than ${MAX_USER_PATTERN_LENGTH} characters`;
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > MAX_USER_REPEAT || (m[2] && Number(m[2]) > MAX_USER_REPEAT)) return `a repeat count over ${MAX_USER_REPEAT}`;
  }
  return linearRegexError(source, options);
}
