// Word vectors (GloVe-derived, lexicon/word-vectors/): how related two words are, for matching a question's words
// to the article's other words for the same thing ("envoy" and "ambassador"). Loaded once, on first use.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DIMENSIONS = 100;
const DATA = path.resolve(import.meta.dirname, '..', '..', 'lexicon', 'word-vectors');

export interface WordVectors {
  /** The word's unit vector, or null for a word the table lacks (names, typos, rare words). */
  vector(word: string): Float32Array | null;
}

let loaded: WordVectors | null = null;

function load(): WordVectors {
  const words = readFileSync(path.join(DATA, 'words.txt'), 'utf8').split('\n').filter(Boolean);
  const file = readFileSync(path.join(DATA, 'vectors.bin'));
  const bytes = new Int8Array(file.buffer, file.byteOffset, words.length * DIMENSIONS);
  const scales = new Float32Array(file.buffer.slice(file.byteOffset + words.length * DIMENSIONS, file.byteOffset + file.length));
  const indexOf = new Map(words.map((w, i) => [w, i]));
  return {
    vector(word) {
      const i = indexOf.get(word);
      if (i === undefined) return null;
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
