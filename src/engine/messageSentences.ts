// A message of several sentences ("did the library reopen? i walked past and it looked shut", "Good
// morning. Could you tell me who ...", "okay, for my notes: who ..."): its question sentences, each of which
// may be answered on its own when the whole message, aside and all, is not. An aside about the asker after a
// comma ("did it reopen, i walked past and ...") ends a sentence too.
import type { AnalyzedQuestion, AnswerIndex } from './answerIndex.js';
import { isYesNoQuestion } from './answerTypes.js';
import { MESSAGE_SENTENCES } from './tuning.js';

/** The sentences of the message that ask something, in order, each read once; none for a one-sentence or a long message. */
export function questionSentences(index: AnswerIndex, text: string): AnalyzedQuestion[] {
  const sentences = text
    .split(/(?<=[?!.:])\s+(?=\S)|,\s+(?=(?:i|im|i['’]m|ive|i['’]ve|my|me)\s)/iu)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2 || sentences.length > MESSAGE_SENTENCES.most) return [];
  const asking: AnalyzedQuestion[] = [];
  for (const sentence of sentences) {
    if (asking.length === MESSAGE_SENTENCES.asked) break;
    const q = index.analyzeQuestion(sentence);
    if (sentence.endsWith('?') || q.questionWords.length > 0 || isYesNoQuestion(q.words)) asking.push(q);
  }
  return asking;
}
