// The evidence for acting on a curated entry (answering with it, or declining in its not-in-story words), as
// numbers the curated decision model weighs: how well the entry matches, whether the curated rules would act on
// it, what the story's own sentences say, and what kind of message the question is (server talk, advice, now).
import type { AnswerIndex } from './answerIndex.js';
import type { PassageChoice } from './passageAnswer.js';
import type { QuestionEvidence } from './passageFeatures.js';
import type { Candidate } from './ranking.js';
import { placeOf } from './wording.js';

/** The features, in order; the model's weights follow this order. */
export const CURATED_FEATURES = [
  'score',
  'coverage',
  'phrasing',
  'margin',
  'rulesAct',
  'notInStory',
  'passageProbability',
  'passageAgrees',
  'serverTalk',
  'personal',
  'firstPerson',
  'weUs',
  'deictic',
  'advice',
  'yesNo',
  'contentWords',
  'unknownShare',
  'offStoryWords',
] as const;

export type CuratedFeatureName = (typeof CURATED_FEATURES)[number];

export interface CuratedContext {
  readonly entries: readonly Candidate[];
  /** The entry the rules act on, if any (see ruleWinner). */
  readonly winner: Candidate | null;
  readonly passage: PassageChoice | null;
  readonly serverTalk: boolean;
  readonly evidence: QuestionEvidence;
}

/** The features of acting on `candidate`, in CURATED_FEATURES order. */
export function curatedFeatures(index: AnswerIndex, candidate: Candidate, context: CuratedContext): number[] {
  const entry = index.facts[candidate.id]!.entry;
  const place = placeOf(entry);
  const rival = context.entries.find((c) => placeOf(index.facts[c.id]!.entry) !== place);
  const { passage, evidence } = context;
  const values: Record<CuratedFeatureName, number> = {
    score: candidate.score,
    coverage: candidate.coverage,
    phrasing: candidate.phrasingMatch,
    margin: candidate.score - (rival?.score ?? 0),
    rulesAct: context.winner?.id === candidate.id ? 1 : 0,
    notInStory: entry.kind === 'not-in-story' ? 1 : 0,
    passageProbability: passage?.probability ?? 0,
    passageAgrees: passage && entry.quote?.part === 'paragraph' && entry.quote.paragraph === passage.passage.paragraph ? 1 : 0,
    serverTalk: context.serverTalk ? 1 : 0,
    personal: evidence.personal,
    firstPerson: evidence.firstPerson,
    weUs: evidence.weUs,
    deictic: evidence.deictic,
    advice: evidence.advice,
    yesNo: evidence.yesNo,
    contentWords: Math.log1p(evidence.content.length),
    unknownShare: evidence.unknownShare,
    offStoryWords: evidence.offStory,
  };
  return CURATED_FEATURES.map((name) => values[name]);
}
