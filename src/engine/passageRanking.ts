// Ranks the story's sentences for a question: each question word is matched by the sentence's own words, else
// by its context (whom it quotes or refers to), else by a related word; the shares of the question matched
// each way are the evidence the decision model weighs.
import { QUESTION_WORD_PREFIX, relatedStoryTerms, type AnalyzedQuestion, type AnswerIndex } from './answerIndex.js';
import { combine } from './ranking.js';
import { TopScores } from './scoreAccumulator.js';
import { CONTEXT_CREDIT, RELATED_CREDIT, UNEXPLAINED_CAP } from './tuning.js';

export interface PassageCandidate {
  readonly id: number;
  /** Retrieval score, 0..1: coverage of the question, tempered by how much else the sentence says. */
  readonly score: number;
  /** Share of the question's content weight the sentence's own words match. */
  readonly exact: number;
  /** Share matched only through the sentence's context. */
  readonly context: number;
  /** Share matched only through related words, each weighted by its similarity. */
  readonly related: number;
  /** 2·matched / (question + sentence weight): how much of the sentence is about the question. */
  readonly dice: number;
  /** The heaviest question word the sentence doesn't match at all, as a share of the question's weight. */
  readonly unmatchedMax: number;
  /** How many of the question's content words it matches in any way. */
  readonly matchedWords: number;
}

const isQuestionWord = (term: string) => term.startsWith(QUESTION_WORD_PREFIX);

/** The story's sentences for a question, best first; only sentences matching some word of it are scored. */
export function rankStoryPassages(index: AnswerIndex, q: AnalyzedQuestion, limit = 25): PassageCandidate[] {
  const content = q.passageWeighted.filter(([term]) => !isQuestionWord(term));
  const questionMass = content.reduce((sum, [, w]) => sum + w, 0);
  if (questionMass === 0) return [];
  const n = index.passages.length;
  const exact = new Float64Array(n);
  const context = new Float64Array(n);
  const related = new Float64Array(n);
  const unmatchedMax = new Float64Array(n);
  const matchedWords = new Int32Array(n);
  const touched = new Set<number>();
  /** Per question word, whether it matches each sentence in any way. */
  const matchedBy: Uint8Array[] = [];
  // Each question word's best match per sentence: own word (kind 0), else context (1), else a related word (2).
  const kind = new Int8Array(n);
  const credit = new Float64Array(n);
  const offered: number[] = [];
  for (const [term, weight] of content) {
    const matched = new Uint8Array(n);
    matchedBy.push(matched);
    offered.length = 0;
    const offer = (p: number, k: 0 | 1 | 2, c: number) => {
      if (!matched[p]) {
        matched[p] = 1;
        offered.push(p);
        kind[p] = k;
        credit[p] = c;
      } else if (k < kind[p]! || (k === kind[p] && c > credit[p]!)) {
        kind[p] = k;
        credit[p] = c;
      }
    };
    index.passagesByTerm.forEach(term, (p) => offer(p, 0, 1));
    index.passageContextsByTerm.forEach(term, (p) => offer(p, 1, CONTEXT_CREDIT));
    for (const { term: other, similarity } of relatedStoryTerms(index, q, term)) {
      index.passagesByTerm.forEach(other, (p) => offer(p, 2, RELATED_CREDIT * similarity));
    }
    for (const p of offered) {
      touched.add(p);
      matchedWords[p]!++;
      if (kind[p] === 0) exact[p]! += weight;
      else if (kind[p] === 1) context[p]! += weight * credit[p]!;
      else related[p]! += weight * credit[p]!;
    }
  }
  const top = new TopScores<PassageCandidate>(limit);
  for (const p of touched) {
    let heaviest = 0;
    content.forEach(([, weight], i) => {
      if (weight > heaviest && !matchedBy[i]![p]) heaviest = weight;
    });
    unmatchedMax[p] = heaviest / questionMass;
    const matched = exact[p]! + context[p]! + related[p]!;
    const unexplained = Math.min(questionMass - matched, UNEXPLAINED_CAP);
    const coverage = matched / (matched + unexplained);
    const dice = (2 * matched) / (Math.min(questionMass, matched + UNEXPLAINED_CAP) + index.passages[p]!.mass);
    const score = combine(coverage, dice);
    if (!top.admits(score)) continue;
    top.offer({
      id: p,
      score,
      exact: exact[p]! / questionMass,
      context: context[p]! / questionMass,
      related: related[p]! / questionMass,
      dice,
      unmatchedMax: unmatchedMax[p],
      matchedWords: matchedWords[p]!,
    });
  }
  return top.items;
}
