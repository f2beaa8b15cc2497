// Holds the knowledge and index in use. A reload builds the new ones in a worker thread (answering goes on) and
// swaps them in with one assignment; a start loads the index kept from the last build of the same files.
import {
  buildAnswerIndex,
  buildIndexData,
  openIndex,
  type AnswerIndex,
  type IndexBuildMemory,
  type IndexData,
} from '../engine/answerIndex.js';
import type { Knowledge } from '../knowledge/types.js';
import { readKnowledgeSources, validateKnowledge } from '../knowledge/validateKnowledge.js';
import { diffKnowledge, type KnowledgeDiff } from './knowledgeDiff.js';
import { indexCacheKey, readCachedIndex, writeCachedIndex } from './indexCache.js';
import { IndexBuilder } from './indexBuilder.js';

export type { KnowledgeDiff } from './knowledgeDiff.js';

export interface KnowledgeSnapshot {
  readonly knowledge: Knowledge;
  readonly index: AnswerIndex;
  readonly loadedAt: Date;
  /** Where the index was made: here, in the reload worker (answering went on meanwhile), or kept from the last start. */
  readonly indexedBy: 'this thread' | 'worker' | 'cache';
}

export type ReloadOutcome =
  | { readonly ok: true; readonly diff: KnowledgeDiff; readonly ms: number }
  | { readonly ok: false; readonly error: unknown };

/** The knowledge and its index, built here; `memory` carries text readings from one build to the next. */
export function buildSnapshot(knowledge: Knowledge, memory?: IndexBuildMemory): KnowledgeSnapshot {
  return { knowledge, index: buildAnswerIndex(knowledge, memory), loadedAt: new Date(), indexedBy: 'this thread' };
}

function snapshotOf(data: IndexData, indexedBy: KnowledgeSnapshot['indexedBy']): KnowledgeSnapshot {
  return { knowledge: data.knowledge, index: openIndex(data), loadedAt: new Date(), indexedBy };
}

export class KnowledgeStore {
  private snapshot: KnowledgeSnapshot;
  private reloading: Promise<ReloadOutcome> | null = null;
  private readonly builder = new IndexBuilder();

  constructor(
    readonly dir: string,
    initial: KnowledgeSnapshot,
  ) {
    this.snapshot = initial;
  }

  /** Loads the folder (the index kept from the last build of the same files, if any) or throws its KnowledgeError. */
  static async open(dir: string): Promise<KnowledgeStore> {
    const sources = await readKnowledgeSources(dir);
    const key = indexCacheKey(sources);
    const cached = key ? readCachedIndex(key) : null;
    const data = cached ?? buildIndexData(validateKnowledge(sources));
    if (key && !cached) writeCachedIndex(key, data);
    return new KnowledgeStore(dir, snapshotOf(data, cached ? 'cache' : 'this thread'));
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
      const next = snapshotOf(await this.builder.build(this.dir), 'worker');
      const diff = diffKnowledge(this.snapshot.knowledge, next.knowledge);
      this.snapshot = next;
      return { ok: true, diff, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Stops the reload worker (tests; the bot's process ends without it). */
  close(): Promise<void> {
    return this.builder.close();
  }
}
