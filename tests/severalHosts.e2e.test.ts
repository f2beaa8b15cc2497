// Two "hosts" (two sharding managers, SHARD_COUNT=4, SHARD_IDS 0-1 and 2-3, each with its own copy of the
// knowledge) against the fake Discord and one PostgreSQL: every shard identifies once, questions from both land
// in one record, /reload on host A reaches host B's shards, PostgreSQL stopped for 10 s loses no answer and no
// queued row, and a restart of one host leaves the other answering.
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardForGuild, startFakeDiscord, type FakeDiscord, type GuildFixture, type RecordedCall } from './support/fakeDiscord.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, TOKEN_SECRET, type BotProcess } from './support/botProcess.js';
import { CLUSTER_PASSWORD, postgresUnavailable, startPostgresCluster, type PostgresCluster } from './support/postgresCluster.js';

const SHARDS = 4;
/** Two managers, each spawning two tsx shard processes 5.5 s apart, on 2 cores. */
const START_MS = 180_000;
const ANSWER_MS = 30_000;
const OUTAGE_MS = 10_000;
const OLD_ANSWER = 'answer: Iranian general Qassem Suleimani.';
const NEW_ANSWER = 'answer: Qassem Suleimani, an Iranian general.';

interface LogLine {
  msg?: string;
  shardIds?: number[];
  time?: number;
}

interface Host {
  name: string;
  shardIds: string;
  knowledgeDir: string;
  dataDir: string;
  bot: BotProcess;
  /** Output of the host's earlier runs (before a restart). */
  earlier: string;
}

let cluster: PostgresCluster;
let databaseUrl: string;
let fake: FakeDiscord;
/** guildOf[n]: a guild whose events Discord routes to shard n of 4. */
let guildOf: GuildFixture[];
const hosts: Record<'a' | 'b', Host> = {} as Record<'a' | 'b', Host>;

function start(host: Omit<Host, 'bot' | 'earlier'>, earlier = ''): Host {
  const bot = startBotProcess({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_BASE: fake.apiBase,
    KNOWLEDGE_DIR: host.knowledgeDir,
    DATA_DIR: host.dataDir,
    SHARD_COUNT: String(SHARDS),
    SHARD_IDS: host.shardIds,
    DATABASE_URL: databaseUrl,
    HOST_NAME: host.name,
  });
  return { ...host, bot, earlier };
}

const allOutput = (host: Host) => host.earlier + host.bot.output();
const logLines = (host: Host): LogLine[] =>
  allOutput(host)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const text = (call: RecordedCall) => JSON.stringify(call.body);

async function ask(shard: number, question: string): Promise<string> {
  const sent = fake.slashCommand('ask', { question }, { guildId: guildOf[shard]!.id });
  expect(sent.deliveredTo).toBeGreaterThan(0);
  return text(await fake.waitForCallback(sent, ANSWER_MS));
}

/** A moderator's deferred command in the guild on `shard`: the embed's title and text, markdown escapes out. */
async function moderatorCommand(shard: number, name: string, options: Parameters<FakeDiscord['slashCommand']>[1] = {}) {
  const guild = guildOf[shard]!;
  const sent = fake.slashCommand(name, options, { guildId: guild.id, member: fake.moderatorMember({}, guild.id) });
  const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 60_000);
  const embed = (edit.body as { embeds?: Array<{ title?: string; description?: string }>; content?: string }).embeds?.[0];
  return `${embed?.title ?? ''}\n${embed?.description ?? ''}`.replace(/\\(.)/g, '$1');
}

