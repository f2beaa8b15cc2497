// Typos of everyday words the story doesn't use ("togther", "happend", "considerd"): read as the word meant, so a
// misspelt common word weighs as little as the common word instead of as much as a rare, telling one. Every
// word one edit away (a letter dropped, added, changed, or two swapped: a few hundred strings) is looked up
// among the commonest words: the cost depends on the word's length only, and no index is built.
import { memoized } from '../language/rememberedWork.js';
import { commonWordRank } from '../language/wordRarity.js';
import { EVERYDAY_TYPO_MAX_LENGTH, EVERYDAY_TYPO_MIN_LENGTH, EVERYDAY_TYPO_VOCABULARY } from './tuning.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The everyday word a typo is one edit from, the commonest when several are; null when there is none.
 */
export function everydayCorrection(typo: string): string | null {
  if (typo.length < EVERYDAY_TYPO_MIN_LENGTH || typo.length > EVERYDAY_TYPO_MAX_LENGTH || !/^[a-z]+$/.test(typo)) return null;
  return commonestNeighbour(typo);
}

const commonestNeighbour = memoized((typo: string): string | null => {
  let best: string | null = null;
  let bestRank = EVERYDAY_TYPO_VOCABULARY;
  const consider = (word: string) => {
    const rank = commonWordRank(word);
    if (rank !== null && rank < bestRank) [best, bestRank] = [word, rank];
  };
  for (let i = 0; i <= typo.length; i++) {
    const head = typo.slice(0, i);
    const tail = typo.slice(i);
    if (tail.length > 0) consider(head + tail.slice(1));
    if (tail.length > 1) consider(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail.length > 0) consider(head + letter + tail.slice(1));
      consider(head + letter + tail);
    }
  }
  return best;
});
