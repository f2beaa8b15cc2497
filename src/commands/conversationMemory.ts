// What each asker last asked about the story, per place they ask in, so a follow-up ("and who said that?") can
// be read with it. In memory only, for minutes: nothing of it is stored or logged, and a restart forgets it.
import { FOLLOW_UP_MEMORY_MS } from '../engine/tuning.js';
import type { Conversation } from './commandDefinition.js';
import type { Subject } from '../engine/followUp.js';

/** Askers remembered at once; past this the longest-quiet is forgotten first. */
const MAX_ASKERS = 10_000;

export class ConversationMemory {
  // Map order is last-asked order: the first key is the longest-quiet asker.
  private readonly last = new Map<string, { readonly subject: Subject; readonly story: string; readonly at: number }>();

  constructor(
    private readonly ttlMs = FOLLOW_UP_MEMORY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The asker's last question about `story` (its title: another story's question is no context), while recent. */
  recall(asker: string, story: string): Subject | null {
    const kept = this.last.get(asker);
    if (!kept) return null;
    if (kept.story !== story || this.now() - kept.at > this.ttlMs) {
      this.last.delete(asker);
      return null;
    }
    return kept.subject;
  }

  remember(asker: string, story: string, subject: Subject): void {
    this.last.delete(asker);
    this.last.set(asker, { subject, story, at: this.now() });
    if (this.last.size > MAX_ASKERS) this.last.delete(this.last.keys().next().value!);
  }

  get size(): number {
    return this.last.size;
  }
}

/** One asker in one place, a user in a channel (or their DMs), with the memory: ids only, kept in memory. */
export function conversationOf(memory: ConversationMemory, channelId: string, userId: string): Conversation {
  return { memory, asker: `${channelId}:${userId}` };
}
