/**
 * The work one question can cause is bounded (WORK_BOUNDS): a long message of misspelt words has its first
 * words corrected and the rest read as typed, and related words are looked for only for its heaviest terms;
 * questions people ask stay inside the bounds and are read in full. The timings live in `npm run bench`.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_WORD_PREFIX } from '../src/engine/answerIndex.js';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { WORK_BOUNDS } from '../src/engine/tuning.js';
import { hostileQuestions } from '../src/bench/benchQuestions.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';

const SECOND_STORY_DIR = path.resolve(import.meta.dirname, 'fixtures', 'second-story');

let library: KnowledgeSnapshot;
/** The story's longer words, each once, in article order. */
let storyWords: string[];

/** A letter dropped from the middle: a typo every knowledge word of six letters or more is corrected from. */
const dropMiddle = (word: string) => word.slice(0, 3) + word.slice(4);

beforeAll(async () => {
  library = (await KnowledgeStore.open(SECOND_STORY_DIR)).current;
  const text = library.knowledge.story.paragraphs
    .map((p) => p.text)
    .join(' ')
    .toLowerCase();
  storyWords = [...new Set(text.match(/\p{L}{6,}/gu) ?? [])];
});

describe('a question of many misspelt words', () => {
  it('has only its first words corrected and reads the rest as typed', () => {
    // Typos the corrector fixes when each is asked alone.
    const fixable = storyWords.map(dropMiddle).filter((typo) => library.index.analyzeQuestion(typo).corrections.length > 0);
    expect(fixable.length).toBeGreaterThan(WORK_BOUNDS.wordsCorrected + 5);
    const analyzed = library.index.analyzeQuestion(fixable.join(' '));

    expect(analyzed.corrections.map((c) => c.from)).toEqual(fixable.slice(0, WORK_BOUNDS.wordsCorrected));
    // The words past the bound are still read: as typed, not dropped.
    for (const typo of fixable.slice(WORK_BOUNDS.wordsCorrected)) expect(analyzed.words).toContain(typo);
  });

  it('looks for related words only for its heaviest terms', () => {
    const analyzed = library.index.analyzeQuestion(storyWords.slice(0, WORK_BOUNDS.termsRelated + 10).join(' '));
    const content = analyzed.weighted.filter(([term]) => !term.startsWith(QUESTION_WORD_PREFIX));
    expect(content.length).toBeGreaterThan(WORK_BOUNDS.termsRelated);
    expect(analyzed.relatable.size).toBe(WORK_BOUNDS.termsRelated);
    const lightest = Math.min(...content.filter(([t]) => analyzed.relatable.has(t)).map(([, w]) => w));
    for (const [term, weight] of content) if (!analyzed.relatable.has(term)) expect(weight).toBeLessThanOrEqual(lightest);
  });

  it('is still answered (or declined) like any other question, with a verbatim quote when answered', () => {
    for (const question of hostileQuestions(library.knowledge.story.paragraphs.map((p) => p.text).join('\n'), 10)) {
      expect(question.length).toBeLessThanOrEqual(499);
      const result = answerQuestion(library.index, question);
      if (result.quote) expect(library.knowledge.story.paragraphs.map((p) => p.text).join('\n')).toContain(result.quote);
    }
  });
});

describe('a question people ask', () => {
  it('has every misspelt word corrected when it has as many as the bound allows', () => {
    const typos = storyWords.slice(0, WORK_BOUNDS.wordsCorrected).map(dropMiddle);
    const analyzed = library.index.analyzeQuestion(`what about ${typos.join(' ')}`);
    const corrected = new Set(analyzed.corrections.map((c) => c.from));
    // Every typo the corrector fixes on its own is fixed inside the question too.
    for (const typo of typos) {
      const alone = library.index.analyzeQuestion(typo).corrections.length > 0;
      expect(corrected.has(typo)).toBe(alone);
    }
  });
});
