// What the question's exact wording settles when the content words don't: a close call between strong matches
// (entries with different answers within the margin of each other), and a question asked just as a curated
// phrasing is written, whose few words are too common to score high on their own.
import { AS_WRITTEN_CANDIDATES, CLEAR_WORDING_LEAD, MAX_CONTENDERS, STRONG_MATCH } from './tuning.js';
import type { QaEntry } from '../knowledge/types.js';
import { phrasingsOf, type AnalyzedQuestion, type AnswerIndex } from './answerIndex.js';
import type { Candidate } from './ranking.js';

/** Entries agree when they quote the same place; a not-in-story entry, with no quote, is only itself. */
export const placeOf = (entry: QaEntry) => (entry.quote ? `${entry.quote.part}:${entry.quote.paragraph}` : entry.id);

/** The entry a close call goes to, or null when it stays a close call. `entries` are ranked, best first. */
export function settleCloseCall(
  index: AnswerIndex,
  question: AnalyzedQuestion,
  entries: readonly Candidate[],
  margin: number,
): Candidate | null {
  if (entries[0]!.score < STRONG_MATCH) return null;
  const contenders = closeCalls(index, entries, margin);
  if (contenders.length > MAX_CONTENDERS) return null;
  const asked = new Set(question.allStems);
  const similarity = (c: Candidate) => {
    let best = 0;
    for (const stems of stemsOfPhrasings(index, index.facts[c.id]!.entry)) {
      let shared = 0;
      for (const s of stems) if (asked.has(s)) shared++;
      best = Math.max(best, (2 * shared) / (asked.size + stems.size));
    }
    return best;
  };
  const ranked = contenders.map((c) => ({ c, similarity: similarity(c) })).sort((a, b) => b.similarity - a.similarity);
  return ranked.length > 1 && ranked[0]!.similarity - ranked[1]!.similarity >= CLEAR_WORDING_LEAD ? ranked[0]!.c : null;
}

/** The best candidate of each place within the margin of the best: the different answers in a close call. */
function closeCalls(index: AnswerIndex, entries: readonly Candidate[], margin: number): Candidate[] {
  const best = entries[0]!;
  const byPlace = new Map<string, Candidate>();
  for (const c of entries) {
    if (best.score - c.score >= margin) break;
    const place = placeOf(index.facts[c.id]!.entry);
    if (!byPlace.has(place)) byPlace.set(place, c);
  }
  return [...byPlace.values()];
}

// Each entry's phrasings as stem sets, read the first time the entry is in a close call; kept per entry
// object, so a reload's new entries start afresh and the old ones are collected with their knowledge.
const phrasingStems = new WeakMap<QaEntry, ReadonlyArray<ReadonlySet<string>>>();

function stemsOfPhrasings(index: AnswerIndex, entry: QaEntry): ReadonlyArray<ReadonlySet<string>> {
  let stems = phrasingStems.get(entry);
  if (!stems) {
    stems = phrasingsOf(entry).map((phrasing) => new Set(index.analyzer.analyze(phrasing).allStems));
    phrasingStems.set(entry, stems);
  }
  return stems;
}

/**
 * The entry one of whose phrasings the question is, word for word apart from filler ("ngl whats the library
 * even doing now" is "what is the library doing now"): every word of the phrasing is in the question and every
 * content word of the question is in the phrasing. Null when none is, or when such entries disagree.
 */
export function askedAsWritten(index: AnswerIndex, question: AnalyzedQuestion, entries: readonly Candidate[]): Candidate | null {
  const asked = new Set(question.allStems);
  let found: Candidate | null = null;
  for (const c of entries.slice(0, AS_WRITTEN_CANDIDATES)) {
    const entry = index.facts[c.id]!.entry;
    const matches = stemsOfPhrasings(index, entry).some(
      (stems) => [...stems].every((s) => asked.has(s)) && question.terms.every((t) => stems.has(t)),
    );
    if (!matches) continue;
    if (found && placeOf(index.facts[found.id]!.entry) !== placeOf(entry)) return null;
    found ??= c;
  }
  return found;
}
