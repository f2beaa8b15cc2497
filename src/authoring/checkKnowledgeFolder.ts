// What `npm run knowledge:check` finds in a folder: the problems that stop it loading (thrown, all at once), and
// for knowledge that loads, warnings about phrasings that don't reach their entry and notes on what to expect.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sourcesWithDraft } from './draftQa.js';
import { describeEntryCounts } from '../knowledge/entryCounts.js';
import { KnowledgeError, type KnowledgeProblem } from '../knowledge/knowledgeError.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { phrasingWarnings } from './phrasingReach.js';
import { builtInSmallTalk } from '../knowledge/smallTalk.js';
import { KNOWLEDGE_FILES } from '../knowledge/types.js';
import { qaFilesOf, readKnowledgeSources, validateKnowledge, type KnowledgeSources } from '../knowledge/validateKnowledge.js';

export interface FolderCheck {
  readonly snapshot: KnowledgeSnapshot;
  /** One line: what was loaded. */
  readonly summary: string;
  /** Things that work, but not as written: the bot still starts. */
  readonly warnings: readonly KnowledgeProblem[];
  /** What to expect, for the moderator. */
  readonly notes: readonly string[];
}

/** "1, 2 and 5" */
function listNumbers(numbers: readonly number[]): string {
  return numbers.length <= 1 ? numbers.join('') : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

/** Which paragraphs only the article's own text answers, and what that means for the people asking. */
function coverageNote(snapshot: KnowledgeSnapshot): string | null {
  const { story, entries } = snapshot.knowledge;
  const quoted = new Set(entries.flatMap((e) => (e.kind === 'fact' && e.quote?.paragraph != null ? [e.quote.paragraph] : [])));
  const uncovered = story.paragraphs.filter((p) => !quoted.has(p.number)).map((p) => p.number);
  if (uncovered.length === 0) return null;
  const expect = (whose: string) =>
    `a question that uses the words of one of ${whose} sentences is answered with that sentence, quoted; one asked in quite ` +
    'other words may be declined. Add curated entries for the facts people ask about most (npm run knowledge:draft drafts some).';
  if (uncovered.length === story.paragraphs.length)
    return `No curated Q&A yet: questions are answered from the article's text alone: ${expect("the article's")}`;
  const which = uncovered.length === 1 ? `Paragraph ${uncovered[0]} has` : `Paragraphs ${listNumbers(uncovered)} have`;
  return `${which} no curated entry, so questions about ${uncovered.length === 1 ? 'it' : 'them'} are answered from the article's text alone: ${expect(uncovered.length === 1 ? 'its' : 'their')}`;
}

/** Checks the folder as start-up and /reload do (throwing a KnowledgeError with every problem), then asks every phrasing. */
export async function checkKnowledgeFolder(dir: string): Promise<FolderCheck> {
  const sources = await readKnowledgeSources(dir);
  const knowledge = validateKnowledge(sources);
  const snapshot = buildSnapshot(knowledge);
  const draft = await readFile(path.join(dir, KNOWLEDGE_FILES.draft), 'utf8').catch(() => null);
  const phrasings = knowledge.entries.reduce((n, e) => n + 1 + e.alternates.length, 0);
  const summary =
    `Knowledge in ${dir} is valid: ${knowledge.story.paragraphs.length} paragraphs, entries: ${describeEntryCounts(knowledge.entries)} ` +
    `(small talk included); ${phrasings} phrasings, ${knowledge.aliases.size} aliases.`;
  const warnings = phrasingWarnings(snapshot, [...qaFilesOf(sources), builtInSmallTalk()]);
  const notes = [coverageNote(snapshot)].filter((n): n is string => n !== null);
  if (draft === null) return { snapshot, summary, warnings, notes };
  const reviewed = checkDraft(sources, draft, warnings);
  return { snapshot, summary, warnings: [...warnings, ...reviewed.warnings], notes: [...notes, reviewed.note] };
}

/**
 * A draft awaiting review (draft.yaml) is checked as if accepted: its problems and phrasings that miss are
 * warnings (the bot does not read it yet), named in draft.yaml where the moderator edits them.
 */
function checkDraft(
  sources: KnowledgeSources,
  draft: string,
  before: readonly KnowledgeProblem[],
): { warnings: KnowledgeProblem[]; note: string } {
  const draftFile = path.join(sources.dir, KNOWLEDGE_FILES.draft);
  const asAccepted = path.join(sources.dir, KNOWLEDGE_FILES.acceptedDraft);
  const inDraft = (p: KnowledgeProblem) => ({ ...p, file: p.file === asAccepted ? draftFile : p.file });
  const withDraft = sourcesWithDraft(sources, draft);
  const accept = 'npm run knowledge:draft -- --accept';
  try {
    const snapshot = buildSnapshot(validateKnowledge(withDraft));
    const drafted = snapshot.knowledge.entries.filter((e) => e.file === asAccepted).length;
    // The draft's own phrasings that miss, and the curated ones it would take (they reached their entry before).
    const missedBefore = new Set(before.map((w) => `${w.file}:${w.line}:${w.entry}`));
    const warnings = phrasingWarnings(snapshot, [...qaFilesOf(withDraft), builtInSmallTalk()]).flatMap((w) => {
      if (w.file === asAccepted) return [inDraft(w)];
      if (missedBefore.has(`${w.file}:${w.line}:${w.entry}`)) return [];
      return [{ ...w, message: `once the draft is accepted, ${w.message}` }];
    });
    return {
      warnings,
      note: `${draftFile} holds ${drafted} drafted entries awaiting review; the bot does not read them until ${accept}.`,
    };
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    return {
      warnings: error.problems.map(inDraft),
      note: `${draftFile} (a draft; the bot does not read it) has the problems above: fix them before ${accept}.`,
    };
  }
}
