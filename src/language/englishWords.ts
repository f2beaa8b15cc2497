// The English dictionary, so that a real word a user typed ("rules") is never "corrected" into a story word ("roles").
// Its 274,000 words are kept as sorted lines (derived once, see derivedLexicon.ts) searched by bisection.
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { derivedLines } from './derivedLexicon.js';
import type { SortedLines } from './sortedLines.js';

let dictionary: SortedLines | null = null;

/** The word list, one word a line, sorted in code-unit order as bisection needs (the package's is in locale order). */
function sortedWordList(): string {
  return readFileSync(wordListPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join('\n');
}

export function isEnglishWord(word: string): boolean {
  dictionary ??= derivedLines('english-words.txt', [wordListPath], sortedWordList);
  return dictionary.has(word);
}
