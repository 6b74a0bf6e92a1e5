/**
 * A didChange's content changes applied to an open document. The library applies them one after
 * another, copying the whole text (and shifting its line table) for each: a multi-cursor edit of
 * 20,000 places in a 600 KB letter took 9.8 s. The changes of a multi-cursor edit come last place
 * first, each before the one it follows, so every change's range means the same in the text as it
 * was: then they are applied in one pass over the text. Anything else (overlapping or unordered
 * changes, a position past a line's end, a whole-text change) goes the library's way.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

export function applyContentChanges(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  if (changes.length > 1) {
    const text = inOnePass(doc, changes);
    if (text !== undefined) return TextDocument.create(doc.uri, doc.languageId, version, text);
  }
  return TextDocument.update(doc, changes, version);
}

/** The new text, when the changes can be applied at once; undefined when they must go one by one. */
function inOnePass(doc: TextDocument, changes: TextDocumentContentChangeEvent[]): string | undefined {
  const text = doc.getText();
  const starts = new Array<number>(changes.length);
  const ends = new Array<number>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!('range' in change) || !change.range) return undefined;
    const start = offsetOf(doc, change.range.start);
    const end = offsetOf(doc, change.range.end);
    if (start === undefined || end === undefined || start > end) return undefined;
    // Strictly before the change applied just before it: the text up to there has not moved.
    if (i > 0 && end >= starts[i - 1]) return undefined;
    starts[i] = start;
    ends[i] = end;
  }
  const parts: string[] = [];
  let at = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    parts.push(text.slice(at, starts[i]), changes[i].text);
    at = ends[i];
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The offset of a position that lies in the text (on a line, not past its end nor inside a line break); undefined otherwise. */
function offsetOf(doc: TextDocument, position: { line: number; character: number }): number | undefined {
  const offset = doc.offsetAt(position);
  const back = doc.positionAt(offset);
  return back.line === position.line && back.character === position.character ? offset : undefined;
}
