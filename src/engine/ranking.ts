// Ranks curated entries and story sentences for a question: an inverted index finds the candidates that
// share a word with it, each scored by how much of the question it explains and how closely it says it.
import { QUESTION_WORD_PREFIX, type AnalyzedQuestion, type AnswerIndex } from './answerIndex.js';
import { TopScores } from './scoreAccumulator.js';
import { MAX_CANDIDATES, MIN_EVIDENCE, PHRASING_SHARE, UNEXPLAINED_CAP } from './tuning.js';

/** A ranked entry or sentence, by its place in the index (`index.facts[id]` or `index.passages[id]`, by kind). */
export interface Candidate {
  readonly kind: 'qa' | 'passage';
  readonly id: number;
  readonly score: number;
  /** Share of the question's weight it explains, 0..1. */
  readonly coverage: number;
  /** How closely its best phrasing (or the sentence) says what the question says, 0..1 (a Dice overlap). */
  readonly phrasingMatch: number;
}

/** Share of the question a candidate explains, the unexplained part capped (see UNEXPLAINED_CAP). */
function explained(matched: number, questionMass: number): number {
  const unexplained = Math.min(questionMass - matched, UNEXPLAINED_CAP);
  return matched / (matched + unexplained);
}

/** Combines "how much of the question this explains" with "how closely one phrasing says it". */
export function combine(coverage: number, phrasing: number): number {
  return coverage * (1 - PHRASING_SHARE + PHRASING_SHARE * phrasing);
}

const isQuestionWord = (term: string) => term.startsWith(QUESTION_WORD_PREFIX);

type Question = string | AnalyzedQuestion;
const analysed = (index: AnswerIndex, question: Question): AnalyzedQuestion =>
  typeof question === 'string' ? index.analyzeQuestion(question) : question;

/** Curated entries for a question, best first; only entries sharing a word with it are scored. */
export function rankEntries(index: AnswerIndex, question: Question, limit = MAX_CANDIDATES): Candidate[] {
  const q = analysed(index, question);
  const questionMass = q.weighted.reduce((sum, [, w]) => sum + w, 0);
  // Only question words ("who are you") say nothing about which fact is meant.
  if (!q.weighted.some(([term]) => !isQuestionWord(term))) return [];
  const { facts, phrasings } = index.sums;
  return facts.with((covered) =>
    facts.with((evidence) =>
      facts.with((bestPhrasing) =>
        phrasings.with((matched) => {
          for (const [term, weight] of q.weighted) {
            const content = !isQuestionWord(term);
            index.factsByTerm.forEach(term, (fact) => {
              covered.add(fact, weight);
              if (content) evidence.add(fact, weight);
            });
            index.phrasingsByTerm.forEach(term, (p) => matched.add(p, weight));
          }
          for (let i = 0; i < matched.size; i++) {
            const p = matched.idAt(i);
            const m = matched.get(p);
            const fact = index.phrasingFacts[p]!;
            const dice = (2 * m) / (Math.min(questionMass, m + UNEXPLAINED_CAP) + index.phrasingMasses[p]!);
            const best = bestPhrasing.get(fact);
            if (dice > best) bestPhrasing.add(fact, dice - best);
          }
          const top = new TopScores<Candidate>(limit);
          for (let i = 0; i < covered.size; i++) {
            const fact = covered.idAt(i);
            const coverage = explained(covered.get(fact), questionMass);
            const phrasing = bestPhrasing.get(fact);
            const enough = Math.min(1, evidence.get(fact) / MIN_EVIDENCE) ** 2;
            const score = combine(coverage, phrasing) * enough;
            if (top.admits(score)) top.offer({ kind: 'qa', id: fact, score, coverage, phrasingMatch: phrasing });
          }
          return top.items;
        }),
      ),
    ),
  );
}

/** Story sentences for a question, best first. */
export function rankPassages(index: AnswerIndex, question: Question, limit = MAX_CANDIDATES): Candidate[] {
  const q = analysed(index, question);
  const content = q.passageWeighted.filter(([term]) => !isQuestionWord(term));
  const questionMass = content.reduce((sum, [, w]) => sum + w, 0);
  if (questionMass === 0) return [];
  return index.sums.passages.with((matched) => {
    for (const [term, weight] of content) {
      index.passagesByTerm.forEach(term, (p) => matched.add(p, weight));
    }
    const top = new TopScores<Candidate>(limit);
    for (let i = 0; i < matched.size; i++) {
      const p = matched.idAt(i);
      const m = matched.get(p);
      const coverage = m / questionMass;
      const phrasing = (2 * m) / (questionMass + index.passages[p]!.mass);
      const score = combine(coverage, phrasing);
      if (top.admits(score)) top.offer({ kind: 'passage', id: p, score, coverage, phrasingMatch: phrasing });
    }
    return top.items;
  });
}
