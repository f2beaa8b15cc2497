// Autocomplete for question fields: curated questions that fit what the user has typed so far.
import Fuse from 'fuse.js';
import { rankEntries } from '../engine/answerQuestion.js';
import { phrasingsOf } from '../engine/answerIndex.js';
import type { KnowledgeSnapshot } from '../knowledge/knowledgeStore.js';
import type { AutocompleteChoice } from './commandDefinition.js';
import { exampleQuestions } from './examples.js';
import { LIMITS, truncate } from './limits.js';

interface Searchable {
  readonly question: string;
  readonly phrasings: readonly string[];
}

// One fuzzy index per loaded knowledge; a reload makes a new snapshot and so a new index.
const fuzzyIndexes = new WeakMap<KnowledgeSnapshot, Fuse<Searchable>>();

function fuzzyIndexFor(snapshot: KnowledgeSnapshot): Fuse<Searchable> {
  let fuse = fuzzyIndexes.get(snapshot);
  if (!fuse) {
    const docs: Searchable[] = snapshot.index.facts.map(({ entry }) => ({ question: entry.question, phrasings: phrasingsOf(entry) }));
    fuse = new Fuse<Searchable>(docs, {
      keys: [
        { name: 'question', weight: 2 },
        { name: 'phrasings', weight: 1 },
      ],
      ignoreLocation: true,
      threshold: 0.4,
      includeScore: true,
    });
    fuzzyIndexes.set(snapshot, fuse);
  }
  return fuse;
}

const choice = (text: string): AutocompleteChoice => {
  const short = truncate(text, LIMITS.autocompleteChoiceLength);
  return { name: short, value: short };
};

/**
 * Up to 25 choices, best first. What the user typed comes first so free text always works; then
 * the curated questions the engine ranks highest; then fuzzy matches of a half-typed question.
 */
export function suggestQuestions(
  snapshot: KnowledgeSnapshot,
  typed: string,
  max: number = LIMITS.autocompleteChoices,
): AutocompleteChoice[] {
  const text = typed.trim();
  if (text.length === 0) return exampleQuestions(snapshot.knowledge, Math.min(max, 5)).map(choice);
  const questions: string[] = [text];
  const add = (q: string) => {
    if (!questions.includes(q) && questions.length < max) questions.push(q);
  };
  for (const c of rankEntries(snapshot.index, text).slice(0, max)) {
    if (c.score > 0.15) add(snapshot.index.facts[c.id]!.entry.question);
  }
  if (questions.length < max) {
    for (const r of fuzzyIndexFor(snapshot).search(text.slice(0, 64), { limit: max })) add(r.item.question);
  }
  return questions.map(choice);
}
