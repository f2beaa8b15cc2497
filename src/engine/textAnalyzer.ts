// Turns text into the terms the engine compares: words → chat spellings → typo fixes → stems → story aliases.
import { typedWords, splitRunTogether } from '../language/chatTyping.js';
import { QUESTION_WORDS, STOPWORDS } from '../language/wordLists.js';
import { requestFrameLength } from '../language/requestFrames.js';
import { stem } from '../language/stem.js';
import { everydayCorrection } from './everydaySpelling.js';
import { isEnglishWord } from '../language/englishWords.js';
import { isAlmostUnused } from '../language/wordRarity.js';
import { WORK_BOUNDS } from './tuning.js';

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
  /** The words as read (typos fixed, run-together words split), stopwords included: what the question asks for. */
  readonly words: readonly string[];
}

/** Fixes a word the knowledge doesn't know into one it does (at most `maxEdits` letters off; 2 unless said), or says null. */
export type WordCorrector = (word: string, maxEdits?: 1 | 2) => string | null;

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
function isStopword(token: Token, names: ReadonlySet<string>): boolean {
  if (names.has(token.surface)) return false;
  return /^\p{L}$/u.test(token.surface) || STOPWORDS.has(token.surface) || STOP_STEMS.has(token.stem);
}

/** Pronouns stay stopwords even where a story capitalises them ("US" is also "us"). */
const PRONOUNS = new Set([
  'i',
  'me',
  'my',
  'we',
  'us',
  'our',
  'you',
  'your',
  'he',
  'him',
  'his',
  'she',
  'her',
  'it',
  'its',
  'they',
  'them',
  'their',
]);

/**
 * Stopwords a story uses as names ("Stuff" the magazine, "May" the month): capitalised inside its sentences and
 * never written in lower case. In that story they are content words.
 */
export function storyNameStopwords(texts: readonly string[]): Set<string> {
  const capitalised = new Set<string>();
  const lower = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/(?<=[\p{L}\p{N},;:'’"“”)]\s+)(\p{Lu}[\p{Ll}]+)\b|\b(\p{Ll}+)\b/gu)) {
      if (m[1]) capitalised.add(m[1].toLowerCase());
      else if (m[2]) lower.add(m[2]);
    }
  }
  return new Set([...capitalised].filter((w) => STOPWORDS.has(w) && !lower.has(w) && !PRONOUNS.has(w) && !QUESTION_WORDS.has(w)));
}

export class TextAnalyzer {
  /** Alias variants keyed by their first stem, longest first, so "north atlantic treaty" wins over "north". */
  private readonly variantsByFirstStem = new Map<string, AliasVariant[]>();

