// The search structures built once per knowledge load: term weights, inverted indexes over the curated
// phrasings, the facts' vocabularies and the story's sentences.
import { isDraftedEntry, type Knowledge, type QaEntry, type Quote } from '../knowledge/types.js';
import { AccumulatorPool } from './scoreAccumulator.js';
import { splitSentences } from '../language/sentences.js';
import { stem } from '../language/stem.js';
import { wordRarity } from '../language/wordRarity.js';
import { buildSpellingCorrector, typoIndexWords } from './spellingCorrector.js';
import { buildDeleteIndex, updateDeleteIndex, type DeleteIndexData } from './deleteIndex.js';
import { typedWords } from '../language/chatTyping.js';
import { storyNameStopwords, TextAnalyzer, type AnalyzedText, type WordCorrector } from './textAnalyzer.js';
import { buildPostingLists, PostingLists, type PostingData, type TermIds } from './postingLists.js';
import { TextReadings } from './textReadings.js';
import { heldTypes, sentenceSpans, type AnswerType, type SentenceSpans } from './answerTypes.js';
import { readSentenceWords, type SentenceWords } from './answerNearness.js';
import { RelatedTerms, relatedTermsData, type RelatedTerm, type RelatedTermsData } from './relatedTerms.js';
import { BENIGN_UNKNOWN_WORD_DISCOUNT, EVERYDAY_FLOOR, QUESTION_WORD_WEIGHT, WORK_BOUNDS } from './tuning.js';
import { sentencePeople, type Speaker } from './speakers.js';
import { wordVectors } from '../language/wordVectors.js';
import { loadWordRelations } from '../language/wordRelations.js';
import { isEnglishWord } from '../language/englishWords.js';
import { offStoryWords } from './offStoryWords.js';

/** Question words are terms too, under a prefix, with a small fixed weight. */
export const QUESTION_WORD_PREFIX = '?';

const SHORT_NUMBER = /^\d{1,2}$/;

/** Terms of one fact: the posting lists answer it, rather than one Set per fact. */
export interface TermSet {
  has(term: string): boolean;
}

/** An entry ranked against questions: a fact, or a question the story is known not to answer. */
export interface FactDoc {
  readonly entry: QaEntry;
  /** Every term of the entry: its phrasings, answer, quote and the quote's paragraph. */
  readonly vocabulary: TermSet;
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
  /** Terms of whom the sentence quotes or refers to ("he said" → the speaker's name and role), not its own. */
  readonly contextTerms: readonly string[];
  /** The kinds of answer the sentence holds (a name, a number, a date, ...). */
  readonly types: ReadonlySet<AnswerType>;
  /** Whose words it gives ("..., he said": the person named before), or null. */
  readonly speaker: Speaker | null;
  readonly mass: number;
  /** Its words in order, for how near an answer sits to the question's words (answerNearness.ts). */
  readonly words: SentenceWords;
  /** The numbers, dates and names it holds: the short answers it can give. */
  readonly spans: SentenceSpans;
}

export type AnalyzedQuestion = AnalyzedText & {
  readonly weighted: ReadonlyArray<readonly [string, number]>;
  /** The same terms weighed as the story's sentences alone weigh them (the passage model's view). */
  readonly passageWeighted: ReadonlyArray<readonly [string, number]>;
  /** The content terms whose related story words are looked for: the heaviest (see WORK_BOUNDS). */
  readonly relatable: ReadonlySet<string>;
};

export interface AnswerIndex {
  readonly knowledge: Knowledge;
  readonly analyzer: TextAnalyzer;
  readonly correct: WordCorrector;
  readonly facts: readonly FactDoc[];
  /** Per sentence, 1 when a curated fact quotes it: the moderators wrote what to answer from it. */
  readonly curatedSentences: Uint8Array;
  /** Phrasing p belongs to fact `phrasingFacts[p]` and weighs `phrasingMasses[p]`. */
  readonly phrasingFacts: Int32Array;
  readonly phrasingMasses: Float64Array;
  readonly chats: readonly ChatDoc[];
  readonly passages: readonly Passage[];
  readonly phrasingsByTerm: PostingLists;
  readonly factsByTerm: PostingLists;
  readonly passagesByTerm: PostingLists;
  /** Sentences whose context (speaker, people referred to) holds a term. */
  readonly passageContextsByTerm: PostingLists;
  /** The story's terms related to a question's word. */
  readonly related: RelatedTerms;
  /** For each sentence, where its terms with a vector sit in `related.similarities`' results. */
  readonly passageVectorPositions: readonly Int32Array[];
  /** Terms the story writes as names (capitalised mid-sentence, or initialisms): the most telling words. */
  readonly nameTerms: ReadonlySet<string>;
  weight(term: string): number;
  /** Knowledge words starting with `prefix` (for a half-typed last word), most used first. */
  completeWord(prefix: string, limit: number): string[];
  /** Terms of a user's question: typos fixed, question words prefixed, each with its weight. */
  analyzeQuestion(question: string): AnalyzedQuestion;
  /** Per-ranking sums over facts, phrasings and sentences, lent to one ranking at a time. */
  readonly sums: { readonly facts: AccumulatorPool; readonly phrasings: AccumulatorPool; readonly passages: AccumulatorPool };
}