async function questionsInRecord(): Promise<Map<string, number>> {
  const db = await cluster.connect('bot');
  try {
    const { rows } = await db.query<{ guild_id: string; n: string }>('SELECT guild_id, COUNT(*) AS n FROM questions GROUP BY guild_id');
    return new Map(rows.map((r) => [r.guild_id, Number(r.n)]));
  } finally {
    await db.end();
  }
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

async function editBoth(from: string, to: string): Promise<void> {
  for (const host of [hosts.a, hosts.b]) {
    const qa = path.join(host.knowledgeDir, 'qa.yaml');
    await writeFile(qa, (await readFile(qa, 'utf8')).replace(from, to));
  }
}

const skip = postgresUnavailable();

describe.skipIf(skip)('story-bot on two hosts (SHARD_COUNT=4, SHARD_IDS 0-1 and 2-3) with one PostgreSQL', () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = await cluster.createDatabase('bot');
    fake = await startFakeDiscord({ token: TEST_TOKEN, guildCount: 8 });
    guildOf = Array.from({ length: SHARDS }, (_, shard) => fake.guilds.find((g) => shardForGuild(g.id, SHARDS) === shard)!);
    const place = async (name: string, shardIds: string) => ({
      name,
      shardIds,
      knowledgeDir: await copyKnowledge(),
      dataDir: await mkdtemp(path.join(tmpdir(), 'story-bot-data-')),
    });
    hosts.a = start(await place('host-a', '0-1'));
    hosts.b = start(await place('host-b', '2-3'));
    await fake.waitForReady(SHARDS, START_MS);
  }, START_MS + 30_000);

  afterAll(async () => {
    // Unset if beforeAll failed before starting them.
    const started = hosts as Partial<typeof hosts>;
    await Promise.all([started.a?.bot.stop(), started.b?.bot.stop()]);
    await (fake as FakeDiscord | undefined)?.stop();
    (cluster as PostgresCluster | undefined)?.remove();
  });

  it('spawns each host’s own shards, each identifying once with [id, 4]', () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    const started = (host: Host) => logLines(host).find((l) => l.msg === 'sharding manager starting the shards') as { shardIds?: number[] };
    expect(started(hosts.a).shardIds).toEqual([0, 1]);
    expect(started(hosts.b).shardIds).toEqual([2, 3]);
  });

  it('keeps the questions of both hosts in the one PostgreSQL record', async () => {
    for (const shard of [0, 1, 2, 3])
      expect(await ask(shard, 'who was killed near baghdad')).toContain('Iranian general Qassem Suleimani.');
    const perShard = async () => {
      const counts = await questionsInRecord();
      return guildOf.map((guild) => counts.get(guild.id) ?? 0);
    };
    await expect.poll(perShard, { timeout: 10_000 }).toEqual([1, 1, 1, 1]);
  });

  it('/reload on host A reloads host B’s shards too, listing every host and shard with the knowledge version', async () => {
    await editBoth(OLD_ANSWER, NEW_ANSWER);
    const asked = Date.now();
    const reply = await moderatorCommand(1, 'reload');
    const replied = Date.now();
    expect(reply).toContain('Knowledge reloaded on all 4 shards of 2 hosts');
    for (const shard of [0, 1, 2, 3])
      expect(reply).toMatch(
        new RegExp(`Shard ${shard}: reloaded\\. Entries: 0 added, 0 removed, 1 changed; 15 paragraphs\\. Knowledge [0-9a-f]{12}\\.`),
      );
    expect(reply).toMatch(/\*\*host-a\*\* \(shards 0, 1\):[\s\S]*\*\*host-b\*\* \(shards 2, 3\):/);
    // How long the reload took to reach every shard: from the command to the last shard's "knowledge reloaded".
    const reloadedAt = [hosts.a, hosts.b].flatMap((h) =>
      logLines(h)
        .filter((l) => l.msg?.startsWith('knowledge reloaded') && (l.time ?? 0) >= asked)
        .map((l) => l.time!),
    );
    expect(reloadedAt).toHaveLength(4);
    console.log(
      `reload reach: every shard on both hosts reloaded ${Math.max(...reloadedAt) - asked} ms after /reload; reply after ${replied - asked} ms`,
    );
    for (const shard of [0, 1, 2, 3])
      expect(await ask(shard, 'who was killed near baghdad')).toContain('Qassem Suleimani, an Iranian general.');
  }, 90_000);

  it('shows a host serving other knowledge files', async () => {
    const qa = path.join(hosts.b.knowledgeDir, 'qa.yaml');
    const same = await readFile(qa, 'utf8');
    await writeFile(qa, same.replace(NEW_ANSWER, 'answer: Qassem Suleimani, the Iranian general.'));
    try {
      const reply = await moderatorCommand(2, 'reload');
      expect(reply).toContain('but not the same knowledge everywhere');
      expect(reply).toMatch(
        /Not every shard serves the same knowledge: [0-9a-f]{12} on host-a shard 0, host-a shard 1; [0-9a-f]{12} on host-b shard 2, host-b shard 3/,
      );
    } finally {
      await writeFile(qa, same);
    }
    expect(await moderatorCommand(2, 'reload')).toContain('Knowledge reloaded on all 4 shards of 2 hosts');
  }, 90_000);

  it('measures rows written per second to PostgreSQL from 4 shards under a burst', async () => {
    const before = total(await questionsInRecord());
    const BURST = 200;
    const started = Date.now();
    const sent = Array.from({ length: BURST }, (_, i) =>
      fake.slashCommand('ask', { question: `who is the nato chief ${i}` }, { guildId: guildOf[i % SHARDS]!.id }),
    );
    await Promise.all(sent.map((s) => fake.waitForCallback(s, ANSWER_MS)));
    const answered = Date.now();
    await expect.poll(async () => total(await questionsInRecord()) - before, { timeout: 30_000, interval: 50 }).toBe(BURST);
    const written = Date.now();
    console.log(
      `burst: ${BURST} questions over 4 shards answered in ${answered - started} ms, all rows in PostgreSQL after ${written - started} ms: ${Math.round((BURST * 1000) / (written - started))} rows/s`,
    );
  }, 90_000);

  it('PostgreSQL stopped for 10 s: every question answered, /kb says the record is unavailable, no queued row lost', async () => {
    const before = total(await questionsInRecord());
    cluster.stop('fast');
    const stoppedAt = Date.now();
    let asked = 0;
    const replies: string[] = [];
    for (let i = 0; Date.now() - stoppedAt < OUTAGE_MS; i++) {
      replies.push(await ask(i % SHARDS, 'how many more bases'));
      asked++;
      await sleep(400);
    }
    expect(replies.every((r) => r.includes('three more bases'))).toBe(true);
    expect(asked).toBeGreaterThanOrEqual(10);
    const kb = await moderatorCommand(3, 'kb', [{ name: 'stats', type: 1, options: [] }]);
    expect(kb).toMatch(
      /The question record is unavailable \(PostgreSQL can't be reached[^)]*\)+\. The bot still answers; questions asked meanwhile are kept and written when it is back\./,
    );
    const reload = await moderatorCommand(0, 'reload');
    expect(reload).toContain("PostgreSQL can't be reached, so only this host (host-a) was reloaded");
    cluster.start();
    const restartedAt = Date.now();
    await expect.poll(async () => total(await questionsInRecord()) - before, { timeout: 30_000, interval: 100 }).toBe(asked);
    console.log(
      `outage: ${asked} questions answered while PostgreSQL was down; all written ${Date.now() - restartedAt} ms after its restart`,
    );
    // One line when PostgreSQL went, one when it came back, per shard process.
    for (const host of [hosts.a, hosts.b]) {
      const lines = logLines(host);
      const gone = lines.filter((l) => l.msg?.startsWith('question record: PostgreSQL unreachable'));
      const back = lines.filter((l) => l.msg?.startsWith('question record: PostgreSQL reachable again'));
      expect(gone).toHaveLength(2);
      expect(back).toHaveLength(2);
    }
  }, 90_000);

  it(
    'a restart of host B leaves host A answering, and host B comes back into reloads',
    async () => {
      const identifiesBefore = fake.identifies.length;
      expect(await hosts.b.bot.stop('SIGTERM')).toBe(0);
      for (const shard of [0, 1]) expect(await ask(shard, 'who is the nato chief')).toContain('Stoltenberg');
      // B left the host list at its clean stop: A's reload lists only itself, without waiting for B.
      const alone = await moderatorCommand(0, 'reload');
      expect(alone).toContain('Knowledge reloaded on all 2 shards');
      expect(alone).not.toContain('host-b');

      hosts.b = start(hosts.b, allOutput(hosts.b));
      const again = (await fake.waitForIdentify(identifiesBefore + 2, START_MS)).slice(identifiesBefore).map((i) => i.shard);
      expect(again.sort()).toEqual([
        [2, 4],
        [3, 4],
      ]);
      await expect.poll(() => hosts.b.bot.output().includes('every shard is ready'), { timeout: START_MS }).toBe(true);
      for (const shard of [0, 1, 2, 3]) expect(await ask(shard, 'who is the nato chief')).toContain('Stoltenberg');
      expect(await moderatorCommand(1, 'reload')).toContain('Knowledge reloaded on all 4 shards of 2 hosts');
    },
    START_MS,
  );

  it('never prints the token or the database password', () => {
    for (const host of [hosts.a, hosts.b]) {
      expect(allOutput(host)).not.toContain(TOKEN_SECRET);
      expect(allOutput(host)).not.toContain(CLUSTER_PASSWORD);
    }
  });
});
