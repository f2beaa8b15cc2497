// /reload (moderators): re-reads the knowledge folder and swaps it in only if all of it is valid.
import { KnowledgeError, describeProblem } from '../knowledge/knowledgeError.js';
import type { KnowledgeDiff, ReloadOutcome } from '../knowledge/knowledgeStore.js';
import type { CommandDefinition } from './commandDefinition.js';
import { LIMITS, truncate } from './limits.js';
import type { Reply } from './reply.js';

function listIds(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : truncate(ids.join(', '), LIMITS.embedFieldValue);
}

export function describeDiff(diff: KnowledgeDiff): string {
  const parts = [
    `${diff.added.length} added`,
    `${diff.removed.length} removed`,
    `${diff.changed.length} changed`,
    diff.paragraphsBefore === diff.paragraphsAfter
      ? `${diff.paragraphsAfter} paragraphs`
      : `paragraphs ${diff.paragraphsBefore} → ${diff.paragraphsAfter}`,
  ];
  return `Entries: ${parts.slice(0, 3).join(', ')}; ${parts[3]}${diff.storyChanged ? '; the story text or metadata changed' : ''}.`;
}

export function reloadReply(outcome: ReloadOutcome): Reply {
  if (outcome.ok) {
    const { diff } = outcome;
    return {
      kind: 'info',
      title: 'Knowledge reloaded',
      text: describeDiff(diff),
      fields: [
        { name: 'Added', value: listIds(diff.added) },
        { name: 'Removed', value: listIds(diff.removed) },
        { name: 'Changed', value: listIds(diff.changed) },
      ],
      footer: `Reloaded in ${outcome.ms} ms`,
      ephemeral: true,
    };
  }
  const problems =
    outcome.error instanceof KnowledgeError
      ? outcome.error.problems.map((p) => `• ${describeProblem(p)}`).join('\n')
      : `• ${String(outcome.error)}`;
  return {
    kind: 'error',
    title: 'Reload refused: the knowledge files have problems',
    text: `${problems}\n\nNothing changed: I keep answering from the knowledge loaded before. Fix the file and /reload again.`,
    ephemeral: true,
  };
}

export const reloadCommand: CommandDefinition = {
  name: 'reload',
  description: 'Moderators: reload the knowledge files',
  options: [],
  moderatorOnly: true,
  async run(_options, { store, isModerator }) {
    if (!isModerator) {
      return { kind: 'notice', text: 'Only moderators (Manage Server) can reload the knowledge.', ephemeral: true };
    }
    return reloadReply(await store.reload());
  },
};
