// The questions the bench asks, as users send them: distinct variants of held-out questions (each asked once, as
// if never seen), and hostile ones (499 characters of misspelt story words, each different). Deterministic.
import { seededRandom } from './seededRandom.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typo in a word of four letters or more: a letter dropped, changed, added, or two swapped. */
function typo(word: string, random: () => number): string {
  if (word.length < 4) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letter = LETTERS[Math.floor(random() * LETTERS.length)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at);
    default:
      return word.slice(0, at) + word[at + 1]! + word[at]! + word.slice(at + 2);
  }
}

/** The longest words of a question first: the ones a typo in lands on the words that matter. */
function withTypos(question: string, count: number, random: () => number): string {
  const words = question.split(' ');
  const order = words.map((w, i) => [w.replace(/\W/g, '').length, i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order.slice(0, count)) words[i] = typo(words[i]!, random);
  return words.join(' ');
}

const OPENERS = ['ok so ', 'yo ', 'wait ', 'hey bot ', 'quick q: '];
const CLOSERS = [' lol', '??', ' tho', ' pls', ' fr'];

/**
 * Each question as written and in `perQuestion - 1` other ways users type it (lower case without punctuation,
 * one typo, two typos, chatty), all distinct: first-seen questions share words, never a whole question.
 */
export function questionVariants(questions: readonly string[], perQuestion = 5, seed = 7): string[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const question of questions) {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const plain = question.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, '');
    const variants = [
      question,
      plain,
      withTypos(question, 1, random),
      withTypos(plain, 2, random),
      pick(OPENERS) + plain + pick(CLOSERS),
      withTypos(pick(OPENERS) + question, 1, random),
    ].slice(0, perQuestion);
    for (const variant of variants) {
      if (seen.has(variant)) continue;
      seen.add(variant);
      out.push(variant);
    }
  }
  return out;
}

/** `count` questions of at most `length` characters, each word a story word with a typo. */
export function hostileQuestions(storyText: string, count = 100, length = 499, seed = 11): string[] {
  const random = seededRandom(seed);
  const words = storyText.toLowerCase().match(/\p{L}{4,}/gu) ?? ['story'];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let question = '';
    for (;;) {
      const word = typo(words[Math.floor(random() * words.length)]!, random);
      if (question.length + word.length + 1 > length) break;
      question += (question ? ' ' : '') + word;
    }
    out.push(question);
  }
  return out;
}
