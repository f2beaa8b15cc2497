// The words a question uses that its story never does, and how strongly each marks a question the story can't
// answer: log-odds learnt by `npm run train` from the dev sets' off-topic and unanswerable questions against their
// answerable ones (model/off-story-words.json, a reviewable word list). "my", "recommend", "weather" or "old" mark
// chat, general knowledge and what news stories don't say; a word of the story itself is never counted, so a
// story about the weather still answers about it. Function words ("my", "you", "can") are never in a story's
// index, so they always count: their weights say what kind of message it is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stem } from '../language/stem.js';
import { QUESTION_WORDS } from '../language/wordLists.js';
import { projectPath } from '../projectFiles.js';
import type { AnalyzedQuestion, AnswerIndex } from './answerIndex.js';
import { MODEL_DIR } from './trainedModels.js';

export interface OffStoryWords {
  readonly about: string;
  readonly trainedOn: readonly string[];
  /** Words seen in fewer questions than this were left out. */
  readonly minCount: number;
  /** Word stem → log-odds that a question using it (where its story doesn't) is not answerable from the story. */
  readonly words: Readonly<Record<string, number>>;
}

export const OFF_STORY_WORDS_FILE = path.join(MODEL_DIR, 'off-story-words.json');

/** The evidence is capped: a long message of chat words is no surer to be chat than a short one. */
export const OFF_STORY_CAP = 5;

let loaded: OffStoryWords | null = null;
let instead: OffStoryWords | null = null;

/** The table questions are read with: the committed one, unless training has put another in its place. */
export function offStoryWords(): OffStoryWords {
  if (instead) return instead;
  loaded ??= JSON.parse(readFileSync(projectPath(OFF_STORY_WORDS_FILE), 'utf8')) as OffStoryWords;
  return loaded;
}

/** Forgets the loaded table (training writes a new one and reads it back). */
export function forgetOffStoryWords(): void {
  loaded = null;
}

/**
 * Runs `work` with questions read with `table` in place of the committed one (none given: the committed one).
 * Training reads each question with a table learnt without it, as a new question is read: a table that has seen
 * the question says too much about it.
 */
export function withOffStoryWords<T>(table: OffStoryWords | undefined, work: () => T): T {
  if (!table) return work();
  const before = instead;
  instead = table;
  try {
    return work();
  } finally {
    instead = before;
  }
}

/**
 * The stems of the question's words (as read, typos corrected) that the story's sentences never use, each once.
 * Question words are left out: what a question asks for is the answer types' to read, and the weight learnt for
 * "how" marked plain questions ("how many books got wrecked by the water") as off the story.
 */
export function wordsOffStory(index: AnswerIndex, q: AnalyzedQuestion): string[] {
  const off = new Set<string>();
  for (const word of q.words) {
    if (QUESTION_WORDS.has(word)) continue;
    const s = stem(word);
    if (!index.passagesByTerm.has(s) && !index.passageContextsByTerm.has(s)) off.add(s);
  }
  return [...off];
}

/** How strongly the question's off-story words say the story can't answer it: 0 (no sign) to OFF_STORY_CAP. */
export function offStoryScore(index: AnswerIndex, q: AnalyzedQuestion, table: OffStoryWords = offStoryWords()): number {
  let sum = 0;
  for (const word of wordsOffStory(index, q)) if (Object.hasOwn(table.words, word)) sum += table.words[word]!;
  // Only as evidence against: words a story lacks that are common in answerable questions ("happened") are no
  // sign it can answer (measured: clipping at 0 kept more unanswerable questions declined).
  return Math.min(OFF_STORY_CAP, Math.max(0, sum));
}
