// Example questions to offer when the bot can't answer: the canonical questions of a few curated facts.
import type { Knowledge } from '../knowledge/types.js';

export function exampleQuestions(knowledge: Knowledge, count: number): string[] {
  const facts = knowledge.entries.filter((e) => e.kind === 'fact');
  if (facts.length <= count) return facts.map((e) => e.question);
  // Spread over the file so the examples cover different parts of the story.
  const step = facts.length / count;
  return Array.from({ length: count }, (_, i) => facts[Math.floor(i * step)]!.question);
}
