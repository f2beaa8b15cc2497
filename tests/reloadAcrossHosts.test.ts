// /reload across hosts without Discord: the reply listing every host and shard with its knowledge version, the
// request and results over an in-memory bus, a result squeezed into one NOTIFY, and two managers' links over a
// real PostgreSQL (LISTEN/NOTIFY, the host list, and what happens while PostgreSQL is down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReloadReport, ShardReloadResult } from '../src/commands/commandDefinition.js';
import { reloadAllReply } from '../src/commands/reload.js';
import type { HostEntry, OtherHost } from '../src/discord/hostDirectory.js';
import { connectHosts, fitNotification, HostReloads } from '../src/discord/reloadAcrossHosts.js';
import type { KnowledgeDiff, ReloadOutcome } from '../src/store/knowledgeStore.js';
import { createLogger } from '../src/logger.js';
import { MAX_NOTIFY_BYTES } from '../src/postgres/notificationChannel.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from './support/postgresCluster.js';

const log = createLogger('silent');
const diff: KnowledgeDiff = {
  added: [],
  removed: [],
  changed: ['who-was-killed'],
  paragraphsBefore: 15,
  paragraphsAfter: 15,
  storyChanged: false,
};
const reloaded: ReloadOutcome = { ok: true, diff, ms: 12 };
const shard = (id: number, version = 'aaaaaaaaaaaa', outcome = reloaded): ShardReloadResult => ({ shard: id, outcome, version });

describe('the /reload reply across hosts', () => {
  it('lists every host and shard with the knowledge version, and says when all serve the same', () => {
    const reply = reloadAllReply({
      hosts: [
        { host: 'host-a', shards: [shard(0), shard(1)] },
        { host: 'host-b', shards: [shard(2), shard(3)] },
      ],
    });
    expect(reply).toMatchObject({ kind: 'info', title: 'Knowledge reloaded on all 4 shards of 2 hosts' });
    expect(reply.text.split('\n')).toEqual([
      '**host-a** (shards 0, 1):',
      'Shard 0: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs. Knowledge aaaaaaaaaaaa.',
      'Shard 1: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs. Knowledge aaaaaaaaaaaa.',
      '**host-b** (shards 2, 3):',
      'Shard 2: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs. Knowledge aaaaaaaaaaaa.',
      'Shard 3: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs. Knowledge aaaaaaaaaaaa.',
    ]);
    expect(reply.footer).toBe('Knowledge aaaaaaaaaaaa on every shard. Slowest shard reloaded in 12 ms');
  });

  it('shows a host serving other files', () => {
    const reply = reloadAllReply({
      hosts: [
        { host: 'host-a', shards: [shard(0), shard(1)] },
        { host: 'host-b', shards: [shard(2, 'bbbbbbbbbbbb'), shard(3, 'bbbbbbbbbbbb')] },
      ],
    });
    expect(reply.kind).toBe('error');
    expect(reply.title).toBe('Knowledge reloaded on all 4 shards of 2 hosts, but not the same knowledge everywhere');
    expect(reply.text).toContain(
      'Not every shard serves the same knowledge: aaaaaaaaaaaa on host-a shard 0, host-a shard 1; bbbbbbbbbbbb on host-b shard 2, host-b shard 3.',
    );
  });

  it('lists a host that did not answer, and the note when PostgreSQL could not be reached', () => {
    const silent: ReloadReport = {
      hosts: [
        { host: 'host-a', shards: [shard(0), shard(1)] },
        { host: 'host-b', shards: [], noAnswer: 'did not answer within 5 s (last heard from 12 s ago).' },
      ],
    };
    const reply = reloadAllReply(silent);
    expect(reply).toMatchObject({ kind: 'error', title: 'Reload incomplete: not every shard reloaded' });
    expect(reply.text).toContain('**host-b**: did not answer within 5 s (last heard from 12 s ago).');
    const alone = reloadAllReply({
      hosts: [{ host: 'host-a', shards: [shard(0)] }],
      note: 'PostgreSQL can’t be reached, so only this host was reloaded.',
    });
    expect(alone.text.startsWith('PostgreSQL can’t be reached')).toBe(true);
  });
});

describe('a reload result in one NOTIFY', () => {
  it('keeps the first problems of a long list and says how many more there were', () => {
    const problems = Array.from({ length: 300 }, (_, i) => ({
      file: '/k/qa.yaml',
      line: i,
      entry: `entry-${i}`,
      message: 'the quote is not in the article word for word',
    }));
    const text = fitNotification({
      kind: 'result',
      requestId: 'r',
      instance: 'i',
      host: 'host-b',
      shards: [0, 1].map((id) => ({ shard: id, outcome: { ok: false as const, problems }, version: 'bbbbbbbbbbbb' })),
    });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    expect(text).toMatch(/and 2\d\d more problems \(npm run knowledge:check on host-b lists them all\)/);
  });
});

