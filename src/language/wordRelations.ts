// Words WordNet relates (lexicon/word-relations/): the same meaning, the kind of thing, the same word as another
// part of speech; and, for names, only the same place or people told another way (same.txt: "britain", the uk).
// Both sides are stems, so "gizmos" finds the relations of "gizmo" and a question costs no stemming: each file is
// kept as sorted lines "stem<TAB>related stems" (derived once, see derivedLexicon.ts), searched by bisection.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../projectFiles.js';
import { derivedLines } from './derivedLexicon.js';
import { sortedLinesText, type SortedLines } from './sortedLines.js';
import { stem } from './stem.js';

const RELATIONS = projectPath('lexicon', 'word-relations', 'relations.txt');
const SAME_NAMES = projectPath('lexicon', 'word-relations', 'same.txt');
/** The stemmer's own file: relations keyed by an older stemmer are derived again. */
const STEMMER = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? './stem.js' : './stem.ts', import.meta.url));
/** This module: a change to how the table is derived derives it again. */
const DERIVATION = fileURLToPath(import.meta.url);

let related: SortedLines | null = null;
let sameNames: SortedLines | null = null;

/** One line per stem: the stems of the words related to any word with that stem. */
function keyedByStem(file: string): string {
  const byStem = new Map<string, Set<string>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, ...others] = line.split(' ');
    if (!word || others.length === 0) continue;
    const key = stem(word);
    const set = byStem.get(key) ?? new Set<string>();
    for (const r of others) set.add(stem(r));
    byStem.set(key, set);
  }
  return sortedLinesText([...byStem].map(([key, set]): [string, string] => [key, [...set].join(' ')]));
}

const derive = (name: string, file: string) => derivedLines(name, [file, STEMMER, DERIVATION], () => keyedByStem(file));

/** Loads the tables now rather than on the first question. */
export function loadWordRelations(): void {
  related ??= derive('word-relations.txt', RELATIONS);
  sameNames ??= derive('same-names.txt', SAME_NAMES);
}

function lookUp(table: SortedLines, word: string): string[] {
  const i = table.find(stem(word));
  return i < 0 ? [] : table.value(i).split(' ');
}

/** The stems of the words WordNet relates to a word (any of its forms), or none. */
export function relatedStems(word: string): string[] {
  loadWordRelations();
  return lookUp(related!, word);
}

/** The stems of the words that name what the name `word` names ("american": us, america), or none. */
export function sameNameStems(word: string): string[] {
  loadWordRelations();
  return lookUp(sameNames!, word);
}
