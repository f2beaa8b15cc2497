// Asks the engine every phrasing of every entry, as a user would, and reports the ones that don't reach their
// entry: declined, a "did you mean", or answered by another entry or from the article's text.
import { answerQuestion, type AnswerResult } from '../engine/answerQuestion.js';
import type { KnowledgeProblem } from '../knowledge/knowledgeError.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { SMALL_TALK_FILE } from '../knowledge/smallTalk.js';
import type { QaEntry } from '../knowledge/types.js';
import { parseYaml } from '../knowledge/yamlFile.js';

/** A Q&A file as read: the phrasings' lines are looked up in it. */
export interface QaFileText {
  readonly file: string;
  readonly text: string;
}

/** The line of each phrasing (question and alternates) of each entry, by entry id and phrasing text. */
function phrasingLines(files: readonly QaFileText[]): Map<string, Map<string, number | null>> {
  const lines = new Map<string, Map<string, number | null>>();
  for (const { file, text } of files) {
    const parsed = parseYaml(file, text);
    if (!parsed.ok) continue;
    const entries = (parsed.value.data as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) continue;
    entries.forEach((raw: unknown, i) => {
      if (typeof raw !== 'object' || raw === null) return;
      const { id, question, alternates } = raw as { id?: unknown; question?: unknown; alternates?: unknown };
      if (typeof id !== 'string') return;
      const own = new Map<string, number | null>();
      if (typeof question === 'string') own.set(question, parsed.value.lineOf(['entries', i, 'question']));
      if (Array.isArray(alternates))
        alternates.forEach((a: unknown, k) => typeof a === 'string' && own.set(a, parsed.value.lineOf(['entries', i, 'alternates', k])));
      lines.set(`${file}\u0000${id}`, own);
    });
  }
  return lines;
}

/** Whether the engine's reply to a phrasing is its own entry's reply. */
export function reachesEntry(entry: QaEntry, result: AnswerResult): boolean {
  if (result.entryId !== entry.id) return false;
  switch (entry.kind) {
    case 'fact':
      return result.answered && result.source === 'qa';
    case 'chat':
      return result.source === 'chat';
    case 'not-in-story':
      return result.reason === 'not-in-story';
  }
}

function whatHappens(result: AnswerResult, entries: ReadonlyMap<string, QaEntry>): string {
  if (result.band === 'suggest') {
    const offered = result.suggestions.map((s) => `"${s.entryId}"`).join(', ');
    return `is a close call: the bot asks "did you mean" (${offered}) instead of answering`;
  }
  if (result.source === 'passage') return `is answered from the article's text (paragraph ${result.paragraph}), not by this entry`;
  const other = result.entryId !== null ? entries.get(result.entryId) : undefined;
  if (other) {
    const how = other.kind === 'chat' ? 'gets the small talk of' : other.kind === 'not-in-story' ? 'is declined by' : 'is answered by';
    return `${how} entry "${other.id}" ("${other.question}") instead`;
  }
  return `is declined (best score ${result.score}): its words don't pick out this entry; use the story's own words (a name, a place, a number)`;
}

function fixFor(entry: QaEntry, result: AnswerResult): string {
  if (entry.file === SMALL_TALK_FILE)
    return `this is built-in small talk: to keep it, add a chat entry "${entry.id}" to your Q&A; or reword the entry that takes it`;
  if (result.entryId !== null && result.entryId !== entry.id) return 'move it to that entry if it asks the same, else reword it';
  return 'reword it or delete it';
}

/**
 * One warning per phrasing that does not reach its entry, with its file and line. `files` are the texts of
 * the entries' files (for the lines); the built-in small talk is checked too, as part of every story.
 */
export function phrasingWarnings(snapshot: KnowledgeSnapshot, files: readonly QaFileText[]): KnowledgeProblem[] {
  const lines = phrasingLines(files);
  const byId = new Map(snapshot.knowledge.entries.map((e) => [e.id, e]));
  const warnings: KnowledgeProblem[] = [];
  for (const entry of snapshot.knowledge.entries) {
    const own = lines.get(`${entry.file}\u0000${entry.id}`);
    for (const phrasing of [entry.question, ...entry.alternates]) {
      const result = answerQuestion(snapshot.index, phrasing);
      if (reachesEntry(entry, result)) continue;
      warnings.push({
        file: entry.file,
        line: own?.get(phrasing) ?? entry.line,
        entry: entry.id,
        message: `"${phrasing}" ${whatHappens(result, byId)}; ${fixFor(entry, result)}`,
      });
    }
  }
  return warnings;
}
