// Example questions to offer when the bot can't answer, in /help and in an empty /ask box: the canonical
// questions of a few curated facts; for a story put in from its article alone, questions drafted from the
// article (as `knowledge:draft` drafts them) that the bot answers from the sentence they were drafted from.
import { draftEntries, type DraftEntry } from '../authoring/draftQa.js';
import { answerQuestion } from '../engine/answerQuestion.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';

export function exampleQuestions(snapshot: KnowledgeSnapshot, count: number): string[] {
  const facts = snapshot.knowledge.entries.filter((e) => e.kind === 'fact');
  const questions = facts.length > 0 ? facts.map((e) => e.question) : answeredDrafts(snapshot);
  if (questions.length <= count) return questions;
  // Spread over the story so the examples cover different parts of it.
  const step = questions.length / count;
  return Array.from({ length: count }, (_, i) => questions[Math.floor(i * step)]!);
}

// Drafts meant for a moderator's review are not all fit to show users ("How much did the council spend a?"): only
// the kinds whose wording is a fixed pattern around a name ("Who is Rosa Delgado?", "What did Rosa Delgado say?"), and
// "when" questions that are short and end on a word that finishes them.
const SHOWN_KINDS = new Set(['who-is', 'said']);
const DANGLING = /\b(?:a|an|the|of|to|than|for|with|by|at|in|on|from|above|back|more|so|that|and|or|but)\?$/i;
const MAX_WORDS = 12;
const fitToShow = (draft: DraftEntry) =>
  SHOWN_KINDS.has(draft.kind) ||
  (draft.kind === 'when' && draft.question.split(/\s+/).length <= MAX_WORDS && !DANGLING.test(draft.question));

// Drafted and checked once per snapshot: a reload brings a new snapshot.
const drafted = new WeakMap<KnowledgeSnapshot, string[]>();

function answeredDrafts(snapshot: KnowledgeSnapshot): string[] {
  let questions = drafted.get(snapshot);
  if (!questions) {
    questions = draftEntries(snapshot.knowledge)
      .filter(fitToShow)
      .filter((draft) => {
        const result = answerQuestion(snapshot.index, draft.question);
        return result.answered && result.paragraph === draft.paragraph;
      })
      .map((draft) => draft.question);
    drafted.set(snapshot, questions);
  }
  return questions;
}
