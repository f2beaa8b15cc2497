// What to change in a quote that is not in the article word for word: where it stops matching, and what the article has there.
import { locateQuote, partText } from './article.js';
import type { Quote, Story } from './types.js';

const SHOWN_WORDS = 6;

function placeName(quote: Quote): string {
  return quote.part === 'paragraph' ? `paragraph ${quote.paragraph}` : `the ${quote.part}`;
}

/** The longest run of the quote's first words that is in the article, by binary search (a prefix of a found prefix is found). */
function longestFoundPrefix(story: Story, words: readonly string[]): { count: number; place: Quote } | null {
  let lo = 1;
  let hi = words.length - 1;
  let best: { count: number; place: Quote } | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const place = locateQuote(story, words.slice(0, mid).join(' '));
    if (place) {
      best = { count: mid, place };
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

const firstWords = (text: string, n: number) => text.trim().split(/\s+/).slice(0, n).join(' ');

export function quoteFixHint(story: Story, quote: string): string {
  const exactly = 'copy it exactly from one line of article.txt (only spacing and curly/straight quote marks may differ)';
  const words = quote.trim().split(/\s+/);
  const found = words.length > 1 ? longestFoundPrefix(story, words) : null;
  // Two words in common is chance; from three on, the moderator meant that place.
  if (!found || found.count < 3) return exactly;
  const { place, count } = found;
  const text = partText(story, place.part, place.paragraph) ?? '';
  const articleGoesOn = firstWords(text.slice(place.end), SHOWN_WORDS);
  const quoteGoesOn = words.slice(count, count + SHOWN_WORDS).join(' ');
  const matched = words.slice(Math.max(0, count - 4), count).join(' ');
  if (articleGoesOn.length === 0)
    return `it matches ${placeName(place)} up to "…${matched}", where that line ends; a quote must come from one line, so end it there`;
  return `it matches ${placeName(place)} up to "…${matched}", then the article has "${articleGoesOn}…" where the quote has "${quoteGoesOn}…"; ${exactly}`;
}
