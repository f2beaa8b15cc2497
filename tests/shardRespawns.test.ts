// The sharding manager's restarts of dead shards (issue 11, row 10), on a fake clock: exponential backoff with a
// cap for a shard that keeps dying, and no restart at all while the knowledge is broken, said once.
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KnowledgeProblem } from '../src/knowledge/knowledgeError.js';
import { RESPAWN_POLICY, ShardRespawner, type RespawnableShard } from '../src/discord/shardRespawns.js';

interface LogLine {
  level: number;
  msg: string;
  shardId?: number;
}

/** A shard whose process dies right after it starts (a crash loop), or runs, as `healthy` says. */
class FakeShard extends EventEmitter implements RespawnableShard {
  spawns = 0;
  healthy = false;
  process: { kill(): boolean } | null = { kill: () => true };
  constructor(readonly id: number) {
    super();
  }
  spawn(): Promise<unknown> {
    this.spawns++;
    this.process = { kill: () => true };
    if (this.healthy) {
      queueMicrotask(() => this.emit('ready'));
      return Promise.resolve(this.process);
    }
    return new Promise((_, reject) => setTimeout(() => this.die(reject), 100));
  }
  die(reject?: (error: Error) => void): void {
    this.emit('death', { exitCode: 1, signalCode: null });
    this.process = null;
    reject?.(new Error('Shard died before its client became ready.'));
  }
}

const PROBLEM: KnowledgeProblem = { file: 'knowledge/qa.yaml', line: 3, entry: 'x', message: 'the quote is not in the article' };

let lines: LogLine[];
let problems: KnowledgeProblem[];
let respawner: ShardRespawner;
let shard: FakeShard;

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
  problems = [];
  const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  respawner = new ShardRespawner({
    checkKnowledge: () => Promise.resolve(problems),
    log,
    stopping: () => false,
    readyTimeoutMs: 120_000,
    now: () => Date.now(),
  });
  shard = new FakeShard(1);
  respawner.watch(shard);
});
afterEach(() => {
  respawner.stop();
  vi.useRealTimers();
});

const minutes = (n: number) => vi.advanceTimersByTimeAsync(n * 60_000);

describe('a shard that keeps dying', () => {
  it('is restarted after 1, 2, 4 … s, at most a minute apart: 5 restarts in the first minute, then 1 a minute', async () => {
    shard.die();
    await minutes(1);
    expect(shard.spawns).toBe(5);
    await minutes(10);
    expect(shard.spawns).toBeGreaterThanOrEqual(15);
    expect(shard.spawns).toBeLessThanOrEqual(17);
    // One line per death, each saying when the shard starts again.
    const deaths = lines.filter((l) => l.msg.startsWith('shard process exited; restarting it in'));
    expect(deaths.slice(0, 7).map((l) => l.msg.replace('shard process exited; restarting it in ', ''))).toEqual([
      '1 s',
      '2 s',
      '4 s',
      '8 s',
      '16 s',
      '32 s',
      '60 s',
    ]);
    expect(lines).toHaveLength(shard.spawns + 1);
  });

  it('starts again from the first pause once it has run for a minute', async () => {
    shard.die();
    await minutes(1);
    shard.healthy = true;
    await minutes(2);
    const restarted = shard.spawns;
    await minutes(RESPAWN_POLICY.stableAfterMs / 60_000);
    shard.die();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shard.spawns).toBe(restarted + 1);
  });
});

describe('a shard that dies while the knowledge is broken', () => {
  it('is not restarted, says once that it waits for valid knowledge, and starts once the files are fixed', async () => {
    problems = [PROBLEM, PROBLEM];
    shard.die();
    await minutes(10);
    expect(shard.spawns).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual([
      'shard process exited; restarting it in 1 s',
      'shard 1 waits for valid knowledge: the knowledge files have 2 problems (npm run knowledge:check lists them); it starts again once they are fixed (checked at least every minute, and at once on /reload or SIGHUP)',
    ]);
    expect(respawner.isWaitingForKnowledge(1)).toBe(true);

    // Fixed, then /reload or SIGHUP: started at once, not at the next check.
    problems = [];
    shard.healthy = true;
    respawner.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(shard.spawns).toBe(1);
    expect(respawner.isWaitingForKnowledge(1)).toBe(false);
    expect(lines.at(-1)?.msg).toBe('the knowledge files are valid again; starting shard 1');
  });

  it('finds fixed files by itself at its next check, within a minute', async () => {
    problems = [PROBLEM];
    shard.die();
    await minutes(30);
    problems = [];
    shard.healthy = true;
    await minutes(1);
    expect(shard.spawns).toBe(1);
  });
});
