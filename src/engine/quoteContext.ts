// The sentences around a quote, so a reader sees it in its place in the story.
import type { Quote } from '../knowledge/types.js';
import type { AnswerIndex } from './answerIndex.js';

/** The sentence before the quote, the sentences holding it, and the one after (across paragraphs). */
export function quoteContext(index: AnswerIndex, quote: Quote): string {
  if (quote.part !== 'paragraph') {
    const story = index.knowledge.story;
    if (quote.part === 'title') return story.title;
    if (quote.part === 'subtitle') return story.subtitle ?? quote.text;
    return [story.caption ?? quote.text, story.credit].filter(Boolean).join(' ');
  }
  const passages = index.passages;
  const first = passages.findIndex((p) => p.paragraph === quote.paragraph && p.end > quote.start);
  if (first < 0) return quote.text;
  let last = first;
  while (last + 1 < passages.length && passages[last + 1]!.paragraph === quote.paragraph && passages[last + 1]!.start < quote.end) last++;
  const from = Math.max(0, first - 1);
  const to = Math.min(passages.length - 1, last + 1);
  return passages
    .slice(from, to + 1)
    .map((p) => p.text)
    .join(' ');
}
