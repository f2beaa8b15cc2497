// Turns text into the terms the engine compares: words → chat spellings → typo fixes → stems → story aliases.
import { chatWords, splitRunTogether } from './chatText.js';
import { QUESTION_WORDS, STOPWORDS } from './chatWords.js';
import { stem } from './stem.js';

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
