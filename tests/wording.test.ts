/**
 * Proves what the question's exact wording settles on its own (src/engine/wording.ts), on the second story
 * with one entry added in `qa/`: a question that repeats a curated phrasing word for word, apart from chat
 * filler, is answered even when its few words are too common to score high; one word more of content, and
 * it is not.
 */
import { describe, expect, it } from 'vitest';
import { answerQuestion, rankForAnswer } from '../src/engine/answerQuestion.js';
import { THRESHOLDS } from '../src/engine/tuning.js';
import { secondStoryForTests } from './support/secondStoryWith.js';

// "library" is in nearly every entry of the story, so a question made of it alone weighs little.
const LIBRARY_NOW = `entries:
  - id: library-now
    question: What is the library doing now?
    answer: It has reopened, with new opening hours and a café to come.
    quote: The library is now open from 9am to 6pm on weekdays
`;

const story = secondStoryForTests({ 'library-now.yaml': LIBRARY_NOW });

describe('a question asked just as a phrasing is written', () => {
  it('is answered, though its words alone score below the confident band', () => {
    const question = 'ngl what is the library even doing now';
    expect(rankForAnswer(story.snapshot.index, question)[0]!.score).toBeLessThan(THRESHOLDS.confident);
    expect(answerQuestion(story.snapshot.index, question)).toMatchObject({ answered: true, entryId: 'library-now' });
  });

  it('is not, with a content word the phrasing lacks', () => {
    const result = answerQuestion(story.snapshot.index, 'what is the library doing about parking now');
    expect(result.answered).toBe(false);
  });
});
