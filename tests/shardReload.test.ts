// Reload across shards without spawning any: the per-shard reply, the outcome as it crosses a process
// boundary, and the recommended shard count for SHARD_COUNT=auto asked of DISCORD_API_BASE.
import { describe, expect, it } from 'vitest';
import type { ReloadReport, ShardReloadResult } from '../src/commands/commandDefinition.js';
import { reloadAllReply, reloadCommand } from '../src/commands/reload.js';
import { fromPlainOutcome, toPlainOutcome } from '../src/discord/plainReload.js';
import { recommendedShardCount } from '../src/discord/startShards.js';
import { KnowledgeError, type KnowledgeProblem } from '../src/knowledge/knowledgeError.js';
import type { KnowledgeDiff, KnowledgeStore, ReloadOutcome } from '../src/store/knowledgeStore.js';
import { startFakeDiscord } from './support/fakeDiscord.js';
import { TEST_TOKEN } from './support/botProcess.js';

const diff: KnowledgeDiff = {
  added: [],
  removed: [],
  changed: ['who-was-killed'],
  paragraphsBefore: 15,
  paragraphsAfter: 15,
  storyChanged: false,
};
const problem: KnowledgeProblem = { file: 'qa.yaml', line: 305, entry: 'who-was-killed', message: 'the quote is not in the article' };
const reloaded: ReloadOutcome = { ok: true, diff, ms: 12 };
const refused: ReloadOutcome = { ok: false, error: new KnowledgeError([problem]) };

const oneHost = (shards: ShardReloadResult[]): ReloadReport => ({ hosts: [{ host: 'host-a', shards }] });

/** What IPC does to a message: JSON out, JSON in. */
/** What crosses the IPC channel between shard processes: plain JSON. */
type PlainOutcome = ReturnType<typeof toPlainOutcome>;
const acrossProcesses = (outcome: ReloadOutcome) => fromPlainOutcome(JSON.parse(JSON.stringify(toPlainOutcome(outcome))) as PlainOutcome);

describe('a reload outcome crossing a process boundary', () => {
  it('keeps a successful reload as it was', () => {
    expect(acrossProcesses(reloaded)).toEqual(reloaded);
  });

  it('rebuilds a KnowledgeError with every problem, file, line and entry', () => {
    const outcome = acrossProcesses(refused);
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).problems).toEqual([problem]);
  });

  it('keeps the message of any other error', () => {
    const outcome = acrossProcesses({ ok: false, error: new Error('disk on fire') });
    expect(String((outcome as { error: unknown }).error)).toBe('Error: disk on fire');
  });
});

describe('the /reload reply when sharded', () => {
  it('lists each shard that reloaded, and what changed once', () => {
    const reply = reloadAllReply(
      oneHost([
        { shard: 0, outcome: reloaded },
        { shard: 1, outcome: { ...reloaded, ms: 30 } },
      ]),
    );
    expect(reply).toMatchObject({ kind: 'info', title: 'Knowledge reloaded on all 2 shards', footer: 'Slowest shard reloaded in 30 ms' });
    expect(reply.text.split('\n')).toEqual([
      'Shard 0: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs.',
      'Shard 1: reloaded. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs.',
    ]);
    expect(reply.fields?.find((f) => f.name === 'Changed')?.value).toBe('who-was-killed');
  });

  it('names each problem once when every shard refused, and says nothing changed', () => {
    const reply = reloadAllReply(
      oneHost([
        { shard: 0, outcome: refused },
        { shard: 1, outcome: acrossProcesses(refused) },
      ]),
    );
    expect(reply).toMatchObject({ kind: 'error', title: 'Reload refused: the knowledge files have problems' });
    expect(reply.text.match(/qa\.yaml:305 \(entry "who-was-killed"\)/g)).toHaveLength(1);
    expect(reply.text).toContain('Shard 1: refused; still serving the previous knowledge.');
    expect(reply.text).toContain('Nothing changed');
  });

  it('says which shard could not be reached when only some reloaded', () => {
    const reply = reloadAllReply(
      oneHost([
        { shard: 0, outcome: reloaded },
        { shard: 1, outcome: { ok: false, error: new Error('it is restarting; it reads the knowledge files as it starts.') } },
      ]),
    );
    expect(reply).toMatchObject({ kind: 'error', title: 'Reload incomplete: not every shard reloaded' });
    expect(reply.text).toContain('Shard 1: not reloaded: it is restarting');
  });

  it('/reload uses the reload-everywhere function when it has one, not only its own store', async () => {
    const store = {
      reload: () => {
        throw new Error('a sharded /reload must not reload only this shard');
      },
    } as unknown as KnowledgeStore;
    const results: ShardReloadResult[] = [{ shard: 0, outcome: reloaded }];
    const reply = await reloadCommand.run({}, { store, isModerator: true, reloadAll: () => Promise.resolve(oneHost(results)) });
    expect(reply.title).toBe('Knowledge reloaded');
    expect(reply.text).toContain('Shard 0: reloaded');
  });
});

describe('SHARD_COUNT=auto', () => {
  it('asks the API at DISCORD_API_BASE for the recommended shard count', async () => {
    const fake = await startFakeDiscord({ token: TEST_TOKEN, recommendedShards: 3 });
    try {
      expect(await recommendedShardCount(TEST_TOKEN, fake.apiBase)).toBe(3);
      expect(fake.callsTo('GET', '/gateway/bot')).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });
});
