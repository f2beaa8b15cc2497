// The question record: what it keeps, grouping for moderators, retention, votes, and that a bad database
// never breaks answering.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { DATABASE_FILE, QuestionRecord, type QuestionEvent } from '../src/record/questionRecord.js';
import { SCHEMA_VERSION } from '../src/record/schema.js';
import { feedbackReply, statsReply, unansweredReply } from '../src/commands/kb.js';
import { KnowledgeStore } from '../src/store/knowledgeStore.js';

const log = createLogger('silent');

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
const DAY = 86_400_000;
const ALL = 'everywhere' as const;
const NOW = Date.UTC(2026, 10, 30, 12);

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'story-bot-record-'));

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

describe('question record', () => {
  it('creates the folder and a versioned schema on first open', () => {
    const dir = path.join(freshDir(), 'nested', 'data');
    const record = QuestionRecord.open(dir, log);
    expect(record.available).toBe(true);
    record.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('groups unanswered and low-confidence questions by normalised text with the closest entry', () => {
    const record = QuestionRecord.open(freshDir(), log);
    record.recordQuestion(event({ question: 'Who got killed?' }));
    record.recordQuestion(event({ question: 'who got killed' }));
    record.recordQuestion(event({ question: 'who got killed!!', entryId: 'where-suleimani-killed' }));
    record.recordQuestion(event({ normalised: 'roles', question: 'roles?', entryId: null }));
    record.recordQuestion(event({ normalised: 'weak answer', outcome: 'answered', score: 0.45 }));
    record.recordQuestion(event({ normalised: 'good answer', outcome: 'answered', score: 0.95 }));
    record.recordQuestion(event({ normalised: 'too old', at: NOW - 30 * DAY }));
    const groups = record.unanswered(ALL, 7, 10, NOW);
    expect(groups.map((g) => [g.normalised, g.count, g.closestEntry])).toEqual([
      ['who got killed', 3, 'who-was-killed'],
      ['roles', 1, null],
      ['weak answer', 1, 'who-was-killed'],
    ]);
    record.close();
  });

  it('shows a server only its own questions and votes; DM and console questions belong to no server', () => {
    const record = QuestionRecord.open(freshDir(), log);
    const here = { guildId: '111111111111111111' };
    const there = { guildId: '222222222222222222' };
    record.recordQuestion(event({ guildId: here.guildId, normalised: 'asked here' }));
    const elsewhere = record.recordQuestion(
      event({ guildId: there.guildId, normalised: 'asked privately elsewhere', outcome: 'answered', score: 0.3 }),
    )!;
    record.recordQuestion(event({ guildId: null, channelKind: 'dm', normalised: 'asked in a dm' }));
    record.recordQuestion(event({ guildId: null, channelKind: 'console', normalised: 'asked in the console' }));
    record.vote(elsewhere, '987654321098765432', false);

    expect(record.unanswered(here, 7, 10, NOW).map((g) => g.normalised)).toEqual(['asked here']);
    expect(
      record
        .unanswered(ALL, 7, 10, NOW)
        .map((g) => g.normalised)
        .sort(),
    ).toEqual(['asked here', 'asked in a dm', 'asked in the console', 'asked privately elsewhere']);
    expect(record.feedback(here, 7)).toEqual([]);
    expect(record.feedback(there, 7)).toEqual([{ entryId: 'who-was-killed', notHelpful: 1, helpful: 0 }]);
    const total = (days: ReturnType<QuestionRecord['dailyCounts']>) => days.reduce((n, d) => n + d.answered + d.declined, 0);
    expect(total(record.dailyCounts(here, 3, NOW))).toBe(1);
    expect(total(record.dailyCounts(ALL, 3, NOW))).toBe(4);
    record.close();
  });

  it('migrates a version-1 record to the current schema, keeping every question and vote', () => {
    const dir = freshDir();
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE questions (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, guild_id TEXT,
        channel_kind TEXT NOT NULL CHECK (channel_kind IN ('slash', 'mention', 'channel', 'console')),
        question TEXT NOT NULL, normalised TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'declined', 'chat')),
        entry_id TEXT, paragraph INTEGER, score REAL NOT NULL);
      CREATE TABLE votes (question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE, voter TEXT NOT NULL,
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)), at INTEGER NOT NULL, PRIMARY KEY (question_id, voter));
      INSERT INTO questions VALUES (7, ${NOW}, '1', 'slash', 'q?', 'q', 'answered', 'e', 1, 0.9);
      INSERT INTO votes VALUES (7, 'hash', 0, ${NOW});
      PRAGMA user_version = 1;
    `);
    old.close();
    const record = QuestionRecord.open(dir, log);
    expect(record.available).toBe(true);
    expect(record.feedback(ALL, 7, 10, NOW)).toEqual([{ entryId: 'e', notHelpful: 1, helpful: 0 }]);
    record.recordQuestion(event({ guildId: null, channelKind: 'dm', normalised: 'from a dm' }));
    expect(record.unanswered(ALL, 7, 10, NOW).map((g) => g.normalised)).toEqual(['from a dm']);
    record.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('keeps one vote per user per answer, stores no user id, and ranks entries by "not helpful"', () => {
    const dir = freshDir();
    const record = QuestionRecord.open(dir, log);
    const a = record.recordQuestion(event({ outcome: 'answered', entryId: 'entry-a', at: Date.now() }))!;
    const b = record.recordQuestion(event({ outcome: 'answered', entryId: 'entry-b', at: Date.now() }))!;
    const userId = '987654321098765432';
    expect(record.vote(a, userId, false)).toBe('recorded');
    expect(record.vote(a, userId, false)).toBe('changed');
    expect(record.vote(a, '111111111111111111', false)).toBe('recorded');
    expect(record.vote(b, userId, false)).toBe('recorded');
    expect(record.vote(b, '111111111111111111', true)).toBe('recorded');
    expect(record.vote(999_999, userId, true)).toBe('unknown-question');
    expect(record.feedback(ALL, 7)).toEqual([
      { entryId: 'entry-a', notHelpful: 2, helpful: 0 },
      { entryId: 'entry-b', notHelpful: 1, helpful: 1 },
    ]);
    record.close();
    const bytes = readFileSync(path.join(dir, DATABASE_FILE));
    const wal = (() => {
      try {
        return readFileSync(path.join(dir, `${DATABASE_FILE}-wal`));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    expect(Buffer.concat([bytes, wal]).includes(Buffer.from(userId))).toBe(false);
  });

  it('counts questions per day, days without questions included, and prunes past retention', () => {
    const record = QuestionRecord.open(freshDir(), log);
    record.recordQuestion(event({ outcome: 'answered', at: NOW }));
    record.recordQuestion(event({ outcome: 'declined', at: NOW - DAY }));
    record.recordQuestion(event({ outcome: 'suggested', at: NOW - DAY }));
    record.recordQuestion(event({ at: NOW - 100 * DAY }));
    const days = record.dailyCounts(ALL, 3, NOW);
    expect(days.map((d) => d.day)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(days.map((d) => [d.answered, d.suggested, d.declined])).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(record.prune(90, NOW)).toBe(1);
    expect(record.prune(90, NOW)).toBe(0);
    record.close();
  });

  it('is unavailable, without throwing, when the file is corrupt', () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, DATABASE_FILE), 'this is not a database'.repeat(100));
    const record = QuestionRecord.open(dir, log);
    expect(record.available).toBe(false);
    expect(record.unavailableReason).toContain('corrupt');
    expect(record.recordQuestion(event())).toBeNull();
    expect(record.vote(1, '1', true)).toBe('unavailable');
    expect(record.unanswered(ALL, 7)).toEqual([]);
  });

  it('is unavailable when the data folder cannot be created', () => {
    const file = path.join(freshDir(), 'a-file');
    writeFileSync(file, '');
    const record = QuestionRecord.open(path.join(file, 'data'), log);
    expect(record.available).toBe(false);
  });

  it('when a read fails after start, /kb says the record can’t be read instead of showing it empty', async () => {
    const dir = freshDir();
    const record = QuestionRecord.open(dir, log);
    record.recordQuestion(event({ outcome: 'declined' }));
    record.flush();
    const snapshot = (await KnowledgeStore.open(path.resolve('knowledge'))).current;
    const other = new Database(path.join(dir, DATABASE_FILE));
    other.exec('ALTER TABLE questions RENAME TO questions_away');

    expect(record.unanswered(ALL, 7, 10)).toEqual([]);
    expect(record.lastReadFailure).toMatch(/no such table/);
    for (const reply of [
      unansweredReply(record, snapshot, ALL, 7),
      feedbackReply(record, snapshot, ALL, 7),
      await statsReply(record, snapshot, ALL),
    ]) {
      expect(reply).toMatchObject({ kind: 'notice', ephemeral: true });
      expect(reply.text).toMatch(/can't be read right now/);
    }

    other.exec('ALTER TABLE questions_away RENAME TO questions');
    other.close();
    expect(unansweredReply(record, snapshot, ALL, 7).text).not.toMatch(/can't be read/);
    expect(record.lastReadFailure).toBeNull();
    record.close();
  });

  it('loses no row when two processes write at once (WAL)', async () => {
    const dir = freshDir();
    QuestionRecord.open(dir, log).close();
    const tsx = path.resolve('node_modules/.bin/tsx');
    const run = (name: string) =>
      new Promise<{ written: number }>((resolve, reject) => {
        const child = spawn(tsx, ['tests/support/recordWriter.ts', dir, name, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out) as { written: number }) : reject(new Error(`writer exited ${code}`)),
        );
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(a.written + b.written).toBe(800);
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n).toBe(800);
    db.close();
  }, 60_000);

  it.runIf(canCheckFileModes())(
    'cannot write a read-only database: the bot answers, the record says so',
    () => {
      const dir = freshDir();
      QuestionRecord.open(dir, log).close();
      chmodSync(path.join(dir, DATABASE_FILE), 0o444);
      chmodSync(dir, 0o555);
      // Root ignores file modes, so the check runs as an unprivileged user when the tests run as root.
      const asUser = process.getuid?.() === 0 ? UNPRIVILEGED : [];
      const script = `
      import { QuestionRecord } from '${path.resolve('src/record/questionRecord.ts')}';
      import { createLogger } from '${path.resolve('src/logger.ts')}';
      const r = QuestionRecord.open(${JSON.stringify(dir)}, createLogger('silent'));
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
