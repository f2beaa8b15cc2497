// Autocomplete for question fields: curated questions that fit what the user has typed so far.
import { closestEntries } from '../engine/storyQueries.js';
import { typedWords } from '../language/chatTyping.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import type { AutocompleteChoice } from './commandDefinition.js';
import { exampleQuestions } from './examples.js';
import { LIMITS, truncate } from './limits.js';

/** Entries below this share too little with what was typed to be offered. */
const MIN_SCORE = 0.05;

const choice = (text: string): AutocompleteChoice => {
  const short = truncate(text, LIMITS.autocompleteChoiceLength);
  return { name: short, value: short };
};

/** What was typed, with a half-typed last word widened to the knowledge words it may become ("ch" → "chief change"). */
function completedQuery(snapshot: KnowledgeSnapshot, typed: string): string {
  if (/\s$/.test(typed)) return typed;
  const last = typedWords(typed).at(-1);
  if (!last || last.length < 2) return typed;
  return `${typed} ${snapshot.index.completeWord(last, 3).join(' ')}`;
}

/**
 * Up to 25 choices, best first. What the user typed comes first so free text always works; then the
 * curated questions the engine ranks highest (typos fixed as in answers).
 */
export function suggestQuestions(
  snapshot: KnowledgeSnapshot,
  typed: string,
  max: number = LIMITS.autocompleteChoices,
): AutocompleteChoice[] {
  const text = typed.slice(0, LIMITS.question).trim();
  if (text.length === 0) return exampleQuestions(snapshot, Math.min(max, 5)).map(choice);
  const questions: string[] = [text];
  for (const { entry, score } of closestEntries(snapshot.index, completedQuery(snapshot, typed.slice(0, LIMITS.question)))) {
    if (questions.length >= max || score < MIN_SCORE) break;
    // Offered questions are ones the bot answers.
    if (entry.kind === 'fact' && !questions.includes(entry.question)) questions.push(entry.question);
  }
  return questions.map(choice);
}
