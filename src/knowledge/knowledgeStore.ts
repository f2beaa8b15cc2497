// Holds the knowledge and index in use; a reload builds the new ones aside and swaps them in one assignment.
import { buildAnswerIndex, type AnswerIndex } from '../engine/answerIndex.js';
import { loadKnowledge } from './validateKnowledge.js';
import type { Knowledge, QaEntry } from './types.js';

export interface KnowledgeSnapshot {
  readonly knowledge: Knowledge;
  readonly index: AnswerIndex;
  readonly loadedAt: Date;
}

export interface KnowledgeDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly paragraphsBefore: number;
  readonly paragraphsAfter: number;
  readonly storyChanged: boolean;
}

export type ReloadOutcome =
  | { readonly ok: true; readonly diff: KnowledgeDiff; readonly ms: number }
  | { readonly ok: false; readonly error: unknown };

export function buildSnapshot(knowledge: Knowledge): KnowledgeSnapshot {
  return { knowledge, index: buildAnswerIndex(knowledge), loadedAt: new Date() };
}

export class KnowledgeStore {
  private snapshot: KnowledgeSnapshot;
  private reloading: Promise<ReloadOutcome> | null = null;

  constructor(
    readonly dir: string,
    initial: KnowledgeSnapshot,
  ) {
    this.snapshot = initial;
  }

  static async open(dir: string): Promise<KnowledgeStore> {
    return new KnowledgeStore(dir, buildSnapshot(await loadKnowledge(dir)));
  }

  get current(): KnowledgeSnapshot {
    return this.snapshot;
  }

  /**
   * Re-reads and validates the folder and swaps the new knowledge in only if all of it is good.
   * A reload asked for while one runs shares that one's outcome: reloads never run twice at once.
   */
  reload(): Promise<ReloadOutcome> {
    this.reloading ??= this.runReload().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async runReload(): Promise<ReloadOutcome> {
    const started = performance.now();
    try {
      const next = buildSnapshot(await loadKnowledge(this.dir));
      const diff = diffKnowledge(this.snapshot.knowledge, next.knowledge);
      this.snapshot = next;
      return { ok: true, diff, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}

function entryFingerprint(entry: QaEntry): string {
  return JSON.stringify([entry.kind, entry.question, entry.alternates, entry.answer, entry.quote?.text ?? null, entry.tags, entry.related]);
}

export function diffKnowledge(before: Knowledge, after: Knowledge): KnowledgeDiff {
  const old = new Map(before.entries.map((e) => [e.id, entryFingerprint(e)]));
  const next = new Map(after.entries.map((e) => [e.id, entryFingerprint(e)]));
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id)),
    paragraphsBefore: before.story.paragraphs.length,
    paragraphsAfter: after.story.paragraphs.length,
    storyChanged: JSON.stringify(before.story) !== JSON.stringify(after.story),
  };
}
