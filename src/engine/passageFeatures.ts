// The evidence for answering a question with a story sentence, as numbers the decision model weighs: how much
// of the question the sentence matches (by its own words, its context, related words), whether it holds the
// kind of answer asked for, and how much of the question the story doesn't know at all.
import { QUESTION_WORD_PREFIX, relatedStoryTerms, storyTermSimilarities, type AnalyzedQuestion, type AnswerIndex } from './answerIndex.js';
import { answerNearness } from './answerNearness.js';
import { askedTypes, isYesNoQuestion } from './answerTypes.js';
import type { PassageCandidate } from './passageRanking.js';
import { offStoryScore, offStoryWords, type OffStoryWords } from './offStoryWords.js';
import { OPINION_WORDS, questionIntent, type QuestionIntent } from './questionIntent.js';

/** The features, in order; the model's weights follow this order. */
export const PASSAGE_FEATURES = [
  'score',
  'exact',
  'context',
  'related',
  'dice',
  'unmatchedMax',
  'wordsShare',
  'nameCoverage',
  'hasNames',
  'softCoverage',
  'paragraphGain',
  'typeHit',
  'typeMiss',
  'quoteAsked',
  'lead',
  'gapToBest',
  'unknownShare',
  'personal',
  'firstPerson',
  'deictic',
  'yesNo',
  'contentWords',
  'matchedMass',
  'contentRatio',
  'coveredMass',
  'uncoveredMass',
  'weUs',
  'opinionUnmatched',
  'advice',
  'offStoryWords',
  'answerNear',
  'otherCoverage',
] as const;

export type PassageFeatureName = (typeof PASSAGE_FEATURES)[number];

/** What the question brings to every candidate: what it asks for and how much of it the story knows. */
export interface QuestionEvidence extends QuestionIntent {
  readonly content: ReadonlyArray<readonly [string, number]>;
  readonly mass: number;
  readonly asked: ReadonlySet<string>;
  readonly unknownShare: number;
  readonly yesNo: number;
  readonly nameMass: number;
  /** How strongly its words the story doesn't use mark a question the story can't answer (offStoryWords.ts). */
  readonly offStory: number;
}

// Read once per question: the passage model and the curated model both weigh it.
const evidenceOf = new WeakMap<AnalyzedQuestion, { readonly table: OffStoryWords; readonly evidence: QuestionEvidence }>();

export function questionEvidence(index: AnswerIndex, q: AnalyzedQuestion): QuestionEvidence {
  const table = offStoryWords();
  const known = evidenceOf.get(q);
  if (known?.table === table) return known.evidence;
  const evidence = readEvidence(index, q, table);
  evidenceOf.set(q, { table, evidence });
  return evidence;
}

function readEvidence(index: AnswerIndex, q: AnalyzedQuestion, table: OffStoryWords): QuestionEvidence {
  const content = q.passageWeighted.filter(([term]) => !term.startsWith(QUESTION_WORD_PREFIX));
  const mass = content.reduce((sum, [, w]) => sum + w, 0);
  let unknown = 0;
  let nameMass = 0;
  for (const [term, weight] of content) {
    if (index.nameTerms.has(term)) nameMass += weight;
    const known = index.passagesByTerm.has(term) || index.passageContextsByTerm.has(term) || relatedStoryTerms(index, q, term).length > 0;
    if (!known) unknown += weight;
  }
  return {
    ...questionIntent(q.words),
    content,
    mass,
    asked: askedTypes(q.words),
    unknownShare: mass === 0 ? 1 : unknown / mass,
    yesNo: isYesNoQuestion(q.words) ? 1 : 0,
    nameMass,
    offStory: offStoryScore(index, q, table),
  };
}

/** Whether a story sentence (or its context) has the term. */
function has(index: AnswerIndex, term: string, passage: number): boolean {
  return index.passagesByTerm.includes(term, passage) || index.passageContextsByTerm.includes(term, passage);
}

