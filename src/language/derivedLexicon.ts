// Language data derived from the word lists and the lexicon/ files (sorted, merged, keyed), computed once and kept
// as compact files in dist/lexicon/: `npm run build` writes them, and every start reads them instead of deriving
// them again. A file older than what it was derived from is derived and written anew.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../projectFiles.js';
import { keyHashTable, lineStarts, SortedLines } from './sortedLines.js';

export const DERIVED_DIR = projectPath('dist', 'lexicon');

const modifiedAt = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
};

const isFresh = (file: string, sources: readonly string[]) =>
  modifiedAt(file) !== Infinity && modifiedAt(file) >= Math.max(...sources.map(modifiedAt));

function keep(file: string, content: string | Uint8Array): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  } catch {
    // A read-only install derives it at each start instead: slower, the same data.
  }
}

/** The text of derived file `name`: read if it is newer than each of `sources`, else derived by `derive` and kept. */
export function derivedText(name: string, sources: readonly string[], derive: () => string): string {
  const file = path.join(DERIVED_DIR, name);
  if (isFresh(file, sources)) return readFileSync(file, 'utf8');
  const text = derive();
  keep(file, text);
  return text;
}

/**
 * Derived sorted lines (see sortedLines.ts) with their offsets and key hashes, all kept: loading reads three
 * files, nothing more.
 */
export function derivedLines(name: string, sources: readonly string[], derive: () => string): SortedLines {
  const file = path.join(DERIVED_DIR, name);
  const offsets = `${file}.offsets`;
  const hashes = `${file}.hashes`;
  if (isFresh(file, sources) && isFresh(offsets, [file]) && isFresh(hashes, [file])) {
    return new SortedLines(readFileSync(file, 'utf8'), uint32s(readFileSync(offsets)), uint32s(readFileSync(hashes)));
  }
  const text = derive();
  const starts = lineStarts(text);
  const lines = new SortedLines(text, starts);
  const table = keyHashTable(lines.keys(), starts.length);
  keep(file, text);
  keep(offsets, new Uint8Array(starts.buffer));
  keep(hashes, new Uint8Array(table.buffer));
  return new SortedLines(text, starts, table);
}

/** The bytes as 32-bit numbers (copied when the buffer doesn't start on a multiple of four). */
const uint32s = (bytes: Buffer) =>
  bytes.byteOffset % 4 === 0
    ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    : new Uint32Array(new Uint8Array(bytes).buffer);
