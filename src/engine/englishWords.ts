// The English dictionary, so that a real word a user typed ("rules") is never "corrected" into a story word ("roles").
// Kept as one sorted text plus line offsets and searched by bisection: a few MB instead of a
// Set of 274,000 strings.
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

interface SortedWords {
  readonly text: string;
  readonly starts: Uint32Array;
}

let dictionary: SortedWords | null = null;

function load(): SortedWords {
  // The file is sorted by locale, not by code unit as bisection needs: sort once, keep one string.
  const text = readFileSync(wordListPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join('\n');
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { text, starts: Uint32Array.from(starts) };
}

function wordAt(words: SortedWords, i: number): string {
  const start = words.starts[i]!;
  const end = i + 1 < words.starts.length ? words.starts[i + 1]! - 1 : words.text.length;
  return words.text.slice(start, end);
}

export function isEnglishWord(word: string): boolean {
  dictionary ??= load();
  let lo = 0;
  let hi = dictionary.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const candidate = wordAt(dictionary, mid);
    if (candidate === word) return true;
    if (candidate < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
