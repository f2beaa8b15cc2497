// The search structures built once per knowledge load: term weights, inverted indexes over the curated
// phrasings, the facts' vocabularies and the story's sentences.
import type { Knowledge, QaEntry } from '../knowledge/types.js';
import { ScoreAccumulator } from './scoreAccumulator.js';
import { splitSentences } from './sentences.js';
import { stem } from './stem.js';
import { wordRarity } from './wordRarity.js';
import { buildSpellingCorrector } from './spellingCorrector.js';
import { chatWords, TextAnalyzer, type AnalyzedText, type WordCorrector } from './textAnalyzer.js';

/** Question words are terms too, under a prefix, with a small fixed weight. */
export const QUESTION_WORD_PREFIX = '?';
export const QUESTION_WORD_WEIGHT = 0.3;
/** A word the knowledge never uses weighs more than its rarest word: it is likely what the question is really about. */
const UNKNOWN_WORD_BOOST = 1.0;

const SHORT_NUMBER = /^\d{1,2}$/;

export interface PhrasingDoc {
  readonly fact: number;
  readonly text: string;
  readonly terms: readonly string[];
  readonly mass: number;
}

export interface FactDoc {
  readonly entry: QaEntry;
  /** Every term of the entry: its phrasings, answer, quote and the quote's paragraph. */
  readonly vocabulary: ReadonlySet<string>;
}

export interface ChatDoc {
  readonly entry: QaEntry;
  /** All stems of each phrasing, stopwords included. */
  readonly phrasings: ReadonlyArray<ReadonlySet<string>>;
}

export interface Passage {
  readonly paragraph: number;
  readonly text: string;
  /** Offsets of the sentence in its paragraph. */
  readonly start: number;
  readonly end: number;
  readonly terms: readonly string[];
  readonly mass: number;
}

export type AnalyzedQuestion = AnalyzedText & { readonly weighted: ReadonlyArray<readonly [string, number]> };

export interface AnswerIndex {
  readonly knowledge: Knowledge;
  readonly analyzer: TextAnalyzer;
  readonly correct: WordCorrector;
  readonly facts: readonly FactDoc[];
  readonly phrasings: readonly PhrasingDoc[];
  readonly chats: readonly ChatDoc[];
  readonly passages: readonly Passage[];
  readonly phrasingsByTerm: ReadonlyMap<string, readonly number[]>;
  readonly factsByTerm: ReadonlyMap<string, readonly number[]>;
  readonly passagesByTerm: ReadonlyMap<string, readonly number[]>;
  weight(term: string): number;
  /** Knowledge words starting with `prefix` (for a half-typed last word), most used first. */
  completeWord(prefix: string, limit: number): string[];
  /** Terms of a user's question: typos fixed, question words prefixed, each with its weight. */
  analyzeQuestion(question: string): AnalyzedQuestion;
  /** Reused per-question sums (one question at a time: JavaScript runs one at a time). */
  readonly scratch: {
    readonly covered: ScoreAccumulator;
    readonly evidence: ScoreAccumulator;
    readonly matched: ScoreAccumulator;
    readonly bestPhrasing: ScoreAccumulator;
    readonly passages: ScoreAccumulator;
  };
}

export function phrasingsOf(entry: QaEntry): string[] {
  return [entry.question, ...entry.alternates];
}

function termsWithQuestionWords(analyzed: AnalyzedText): string[] {
  return [...analyzed.terms, ...analyzed.questionWords.map((w) => QUESTION_WORD_PREFIX + w)];
}

