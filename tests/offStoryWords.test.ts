// The off-story words: learnt from labelled questions (which words, where the story doesn't use them, come with
// questions the story can't answer), the same on every run; read only for words the story itself never uses.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offStoryScore, offStoryWords, withOffStoryWords, wordsOffStory, type OffStoryWords } from '../src/engine/offStoryWords.js';
import { BENIGN_UNKNOWN_WORD_DISCOUNT } from '../src/engine/tuning.js';
import { articleSources } from '../src/knowledge/initKnowledge.js';
import { validateKnowledge } from '../src/knowledge/validateKnowledge.js';
import { buildSnapshot, KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { learnOffStoryWords } from '../src/training/offStoryWordsTraining.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

const table = (words: Record<string, number>): OffStoryWords => ({ about: '', trainedOn: [], minCount: 1, words });

describe('reading a question', () => {
  let library: KnowledgeSnapshot;
  let stormy: KnowledgeSnapshot;
  beforeAll(async () => {
    library = (await KnowledgeStore.open(SECOND_STORY_DIR)).current;
    // A made-up story that is about the weather.
    const article = ['Storm keeps ferry in port', 'The weather kept the Gull Island ferry in port for a third day on Tuesday.'].join(
      '\n\n',
    );
    stormy = buildSnapshot(validateKnowledge(articleSources(article)));
  });

  it('counts the words the story never uses, and only those', () => {
    const q = library.index.analyzeQuestion('is the weather nice at the library');
    expect(wordsOffStory(library.index, q)).toContain('weather');
    expect(wordsOffStory(library.index, q)).not.toContain('librari');
    const weather = table({ weather: 3 });
    expect(offStoryScore(library.index, q, weather)).toBe(3);
    // In a story about the weather, the word is the story's own.
    expect(offStoryScore(stormy.index, stormy.index.analyzeQuestion('is the weather nice'), weather)).toBe(0);
  });

  it('never counts a question word, whether or not the story uses it', () => {
    const q = library.index.analyzeQuestion('how many books were wrecked');
    expect(wordsOffStory(library.index, q)).not.toContain('how');
    expect(offStoryScore(library.index, q, table({ how: 3 }))).toBe(0);
  });

  it('is evidence against answering only: words common in answerable questions never make up for the rest', () => {
    const q = library.index.analyzeQuestion('what happened to the weather');
    expect(offStoryScore(library.index, q, table({ happen: -2.5 }))).toBe(0);
    expect(offStoryScore(library.index, q, table({ happen: -2.5, weather: 3 }))).toBeCloseTo(0.5);
    expect(offStoryScore(library.index, q, table({ weather: 40 }))).toBe(5);
  });

  it('weighs a word the story never uses less when such words came with answerable questions, and no other word', () => {
    const ask = () => Object.fromEntries(library.index.analyzeQuestion('who wrote about the flooded library').weighted);
    const plain = withOffStoryWords(table({}), ask);
    const benign = withOffStoryWords(table({ write: -2, librari: -2 }), ask);
    const offish = withOffStoryWords(table({ write: 2 }), ask);
    expect(benign.write).toBeCloseTo(plain.write! * Math.exp(-2 * BENIGN_UNKNOWN_WORD_DISCOUNT));
    // A word of the story keeps its weight, whatever the table says; a word marking chat keeps its own.
    expect(benign.librari).toBe(plain.librari);
    expect(offish.write).toBe(plain.write);
  });

  it('reads a word that names something on every object ("constructor") as any other', () => {
    const q = library.index.analyzeQuestion('who is the constructor of the wall');
    expect(offStoryScore(library.index, q, table({}))).toBe(0);
  });

  it('loads the committed table, learnt by npm run train', () => {
    const committed = offStoryWords();
    expect(Object.keys(committed.words).length).toBeGreaterThan(100);
    expect(committed.trainedOn).toContain('eval/dev-questions.yaml');
  });
});

describe('learning the table', () => {
  let dir: string;
  let sets: string[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'off-story-'));
    const set = (questions: Array<[string, string]>) =>
      'article: home\nquestions:\n' +
      questions
        .map(([q, kind]) => `  - q: "${q}"\n    kind: ${kind}\n    style: plain\n${kind === 'answerable' ? '    expect: [1]\n' : ''}`)
        .join('');
    sets = [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')];
    await writeFile(
      sets[0]!,
      set([
        ['what is the weather like today', 'offtopic'],
        ['any weather tips for the weekend', 'offtopic'],
        ['how is the weather in paris', 'offtopic'],
        ['how many books were damaged', 'answerable'],
      ]),
    );
    await writeFile(
      sets[1]!,
      set([
        ['how much did the flood cost the weather service', 'unanswerable'],
        ['who cut the ribbon', 'answerable'],
        ['when did the library reopen', 'answerable'],
      ]),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a word of questions the story cannot answer a positive weight, leaves out the story’s own and rare words', async () => {
    const learnt = await learnOffStoryWords(sets, SECOND_STORY_DIR, dir);
    expect(learnt.words.weather).toBeGreaterThan(0);
    // "books", "library", "ribbon" are the story's own; "paris" is in one question only.
    expect(Object.keys(learnt.words)).not.toContain('book');
    expect(Object.keys(learnt.words)).not.toContain('ribbon');
    expect(Object.keys(learnt.words)).not.toContain('pari');
    expect(learnt.trainedOn).toEqual(['a.yaml', 'b.yaml']);
  });

  it('learns the same table on every run', async () => {
    expect(await learnOffStoryWords(sets, SECOND_STORY_DIR, dir)).toEqual(await learnOffStoryWords(sets, SECOND_STORY_DIR, dir));
  });
});
