// What `npm run knowledge:check` finds in a folder: the problems that stop it loading (thrown, all at once), and
// for knowledge that loads, warnings about phrasings that don't reach their entry and notes on what to expect.
import { describeEntryCounts } from './entryCounts.js';
import type { KnowledgeProblem } from './knowledgeError.js';
import { buildSnapshot, type KnowledgeSnapshot } from './knowledgeStore.js';
import { phrasingWarnings } from './phrasingReach.js';
import { builtInSmallTalk } from './smallTalk.js';
import { qaFilesOf, readKnowledgeSources, validateKnowledge } from './validateKnowledge.js';

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
  const expect =
    'a question that uses the words of one of their sentences is answered with that sentence, quoted; one asked in quite ' +
    'other words may be declined. Add curated entries for the facts people ask about most (npm run knowledge:draft drafts some).';
  if (uncovered.length === story.paragraphs.length)
    return `No curated Q&A yet: questions are answered from the article's text alone: ${expect}`;
  const which = uncovered.length === 1 ? `Paragraph ${uncovered[0]} has` : `Paragraphs ${listNumbers(uncovered)} have`;
  return `${which} no curated entry, so questions about ${uncovered.length === 1 ? 'it' : 'them'} are answered from the article's text alone: ${expect}`;
}

/** Checks the folder as start-up and /reload do (throwing a KnowledgeError with every problem), then asks every phrasing. */
export async function checkKnowledgeFolder(dir: string): Promise<FolderCheck> {
  const sources = await readKnowledgeSources(dir);
  const knowledge = validateKnowledge(sources);
  const snapshot = buildSnapshot(knowledge);
  const phrasings = knowledge.entries.reduce((n, e) => n + 1 + e.alternates.length, 0);
  const summary =
    `Knowledge in ${dir} is valid: ${knowledge.story.paragraphs.length} paragraphs, entries: ${describeEntryCounts(knowledge.entries)} ` +
    `(small talk included); ${phrasings} phrasings, ${knowledge.aliases.size} aliases.`;
  const warnings = phrasingWarnings(snapshot, [...qaFilesOf(sources), builtInSmallTalk()]);
  const notes = [coverageNote(snapshot)].filter((n): n is string => n !== null);
  return { snapshot, summary, warnings, notes };
}
