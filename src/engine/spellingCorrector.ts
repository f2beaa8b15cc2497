// Typo tolerance: a word the knowledge doesn't know, and English doesn't either, is mapped to the nearest
// knowledge word. Fuse.js finds near candidates; an edit-distance cap decides.
import Fuse from 'fuse.js';
import { QUESTION_WORDS, STOPWORDS } from './chatWords.js';
import { editDistance } from './editDistance.js';
import { isEnglishWord } from './englishWords.js';
import type { WordCorrector } from './textAnalyzer.js';

const MIN_LENGTH = 4;
const CACHE_LIMIT = 10_000;

/** Typos allowed for a word of this length: one for short words, two from six letters on. */
function allowedEdits(length: number): number {
  return length >= 6 ? 2 : 1;
}

export function buildSpellingCorrector(vocabulary: Iterable<string>): WordCorrector {
  const known = new Set([...vocabulary].filter((w) => /^\p{L}+$/u.test(w)));
  const fuse = new Fuse([...known], { includeScore: true, ignoreLocation: true, threshold: 0.45, minMatchCharLength: 2 });
  const cache = new Map<string, string | null>();

  const nearest = (word: string): string | null => {
    const limit = allowedEdits(word.length);
    let best: { word: string; distance: number; sameStart: boolean } | null = null;
    for (const { item } of fuse.search(word, { limit: 10 })) {
      const distance = editDistance(word, item, limit);
      if (distance > limit) continue;
      const sameStart = item[0] === word[0];
      if (!best || distance < best.distance || (distance === best.distance && sameStart && !best.sameStart)) {
        best = { word: item, distance, sameStart };
      }
    }
    return best?.word ?? null;
  };

  return (word) => {
    if (word.length < MIN_LENGTH || known.has(word) || STOPWORDS.has(word) || QUESTION_WORDS.has(word)) return null;
    if (!/^\p{L}+$/u.test(word)) return null;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const fixed = isEnglishWord(word) ? null : nearest(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, fixed);
    return fixed;
  };
}
