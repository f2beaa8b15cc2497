// Labelled examples for the passage model: every dev question's candidate sentences, their features, and which
// of them hold the answer (the sentence holds an evidence excerpt, or lies in an expected paragraph).
import path from 'node:path';
import type { AnswerIndex } from '../engine/answerIndex.js';
import { withOffStoryWords, type OffStoryWords } from '../engine/offStoryWords.js';
import { passageFeatures, questionEvidence } from '../engine/passageFeatures.js';
import { rankStoryPassages } from '../engine/passageRanking.js';
import { evidencePlaces } from '../evaluation/evaluate.js';
import { loadDevSet, type DevQuestion, type DevSet } from '../evaluation/devQuestions.js';
import { snapshotForArticle } from '../evaluation/storyKnowledge.js';

/** Candidates per question the model sees: the retrieval's best few. */
export const CANDIDATES = 10;

export interface QuestionExample {
  readonly file: string;
  /** The story asked about: a corpus article's name, or "home". */
  readonly article: string;
  readonly question: DevQuestion;
  readonly rows: ReadonlyArray<readonly number[]>;
  readonly right: readonly boolean[];
}

/** Whether a story sentence answers the question. */
export function passageAnswers(index: AnswerIndex, question: DevQuestion, passageId: number): boolean {
  if (question.kind !== 'answerable') return false;
  const passage = index.passages[passageId]!;
  if (question.evidence) {
    const places = evidencePlaces(index.knowledge.story, question);
    if (places.length > 0)
      return places.some(
        (q) => q.part === 'paragraph' && q.paragraph === passage.paragraph && q.start < passage.end && q.end > passage.start,
      );
  }
  return question.expect?.some((e) => e === passage.paragraph) ?? false;
}

/**
 * Each dev set with the index of its story's article alone (no curated Q&A), built once per article; a set whose
 * article is absent (../shared/stories not here) is left out.
 */
export async function* setsWithArticleIndex(
  files: readonly string[],
  knowledgeDir: string,
): AsyncGenerator<{ readonly file: string; readonly set: DevSet; readonly index: AnswerIndex }> {
  const indexes = new Map<string | null, AnswerIndex | null>();
  for (const file of files) {
    const set = await loadDevSet(file);
    if (!indexes.has(set.article))
      indexes.set(set.article, (await snapshotForArticle(set.article, { knowledgeDir, articleOnly: true }))?.index ?? null);
    const index = indexes.get(set.article);
    if (index) yield { file, set, index };
  }
}

/**
 * Examples from dev sets; the home story's sets are asked of its article alone (no curated Q&A). `offStoryFor`
 * gives the off-story words to read an article's questions with (training: a table learnt without that article);
 * by default, the committed table.
 */
export async function passageExamples(
  files: readonly string[],
  knowledgeDir: string,
  offStoryFor?: (article: string) => OffStoryWords,
): Promise<QuestionExample[]> {
  const examples: QuestionExample[] = [];
  for await (const { file, set, index } of setsWithArticleIndex(files, knowledgeDir)) {
    const article = set.article ?? 'home';
    examples.push(...withOffStoryWords(offStoryFor?.(article), () => setExamples(index, file, article, set.questions)));
  }
  return examples;
}

/** One set's examples, its questions read with the off-story words in use (see withOffStoryWords). */
function setExamples(index: AnswerIndex, file: string, article: string, questions: readonly DevQuestion[]): QuestionExample[] {
  return questions
    .filter((question) => question.kind !== 'chat')
    .map((question) => {
      const q = index.analyzeQuestion(question.q);
      const candidates = rankStoryPassages(index, q, CANDIDATES);
      return {
        file: path.basename(file),
        article,
        question,
        rows: passageFeatures(index, q, questionEvidence(index, q), candidates),
        right: candidates.map((c) => passageAnswers(index, question, c.id)),
      };
    });
}
