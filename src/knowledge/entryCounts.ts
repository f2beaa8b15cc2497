// How many entries of each kind the knowledge has, for the summaries moderators read.
import type { QaEntry } from './types.js';

/** How many entries of each kind, for the summaries moderators read. */
function countEntries(entries: readonly QaEntry[]): Record<QaEntry['kind'], number> {
  const counts = { fact: 0, chat: 0, 'not-in-story': 0 };
  for (const e of entries) counts[e.kind]++;
  return counts;
}

/** "43 facts, 7 chat, 12 not in the story". */
export function describeEntryCounts(entries: readonly QaEntry[]): string {
  const counts = countEntries(entries);
  return `${counts.fact} facts, ${counts.chat} chat, ${counts['not-in-story']} not in the story`;
}
