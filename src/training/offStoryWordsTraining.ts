// Learns the off-story words (src/engine/offStoryWords.ts) from labelled questions: for each word a question uses
// and its story doesn't, the smoothed log-odds of its questions being off-topic or unanswerable rather than
// answerable (naive Bayes over which words appear). Counted per question, in file order: the same table on every run.
import path from 'node:path';
import { wordsOffStory, type OffStoryWords } from '../engine/offStoryWords.js';
import { setsWithArticleIndex } from './passageExamples.js';

/** Words in fewer training questions than this say too little (measured: 3 and 5 gave the same rates). */
export const MIN_QUESTIONS = 3;
/** Add-one smoothing: a word seen only in off-topic questions is not infinitely sure. */
const SMOOTHING = 1;

/** The table learnt from the sets' questions, each read against its own story's article (no curated Q&A). */
export async function learnOffStoryWords(files: readonly string[], knowledgeDir: string, root: string): Promise<OffStoryWords> {
  const notAnswerable = new Map<string, number>();
  const answerable = new Map<string, number>();
  let [notAnswerableQuestions, answerableQuestions] = [0, 0];
  for await (const { set, index } of setsWithArticleIndex(files, knowledgeDir)) {
    for (const question of set.questions) {
      if (question.kind === 'chat') continue;
      const counts = question.kind === 'answerable' ? answerable : notAnswerable;
      if (question.kind === 'answerable') answerableQuestions++;
      else notAnswerableQuestions++;
      for (const word of wordsOffStory(index, index.analyzeQuestion(question.q))) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const words: Record<string, number> = {};
  for (const word of [...new Set([...notAnswerable.keys(), ...answerable.keys()])].sort()) {
    const [off, on] = [notAnswerable.get(word) ?? 0, answerable.get(word) ?? 0];
    if (off + on < MIN_QUESTIONS) continue;
    const odds = (off + SMOOTHING) / (notAnswerableQuestions + 2 * SMOOTHING) / ((on + SMOOTHING) / (answerableQuestions + 2 * SMOOTHING));
    words[word] = Math.round(Math.log(odds) * 1000) / 1000;
  }
  return {
    about:
      'Log-odds that a question using the word, where its story does not, is off-topic or unanswerable rather than answerable (naive Bayes, add-one smoothing). Written by npm run train; do not edit.',
    trainedOn: files.map((file) => path.relative(root, file)),
    minCount: MIN_QUESTIONS,
    words,
  };
}
