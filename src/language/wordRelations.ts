// Words WordNet relates (lexicon/word-relations/): the same meaning, the kind of thing, the same word as another
// part of speech. Both sides are stems, so "gizmos" finds the relations of "gizmo" and a question costs no
// stemming: the file is kept as sorted lines "stem<TAB>related stems" (derived once, see derivedLexicon.ts),
// searched by bisection.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../projectFiles.js';
import { derivedLines } from './derivedLexicon.js';
import { sortedLinesText, type SortedLines } from './sortedLines.js';
import { stem } from './stem.js';

const FILE = projectPath('lexicon', 'word-relations', 'relations.txt');
/** The stemmer's own file: relations keyed by an older stemmer are derived again. */
const STEMMER = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? './stem.js' : './stem.ts', import.meta.url));
/** This module: a change to how the table is derived derives it again. */
const DERIVATION = fileURLToPath(import.meta.url);

let table: SortedLines | null = null;

/** One line per stem: the stems of the words related to any word with that stem. */
function keyedByStem(): string {
  const byStem = new Map<string, Set<string>>();
  for (const line of readFileSync(FILE, 'utf8').split('\n')) {
    const [word, ...related] = line.split(' ');
    if (!word || related.length === 0) continue;
    const key = stem(word);
    const set = byStem.get(key) ?? new Set<string>();
    for (const r of related) set.add(stem(r));
    byStem.set(key, set);
  }
  return sortedLinesText([...byStem].map(([key, set]): [string, string] => [key, [...set].join(' ')]));
}

/** Loads the table now rather than on the first question. */
export function loadWordRelations(): void {
  table ??= derivedLines('word-relations.txt', [FILE, STEMMER, DERIVATION], keyedByStem);
}

/** The stems of the words WordNet relates to a word (any of its forms), or none. */
export function relatedStems(word: string): string[] {
  loadWordRelations();
  const i = table!.find(stem(word));
  return i < 0 ? [] : table!.value(i).split(' ');
}
