// The real bot as two shard processes under discord.js's ShardingManager (SHARD_COUNT=2 npm start), against
// the fake Discord: each shard serves its own guild, /reload reaches every shard, a killed shard comes back (after
// waiting for valid knowledge when the files are broken).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardForGuild, startFakeDiscord, type FakeDiscord, type GuildFixture, type RecordedCall } from './support/fakeDiscord.js';
import { messageText, sentMessage } from './support/fakeDiscord/sentMessages.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, TOKEN_SECRET, type BotProcess } from './support/botProcess.js';

const SHARDS = 2;
/** Two shard processes each load tsx, discord.js and the knowledge; the manager spaces them 5.5 s apart. */
const START_MS = 180_000;
const ANSWER_MS = 30_000;

interface LogLine {
  msg?: string;
  shardId?: number;
  pid?: number;
}

let fake: FakeDiscord;
let bot: BotProcess;
let dataDir: string;
/** guildOf[n]: a guild whose events Discord routes to shard n. */
let guildOf: GuildFixture[];

/** The text a reader sees in the message a call sent. */
const text = (call: RecordedCall) => messageText(sentMessage(call));

function logLines(): LogLine[] {
  return bot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Resolves when the bot's log has a line matching `match` (checked on every chunk of output). */
function waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = logLines().find(match);
      if (!found) return;
      finish();
      resolve(found);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out waiting for a log line. Output so far:\n${bot.output().slice(-3000)}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      bot.child.stderr?.off('data', check);
    };
    bot.child.stderr?.on('data', check);
    check();
  });
}

