/**
 * Globs of `overrides.files`: `*` within a path segment, `**` across segments, `?` one character;
 * every other character is literal. A glob is translated to a regular expression and matched by
 * RE2 (linearRegex), so matching takes time linear in the path for any glob, however many `*`.
 */
import { linearRegex, type LinearRegex } from '../linearRegex';

/** The longest glob accepted in a config (a real one is a few dozen characters). */
export const MAX_GLOB_LENGTH = 1000;

const normalize = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** The regular expression (source, anchored by the matcher) a glob stands for. */
export function globPattern(glob: string): string {
  let g = normalize(glob);
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const atEnd = i + 2 === g.length || g[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === g.length) re += '.*';
          else {
            re += '(?:[^/]*/)*';
            i++; // skip the slash after **
          }
          i++;
          continue;
        }
        re += '[^/]*';
        i++;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return re;
}

/** A compiled glob: whether a path relative to the config's folder matches; a glob without "/" matches the file name at any depth. */
export function compileGlob(glob: string): (relPath: string) => boolean {
  const g = normalize(glob);
  const re: LinearRegex = linearRegex(globPattern(g));
  if (!g.includes('/')) return (relPath) => {
    const p = normalize(relPath);
    return re.matchesWhole(p.slice(p.lastIndexOf('/') + 1));
  };
  return (relPath) => re.matchesWhole(normalize(relPath));
}

/** Whether a path relative to the config's folder matches a glob (see compileGlob). */
export function matchesGlob(relPath: string, glob: string): boolean {
  return compileGlob(glob)(relPath);
}
