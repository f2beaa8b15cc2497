// Builds a knowledge folder's index in a worker thread, so that a reload (reading, checking and indexing, up to
// seconds for a large knowledge base) never pauses answering: the main thread only opens the finished data.
// The worker stays for a while after a build (a moderator fixing a file reloads again soon) and is then stopped,
// so an idle bot holds no second copy of the language data.
import { Worker } from 'node:worker_threads';
import type { IndexData } from '../engine/answerIndex.js';
import { KnowledgeError, type KnowledgeProblem } from '../knowledge/knowledgeError.js';
import { projectPath, RUNNING_COMPILED } from '../projectFiles.js';

export interface BuildRequest {
  readonly id: number;
  readonly dir: string;
}

export type BuildReply =
  | { readonly id: number; readonly ok: true; readonly data: IndexData }
  | { readonly id: number; readonly ok: false; readonly problems: KnowledgeProblem[] | null; readonly message: string };

/** A build taking longer than this is given up (the worker is stopped with it). */
const BUILD_TIMEOUT_MS = 120_000;
/** The worker is stopped once it has had no build for this long. */
const IDLE_STOP_MS = 60_000;

interface Pending {
  readonly resolve: (data: IndexData) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class IndexBuilder {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** The index data of the folder, or a KnowledgeError listing its problems. */
  build(dir: string): Promise<IndexData> {
    const worker = this.started();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    // A build under way keeps the process alive (its answer is awaited); an idle worker does not.
    worker.ref();
    const id = this.nextId++;
    return new Promise<IndexData>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`indexing ${dir} took more than ${BUILD_TIMEOUT_MS / 1000} s`)), BUILD_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, dir } satisfies BuildRequest);
    });
  }

  /** Stops the worker; builds under way fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('the index builder was closed'));
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = RUNNING_COMPILED
      ? new Worker(new URL('./indexBuildWorker.js', import.meta.url))
      : new Worker(projectPath('scripts', 'tsWorker.mjs'), {
          workerData: { module: new URL('./indexBuildWorker.ts', import.meta.url).href },
        });
    worker.on('message', (reply: BuildReply) => this.settle(reply));
    worker.on('error', (error) => {
      if (this.worker === worker) this.fail(error);
    });
    worker.on('exit', (code) => {
      // A worker stopped after its build may exit while the next build runs in a new one: only the current counts.
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.pending.size > 0) this.fail(new Error(`the indexing worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: BuildReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.data);
    else pending.reject(reply.problems ? new KnowledgeError(reply.problems) : new Error(reply.message));
    if (this.pending.size === 0) {
      this.worker?.unref();
      this.idleTimer = setTimeout(() => this.stop(), IDLE_STOP_MS);
      this.idleTimer.unref();
    }
  }

  /** Fails every build under way and stops the worker: the next build starts a fresh one. */
  private fail(error: Error): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
    this.stop();
  }

  private stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }
}