export function phrasingsOf(entry: QaEntry): string[] {
  return [entry.question, ...entry.alternates];
}

function termsWithQuestionWords(analyzed: AnalyzedText): string[] {
  return [...analyzed.terms, ...analyzed.questionWords.map((w) => QUESTION_WORD_PREFIX + w)];
}

/**
 * What one build leaves for the next: the readings of knowledge texts, kept while the aliases stay the same, so a
 * reload reads again only the texts that changed. Owned by whoever builds again and again (the reload worker).
 */
export class IndexBuildMemory {
  private static readonly LIMIT = 500_000;
  private readings = new TextReadings('');
  private typoIndex: DeleteIndexData | null = null;

  readingsFor(aliases: ReadonlyMap<string, readonly string[]>, names: ReadonlySet<string>): TextReadings {
    const key = JSON.stringify([[...aliases], [...names]]);
    if (this.readings.aliasesKey !== key || this.readings.size >= IndexBuildMemory.LIMIT) this.readings = new TextReadings(key);
    return this.readings;
  }

  /** The typo corrector's delete index for a vocabulary, made from the last build's: only new words are worked out. */
  typoIndexFor(vocabulary: Iterable<string>): DeleteIndexData {
    const words = typoIndexWords(vocabulary);
    this.typoIndex = this.typoIndex ? updateDeleteIndex(this.typoIndex, words) : buildDeleteIndex(words);
    return this.typoIndex;
  }
}

/** Ids of the term ids a build met, numbered from 0 for this index alone. */
class TermNumbering {
  readonly ids = new Map<string, number>();
  private readonly local: Int32Array;

  constructor(private readonly readings: TextReadings) {
    this.local = new Int32Array(readings.stringCount).fill(-1);
  }

  add(readingId: number): void {
    this.readings.forEachTerm(readingId, (global) => {
      if (this.local[global] === -1) this.local[global] = this.ids.set(this.readings.string(global), this.ids.size).size - 1;
    });
  }

  of(global: number): number {
    return this.local[global]!;
  }
}

interface SentenceReading {
  readonly paragraph: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly reading: number;
  /** The reading of its context: whom it quotes or refers to. */
  readonly context: number;
  readonly speaker: Speaker | null;
}

/** The language resources every question reads, loaded with the index rather than by the first question. */
function loadLexicons(): void {
  wordVectors();
  loadWordRelations();
  wordRarity('');
  isEnglishWord('');
}

/**
 * Everything the index is made of, as plain data: a worker thread builds it and hands it over, a cache keeps it
 * between starts (structured clone: Maps, Sets and typed arrays copy as they are). `openIndex` makes it an index.
 */
export interface IndexData {
  readonly knowledge: Knowledge;
  /** Stopwords the story uses as names (see storyNameStopwords). */
  readonly names: ReadonlySet<string>;
  readonly phrasingFacts: Int32Array;
  readonly phrasingMasses: Float64Array;
  readonly chats: readonly ChatDoc[];
  readonly passages: readonly Passage[];
  readonly termIds: TermIds;
  readonly postings: {
    readonly phrasings: PostingData;
    readonly facts: PostingData;
    readonly passages: PostingData;
    readonly passageContexts: PostingData;
  };
  readonly documentFrequency: Int32Array;
  /** Each term's everyday factor (see everydayFactors). */
  readonly everyday: Float64Array;
  /** Documents (facts and sentences) the idf counts. */
  readonly documents: number;
  /** Each term's document frequency over the story's sentences alone (the passage model's weights). */
  readonly passageDocumentFrequency: Int32Array;
  readonly related: RelatedTermsData;
  readonly nameTerms: ReadonlySet<string>;
  /** Every word the knowledge uses, in the order first read. */
  readonly vocabulary: ReadonlySet<string>;
  /** The typo corrector's delete index over the vocabulary: the costly part of it, built here rather than on opening. */
  readonly typoIndex: DeleteIndexData;
}

