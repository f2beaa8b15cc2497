// How people type in chat, written out as plain words: chat spellings ("u", "wat", "rn"), letters held down
// ("hiii"), dropped g's ("tellin"), "were" for "where", filler phrases ("no cap"), words run together ("whatdid").
import { CHAT_SPELLINGS, QUESTION_WORDS, STOPWORDS } from './wordLists.js';
import { isEnglishWord } from './englishWords.js';
import { memoized } from './rememberedWork.js';
import { words } from './text.js';
import { isAlmostUnused, wordRarity } from './wordRarity.js';

/** Lowercase words with chat spellings ("u", "wat", "whos", "tellin", "hiii") written out, channels named as such. */
export function typedWords(text: string): string[] {
  const out = words(text.replace(CHANNEL_REFERENCE, ' channel ')).flatMap((typed) => {
    const w = unstretch(typed);
    return CHAT_SPELLINGS.get(w)?.split(' ') ?? [restoreDroppedG(w)];
  });
  return dropFillerPhrases(wereAsWhere(out));
}

// "#general", a channel mention: talk about the server's channels, which the words alone ("general") hide.
const CHANNEL_REFERENCE = /<#\d+>|(?<![\p{L}\p{N}])#\p{L}[\p{L}\p{N}_-]*/gu;

const AUXILIARIES: ReadonlySet<string> = new Set(['was', 'is', 'are', 'were', 'did', 'does', 'do', 'will', 'can', 'would', 'could']);

// "were was he killed", "were is the library": "were" before another auxiliary can only be a misspelt "where".
function wereAsWhere(ws: string[]): string[] {
  return ws.map((w, i) => (w === 'were' && AUXILIARIES.has(ws[i + 1] ?? '') ? 'where' : w));
}

// "I want to know what ...", "wanna ask who ...": the asking, not what is asked ("want" is a story word);
// "no cap", "for real": emphasis, not content. Dropped. "these days", "at present": "now", one word the story
// never needs but that says the question is about the present (questionIntent.ts weighs it).
const FILLER_PHRASES: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [['want', 'to', 'know'], []],
  [['want', 'to', 'ask'], []],
  [['no', 'cap'], []],
  [['for', 'real'], []],
  [['these', 'days'], ['now']],
  [['at', 'the', 'moment'], ['now']],
  [['at', 'present'], ['now']],
  [['right', 'now'], ['now']],
];

function dropFillerPhrases(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ws.length; ) {
    const filler = FILLER_PHRASES.find(([phrase]) => phrase.every((w, k) => ws[i + k] === w));
    if (filler) {
      out.push(...filler[1]);
      i += filler[0].length;
    } else out.push(ws[i++]!);
  }
  return out;
}

const small = (w: string) => STOPWORDS.has(w) || QUESTION_WORDS.has(w);
const used = (w: string) => small(w) || (isEnglishWord(w) && !isAlmostUnused(w));

/**
 * "whatdid", "aslong": two words typed without the space. Split when the whole is no word at all (call it
 * once typo correction has failed) and it is a small word (a stopword or question word) joined to a word
 * people use.
 */
export const splitRunTogether = memoized((word: string): string[] => {
  if (word.length < 5 || !/^[a-z]+$/.test(word) || isEnglishWord(word) || !isAlmostUnused(word)) return [word];
  for (let i = 2; i <= word.length - 2; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if ((small(head) || small(tail)) && used(head) && used(tail)) return [head, tail];
  }
  return [word];
});

const STRETCHED = /(\p{L})\1{2,}/gu;

// "hiii", "sooo", "thanksss": a letter held down for emphasis. Kept double when that makes a word ("cooool").
function unstretch(word: string): string {
  if (!word.match(STRETCHED)) return word;
  const doubled = word.replace(STRETCHED, '$1$1');
  return isEnglishWord(doubled) || CHAT_SPELLINGS.has(doubled) ? doubled : word.replace(STRETCHED, '$1');
}

// "tellin", "stayin", "goin": chat drops the g of -ing. Restored when the -ing word is English and far more
// common than the word as typed, which is rare or no word at all ("thin" stays thin, "tellin" the shellfish doesn't).
const restoreDroppedG = memoized((word: string): string => {
  if (word.length < 4 || !word.endsWith('in')) return word;
  const withG = word + 'g';
  const typedIsRare = !isEnglishWord(word) || wordRarity(word) >= 0.8;
  return typedIsRare && isEnglishWord(withG) && wordRarity(withG) <= wordRarity(word) - 0.25 ? withG : word;
});
