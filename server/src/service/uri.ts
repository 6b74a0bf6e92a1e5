/**
 * URIs as strings (scheme://authority/path?query#fragment), for any scheme the editor has:
 * file, untitled, vscode-vfs, imr-pdf. No node module: the service runs in a web worker too.
 */

export interface ParsedUri {
  scheme: string;
  authority: string;
  /** Percent-encoded, as in the URI. */
  path: string;
  query: string;
}

const URI = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/;

export function parseUri(uri: string): ParsedUri | undefined {
  const m = URI.exec(uri);
  return m ? { scheme: m[1].toLowerCase(), authority: m[2] ?? '', path: m[3], query: m[4] ?? '' } : undefined;
}

function format(u: ParsedUri): string {
  const authority = u.authority || u.scheme === 'file' ? `//${u.authority}` : '';
  return `${u.scheme}:${authority}${u.path}${u.query ? `?${u.query}` : ''}`;
}

export function schemeOf(uri: string): string {
  return parseUri(uri)?.scheme ?? '';
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One path segment, encoded. */
function encodeSegment(name: string): string {
  return encodeURIComponent(name);
}

/** A URI without query and fragment, with a decoded path: the key that compares two spellings of one URI. */
export function uriKey(uri: string): string {
  const u = parseUri(uri);
  if (!u) return uri;
  let p = decode(u.path);
  // file:///C:/ and file:///c%3A/ are the same file.
  if (u.scheme === 'file') p = p.replace(/^\/([A-Za-z]):/, (_m, d: string) => `/${d.toLowerCase()}:`);
  return `${u.scheme}://${u.authority.toLowerCase()}${p.replace(/\/+$/, '') || '/'}`;
}

/** The folder that holds a URI's file (its path without the last segment). */
export function dirnameUri(uri: string): string {
  const u = parseUri(uri);
  if (!u) return uri;
  const cut = u.path.replace(/\/+$/, '').lastIndexOf('/');
  return format({ ...u, path: cut <= 0 ? '/' : u.path.slice(0, cut), query: '' });
}

/** The last segment of a URI's path, decoded. */
export function basenameUri(uri: string): string {
  const u = parseUri(uri);
  const p = u ? u.path.replace(/\/+$/, '') : uri;
  return decode(p.slice(p.lastIndexOf('/') + 1));
}

/** `name` (one decoded segment) inside the folder `dir`. */
export function childUri(dir: string, name: string): string {
  const u = parseUri(dir);
  if (!u) return `${dir}/${name}`;
  return format({ ...u, path: `${u.path.replace(/\/+$/, '')}/${encodeSegment(name)}`, query: '' });
}

/** Whether `uri` is `folder` or lies below it (same scheme and authority; paths compared decoded). */
export function isInsideUri(uri: string, folder: string): boolean {
  const a = uriKey(uri);
  const b = uriKey(folder);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}

/** The decoded path of `uri` relative to the folder `base` ("a/b.imr"), or undefined when it is not inside. */
export function relativeUri(base: string, uri: string): string | undefined {
  if (!isInsideUri(uri, base)) return undefined;
  const a = uriKey(uri);
  const b = uriKey(base);
  return a === b ? '' : a.slice(b.length + (b.endsWith('/') ? 0 : 1));
}

/**
 * A path from a setting or a config file, resolved against the folder `base`: an absolute path
 * ("/x/y.json", "C:\\x\\y.json") keeps the folder's scheme and authority; "." and ".." segments
 * are resolved (never above the root).
 */
export function resolveUri(base: string, p: string): string {
  const u = parseUri(base);
  if (!u) return p;
  let rel = p.replace(/\\/g, '/');
  let segments: string[];
  if (/^[A-Za-z]:\//.test(rel)) rel = `/${rel}`;
  if (rel.startsWith('/')) segments = [];
  else segments = decode(u.path).split('/').filter(Boolean);
  for (const s of rel.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  return format({ ...u, path: `/${segments.map(encodeSegment).join('/')}`, query: '' });
}

/** Whether a path from a setting is absolute ("/x", "C:\\x", "C:/x"). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** What a message shows for a URI: the file path of a file: URI, else the URI. */
export function displayUri(uri: string): string {
  const u = parseUri(uri);
  if (!u || u.scheme !== 'file' || u.authority) return uri;
  const p = decode(u.path);
  return /^\/[A-Za-z]:/.test(p) ? p.slice(1).replace(/\//g, '\\') : p;
}

/**
 * The resource whose folder and settings apply to a document: itself, or for the text view of a
 * PDF letter (imr-pdf:/path/letter.pdf?<the PDF's scheme>, client/src/pdf.ts) the PDF file.
 */
export function resourceOf(uri: string): string {
  const u = parseUri(uri);
  if (!u || u.scheme !== 'imr-pdf') return uri;
  return format({ scheme: (u.query || 'file').toLowerCase(), authority: u.authority, path: u.path, query: '' });
}

/** The text view of a PDF file (as client/src/pdf.ts makes it). */
export function pdfViewUri(pdf: string): string {
  const u = parseUri(pdf);
  if (!u) return pdf;
  return `imr-pdf:${u.authority ? `//${u.authority}` : ''}${u.path}?${u.scheme}`;
}