  constructor(
    aliases: ReadonlyMap<string, readonly string[]>,
    /** Stopwords that are names in this story (see storyNameStopwords). */
    private readonly names: ReadonlySet<string> = new Set(),
  ) {
    for (const [canonical, variants] of aliases) {
      const canonicalToken = { surface: canonical, stem: stem(canonical) };
      for (const variant of variants) {
        const stems = typedWords(variant).map(stem);
        if (stems.length === 0) continue;
        const list = this.variantsByFirstStem.get(stems[0]!) ?? [];
        list.push({ stems, canonical: canonicalToken });
        this.variantsByFirstStem.set(stems[0]!, list);
      }
    }
    for (const list of this.variantsByFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  /** `known` says which words the knowledge uses: any other word that is no English word may be a typo of one. */
  analyze(text: string, correct?: WordCorrector, known?: (word: string) => boolean): AnalyzedText {
    return this.analyzeWords(typedWords(text), correct, known);
  }

  /** As `analyze`, for text already split by `typedWords`. */
  analyzeWords(typed: readonly string[], correct?: WordCorrector, known?: (word: string) => boolean): AnalyzedText {
    const corrections: Array<{ from: string; to: string }> = [];
    const looked = new Set<string>();
    // A word typed as two, as typed: the typo fix of their join names both.
    const typedAs = new Map<string, string>();
    const words = correct && known ? joinBrokenWords(typed, correct, known, typedAs, corrections) : typed;
    const tokens: Token[] = words.flatMap((surface) => {
      if (!correct) return [{ surface, stem: stem(surface) }];
      if (known?.(surface) === false && !STOPWORDS.has(surface) && !looked.has(surface)) {
        // Past the bound a word is read as typed.
        if (looked.size >= WORK_BOUNDS.wordsCorrected) return [{ surface, stem: stem(surface) }];
        looked.add(surface);
      }
      const fixed = correct(surface);
      if (fixed === null) {
        // A word the story uses is never two words run together ("Anton" is a name, not "an ton").
        const split = known?.(surface) === true ? [surface] : splitRunTogether(surface);
        if (split.length > 1) return split.map((w) => ({ surface: w, stem: stem(w) }));
        // Not a story word misspelt: perhaps an everyday one ("togther"), which then weighs as little as it.
        const everyday =
          known?.(surface) !== false || STOPWORDS.has(surface) || isEnglishWord(surface) || !isAlmostUnused(surface)
            ? null
            : everydayCorrection(surface);
        if (everyday === null) return [{ surface, stem: stem(surface) }];
        corrections.push({ from: surface, to: everyday });
        return [{ surface: everyday, stem: stem(everyday) }];
      }
      corrections.push({ from: typedAs.get(surface) ?? surface, to: fixed });
      return [{ surface: fixed, stem: stem(fixed) }];
    });
    // "could you tell me who ..." asks "who ...".
    const asked = tokens.slice(requestFrameLength(tokens.map((t) => t.surface)));
    const resolved = this.resolveAliases(asked);
    const terms = new Set<string>();
    const surfaces = new Map<string, string>();
    const questionWords = new Set<string>();
    for (const [i, token] of resolved.entries()) {
      if (QUESTION_WORDS.has(token.surface)) questionWords.add(token.surface);
      else if (!isStopword(token, this.names) && !attribution(resolved, i)) {
        terms.add(token.stem);
        if (!surfaces.has(token.stem)) surfaces.set(token.stem, token.surface);
      }
    }
    return {
      terms: [...terms],
      questionWords: [...questionWords],
      allStems: resolved.map((t) => t.stem),
      surfaces,
      corrections,
      words: asked.map((t) => t.surface),
    };
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

/** The shortest pair of words read as one word broken in two. */
const SHORTEST_JOINED = 6;

/**
 * A story word typed as two ("wester gaard", "mac kenzi"; autocorrect breaks a name it doesn't know into words it
 * does) is read as the one word: two neighbours of three letters or more, neither a story word nor a small word,
 * whose join is a story word or one letter off a story word no dictionary has (a name), and no English word itself
 * (so "car pet" stays two words where the story says "carpet").
 */
function joinBrokenWords(
  words: readonly string[],
  correct: WordCorrector,
  known: (word: string) => boolean,
  typedAs: Map<string, string>,
  corrections: Array<{ from: string; to: string }>,
): readonly string[] {
  const out: string[] = [];
  const looked = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const [head, tail] = [words[i]!, words[i + 1]];
    const joined = tail === undefined ? '' : head + tail;
    if (tail !== undefined && joinable(head, tail, joined, known) && looked.size < WORK_BOUNDS.pairsJoined) {
      looked.add(joined);
      const exact = known(joined);
      const fixed = exact ? null : correct(joined, 1);
      // Only a word of the story's own, one letter off at most: "current un" is not "currently".
      if (exact || (fixed !== null && !isEnglishWord(fixed))) {
        // A story word as it is: read here; a typo of one: fixed (and reported) with the other typos.
        if (exact) corrections.push({ from: `${head} ${tail}`, to: joined });
        else typedAs.set(joined, `${head} ${tail}`);
        out.push(joined);
        i += 1;
        continue;
      }
    }
    out.push(head);
  }
  return out;
}

function joinable(head: string, tail: string, joined: string, known: (word: string) => boolean): boolean {
  const part = (w: string) => w.length >= 3 && /^[a-z]+$/.test(w) && !STOPWORDS.has(w) && !QUESTION_WORDS.has(w) && !known(w);
  return joined.length >= SHORTEST_JOINED && part(head) && part(tail) && !isEnglishWord(joined);
}

/**
 * "according to the minister": who says it, not what is asked, so "according" is no term there; "according to
 * whom?" asks exactly that, and keeps it.
 */
function attribution(tokens: readonly Token[], at: number): boolean {
  if (tokens[at]!.surface !== 'according' || tokens[at + 1]?.surface !== 'to') return false;
  const source = tokens[at + 2]?.surface ?? 'who';
  return !QUESTION_WORDS.has(source) && source !== 'whom';
}
