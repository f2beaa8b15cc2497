// /quote: a verbatim sentence of the story: the one that best matches a topic, a whole paragraph, or a notable quote.
import { matchingSentences, storySentences } from '../engine/storyQueries.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import type { CommandDefinition } from './commandDefinition.js';
import { LIMITS, truncate } from './limits.js';
import type { Reply } from './reply.js';

/** Sentences that quote a person: they hold a quotation mark. */
export function notableQuotes(snapshot: KnowledgeSnapshot): Array<{ paragraph: number; text: string }> {
  return storySentences(snapshot.index).filter((s) => /["\u201C\u201D]/.test(s.text));
}

/** A topic must match at least this share of its words in a sentence to be quoted for it. */
const MIN_COVERAGE = 0.34;

function quoteReply(paragraph: number, text: string, lead: string): Reply {
  return { kind: 'info', text: lead, quote: text, footer: `Paragraph ${paragraph}`, ephemeral: false };
}

export function quoteAbout(snapshot: KnowledgeSnapshot, about: string): Reply {
  const best = matchingSentences(snapshot.index, about, 1)[0];
  if (!best || best.coverage < MIN_COVERAGE) {
    return {
      kind: 'decline',
      text: 'No sentence of the story matches that. Try other words, or /quote with no option for a notable quote.',
      ephemeral: true,
    };
  }
  return quoteReply(best.paragraph, best.text, 'From the story:');
}

export function quoteParagraph(snapshot: KnowledgeSnapshot, paragraph: number): Reply {
  const count = snapshot.knowledge.story.paragraphs.length;
  const found = snapshot.knowledge.story.paragraphs.find((p) => p.number === paragraph);
  if (!found) return { kind: 'notice', text: `The story has paragraphs 1 to ${count}.`, ephemeral: true };
  return quoteReply(found.number, found.text, `Paragraph ${found.number} of ${count}:`);
}

export function notableQuote(snapshot: KnowledgeSnapshot, random: () => number): Reply {
  const quotes = notableQuotes(snapshot);
  const pool = quotes.length > 0 ? quotes : storySentences(snapshot.index);
  const pick = pool[Math.floor(random() * pool.length) % pool.length]!;
  return quoteReply(pick.paragraph, pick.text, 'A quote from the story:');
}

export const quoteCommand: CommandDefinition = {
  name: 'quote',
  description: 'A verbatim quote from the story',
  rateLimited: true,
  options: [
    { name: 'about', description: 'What the quote should be about', type: 'string', autocomplete: true, maxLength: LIMITS.question },
    { name: 'paragraph', description: 'A paragraph number', type: 'integer', minValue: 1, maxValue: 999 },
  ],
  run(options, { store, random = Math.random }) {
    const snapshot = store.current;
    if (typeof options.paragraph === 'number') return quoteParagraph(snapshot, options.paragraph);
    if (typeof options.about === 'string' && options.about.trim().length > 0) return quoteAbout(snapshot, options.about);
    return notableQuote(snapshot, random);
  },
  autocomplete(_option, typed, snapshot) {
    const ranked = typed.trim() ? matchingSentences(snapshot.index, typed, LIMITS.autocompleteChoices) : [];
    const texts = (ranked.length > 0 ? ranked : notableQuotes(snapshot)).map((s) => s.text);
    return texts.slice(0, LIMITS.autocompleteChoices).map((t) => {
      const short = truncate(t, LIMITS.autocompleteChoiceLength);
      return { name: short, value: short };
    });
  },
};
