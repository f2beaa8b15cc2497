// The sharding manager's restarts of a shard process that died: after a pause that doubles with each death in a
// row (up to a cap), and never while the knowledge files are broken: a shard can't start on broken knowledge,
// so the manager checks the files itself and starts the shard once they are valid. One log line per change.
import { KnowledgeError, describeProblem, type KnowledgeProblem } from '../knowledge/knowledgeError.js';
import type { Logger } from '../logger.js';

export interface RespawnPolicy {
  /** Pause before the first restart after a death; doubled for each death in a row. */
  readonly firstDelayMs: number;
  /** The longest pause between restarts (and between checks of broken knowledge). */
  readonly maxDelayMs: number;
  /** A shard that ran this long before dying starts again from the first pause. */
  readonly stableAfterMs: number;
}

/** A crash loop costs 5 restarts in its first minute (after 1, 2, 4, 8 and 16 s), then 1 a minute. */
export const RESPAWN_POLICY: RespawnPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, stableAfterMs: 60_000 };

/** What the respawner needs of a discord.js Shard. */
export interface RespawnableShard {
  readonly id: number;
  on(event: 'death', listener: (child: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  spawn(timeout?: number): Promise<unknown>;
  /** The running process, if any (discord.js's Shard#process). */
  readonly process?: { kill(signal?: NodeJS.Signals): boolean } | null;
}

/** The problems of the knowledge folder as it is now; none when it is valid. */
export type KnowledgeCheck = () => Promise<readonly KnowledgeProblem[]>;

type ShardState = 'running' | 'restarting' | 'waiting-for-knowledge';

interface ShardRecord {
  readonly shard: RespawnableShard;
  state: ShardState;
  /** Deaths in a row without running stableAfterMs in between. */
  deaths: number;
  /** Checks of the knowledge in a row that found it broken. */
  brokenChecks: number;
  /** A check of the knowledge (and maybe a start) is under way. */
  attempting: boolean;
  startedAt: number;
  timer: NodeJS.Timeout | null;
}

export interface ShardRespawnerOptions {
  readonly checkKnowledge: KnowledgeCheck;
  readonly log: Logger;
  /** True once the manager is shutting down: nothing is restarted any more. */
  readonly stopping: () => boolean;
  /** How long a restarted shard may take to become ready. */
  readonly readyTimeoutMs: number;
  readonly policy?: RespawnPolicy;
  readonly now?: () => number;
}

/** Turns a thrown load error into problems to report (a KnowledgeError's own, or one naming what went wrong). */
export function knowledgeCheck(load: () => Promise<unknown>, dir: string): KnowledgeCheck {
  return async () => {
    try {
      await load();
      return [];
    } catch (error) {
      if (error instanceof KnowledgeError) return error.problems;
      return [{ file: dir, line: null, entry: null, message: error instanceof Error ? error.message : String(error) }];
    }
  };
}

export class ShardRespawner {
  private readonly shards = new Map<number, ShardRecord>();
  private readonly policy: RespawnPolicy;
  private readonly now: () => number;

  constructor(private readonly options: ShardRespawnerOptions) {
    this.policy = options.policy ?? RESPAWN_POLICY;
    this.now = options.now ?? Date.now;
  }

  /** Restarts this shard whenever its process dies (discord.js's own respawn must be off). */
  watch(shard: RespawnableShard): void {
    const record: ShardRecord = {
      shard,
      state: 'restarting',
      deaths: 0,
      brokenChecks: 0,
      attempting: false,
      startedAt: this.now(),
      timer: null,
    };
    this.shards.set(shard.id, record);
    shard.on('ready', () => {
      record.state = 'running';
      record.startedAt = this.now();
    });
    shard.on('death', (child) => this.died(record, child));
  }

  /** Whether the shard is down because the knowledge files are broken. */
  isWaitingForKnowledge(shardId: number): boolean {
    return this.shards.get(shardId)?.state === 'waiting-for-knowledge';
  }

  /** After a reload or SIGHUP: shards waiting for valid knowledge check the files now instead of at their next check. */
  checkNow(): void {
    for (const record of this.shards.values()) {
      if (record.state !== 'waiting-for-knowledge' || record.attempting) continue;
      this.clearTimer(record);
      void this.attempt(record);
    }
  }

  /** Cancels every planned restart (at shutdown). */
  stop(): void {
    for (const record of this.shards.values()) this.clearTimer(record);
  }

  private died(record: ShardRecord, child: unknown): void {
    if (this.options.stopping()) return;
    if (this.now() - record.startedAt >= this.policy.stableAfterMs) record.deaths = 0;
    const delayMs = backoff(this.policy, record.deaths++);
    const exit =
      typeof child === 'object' && child !== null && 'exitCode' in child
        ? {
            exitCode: (child as { exitCode: number | null }).exitCode,
            signal: (child as { signalCode?: string | null }).signalCode ?? null,
          }
        : {};
    record.state = 'restarting';
    this.options.log.warn(
      { shardId: record.shard.id, ...exit, deathsInARow: record.deaths, delayMs },
      `shard process exited; restarting it in ${seconds(delayMs)}`,
    );
    this.schedule(record, delayMs);
  }

  private schedule(record: ShardRecord, delayMs: number): void {
    this.clearTimer(record);
    record.timer = setTimeout(() => {
      record.timer = null;
      void this.attempt(record);
    }, delayMs);
  }

  private clearTimer(record: ShardRecord): void {
    if (record.timer) clearTimeout(record.timer);
    record.timer = null;
  }

  /** Starts the shard if the knowledge is valid; else waits for it, saying so once. */
  private async attempt(record: ShardRecord): Promise<void> {
    if (this.options.stopping() || record.attempting) return;
    record.attempting = true;
    try {
      await this.startIfKnowledgeValid(record);
    } finally {
      record.attempting = false;
    }
  }

  private async startIfKnowledgeValid(record: ShardRecord): Promise<void> {
    const { log } = this.options;
    const problems = await this.options.checkKnowledge();
    if (this.options.stopping()) return;
    if (problems.length > 0) {
      const delayMs = backoff(this.policy, record.brokenChecks++);
      if (record.state !== 'waiting-for-knowledge') {
        record.state = 'waiting-for-knowledge';
        const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
        log.warn(
          { shardId: record.shard.id, problems: problems.length, firstProblem: describeProblem(problems[0]!) },
          `shard ${record.shard.id} waits for valid knowledge: the knowledge files have ${count} (npm run knowledge:check lists them); ` +
            'it starts again once they are fixed (checked at least every minute, and at once on /reload or SIGHUP)',
        );
      }
      this.schedule(record, delayMs);
      return;
    }
    if (record.state === 'waiting-for-knowledge') {
      log.info({ shardId: record.shard.id }, `the knowledge files are valid again; starting shard ${record.shard.id}`);
    }
    record.brokenChecks = 0;
    record.state = 'restarting';
    record.startedAt = this.now();
    try {
      await record.shard.spawn(this.options.readyTimeoutMs);
    } catch (error) {
      // A death before ready is handled (and logged) by the death listener, which plans the next attempt; a
      // process still alive but not ready in time is stopped, so that it is too.
      if (this.options.stopping() || !record.shard.process) return;
      log.error({ shardId: record.shard.id, err: error }, 'restarted shard did not get ready in time; stopping it');
      record.shard.process.kill('SIGTERM');
    }
  }
}

/** The pause after `count` failures in a row: first, doubled each time, capped. */
function backoff(policy: RespawnPolicy, count: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(count, 30));
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
