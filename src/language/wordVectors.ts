// Word vectors (GloVe-derived, lexicon/word-vectors/): how related two words are, for matching a question's words
// to the article's other words for the same thing ("envoy" and "ambassador"). Loaded once, on first use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../projectFiles.js';
import { derivedLines } from './derivedLexicon.js';
import { sortedLinesText } from './sortedLines.js';

export const DIMENSIONS = 100;
const DATA = projectPath('lexicon', 'word-vectors');
const WORDS = path.join(DATA, 'words.txt');

export interface WordVectors {
  /** The word's unit vector, or null for a word the table lacks (names, typos, rare words). */
  vector(word: string): Float32Array | null;
}

let loaded: WordVectors | null = null;

/** "word<TAB>row" lines sorted by word: where each word's vector is, found by bisection (derived once). */
function rowsByWord(): string {
  const words = readFileSync(WORDS, 'utf8').split('\n').filter(Boolean);
  return sortedLinesText(words.map((word, row): [string, string] => [word, String(row)]));
}

function load(): WordVectors {
  const rows = derivedLines('word-vectors.txt', [WORDS], rowsByWord);
  const file = readFileSync(path.join(DATA, 'vectors.bin'));
  const count = (file.length / (DIMENSIONS + 4)) | 0;
  const bytes = new Int8Array(file.buffer, file.byteOffset, count * DIMENSIONS);
  const scales = new Float32Array(file.buffer.slice(file.byteOffset + count * DIMENSIONS, file.byteOffset + file.length));
  return {
    vector(word) {
      const line = rows.find(word);
      if (line < 0) return null;
      const i = Number(rows.value(line));
      const out = new Float32Array(DIMENSIONS);
      const scale = scales[i]!;
      for (let d = 0; d < DIMENSIONS; d++) out[d] = bytes[i * DIMENSIONS + d]! * scale;
      return out;
    },
  };
}

export function wordVectors(): WordVectors {
  loaded ??= load();
  return loaded;
}

/** Cosine similarity of two unit vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < DIMENSIONS; d++) sum += a[d]! * b[d]!;
  return sum;
}
