// A message of several sentences ("did the library reopen? i walked past and it looked shut", "Good
// morning. Could you tell me who ..."): its question sentences, each of which may be answered on its own when
// the whole message, aside and all, is not.
import type { AnswerIndex } from './answerIndex.js';
import { isYesNoQuestion } from './answerTypes.js';
import { MESSAGE_SENTENCES } from './tuning.js';

/** The sentences of the message that ask something, in order; none for a one-sentence or a long message. */
export function questionSentences(index: AnswerIndex, text: string): string[] {
  const sentences = text
    .split(/(?<=[?!.])\s+(?=\S)/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2 || sentences.length > MESSAGE_SENTENCES.most) return [];
  return sentences
    .filter((s) => {
      if (s.endsWith('?')) return true;
      const q = index.analyzeQuestion(s);
      return q.questionWords.length > 0 || isYesNoQuestion(q.words);
    })
    .slice(0, MESSAGE_SENTENCES.asked);
}