function shardPids(shardId: number): number[] {
  return logLines()
    .filter((line) => line.msg === 'shard process started' && line.shardId === shardId)
    .map((line) => line.pid!);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The questions recorded for a guild so far (0 before the database exists). */
function rowsOf(guildId: string): number {
  const db = new Database(path.join(dataDir, 'questions.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM questions WHERE guild_id = ?').get(guildId) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function waitForRows(guildId: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + ANSWER_MS;
  while (rowsOf(guildId) < atLeast) {
    if (Date.now() > deadline) throw new Error(`fewer than ${atLeast} questions recorded for guild ${guildId} after ${ANSWER_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function ask(shard: number, question: string) {
  const guild = guildOf[shard]!;
  const sent = fake.slashCommand('ask', { question }, { guildId: guild.id });
  expect(sent.deliveredTo).toBeGreaterThan(0);
  return text(await fake.waitForCallback(sent, ANSWER_MS));
}

/** /reload by a moderator of the guild on `shard`; resolves with the deferred reply's final text. */
async function reload(shard: number) {
  const guild = guildOf[shard]!;
  const sent = fake.slashCommand('reload', {}, { guildId: guild.id, member: fake.moderatorMember({}, guild.id) });
  return text(await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 60_000));
}

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, guildCount: 4 });
  guildOf = Array.from({ length: SHARDS }, (_, shard) => fake.guilds.find((g) => shardForGuild(g.id, SHARDS) === shard)!);
  const knowledgeDir = await copyKnowledge();
  dataDir = await mkdtemp(path.join(tmpdir(), 'story-bot-data-'));
  bot = startBotProcess({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_BASE: fake.apiBase,
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: dataDir,
    SHARD_COUNT: String(SHARDS),
  });
  await fake.waitForReady(SHARDS, START_MS);
}, START_MS + 30_000);

afterAll(async () => {
  // SIGTERM (tsx passes it on to the manager, which stops its shards); a shard that outlives its manager stops itself.
  // Unset if beforeAll failed before starting them.
  await (bot as BotProcess | undefined)?.stop();
  await (fake as FakeDiscord | undefined)?.stop();
});

describe('story-bot sharded (SHARD_COUNT=2)', () => {
  it('spawns one process per shard, each identifying with its own [id, 2]', () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const manager = logLines().find((line) => line.msg === 'sharding manager starting the shards');
    const pids = [shardPids(0), shardPids(1)].flat();
    expect(pids).toHaveLength(2);
    expect(new Set([manager?.pid, ...pids]).size).toBe(3);
  });

  it('answers /ask in each shard’s own guild', async () => {
    for (const shard of [0, 1]) expect(await ask(shard, 'who was killed near baghdad')).toContain('Iranian general Qassem Suleimani.');
  });

  it('/reload in one shard reloads every shard, reports each, and both serve the new answer', async () => {
    const qa = path.join(bot.knowledgeDir, 'qa.yaml');
    const original = await readFile(qa, 'utf8');
    await writeFile(qa, original.replace('answer: Iranian general Qassem Suleimani.', 'answer: Qassem Suleimani, an Iranian general.'));
    const reply = await reload(1);
    expect(reply).toContain('Knowledge reloaded on all 2 shards');
    expect(reply).toMatch(/Shard 0: reloaded\. Entries: 0 added, 0 removed, 1 changed/);
    expect(reply).toMatch(/Shard 1: reloaded\. Entries: 0 added, 0 removed, 1 changed/);
    for (const shard of [0, 1]) expect(await ask(shard, 'who was killed near baghdad')).toContain('Qassem Suleimani, an Iranian general.');
  });

  it('refuses a broken qa.yaml in every shard, naming file, line and entry, and both keep the old answer', async () => {
    const qa = path.join(bot.knowledgeDir, 'qa.yaml');
    const good = await readFile(qa, 'utf8');
    await writeFile(
      qa,
      good.replace('quote: the killing of Iranian general Qassem Suleimani', 'quote: the killing of a general somewhere'),
    );
    try {
      const reply = await reload(0);
      expect(reply).toContain('Reload refused');
      expect(reply).toMatch(/qa\.yaml:\d+/);
      expect(reply).toContain('who-was-killed');
      expect(reply).toContain('Shard 0: refused; still serving the previous knowledge.');
      expect(reply).toContain('Shard 1: refused; still serving the previous knowledge.');
      for (const shard of [0, 1])
        expect(await ask(shard, 'who was killed near baghdad')).toContain('Qassem Suleimani, an Iranian general.');
    } finally {
      await writeFile(qa, good);
    }
  });

  it(
    'a shard killed while the knowledge is broken waits for valid knowledge instead of restarting in a loop, then comes back',
    async () => {
      const qa = path.join(bot.knowledgeDir, 'qa.yaml');
      const good = await readFile(qa, 'utf8');
      await writeFile(
        qa,
        good.replace('quote: the killing of Iranian general Qassem Suleimani', 'quote: the killing of a general somewhere'),
      );
      const [killed] = shardPids(1);
      const identifiesBefore = fake.identifies.length;
      // A SIGKILL takes with it a question still queued behind the other shard's write lock (it is written on
      // the next retry): wait until shard 1's three questions so far are in the database, so none is lost here.
      await waitForRows(guildOf[1]!.id, 3);
      process.kill(killed!, 'SIGKILL');
      await waitForLog((line) => line.msg === 'shard process exited; restarting it in 1 s' && line.shardId === 1, ANSWER_MS);
      const waits = (line: LogLine) => line.shardId === 1 && (line.msg ?? '').startsWith('shard 1 waits for valid knowledge');
      await waitForLog(waits, ANSWER_MS);
      // No restart loop (discord.js's own respawn started it again every 1.6 s, each start failing): in the next
      // 3 s no new process for shard 1, and the wait is said once.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(shardPids(1)).toEqual([killed]);
      expect(logLines().filter(waits)).toHaveLength(1);
      expect(await ask(0, 'who is the nato chief')).toContain('Stoltenberg');

      // Fixed, then /reload: shard 0 reloads, shard 1 is reported as down and is started at once (or was just
      // started by its own next check of the files, which comes 1, 2, 4 … s apart).
      await writeFile(qa, good);
      const partial = await reload(0);
      expect(partial).toContain('Reload incomplete');
      expect(partial).toMatch(/Shard 0: reloaded/);
      expect(partial).toMatch(/Shard 1: not reloaded: it is (down, waiting for valid knowledge|restarting)/);
      await waitForLog((line) => line.msg === 'the knowledge files are valid again; starting shard 1', ANSWER_MS);

      const [again] = await fake.waitForIdentify(identifiesBefore + 1, START_MS).then((all) => all.slice(identifiesBefore));
      expect(again!.shard).toEqual([1, 2]);
      const pids = shardPids(1);
      expect(pids).toHaveLength(2);
      expect(pids[1]).not.toBe(killed);
      expect(isRunning(killed!)).toBe(false);
      expect(shardPids(0)).toHaveLength(1);
      expect(await ask(1, 'who was killed near baghdad')).toContain('Qassem Suleimani, an Iranian general.');
      expect(await ask(0, 'who was killed near baghdad')).toContain('Qassem Suleimani, an Iranian general.');
    },
    START_MS,
  );

  it('stops every shard on SIGTERM to the manager, exits 0, and never prints the token', async () => {
    const pids = [...shardPids(0), ...shardPids(1)];
    const code = await bot.stop('SIGTERM');
    expect(code).toBe(0);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(logLines().filter((line) => line.msg === 'shard process stopped')).toHaveLength(SHARDS);
    expect(bot.output()).not.toContain(TOKEN_SECRET);
    expect(bot.output()).not.toContain(TEST_TOKEN);
  }, 60_000);

  it('kept the questions of both shards in the one question database', () => {
    expect(rowsOf(guildOf[0]!.id)).toBeGreaterThanOrEqual(5);
    expect(rowsOf(guildOf[1]!.id)).toBeGreaterThanOrEqual(4);
  });
});