function addPosting(index: Map<string, number[]>, term: string, id: number): void {
  const list = index.get(term);
  if (!list) index.set(term, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
}

// Words and terms of knowledge texts, kept across reloads while the aliases stay the same: analysis is a
// pure function of the text and the aliases, and a reload that edits a few entries re-reads only those.
const MEMO_LIMIT = 500_000;

interface TextReading {
  readonly words: readonly string[];
  readonly terms: readonly string[];
}

let memo: { aliases: string; readings: Map<string, TextReading> } = { aliases: '', readings: new Map() };

function memoisedReader(aliases: ReadonlyMap<string, readonly string[]>, analyzer: TextAnalyzer): (text: string) => TextReading {
  const key = JSON.stringify([...aliases]);
  if (memo.aliases !== key) memo = { aliases: key, readings: new Map() };
  const { readings } = memo;
  return (text) => {
    let found = readings.get(text);
    if (!found) {
      const words = chatWords(text);
      found = { words, terms: termsWithQuestionWords(analyzer.analyzeWords(words)) };
      if (readings.size >= MEMO_LIMIT) readings.clear();
      readings.set(text, found);
    }
    return found;
  };
}

export function buildAnswerIndex(knowledge: Knowledge): AnswerIndex {
  const analyzer = new TextAnalyzer(knowledge.aliases);
  const read = memoisedReader(knowledge.aliases, analyzer);
  // Every word the knowledge uses, collected while reading it: the vocabulary typos are corrected into.
  const vocabulary = new Set<string>();
  const analyze = (text: string) => {
    const reading = read(text);
    for (const word of reading.words) vocabulary.add(word);
    return reading.terms;
  };
  const paragraphText = new Map(knowledge.story.paragraphs.map((p) => [p.number, p.text]));

  const factEntries = knowledge.entries.filter((e) => e.kind === 'fact');
  const phrasingTerms = factEntries.map((entry) => phrasingsOf(entry).map((text) => ({ text, terms: analyze(text) })));
  const factVocabularies = factEntries.map((entry, f) => {
    const context = entry.quote?.paragraph != null ? (paragraphText.get(entry.quote.paragraph) ?? '') : '';
    const extra = [entry.answer, entry.quote?.text ?? '', context, ...entry.tags].flatMap(analyze);
    return new Set([...phrasingTerms[f]!.flatMap((p) => p.terms), ...extra]);
  });
  const sentences = knowledge.story.paragraphs.flatMap((p) =>
    splitSentences(p.text).map((s) => ({ paragraph: p.number, ...s, terms: analyze(s.text) })),
  );

  // Document frequency over the facts and the story's sentences: a word in every fact tells nothing.
  const documents: Array<Iterable<string>> = [...factVocabularies, ...sentences.map((s) => s.terms)];
  const documentFrequency = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = documents.length;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unknownWeight = idf(0) * UNKNOWN_WORD_BOOST;
  const weight = (term: string): number => {
    if (term.startsWith(QUESTION_WORD_PREFIX)) return QUESTION_WORD_WEIGHT;
    const df = documentFrequency.get(term);
    const w = df === undefined ? unknownWeight : idf(df);
    // A short number ("2" in "step 2") is a weak clue on its own: "what's 2+2" is not about step 2.
    return SHORT_NUMBER.test(term) ? Math.min(w, 1) : w;
  };
  const mass = (terms: readonly string[]) => terms.reduce((sum, t) => sum + weight(t), 0);

  const phrasings: PhrasingDoc[] = [];
  const phrasingsByTerm = new Map<string, number[]>();
  phrasingTerms.forEach((list, fact) => {
    for (const { text, terms } of list) {
      const id = phrasings.push({ fact, text, terms, mass: mass(terms) }) - 1;
      for (const term of terms) addPosting(phrasingsByTerm, term, id);
    }
  });
  const factsByTerm = new Map<string, number[]>();
  factVocabularies.forEach((vocabulary, fact) => {
    for (const term of vocabulary) addPosting(factsByTerm, term, fact);
  });
  const passages: Passage[] = sentences.map((s) => ({ ...s, mass: mass(s.terms) }));
  const passagesByTerm = new Map<string, number[]>();
  passages.forEach((p, id) => {
    for (const term of p.terms) addPosting(passagesByTerm, term, id);
  });

  const chats: ChatDoc[] = knowledge.entries
    .filter((e) => e.kind === 'chat')
    .map((entry) => ({
      entry,
      phrasings: phrasingsOf(entry).map((text) => {
        const words = chatWords(text);
        for (const word of words) vocabulary.add(word);
        return new Set(analyzer.analyzeWords(words).allStems);
      }),
    }));

  for (const text of [knowledge.story.title, knowledge.story.subtitle, knowledge.story.caption, ...[...knowledge.aliases].flat(2)]) {
    for (const word of chatWords(text)) vocabulary.add(word);
  }
  const correct = buildSpellingCorrector(vocabulary);
  const sortedWords = [...vocabulary].filter((w) => /^\p{L}/u.test(w)).sort();
  return {
    knowledge,
    analyzer,
    correct,
    facts: factEntries.map((entry, f) => ({ entry, vocabulary: factVocabularies[f]! })),
    phrasings,
    chats,
    passages,
    phrasingsByTerm,
    factsByTerm,
    passagesByTerm,
    weight,
    scratch: {
      covered: new ScoreAccumulator(factEntries.length),
      evidence: new ScoreAccumulator(factEntries.length),
      matched: new ScoreAccumulator(phrasings.length),
      bestPhrasing: new ScoreAccumulator(factEntries.length),
      passages: new ScoreAccumulator(passages.length),
    },
    completeWord(prefix, limit) {
      const matches: string[] = [];
      for (let i = lowerBound(sortedWords, prefix); i < sortedWords.length && sortedWords[i]!.startsWith(prefix); i++)
        matches.push(sortedWords[i]!);
      // Prefer words many facts use: they are the likelier completion.
      const uses = (w: string) => documentFrequency.get(stem(w)) ?? 0;
      return matches.sort((a, b) => uses(b) - uses(a)).slice(0, limit);
    },
    analyzeQuestion(question) {
      const analyzed = analyzer.analyze(question, correct);
      const terms = termsWithQuestionWords(analyzed);
      // A word the knowledge never uses weighs by how rare it is in everyday English.
      const questionWeight = (t: string) =>
        documentFrequency.has(t) || t.startsWith(QUESTION_WORD_PREFIX)
          ? weight(t)
          : unknownWeight * (0.3 + 0.7 * wordRarity(analyzed.surfaces.get(t) ?? t));
      return { ...analyzed, weighted: terms.map((t) => [t, questionWeight(t)] as const) };
    },
  };
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
