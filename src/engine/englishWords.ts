// The English dictionary, so that a real word a user typed ("rules") is never "corrected" into a story word ("roles").
// Kept as the file's text plus its words' offsets in sorted order, searched by bisection: a few MB
// instead of a Set of 274,000 strings.
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

interface SortedWords {
  /** The file as read: one word a line, in the file's (locale) order. */
  readonly text: string;
  /** Where each word starts in `text`, in code-unit order of the words, as bisection needs. */
  readonly starts: Uint32Array;
}

let dictionary: SortedWords | null = null;

// Words are compared where they sit in the text: splitting, sorting and joining 274,000 strings would
// leave tens of MB of garbage, and the process keeps the memory it grew to.
function load(): SortedWords {
  const text = readFileSync(wordListPath, 'utf8');
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const end = lineEnd(text, at);
    if (end > at) starts.push(at);
    at = end + 1;
  }
  const sorted = Uint32Array.from(starts).sort((a, b) => compareWords(text, a, b));
  return { text, starts: sorted };
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** The code unit of the word starting at `start`, `i` letters in; -1 past its end. */
function codeAt(text: string, start: number, i: number): number {
  const at = start + i;
  if (at >= text.length) return -1;
  const code = text.charCodeAt(at);
  return code === 10 ? -1 : code;
}

/** Orders two words of the text as `<` orders strings. */
function compareWords(text: string, a: number, b: number): number {
  for (let i = 0; ; i++) {
    const x = codeAt(text, a, i);
    const y = codeAt(text, b, i);
    if (x !== y) return x - y;
    if (x === -1) return 0;
  }
}

/** Orders the word of the text at `start` against `word` as `<` orders strings. */
function compareWith(text: string, start: number, word: string): number {
  for (let i = 0; ; i++) {
    const x = codeAt(text, start, i);
    const y = i < word.length ? word.charCodeAt(i) : -1;
    if (x !== y) return x - y;
    if (x === -1) return 0;
  }
}

export function isEnglishWord(word: string): boolean {
  dictionary ??= load();
  const { text, starts } = dictionary;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareWith(text, starts[mid]!, word);
    if (order === 0) return true;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
