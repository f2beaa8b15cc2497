// Turns text into the terms the engine compares: words → chat spellings → typo fixes → stems → story aliases.
import { CHAT_SPELLINGS, QUESTION_WORDS, STOPWORDS } from './chatWords.js';
import { isEnglishWord } from './englishWords.js';
import { stem } from './stem.js';
import { isAlmostUnused, wordRarity } from './wordRarity.js';
import { words } from './text.js';

export interface AnalyzedText {
  /** Distinct content stems (stopwords and question words removed), aliases resolved. */
  readonly terms: readonly string[];
  /** Distinct question words present ("who", "when", ...). */
  readonly questionWords: readonly string[];
  /** Every stem in order, stopwords included: short chat phrases ("who are you") are only stopwords. */
  readonly allStems: readonly string[];
  /** The surface word each content stem came from (the first seen), to judge how common an unknown word is. */
  readonly surfaces: ReadonlyMap<string, string>;
  /** Typos fixed on the way, for the moderators' test view. */
  readonly corrections: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** Fixes a word the knowledge doesn't know into one it does, or says null. */
export type WordCorrector = (word: string) => string | null;

interface Token {
  readonly surface: string;
  readonly stem: string;
}

interface AliasVariant {
  readonly stems: readonly string[];
  readonly canonical: Token;
}

/** Lowercase words with chat spellings ("u", "wat", "whos", "tellin", "hiii") written out. */
export function chatWords(text: string): string[] {
  const out = words(text).flatMap((typed) => {
    const w = unstretch(typed);
    return CHAT_SPELLINGS.get(w)?.split(' ') ?? [restoreDroppedG(w)];
  });
  return dropFillerPhrases(wereAsWhere(out));
}

const AUXILIARIES: ReadonlySet<string> = new Set(['was', 'is', 'are', 'were', 'did', 'does', 'do', 'will', 'can', 'would', 'could']);

// "were was he killed", "were is the library": "were" before another auxiliary can only be a misspelt "where".
function wereAsWhere(ws: string[]): string[] {
  return ws.map((w, i) => (w === 'were' && AUXILIARIES.has(ws[i + 1] ?? '') ? 'where' : w));
}

// "I want to know what ...", "wanna ask who ...": the asking, not what is asked ("want" is a story word);
// "no cap", "for real": emphasis, not content.
const FILLER_PHRASES: ReadonlyArray<readonly string[]> = [
  ['want', 'to', 'know'],
  ['want', 'to', 'ask'],
  ['no', 'cap'],
  ['for', 'real'],
];

function dropFillerPhrases(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ws.length; ) {
    const phrase = FILLER_PHRASES.find((p) => p.every((w, k) => ws[i + k] === w));
    if (phrase) i += phrase.length;
    else out.push(ws[i++]!);
  }
  return out;
}

const splitCache = new Map<string, string[]>();

// "whatdid", "aslong": two words typed without the space. Split when the whole is no word at all (nor a typo
// the corrector could fix) and it is a small word (a stopword or question word) joined to a word people use.
function splitRunTogether(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [word];
  let split = splitCache.get(word);
  if (split === undefined) {
    split = [word];
    if (!isEnglishWord(word) && isAlmostUnused(word)) {
      for (let i = 2; i <= word.length - 2; i++) {
        const [head, tail] = [word.slice(0, i), word.slice(i)];
        const small = (w: string) => STOPWORDS.has(w) || QUESTION_WORDS.has(w);
        const used = (w: string) => small(w) || (isEnglishWord(w) && !isAlmostUnused(w));
        if ((small(head) || small(tail)) && used(head) && used(tail)) {
          split = [head, tail];
          break;
        }
      }
    }
    if (splitCache.size >= 10_000) splitCache.clear();
    splitCache.set(word, split);
  }
  return split;
}

const STRETCHED = /(\p{L})\1{2,}/gu;