/** Hosts joined by an in-memory bus, as NOTIFY joins them: every message reaches every host, the sender too. */
function busOf(names: string[], answering = names) {
  const hosts: Array<{ entry: HostEntry; reloads: HostReloads; asked: string[] }> = [];
  const deliver = (payload: string) => {
    for (const h of hosts) if (answering.includes(h.entry.name)) setImmediate(() => h.reloads.handle(payload));
    return Promise.resolve();
  };
  names.forEach((name, i) => {
    const entry: HostEntry = { name, instance: `${name}-1`, shardIds: [i * 2, i * 2 + 1], totalShards: names.length * 2 };
    const asked: string[] = [];
    const others = (): Promise<OtherHost[]> =>
      Promise.resolve(hosts.filter((h) => h.entry !== entry).map((h) => ({ ...h.entry, silentSeconds: 3 })));
    const reloads = new HostReloads({
      notify: deliver,
      directory: { self: entry, others },
      reloadHere: (trigger) => {
        asked.push(trigger);
        return Promise.resolve(entry.shardIds.map((id) => shard(id)));
      },
      log,
      waitMs: 300,
    });
    hosts.push({ entry, reloads, asked });
  });
  return hosts;
}

describe('reloading every host over a bus', () => {
  it('reaches every host once and lists each one’s shards', async () => {
    const [a, b] = busOf(['host-a', 'host-b']);
    const report = await a!.reloads.reloadEverywhere('/reload in shard 0');
    expect(report.hosts.map((h) => [h.host, h.shards.map((s) => s.shard)])).toEqual([
      ['host-a', [0, 1]],
      ['host-b', [2, 3]],
    ]);
    expect(a!.asked).toEqual(['/reload in shard 0']);
    expect(b!.asked).toEqual(['/reload on host host-a']);
  });

  it('lists a host that does not answer within the wait, with when it was last heard from', async () => {
    const [a] = busOf(['host-a', 'host-b', 'host-c'], ['host-a', 'host-b']);
    const started = Date.now();
    const report = await a!.reloads.reloadEverywhere('/reload in shard 0');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report.hosts.find((h) => h.host === 'host-c')).toMatchObject({
      shards: [],
      noAnswer: 'did not answer within 0.3 s (last heard from 3 s ago); its shards (4, 5) may still serve the old knowledge.',
    });
    expect(report.hosts.find((h) => h.host === 'host-b')?.shards).toHaveLength(2);
  });
});

const skip = postgresUnavailable();
describe.skipIf(skip)('two managers linked through a real PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  // Unset if the cluster could not start.
  afterAll(() => (cluster as PostgresCluster | undefined)?.remove());

  it('a reload on one reaches the other; while PostgreSQL is down only the local host reloads, and it is reached again after', async () => {
    const url = await cluster.createDatabase('hosts');
    const asked: Record<string, string[]> = { 'host-a': [], 'host-b': [] };
    const link = (name: string, shardIds: number[]) =>
      connectHosts({
        url,
        self: { name, instance: `${name}-${Date.now()}`, shardIds, totalShards: 4 },
        log,
        reloadHere: (trigger) => {
          asked[name]!.push(trigger);
          return Promise.resolve(shardIds.map((id) => shard(id)));
        },
      });
    const a = await link('host-a', [0, 1]);
    const b = await link('host-b', [2, 3]);
    try {
      const report = await a.reloadEverywhere('/reload in shard 1');
      expect(report.hosts.map((h) => h.host)).toEqual(['host-a', 'host-b']);
      expect(report.hosts[1]!.shards.map((s) => s.shard)).toEqual([2, 3]);
      expect(asked['host-b']).toEqual(['/reload on host host-a']);

      cluster.stop('fast');
      const alone = await a.reloadEverywhere('/reload in shard 1');
      expect(alone.note).toMatch(/PostgreSQL can't be reached, so only this host \(host-a\) was reloaded/);
      expect(alone.hosts.map((h) => h.host)).toEqual(['host-a']);
      cluster.start();
      await expect
        .poll(async () => (await b.reloadEverywhere('/reload in shard 2')).hosts.map((h) => h.shards.length), {
          timeout: 15_000,
          interval: 500,
        })
        .toEqual([2, 2]);
    } finally {
      await a.close();
      await b.close();
    }
    // A clean stop leaves the host list: the next reload expects no answer from it.
    const db = await cluster.connect('hosts');
    expect((await db.query('SELECT name FROM story_bot_hosts')).rows).toEqual([]);
    await db.end();
  }, 60_000);

  it('a host stopping cleanly just after PostgreSQL came back, before its own connection has, still leaves the host list', async () => {
    const url = await cluster.createDatabase('leaving');
    const b = await connectHosts({
      url,
      self: { name: 'host-b', instance: `host-b-${Date.now()}`, shardIds: [2, 3], totalShards: 4 },
      log,
      reloadHere: () => Promise.resolve([shard(2), shard(3)]),
    });
    cluster.stop('fast');
    // The reload finds PostgreSQL gone: the host's connection is dropped and waits for its reconnect timer.
    expect((await b.reloadEverywhere('/reload in shard 2')).note).toMatch(/PostgreSQL can't be reached/);
    cluster.start();
    await b.close();
    const db = await cluster.connect('leaving');
    expect((await db.query('SELECT name FROM story_bot_hosts')).rows).toEqual([]);
    await db.end();
  }, 60_000);
});