export function buildAnswerIndex(knowledge: Knowledge, memory?: IndexBuildMemory): AnswerIndex {
  return openIndex(buildIndexData(knowledge, memory));
}

/** Reads the knowledge into the index's data: the costly part of a load, done once per knowledge. */
export function buildIndexData(knowledge: Knowledge, memory = new IndexBuildMemory()): IndexData {
  loadLexicons();
  const { story } = knowledge;
  const names = storyNameStopwords([story.title, ...story.paragraphs.map((p) => p.text)]);
  const analyzer = new TextAnalyzer(knowledge.aliases, names);
  const readings = memory.readingsFor(knowledge.aliases, names);
  const termsOf = (words: readonly string[]) => termsWithQuestionWords(analyzer.analyzeWords(words));
  // Every word the knowledge uses, collected while reading it: the vocabulary typos are corrected into.
  const vocabulary = new Set<string>();
  const read = (text: string): number => {
    const r = readings.read(text, termsOf);
    readings.forEachWord(r, (id) => vocabulary.add(readings.string(id)));
    return r;
  };
  const paragraphText = new Map(knowledge.story.paragraphs.map((p) => [p.number, p.text]));

  // Read in a fixed order (all phrasings, then each fact's other texts, then the story): the vocabulary
  // keeps the order words are first seen in, and the typo corrector breaks ties by it.
  const factEntries = knowledge.entries.filter((e) => e.kind !== 'chat');
  const factCount = factEntries.length;
  const phrasingStarts = new Int32Array(factCount + 1);
  factEntries.forEach((entry, f) => (phrasingStarts[f + 1] = phrasingStarts[f]! + 1 + entry.alternates.length));
  const phrasingCount = phrasingStarts[factCount]!;
  const phrasingReadings = new Int32Array(phrasingCount);
  const phrasingFacts = new Int32Array(phrasingCount);
  factEntries.forEach((entry, f) => {
    phrasingsOf(entry).forEach((text, k) => {
      phrasingReadings[phrasingStarts[f]! + k] = read(text);
      phrasingFacts[phrasingStarts[f]! + k] = f;
    });
  });
  const extraReadings: number[][] = factEntries.map((entry) => {
    // A not-in-story answer tells what the story does say instead: its words are another entry's.
    if (entry.kind === 'not-in-story') return entry.tags.map(read);
    const context = entry.quote?.paragraph != null ? (paragraphText.get(entry.quote.paragraph) ?? '') : '';
    return [entry.answer, entry.quote?.text ?? '', context, ...entry.tags].map(read);
  });
  const spans = knowledge.story.paragraphs.flatMap((p) => splitSentences(p.text).map((s) => ({ paragraph: p.number, ...s })));
  const people = sentencePeople(spans);
  const contexts = people.map((p) => p.context);
  // The headline sums up the lead: the first sentence is also about the headline's words.
  if (contexts.length > 0) contexts[0] = `${contexts[0]} ${story.title}`.trim();
  const sentences: SentenceReading[] = spans.map((s, i) => ({
    ...s,
    reading: read(s.text),
    context: read(contexts[i]!),
    speaker: people[i]!.speaker,
  }));

  const terms = new TermNumbering(readings);
  for (const r of phrasingReadings) terms.add(r);
  for (const list of extraReadings) for (const r of list) terms.add(r);
  for (const s of sentences) terms.add(s.reading);
  for (const s of sentences) terms.add(s.context);
  const termIds = terms.ids;

  // A fact's terms: those of its phrasings and of its other texts.
  const forEachFactTerm = (visit: (fact: number, term: number) => void) => {
    for (let f = 0; f < factCount; f++) {
      const each = (global: number) => visit(f, terms.of(global));
      for (let p = phrasingStarts[f]!; p < phrasingStarts[f + 1]!; p++) readings.forEachTerm(phrasingReadings[p]!, each);
      for (const r of extraReadings[f]!) readings.forEachTerm(r, each);
    }
  };
  const forEachPassageTerm = (visit: (passage: number, term: number) => void) =>
    sentences.forEach((s, id) => readings.forEachTerm(s.reading, (global) => visit(id, terms.of(global))));

  // Document frequency over the facts and the story's sentences: a word in every fact tells nothing.
  const documentFrequency = new Int32Array(termIds.size);
  const lastDocument = new Int32Array(termIds.size).fill(-1);
  const countIn = (doc: number, term: number) => {
    if (lastDocument[term] === doc) return;
    lastDocument[term] = doc;
    documentFrequency[term]!++;
  };
  forEachFactTerm(countIn);
  forEachPassageTerm((passage, term) => countIn(factCount + passage, term));
  const n = factCount + sentences.length;
  // The sentences weigh words as if the story had no curated Q&A: the passage model was trained that way.
  const passageDocumentFrequency = new Int32Array(termIds.size);
  lastDocument.fill(-1);
  forEachPassageTerm((passage, term) => {
    if (lastDocument[term] === passage) return;
    lastDocument[term] = passage;
    passageDocumentFrequency[term]!++;
  });
  const everyday = everydayFactors(termIds, vocabulary, [...knowledge.aliases.keys(), ...names]);
  const weightsOf = (df: Int32Array, documents: number) => {
    const weights = termWeights(termIds, df, documents, everyday);
    const weightOf = new Float64Array(termIds.size);
    for (const [term, t] of termIds) weightOf[t] = weights.weight(term);
    return (reading: number) => {
      let sum = 0;
      readings.forEachTerm(reading, (global) => (sum += weightOf[terms.of(global)]!));
      return sum;
    };
  };
  const mass = weightsOf(documentFrequency, n);
  const passageMass = weightsOf(passageDocumentFrequency, sentences.length);

  const phrasingMasses = new Float64Array(phrasingCount);
  for (let p = 0; p < phrasingCount; p++) phrasingMasses[p] = mass(phrasingReadings[p]!);
  const phrasingsByTerm = buildPostingLists(termIds, (visit) => {
    for (let p = 0; p < phrasingCount; p++) readings.forEachTerm(phrasingReadings[p]!, (global) => visit(p, terms.of(global)));
  });
  const factsByTerm = buildPostingLists(termIds, forEachFactTerm);
  const passagesByTerm = buildPostingLists(termIds, forEachPassageTerm);
  const passageContextsByTerm = buildPostingLists(termIds, (visit) =>
    sentences.forEach((s, id) => readings.forEachTerm(s.context, (global) => visit(id, terms.of(global)))),
  );
  const passages: Passage[] = sentences.map(({ reading, context, ...s }) => ({
    ...s,
    terms: readings.terms(reading),
    contextTerms: readings.terms(context),
    types: heldTypes(s.text),
    mass: passageMass(reading),
    words: readSentenceWords(analyzer, s.text),
    spans: sentenceSpans(s.text),
  }));
  // The words each story term was written as, for the related words of a question's word.
  const wordsOfTerm = new Map<string, string[]>();
  for (const s of sentences) {
    readings.forEachWord(s.reading, (id) => {
      const word = readings.string(id);
      const term = stem(word);
      const list = wordsOfTerm.get(term) ?? [];
      if (!list.includes(word)) list.push(word);
      wordsOfTerm.set(term, list);
    });
  }
  const related = relatedTermsData(new Map([...wordsOfTerm].filter(([term]) => passagesByTerm.has(term))));
  const nameTerms = new Set<string>();
  for (const s of sentences) {
    for (const m of s.text.matchAll(/(?<=[\p{L}\p{N},;:'’"“”)-]\s+)\p{Lu}[\p{L}\p{N}]*|\b\p{Lu}{2,}\b/gu)) {
      for (const term of analyzer.analyze(m[0]).terms) nameTerms.add(term);
    }
  }

  const chats: ChatDoc[] = knowledge.entries
    .filter((e) => e.kind === 'chat')
    .map((entry) => ({
      entry,
      phrasings: phrasingsOf(entry).map((text) => {
        const words = typedWords(text);
        for (const word of words) vocabulary.add(word);
        return new Set(analyzer.analyzeWords(words).allStems);
      }),
    }));

  const { title, subtitle, caption } = story;
  for (const text of [title, subtitle ?? '', caption ?? '', ...[...knowledge.aliases].flat(2)]) {
    for (const word of typedWords(text)) vocabulary.add(word);
  }
  return {
    knowledge,
    names,
    phrasingFacts,
    phrasingMasses,
    chats,
    passages,
    termIds,
    postings: {
      phrasings: phrasingsByTerm.data,
      facts: factsByTerm.data,
      passages: passagesByTerm.data,
      passageContexts: passageContextsByTerm.data,
    },
    documentFrequency,
    everyday,
    documents: n,
    passageDocumentFrequency,
    related,
    nameTerms,
    vocabulary,
    typoIndex: memory.typoIndexFor(vocabulary),
  };
}

interface TermWeights {
  readonly weight: (term: string) => number;
  /** The weight of a word the knowledge never uses, before its everyday rarity is taken into account. */
  readonly unknownWeight: number;
}

const everydayFactor = (rarity: number) => EVERYDAY_FLOOR + (1 - EVERYDAY_FLOOR) * rarity;

/** A word the knowledge never uses: how rare it is says whether it is what the question is about, on top of its everyday factor. */
const unknownWordFactor = (rarity: number) => (0.3 + 0.7 * rarity) * everydayFactor(rarity);

/** `namedWords`: the aliases' canonical words and the story's names, which keep their full weight. */
function everydayFactors(termIds: TermIds, vocabulary: Iterable<string>, namedWords: readonly string[]): Float64Array {
  const rarest = new Float64Array(termIds.size).fill(1);
  for (const word of vocabulary) {
    const t = termIds.get(stem(word));
    if (t !== undefined) rarest[t] = Math.min(rarest[t]!, wordRarity(word));
  }
  const factors = rarest.map(everydayFactor);
  for (const named of namedWords) {
    const t = termIds.get(stem(named));
    if (t !== undefined) factors[t] = 1;
  }
  return factors;
}

/** A term's weight: its idf over the facts and sentences, times its everyday factor, with the fixed and capped cases. */
function termWeights(termIds: TermIds, documentFrequency: Int32Array, n: number, everyday: Float64Array): TermWeights {
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  // A word the knowledge never uses weighs like its rarest word: it is likely what the question is about.
  const unknownWeight = idf(0);
  return {
    unknownWeight,
    weight: (term) => {
      if (term.startsWith(QUESTION_WORD_PREFIX)) return QUESTION_WORD_WEIGHT;
      const t = termIds.get(term);
      const w = t === undefined ? unknownWeight : idf(documentFrequency[t]!) * everyday[t]!;
      // A short number ("2" in "step 2") is a weak clue on its own: "what's 2+2" is not about step 2.
      return SHORT_NUMBER.test(term) ? Math.min(w, 1) : w;
    },
  };
}

/** The index over its data: cheap (the analyzer, the typo corrector and the functions questions call). */
export function openIndex(data: IndexData): AnswerIndex {
  loadLexicons();
  const { knowledge, phrasingMasses, termIds, documentFrequency, vocabulary } = data;
  const factEntries = knowledge.entries.filter((e) => e.kind !== 'chat');
  const analyzer = new TextAnalyzer(knowledge.aliases, data.names);
  const correct = buildSpellingCorrector(vocabulary, data.typoIndex);
  const sortedWords = [...vocabulary].filter((w) => /^\p{L}/u.test(w)).sort();
  const { weight, unknownWeight } = termWeights(termIds, documentFrequency, data.documents, data.everyday);
  const passageWeights = termWeights(termIds, data.passageDocumentFrequency, data.passages.length, data.everyday);
  const postings = (lists: PostingData) => new PostingLists(termIds, lists);
  const factsByTerm = postings(data.postings.facts);
  const related = new RelatedTerms(data.related);
  return {
    knowledge,
    analyzer,
    correct,
    facts: factEntries.map((entry, f) => ({ entry, vocabulary: { has: (term: string) => factsByTerm.includes(term, f) } })),
    curatedSentences: curatedSentences(data.passages, factEntries),
    phrasingFacts: data.phrasingFacts,
    phrasingMasses,
    chats: data.chats,
    passages: data.passages,
    phrasingsByTerm: postings(data.postings.phrasings),
    factsByTerm,
    passagesByTerm: postings(data.postings.passages),
    passageContextsByTerm: postings(data.postings.passageContexts),
    related,
    passageVectorPositions: data.passages.map((p) =>
      Int32Array.from(p.terms.map((t) => related.positionOf(t) ?? -1).filter((at) => at >= 0)),
    ),
    nameTerms: data.nameTerms,
    weight,
    sums: {
      facts: new AccumulatorPool(factEntries.length),
      phrasings: new AccumulatorPool(phrasingMasses.length),
      passages: new AccumulatorPool(data.passages.length),
    },
    completeWord(prefix, limit) {
      const matches: string[] = [];
      for (let i = lowerBound(sortedWords, prefix); i < sortedWords.length && sortedWords[i]!.startsWith(prefix); i++)
        matches.push(sortedWords[i]!);
      // Prefer words many facts use: they are the likelier completion.
      const uses = (w: string) => {
        const t = termIds.get(stem(w));
        return t === undefined ? 0 : documentFrequency[t]!;
      };
      return matches.sort((a, b) => uses(b) - uses(a)).slice(0, limit);
    },
    analyzeQuestion(question) {
      const analyzed = analyzer.analyze(question, correct, (word) => vocabulary.has(word));
      const terms = termsWithQuestionWords(analyzed);
      // A word the knowledge never uses weighs by how rare it is in everyday English, and less when such a word
      // came with questions their story could answer (off-story words): it says little of what is asked.
      const offStory = offStoryWords().words;
      const benign = (t: string) => Math.exp(BENIGN_UNKNOWN_WORD_DISCOUNT * Math.min(0, offStory[t] ?? 0));
      const unknownFactor = (t: string) => unknownWordFactor(wordRarity(analyzed.surfaces.get(t) ?? t)) * benign(t);
      const questionWeight = (t: string) =>
        termIds.has(t) || t.startsWith(QUESTION_WORD_PREFIX) ? weight(t) : unknownWeight * unknownFactor(t);
      const weighted = terms.map((t) => [t, questionWeight(t)] as const);
      // A word only the curated Q&A uses is, to the sentences, a word the story doesn't know.
      const onlyCurated = (t: string) => {
        const id = termIds.get(t);
        return id === undefined || (data.passageDocumentFrequency[id] === 0 && documentFrequency[id]! > 0);
      };
      const passageWeighted = terms.map(
        (t) =>
          [
            t,
            !onlyCurated(t) || t.startsWith(QUESTION_WORD_PREFIX)
              ? passageWeights.weight(t)
              : passageWeights.unknownWeight * unknownFactor(t),
          ] as const,
      );
      const content = weighted.filter(([t]) => !t.startsWith(QUESTION_WORD_PREFIX));
      const heaviest =
        content.length <= WORK_BOUNDS.termsRelated ? content : [...content].sort((a, b) => b[1] - a[1]).slice(0, WORK_BOUNDS.termsRelated);
      return { ...analyzed, weighted, passageWeighted, relatable: new Set(heaviest.map(([t]) => t)) };
    },
  };
}

/** Whether a curated entry's quote covers some of the story sentence. */
export function quotesSentence(quote: Quote | null, passage: Passage): boolean {
  return quote?.part === 'paragraph' && quote.paragraph === passage.paragraph && passage.start < quote.end && passage.end > quote.start;
}

function curatedSentences(passages: readonly Passage[], entries: readonly QaEntry[]): Uint8Array {
  const quoted = new Uint8Array(passages.length);
  // Each paragraph's sentences, so a quote is looked for only among its paragraph's (at 100x the story, every
  // quote against every sentence would be millions of comparisons).
  const sentencesOf = new Map<number, number[]>();
  passages.forEach((p, i) => {
    const list = sentencesOf.get(p.paragraph);
    if (list) list.push(i);
    else sentencesOf.set(p.paragraph, [i]);
  });
  for (const entry of entries) {
    // A drafted entry's sentence keeps the passage model's own threshold: no moderator wrote what to answer from it.
    if (isDraftedEntry(entry)) continue;
    const quote = entry.kind === 'fact' ? entry.quote : null;
    if (quote?.part !== 'paragraph') continue;
    for (const i of (quote.paragraph === null ? undefined : sentencesOf.get(quote.paragraph)) ?? []) {
      if (quotesSentence(quote, passages[i]!)) quoted[i] = 1;
    }
  }
  return quoted;
}

/** The story's terms related to a question's term (none past the question's bound on related-word work). */
export function relatedStoryTerms(index: AnswerIndex, q: AnalyzedQuestion, term: string): readonly RelatedTerm[] {
  return q.relatable.has(term) ? index.related.relatedTo(q.surfaces.get(term) ?? term, term) : [];
}

/** How related a question's term is to each story term with a vector (null past the bound, or without a vector). */
export function storyTermSimilarities(index: AnswerIndex, q: AnalyzedQuestion, term: string): Float32Array | null {
  return q.relatable.has(term) ? index.related.similarities(q.surfaces.get(term) ?? term) : null;
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
