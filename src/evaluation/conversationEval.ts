// Runs conversation sets through the engine as a chat would: each turn after the first is asked with the asker's
// last question about the story in memory (or, for comparison, alone), and judged like any dev question.
import type { AnswerIndex } from '../engine/answerIndex.js';
import { answerFollowUp, subjectAfter, type Subject } from '../engine/followUp.js';
import type { DevQuestion, QuestionKind } from './devQuestions.js';
import { judge, type KindReport, type Miss } from './evaluate.js';

export interface ConversationReport {
  /** First turns (asked with nothing before them), per kind. */
  readonly first: Readonly<Record<QuestionKind, KindReport>>;
  /** Later turns, per kind. */
  readonly followUps: Readonly<Record<QuestionKind, KindReport>>;
  readonly misses: readonly Miss[];
}

const KINDS: readonly QuestionKind[] = ['answerable', 'unanswerable', 'offtopic', 'chat'];

/** `memory: false` asks every turn alone: what the bot did before it remembered the last question. */
export function evaluateConversations(
  index: AnswerIndex,
  conversations: ReadonlyArray<readonly DevQuestion[]>,
  options: { memory: boolean },
): ConversationReport {
  const tallies = { first: new Map<QuestionKind, [number, number]>(), followUps: new Map<QuestionKind, [number, number]>() };
  const misses: Miss[] = [];
  for (const turns of conversations) {
    let previous: Subject | null = null;
    turns.forEach((question, i) => {
      const answer = answerFollowUp(index, question.q, options.memory ? previous : null);
      previous = subjectAfter(answer) ?? previous;
      const { result } = answer;
      const why = judge(question, result, index.knowledge.story);
      const tally = i === 0 ? tallies.first : tallies.followUps;
      const t = tally.get(question.kind) ?? [0, 0];
      tally.set(question.kind, [t[0] + (why === null ? 1 : 0), t[1] + 1]);
      if (why !== null) misses.push({ question, result, why });
    });
  }
  const report = (tally: Map<QuestionKind, [number, number]>) =>
    Object.fromEntries(
      KINDS.map((kind) => {
        const [correct, total] = tally.get(kind) ?? [0, 0];
        return [kind, { correct, total, rate: total === 0 ? 1 : correct / total }];
      }),
    ) as Record<QuestionKind, KindReport>;
  return { first: report(tallies.first), followUps: report(tallies.followUps), misses };
}