// "hiii", "sooo", "thanksss": a letter held down for emphasis. Kept double when that makes a word ("cooool").
function unstretch(word: string): string {
  if (!word.match(STRETCHED)) return word;
  const doubled = word.replace(STRETCHED, '$1$1');
  return isEnglishWord(doubled) || CHAT_SPELLINGS.has(doubled) ? doubled : word.replace(STRETCHED, '$1');
}

const droppedGCache = new Map<string, string>();

// "tellin", "stayin", "goin": chat drops the g of -ing. Restored when the -ing word is English and far more
// common than the word as typed, which is rare or no word at all ("thin" stays thin, "tellin" the shellfish doesn't).
function restoreDroppedG(word: string): string {
  if (word.length < 4 || !word.endsWith('in')) return word;
  let restored = droppedGCache.get(word);
  if (restored === undefined) {
    const withG = word + 'g';
    const typedIsRare = !isEnglishWord(word) || wordRarity(word) >= 0.8;
    restored = typedIsRare && isEnglishWord(withG) && wordRarity(withG) <= wordRarity(word) - 0.25 ? withG : word;
    if (droppedGCache.size >= 10_000) droppedGCache.clear();
    droppedGCache.set(word, restored);
  }
  return restored;
}

// Inflected stopwords ("gets", "saying") are stopwords too.
const STOP_STEMS: ReadonlySet<string> = new Set([...STOPWORDS].map(stem));

/** Stopwords, and lone letters ("u s", "a b c"), which say nothing on their own. */
function isStopword(token: Token): boolean {
  return /^\p{L}$/u.test(token.surface) || STOPWORDS.has(token.surface) || STOP_STEMS.has(token.stem);
}

export class TextAnalyzer {
  /** Alias variants keyed by their first stem, longest first, so "north atlantic treaty" wins over "north". */
  private readonly variantsByFirstStem = new Map<string, AliasVariant[]>();

  constructor(aliases: ReadonlyMap<string, readonly string[]>) {
    for (const [canonical, variants] of aliases) {
      const canonicalToken = { surface: canonical, stem: stem(canonical) };
      for (const variant of variants) {
        const stems = chatWords(variant).map(stem);
        if (stems.length === 0) continue;
        const list = this.variantsByFirstStem.get(stems[0]!) ?? [];
        list.push({ stems, canonical: canonicalToken });
        this.variantsByFirstStem.set(stems[0]!, list);
      }
    }
    for (const list of this.variantsByFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  analyze(text: string, correct?: WordCorrector): AnalyzedText {
    return this.analyzeWords(chatWords(text), correct);
  }

  /** As `analyze`, for text already split by `chatWords`. */
  analyzeWords(words: readonly string[], correct?: WordCorrector): AnalyzedText {
    const corrections: Array<{ from: string; to: string }> = [];
    const tokens: Token[] = words.flatMap((surface) => {
      if (!correct) return [{ surface, stem: stem(surface) }];
      const fixed = correct(surface);
      if (fixed === null) return splitRunTogether(surface).map((w) => ({ surface: w, stem: stem(w) }));
      corrections.push({ from: surface, to: fixed });
      return [{ surface: fixed, stem: stem(fixed) }];
    });
    const resolved = this.resolveAliases(tokens);
    const terms = new Set<string>();
    const surfaces = new Map<string, string>();
    const questionWords = new Set<string>();
    for (const token of resolved) {
      if (QUESTION_WORDS.has(token.surface)) questionWords.add(token.surface);
      else if (!isStopword(token)) {
        terms.add(token.stem);
        if (!surfaces.has(token.stem)) surfaces.set(token.stem, token.surface);
      }
    }
    return { terms: [...terms], questionWords: [...questionWords], allStems: resolved.map((t) => t.stem), surfaces, corrections };
  }

  private resolveAliases(tokens: readonly Token[]): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; ) {
      const match = this.variantsByFirstStem.get(tokens[i]!.stem)?.find((v) => v.stems.every((s, k) => tokens[i + k]?.stem === s));
      if (match) {
        out.push(match.canonical);
        i += match.stems.length;
      } else {
        out.push(tokens[i]!);
        i += 1;
      }
    }
    return out;
  }
}