/** The features of each candidate, in PASSAGE_FEATURES order. */
export function passageFeatures(
  index: AnswerIndex,
  q: AnalyzedQuestion,
  evidence: QuestionEvidence,
  candidates: readonly PassageCandidate[],
): number[][] {
  const best = candidates[0]?.score ?? 0;
  const { content, mass } = evidence;
  // The paragraphs each question word is found in (in a sentence or its context).
  const paragraphsOf = content.map(([term]) => {
    const found = new Set<number>();
    const add = (id: number) => found.add(index.passages[id]!.paragraph);
    index.passagesByTerm.forEach(term, add);
    index.passageContextsByTerm.forEach(term, add);
    return found;
  });
  const nearness = answerNearness(q);
  return candidates.map((c) => {
    const passage = index.passages[c.id]!;
    let nameMatched = 0;
    let soft = 0;
    let otherSoft = 0;
    for (const [term, weight] of content) {
      const own = has(index, term, c.id);
      const name = index.nameTerms.has(term);
      if (own && name) nameMatched += weight;
      const got = weight * (own ? 1 : Math.max(0, closeness(index, q, term, c.id)));
      soft += got;
      if (!name) otherSoft += got;
    }
    const otherMass = mass - evidence.nameMass;
    // The paragraph around the sentence: a fact told over two sentences matches more there.
    let paragraphMatched = 0;
    content.forEach(([, weight], i) => {
      if (paragraphsOf[i]!.has(passage.paragraph)) paragraphMatched += weight;
    });
    let typeHit = 0;
    for (const t of evidence.asked) if (passage.types.has(t as never)) typeHit = 1;
    const values: Record<PassageFeatureName, number> = {
      score: c.score,
      exact: c.exact,
      context: c.context,
      related: c.related,
      dice: c.dice,
      unmatchedMax: c.unmatchedMax,
      wordsShare: content.length === 0 ? 0 : c.matchedWords / content.length,
      nameCoverage: evidence.nameMass === 0 ? 1 : nameMatched / evidence.nameMass,
      hasNames: evidence.nameMass > 0 ? 1 : 0,
      softCoverage: mass === 0 ? 0 : soft / mass,
      paragraphGain: mass === 0 ? 0 : Math.max(0, paragraphMatched / mass - c.exact - c.context),
      typeHit,
      typeMiss: evidence.asked.size > 0 && !typeHit ? 1 : 0,
      quoteAsked: evidence.asked.has('quote') && passage.types.has('quote') ? 1 : 0,
      lead: c.id === 0 ? 1 : 0,
      gapToBest: best - c.score,
      unknownShare: evidence.unknownShare,
      personal: evidence.personal,
      firstPerson: evidence.firstPerson,
      deictic: evidence.deictic,
      yesNo: evidence.yesNo,
      contentWords: Math.log1p(content.length),
      matchedMass: Math.log1p(mass * (c.exact + c.context + c.related)),
      contentRatio: q.words.length === 0 ? 0 : content.length / q.words.length,
      coveredMass: soft,
      uncoveredMass: mass - soft,
      weUs: evidence.weUs,
      opinionUnmatched: q.words.some((w) => OPINION_WORDS.has(w) && !passage.text.toLowerCase().includes(w)) ? 1 : 0,
      advice: evidence.advice,
      offStoryWords: evidence.offStory,
      answerNear: nearness(passage),
      // What it asks beyond the names: "who directed <a film the story names>" matches the film, not the directing.
      otherCoverage: otherMass <= 1e-9 ? 1 : otherSoft / otherMass,
    };
    return PASSAGE_FEATURES.map((name) => values[name]);
  });
}

/** The closest any of the sentence's terms comes to the question's term, by word vectors (0 when none). */
function closeness(index: AnswerIndex, q: AnalyzedQuestion, term: string, passage: number): number {
  const sims = storyTermSimilarities(index, q, term);
  if (!sims) return 0;
  let best = 0;
  for (const at of index.passageVectorPositions[passage]!) if (sims[at]! > best) best = sims[at]!;
  return best;
}
