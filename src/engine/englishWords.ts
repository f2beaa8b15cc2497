// The English dictionary, so that a real word a user typed ("rules") is never "corrected" into a story word ("roles").
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let dictionary: ReadonlySet<string> | null = null;

export function isEnglishWord(word: string): boolean {
  dictionary ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return dictionary.has(word);
}
