// The question record, one suite run against both stores (SQLite in a folder, PostgreSQL in a throwaway
// cluster): what it keeps, grouping for moderators, one server's view, migrations, retention, votes without
// user ids, and that a bad database never breaks answering. Store-specific checks follow at the end.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackReply, statsReply, unansweredReply } from '../src/commands/kb.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { createLogger } from '../src/logger.js';
import { openQuestionRecord } from '../src/record/openQuestionRecord.js';
import { POSTGRES_SCHEMA_VERSION } from '../src/record/postgresSchema.js';
import { RecordReadError, type QuestionEvent, type QuestionRecord } from '../src/record/questionRecord.js';
import { DATABASE_FILE, SqliteQuestionRecord } from '../src/record/sqliteQuestionRecord.js';
import { SCHEMA_VERSION } from '../src/record/sqliteSchema.js';
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from './support/postgresCluster.js';

const log = createLogger('silent');
const DAY = 86_400_000;
const ALL = 'everywhere' as const;
const NOW = Date.UTC(2026, 10, 30, 12);
const USER_ID = '987654321098765432';

function event(overrides: Partial<QuestionEvent> = {}): QuestionEvent {
  return {
    guildId: '123456789012345678',
    channelKind: 'slash',
    question: 'who got killed?',
    normalised: 'who got killed',
    outcome: 'declined',
    entryId: 'who-was-killed',
    paragraph: null,
    score: 0.3,
    at: NOW,
    ...overrides,
  };
}

/** One empty place for a record: a folder, or a database of the cluster. */
interface Place {
  /** What recordWriter.ts takes: the folder, or the database URL. */
  readonly target: string;
  open(): Promise<QuestionRecord>;
  schemaVersion(): Promise<number>;
  /** A record as version 1 of the schema left it, holding question 7 (entry "e") with one "not helpful" vote. */
  writeVersion1(): Promise<void>;
  /** Everything stored, as text, to look for what must never be there. */
  everythingStored(): Promise<string>;
  countQuestions(): Promise<number>;
  /** Moves the questions table away (reads fail), or back. */
  hideQuestions(hidden: boolean): Promise<void>;
  /** Makes the record unusable for good; returns what its reason says. */
  breakForGood(): Promise<RegExp>;
}

const V1_SQL = (types: { id: string; real: string }) => `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE questions (id ${types.id} PRIMARY KEY, at BIGINT NOT NULL, guild_id TEXT,
    channel_kind TEXT NOT NULL CONSTRAINT questions_channel_kind_check CHECK (channel_kind IN ('slash', 'mention', 'channel', 'console')),
    question TEXT NOT NULL, normalised TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'declined', 'chat')),
    entry_id TEXT, paragraph INTEGER, score ${types.real} NOT NULL);
  CREATE TABLE votes (question_id ${types.id} NOT NULL REFERENCES questions (id) ON DELETE CASCADE, voter TEXT NOT NULL,
    helpful SMALLINT NOT NULL CHECK (helpful IN (0, 1)), at BIGINT NOT NULL, PRIMARY KEY (question_id, voter));
  INSERT INTO questions VALUES (7, ${NOW}, '1', 'slash', 'q?', 'q', 'answered', 'e', 1, 0.9);
  INSERT INTO votes VALUES (7, 'hash', 0, ${NOW});`;

const sqlite = {
  name: 'SQLite',
  skip: null as string | null,
  setUp: () => Promise.resolve(),
  tearDown() {
    // Nothing shared to remove: each place is a temporary folder of its own.
  },
  place(): Promise<Place> {
    const dir = mkdtempSync(path.join(tmpdir(), 'story-bot-record-'));
    const file = path.join(dir, DATABASE_FILE);
    const withDb = <T>(run: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return run(db);
      } finally {
        db.close();
      }
    };
    // SQLite answers at once; the Place interface is async for PostgreSQL's sake.
    return Promise.resolve({
      target: dir,
      open: () => Promise.resolve(SqliteQuestionRecord.open(dir, log)),
      schemaVersion: () => Promise.resolve(withDb((db) => db.pragma('user_version', { simple: true }) as number)),
      writeVersion1: () => {
        withDb((db) => db.exec(`${V1_SQL({ id: 'INTEGER', real: 'REAL' })} PRAGMA user_version = 1;`));
        return Promise.resolve();
      },
      everythingStored: () => {
        const read = (name: string) => {
          try {
            return readFileSync(path.join(dir, name)).toString('latin1');
          } catch {
            return '';
          }
        };
        return Promise.resolve(read(DATABASE_FILE) + read(`${DATABASE_FILE}-wal`));
      },
      countQuestions: () => Promise.resolve(withDb((db) => (db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n)),
      hideQuestions: (hidden) => {
        withDb((db) =>
          db.exec(hidden ? 'ALTER TABLE questions RENAME TO questions_away' : 'ALTER TABLE questions_away RENAME TO questions'),
        );
        return Promise.resolve();
      },
      breakForGood: () => {
        writeFileSync(file, 'this is not a database'.repeat(100));
        return Promise.resolve(/corrupt/);
      },
    });
  },
};

