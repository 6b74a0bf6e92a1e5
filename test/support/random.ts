/**
 * A seeded pseudo-random source for the tests' random inputs (the same inputs on every run).
 * A 32-bit linear congruential generator in integer arithmetic, read from its high bits: the
 * earlier `(seed * 1103515245 + 12345) & 0x7fffffff` lost its low bits to floating point and gave
 * only even numbers for an even range, so half of each alphabet was never drawn.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % n;
  };
}
