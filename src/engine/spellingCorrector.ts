// Typo tolerance: a word the knowledge doesn't know, and everyday English doesn't either, is mapped to the
// nearest knowledge word. A symmetric-delete index finds near candidates; an edit-distance cap decides.
import { buildDeleteIndex, DeleteIndex, type DeleteIndexData } from './deleteIndex.js';
import { QUESTION_WORDS, STOPWORDS } from '../language/wordLists.js';
import { editDistance } from '../language/editDistance.js';
import { isEnglishWord } from '../language/englishWords.js';
import type { WordCorrector } from './textAnalyzer.js';
import { memoized } from '../language/rememberedWork.js';
import { TWO_TYPOS_FROM, TYPO_MIN_LENGTH, TYPO_SHORTEST } from './tuning.js';
import { isAlmostUnused, wordRarity } from '../language/wordRarity.js';

/** Typos allowed for a word of this length: one for short words, two from TWO_TYPOS_FROM letters on. */
function allowedEdits(length: number): number {
  return length >= TWO_TYPOS_FROM ? 2 : 1;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Whether one typo (a letter dropped, added, changed or two swapped) away there is a word people use. */
function hasEverydayNeighbour(word: string): boolean {
  const isEveryday = (w: string) => w !== word && isEnglishWord(w) && !isAlmostUnused(w);
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (i < word.length && isEveryday(head + tail.slice(1))) return true;
    if (i < word.length - 1 && isEveryday(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2))) return true;
    for (const letter of LETTERS) {
      if (isEveryday(head + letter + tail)) return true;
      if (i < word.length && isEveryday(head + letter + tail.slice(1))) return true;
    }
  }
  return false;
}

function preferTied(word: string, item: string, current: string): boolean {
  const swapped = isSwap(word, item);
  if (swapped !== isSwap(word, current)) return swapped;
  if (item.length !== current.length) return item.length < current.length;
  return wordRarity(item) < wordRarity(current);
}

/** Whether two neighbouring letters of `word` swapped give `item` (the commonest slip of a fast typist). */
function isSwap(word: string, item: string): boolean {
  if (word.length !== item.length) return false;
  let at = 0;
  while (at < word.length && word[at] === item[at]) at++;
  return at < word.length - 1 && word[at] === item[at + 1] && word[at + 1] === item[at] && word.slice(at + 2) === item.slice(at + 2);
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (short[i] === long[j]) i++;
  return i === short.length;
}

/** The words typos are corrected into: the vocabulary's words of letters only. */
function correctableWords(vocabulary: Iterable<string>): string[] {
  return [...new Set([...vocabulary].filter((w) => /^\p{L}+$/u.test(w)))];
}

/** The words typos are corrected into that the delete index holds, in alphabetical order (its ids, and ties, follow it). */
export function typoIndexWords(vocabulary: Iterable<string>): string[] {
  return correctableWords(vocabulary)
    .filter((w) => w.length >= TYPO_SHORTEST - 1)
    .sort();
}

/**
 * The typo corrector over a vocabulary. `typoIndex`, the costly part, is built with the rest of the index data (in
 * the reload worker, see IndexBuildMemory.typoIndexFor); without it, it is built here.
 */
export function buildSpellingCorrector(
  vocabulary: Iterable<string>,
  typoIndex: DeleteIndexData = buildDeleteIndex(typoIndexWords(vocabulary)),
): WordCorrector {
  const known = new Set(correctableWords(vocabulary));
  const words = new DeleteIndex(typoIndex);

  const nearest = (word: string, limit: number): { word: string; distance: number } | null => {
    const candidates = words.candidates(word, limit >= 2 ? 2 : 1);
    // Fewest edits first; on a tie, the same first letter, then a word the typo is only missing letters
    // of (dropped letters are the commonest typo: "secnd" is "second", not "send"; "wher" is "where").
    const rank = (item: string, distance: number) =>
      distance * 4 + (item.charCodeAt(0) === word.charCodeAt(0) ? 0 : 2) + (isSubsequence(word, item) ? 0 : 1);
    let best: { word: string; distance: number; rank: number } | null = null;
    for (const item of candidates) {
      const distance = editDistance(word, item, limit);
      if (distance > limit) continue;
      const r = rank(item, distance);
      // Still tied: two letters swapped ("wnat" is "want", not "what"; "countyr" is "country", not "counter"), then
      // the shorter word (a letter added by mistake is commoner than one changed), then the word people use more.
      if (!best || r < best.rank || (r === best.rank && preferTied(word, item, best.word))) best = { word: item, distance, rank: r };
    }
    return best;
  };

  const fix = (word: string): string | null => {
    if (word.length < TYPO_MIN_LENGTH) {
      if (isEnglishWord(word) || !isAlmostUnused(word)) return null;
      const found = nearest(word, 1);
      return found?.word.length === word.length + 1 && isSubsequence(word, found.word) ? found.word : null;
    }
    // A word people use ("france", "paris") is what they meant, even when the dictionary lacks it.
    if (!isAlmostUnused(word)) return null;
    // A dictionary word is left alone, unless next to nobody uses it and a knowledge word is one letter
    // away: "minsters" is a typo of "ministers" far more often than the plural of a church.
    if (isEnglishWord(word)) return nearest(word, 1)?.word ?? null;
    const found = nearest(word, allowedEdits(word.length));
    // Two letters from a knowledge word but one from an everyday word: "captial" is "capital", not "caption".
    if (found && found.distance > 1 && hasEverydayNeighbour(word)) return null;
    return found?.word ?? null;
  };

  const fixOnce = memoized(fix);
  // One letter off at most: a cheap look for a word nobody uses (two words typed as one story word, textAnalyzer.ts).
  const nearOnce = memoized((word: string) => (isAlmostUnused(word) ? (nearest(word, 1)?.word ?? null) : null));
  return (word, maxEdits = 2) => {
    if (word.length < TYPO_SHORTEST || known.has(word) || STOPWORDS.has(word) || QUESTION_WORDS.has(word)) return null;
    if (!/^\p{L}+$/u.test(word)) return null;
    return maxEdits >= 2 ? fixOnce(word) : nearOnce(word);
  };
}