let cluster: PostgresCluster | null = null;
let databases = 0;
const postgres = {
  name: 'PostgreSQL',
  skip: postgresUnavailable(),
  async setUp() {
    cluster = await startPostgresCluster();
  },
  tearDown() {
    cluster?.remove();
  },
  async place(): Promise<Place> {
    const name = `record_${++databases}`;
    const url = await cluster!.createDatabase(name);
    const withDb = async <T>(run: (db: Awaited<ReturnType<PostgresCluster['connect']>>) => Promise<T>): Promise<T> => {
      const db = await cluster!.connect(name);
      try {
        return await run(db);
      } finally {
        await db.end();
      }
    };
    return {
      target: url,
      open: () => openQuestionRecord({ databaseUrl: url, dataDir: '' }, log),
      schemaVersion: () =>
        withDb(async (db) =>
          Number((await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`)).rows[0]!.value),
        ),
      writeVersion1: () =>
        withDb(async (db) => {
          await db.query(V1_SQL({ id: 'BIGINT', real: 'DOUBLE PRECISION' }));
          await db.query(`INSERT INTO meta VALUES ('schema_version', '1')`);
        }),
      // Every table's rows as text (what a dump would show).
      everythingStored: () =>
        withDb(async (db) => {
          const rows: unknown[] = [];
          for (const table of ['meta', 'questions', 'votes']) rows.push((await db.query(`SELECT * FROM ${table}`)).rows);
          return JSON.stringify(rows);
        }),
      countQuestions: () => withDb(async (db) => Number((await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM questions')).rows[0]!.n)),
      hideQuestions: (hidden) =>
        withDb(async (db) => {
          await db.query(hidden ? 'ALTER TABLE questions RENAME TO questions_away' : 'ALTER TABLE questions_away RENAME TO questions');
        }),
      breakForGood: () =>
        withDb(async (db) => {
          await db.query(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
          await db.query(`INSERT INTO meta VALUES ('schema_version', '99')`);
          return /schema version 99, newer than this bot knows/;
        }),
    };
  },
};

let snapshot: KnowledgeSnapshot;
beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(path.resolve('knowledge'))).current;
});

describe.each([sqlite, postgres])('question record in $name', (store) => {
  beforeAll(() => store.setUp(), 60_000);
  afterAll(() => store.tearDown());
  const test = store.skip ? it.skip : it;
  if (store.skip) it.skip(`skipped: ${store.skip}`, () => undefined);

  test('creates a schema versioned like the other store’s on first open', async () => {
    const place = await store.place();
    const record = await place.open();
    expect(record.available).toBe(true);
    expect(record.recording).toBe(true);
    await record.close();
    expect(SCHEMA_VERSION).toBe(POSTGRES_SCHEMA_VERSION);
    expect(await place.schemaVersion()).toBe(SCHEMA_VERSION);
  });

  test('groups unanswered and low-confidence questions by normalised text with the closest entry', async () => {
    const record = await (await store.place()).open();
    record.recordQuestion(event({ question: 'Who got killed?' }));
    record.recordQuestion(event({ question: 'who got killed' }));
    record.recordQuestion(event({ question: 'who got killed!!', entryId: 'where-suleimani-killed' }));
    record.recordQuestion(event({ normalised: 'roles', question: 'roles?', entryId: null }));
    record.recordQuestion(event({ normalised: 'weak answer', outcome: 'answered', score: 0.45 }));
    record.recordQuestion(event({ normalised: 'good answer', outcome: 'answered', score: 0.95 }));
    record.recordQuestion(event({ normalised: 'too old', at: NOW - 30 * DAY }));
    const groups = await record.unanswered(ALL, 7, 10, NOW);
    expect(groups.map((g) => [g.normalised, g.count, g.closestEntry])).toEqual([
      ['who got killed', 3, 'who-was-killed'],
      ['roles', 1, null],
      ['weak answer', 1, 'who-was-killed'],
    ]);
    expect(groups[0]!.bestScore).toBeCloseTo(0.3);
    await record.close();
  });

  test('shows a server only its own questions and votes; DM and console questions belong to no server', async () => {
    const record = await (await store.place()).open();
    const here = { guildId: '111111111111111111' };
    const there = { guildId: '222222222222222222' };
    record.recordQuestion(event({ guildId: here.guildId, normalised: 'asked here' }));
    const elsewhere = record.recordQuestion(
      event({ guildId: there.guildId, normalised: 'asked privately elsewhere', outcome: 'answered', score: 0.3 }),
    )!;
    record.recordQuestion(event({ guildId: null, channelKind: 'dm', normalised: 'asked in a dm' }));
    record.recordQuestion(event({ guildId: null, channelKind: 'console', normalised: 'asked in the console' }));
    expect(await record.vote(elsewhere, USER_ID, false)).toBe('recorded');

    expect((await record.unanswered(here, 7, 10, NOW)).map((g) => g.normalised)).toEqual(['asked here']);
    expect((await record.unanswered(ALL, 7, 10, NOW)).map((g) => g.normalised).sort()).toEqual([
      'asked here',
      'asked in a dm',
      'asked in the console',
      'asked privately elsewhere',
    ]);
    expect(await record.feedback(here, 7)).toEqual([]);
    expect(await record.feedback(there, 7)).toEqual([{ entryId: 'who-was-killed', notHelpful: 1, helpful: 0 }]);
    const total = (days: Awaited<ReturnType<QuestionRecord['dailyCounts']>>) => days.reduce((n, d) => n + d.answered + d.declined, 0);
    expect(total(await record.dailyCounts(here, 3, NOW))).toBe(1);
    expect(total(await record.dailyCounts(ALL, 3, NOW))).toBe(4);
    await record.close();
  });

  test('migrates a version-1 record to the current schema, keeping every question and vote', async () => {
    const place = await store.place();
    await place.writeVersion1();
    const record = await place.open();
    expect(record.available).toBe(true);
    expect(await record.feedback(ALL, 7, 10, NOW)).toEqual([{ entryId: 'e', notHelpful: 1, helpful: 0 }]);
    record.recordQuestion(event({ guildId: null, channelKind: 'dm', normalised: 'from a dm' }));
    expect((await record.unanswered(ALL, 7, 10, NOW)).map((g) => g.normalised)).toEqual(['from a dm']);
    await record.close();
    expect(await place.schemaVersion()).toBe(SCHEMA_VERSION);
  });

  test('keeps one vote per user per answer, stores no user id, and ranks entries by "not helpful"', async () => {
    const place = await store.place();
    const record = await place.open();
    const a = record.recordQuestion(event({ outcome: 'answered', entryId: 'entry-a', at: Date.now() }))!;
    const b = record.recordQuestion(event({ outcome: 'answered', entryId: 'entry-b', at: Date.now() }))!;
    expect(await record.vote(a, USER_ID, false)).toBe('recorded');
    expect(await record.vote(a, USER_ID, false)).toBe('changed');
    expect(await record.vote(a, '111111111111111111', false)).toBe('recorded');
    expect(await record.vote(b, USER_ID, false)).toBe('recorded');
    expect(await record.vote(b, '111111111111111111', true)).toBe('recorded');
    expect(await record.vote(999_999, USER_ID, true)).toBe('unknown-question');
    expect(await record.feedback(ALL, 7)).toEqual([
      { entryId: 'entry-a', notHelpful: 2, helpful: 0 },
      { entryId: 'entry-b', notHelpful: 1, helpful: 1 },
    ]);
    await record.close();
    expect(await place.everythingStored()).not.toContain(USER_ID);
  });

  test('counts questions per day, days without questions included, and prunes past retention', async () => {
    const record = await (await store.place()).open();
    record.recordQuestion(event({ outcome: 'answered', at: NOW }));
    record.recordQuestion(event({ outcome: 'declined', at: NOW - DAY }));
    record.recordQuestion(event({ outcome: 'suggested', at: NOW - DAY }));
    record.recordQuestion(event({ at: NOW - 100 * DAY }));
    const days = await record.dailyCounts(ALL, 3, NOW);
    expect(days.map((d) => d.day)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(days.map((d) => [d.answered, d.suggested, d.declined])).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(await record.prune(90, NOW)).toBe(1);
    expect(await record.prune(90, NOW)).toBe(0);
    await record.close();
  });

  test('is unavailable for good, without throwing, when the database can never be used; /kb says why', async () => {
    const place = await store.place();
    const reason = await place.breakForGood();
    const record = await place.open();
    expect(record.available).toBe(false);
    expect(record.recording).toBe(false);
    expect(record.unavailableReason).toMatch(reason);
    expect(record.recordQuestion(event())).toBeNull();
    expect(await record.vote(1, '1', true)).toBe('unavailable');
    await expect(record.unanswered(ALL, 7)).rejects.toBeInstanceOf(RecordReadError);
    const reply = await unansweredReply(record, snapshot, ALL, 7);
    expect(reply.text).toMatch(/The question record is unavailable \(.+\)\. The bot still answers; nothing is being recorded\./);
    await record.close();
  });

  test('when a read fails after start, /kb says the record can’t be read instead of showing it empty', async () => {
    const place = await store.place();
    const record = await place.open();
    record.recordQuestion(event({ outcome: 'declined' }));
    await record.flush();
    await place.hideQuestions(true);

    await expect(record.unanswered(ALL, 7, 10)).rejects.toThrow(/questions/);
    for (const reply of await Promise.all([
      unansweredReply(record, snapshot, ALL, 7),
      feedbackReply(record, snapshot, ALL, 7),
      statsReply(record, snapshot, ALL),
    ])) {
      expect(reply).toMatchObject({ kind: 'notice', ephemeral: true });
      expect(reply.text).toMatch(/can't be read right now/);
    }

    await place.hideQuestions(false);
    expect((await unansweredReply(record, snapshot, ALL, 7)).text).not.toMatch(/can't be read/);
    await record.close();
  });

  test('loses no row when two processes write at once', async () => {
    const place = await store.place();
    await (await place.open()).close();
    const tsx = path.resolve('node_modules/.bin/tsx');
    const run = (name: string) =>
      new Promise<{ written: number }>((resolve, reject) => {
        const child = spawn(tsx, ['tests/support/recordWriter.ts', place.target, name, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out) as { written: number }) : reject(new Error(`writer exited ${code}`)),
        );
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(a.written + b.written).toBe(800);
    expect(await place.countQuestions()).toBe(800);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// SQLite only: the file itself
// ---------------------------------------------------------------------------------------------

const UNPRIVILEGED = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * File modes can be checked when not root, or, as root (who ignores them), when an unprivileged user can
 * run this repo's tsx; a clone in a private (0700) folder can't, and then this one check is skipped.
 */
function canCheckFileModes(): boolean {
  if (process.platform === 'win32') return false;
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync(UNPRIVILEGED[0]!, [...UNPRIVILEGED.slice(1), 'test', '-x', path.resolve('node_modules/.bin/tsx')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'story-bot-record-'));

describe('the SQLite record’s file', () => {
  it('is created with its folder, in WAL mode', async () => {
    const dir = path.join(freshDir(), 'nested', 'data');
    await SqliteQuestionRecord.open(dir, log).close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is unavailable when the data folder cannot be created', () => {
    const file = path.join(freshDir(), 'a-file');
    writeFileSync(file, '');
    const record = SqliteQuestionRecord.open(path.join(file, 'data'), log);
    expect(record.available).toBe(false);
  });

  it.runIf(canCheckFileModes())(
    'cannot write a read-only database: the bot answers, the record says so',
    async () => {
      const dir = freshDir();
      await SqliteQuestionRecord.open(dir, log).close();
      chmodSync(path.join(dir, DATABASE_FILE), 0o444);
      chmodSync(dir, 0o555);
      // Root ignores file modes, so the check runs as an unprivileged user when the tests run as root.
      const asUser = process.getuid?.() === 0 ? UNPRIVILEGED : [];
      const script = `
      import { SqliteQuestionRecord } from '${path.resolve('src/record/sqliteQuestionRecord.ts')}';
      import { createLogger } from '${path.resolve('src/logger.ts')}';
      const r = SqliteQuestionRecord.open(${JSON.stringify(dir)}, createLogger('silent'));
      const id = r.available ? r.recordQuestion({ guildId: null, channelKind: 'console', question: 'q', normalised: 'q', outcome: 'declined', entryId: null, paragraph: null, score: 0 }) : null;
      console.log(JSON.stringify({ available: r.available, id }));`;
      const scriptFile = path.join(freshDir(), 'readonly-check.mts');
      writeFileSync(scriptFile, script);
      chmodSync(path.dirname(scriptFile), 0o755);
      chmodSync(scriptFile, 0o644);
      const [command, ...args] = [...asUser, path.resolve('node_modules/.bin/tsx'), scriptFile];
      const out = execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { available: boolean; id: number | null };
      expect(result.id).toBeNull();
      chmodSync(dir, 0o755);
    },
    60_000,
  );
});
