// The SQLite question record under faults while the bot runs (issue 11, rows 7-8): its file deleted, and another
// process holding the write lock. Neither may slow an answer, and no question may be lost that can be kept.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger.js';
import type { QuestionEvent } from '../src/record/questionRecord.js';
import { DATABASE_FILE, SqliteQuestionRecord } from '../src/record/sqliteQuestionRecord.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { log, lines };
}

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'story-bot-record-faults-'));

function event(question: string): QuestionEvent {
  return {
    guildId: null,
    channelKind: 'console',
    question,
    normalised: question,
    outcome: 'declined',
    entryId: null,
    paragraph: null,
    score: 0,
  };
}

/** The questions in the database file now, as another process would read them. */
function questionsOnDisk(dir: string): string[] {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT question FROM questions ORDER BY at, question').all() as Array<{ question: string }>).map((r) => r.question);
  } finally {
    db.close();
  }
}

/** Another connection holding the write lock, as another process would (BEGIN IMMEDIATE takes it in WAL mode). */
function holdWriteLock(dir: string): { release(): void } {
  const other = new Database(path.join(dir, DATABASE_FILE));
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

const messages = (lines: LogLine[], pattern: RegExp) => lines.filter((l) => pattern.test(l.msg));

describe('the question record file deleted while the bot runs', () => {
  for (const deleted of [[DATABASE_FILE], [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]]) {
    it(`is noticed, logged once and created again (deleting ${deleted.join(', ')})`, async () => {
      const dir = freshDir();
      const { log, lines } = capturingLogger();
      const record = SqliteQuestionRecord.open(dir, log);
      record.recordQuestion(event('before the deletion'));
      await record.flush();
      for (const name of deleted) rmSync(path.join(dir, name), { force: true });

      record.recordQuestion(event('after the deletion'));
      await record.flush();
      expect(existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
      expect(questionsOnDisk(dir)).toEqual(['after the deletion']);
      record.recordQuestion(event('later still'));
      await record.flush();
      expect((await record.unanswered('everywhere', 1)).map((g) => g.example)).toEqual(['after the deletion', 'later still']);
      expect(messages(lines, /deleted while the bot ran/)).toEqual([
        expect.objectContaining({ level: 40, file: path.join(dir, DATABASE_FILE) }),
      ]);
      await record.close();

      // After a restart the questions asked since the deletion are there.
      const reopened = SqliteQuestionRecord.open(dir, log);
      expect(await reopened.unanswered('everywhere', 1)).toHaveLength(2);
      await reopened.close();
    });
  }
});

describe('another process holding the write lock', () => {
  it('never makes a write wait on it, keeps the questions queued, and writes them all once it clears', async () => {
    const dir = freshDir();
    const { log, lines } = capturingLogger();
    const record = SqliteQuestionRecord.open(dir, log, { retryMs: { first: 5, max: 20 } });
    const lock = holdWriteLock(dir);
    let longestFlushMs = 0;
    for (let i = 0; i < 50; i++) {
      expect(record.recordQuestion(event(`question ${i}`))).not.toBeNull();
      if (i % 10 !== 9) continue;
      const started = performance.now();
      await record.flush();
      longestFlushMs = Math.max(longestFlushMs, performance.now() - started);
    }
    // The busy wait this replaces took a whole second per flush; failing at once takes microseconds.
    expect(longestFlushMs).toBeLessThan(250);
    expect(record.queued).toBe(50);
    expect(messages(lines, /locked by another process/)).toHaveLength(1);
    // A vote on a question still waiting is not kept, and says so (not "no longer in the record").
    const waiting = record.recordQuestion(event('voted on while locked'))!;
    expect(await record.vote(waiting, '123456789012345678', true)).toBe('unavailable');

    lock.release();
    await expect.poll(() => record.queued, { timeout: 5_000, interval: 10 }).toBe(0);
    expect(questionsOnDisk(dir)).toHaveLength(51);
    expect(messages(lines, /free again/)).toEqual([expect.objectContaining({ written: 51, dropped: 0 })]);
    expect(messages(lines, /writing the question record failed/)).toEqual([]);
    await record.close();
  });

  it('keeps at most its bound while locked, then drops the oldest with one log line', async () => {
    const dir = freshDir();
    const { log, lines } = capturingLogger();
    const record = SqliteQuestionRecord.open(dir, log, { maxQueued: 10, retryMs: { first: 5, max: 20 } });
    const lock = holdWriteLock(dir);
    record.recordQuestion(event('question 0'));
    await record.flush();
    for (let i = 1; i < 25; i++) record.recordQuestion(event(`question ${i}`));
    expect(record.queued).toBe(10);
    expect(messages(lines, /the oldest are dropped/)).toHaveLength(1);

    lock.release();
    await expect.poll(() => record.queued, { timeout: 5_000, interval: 10 }).toBe(0);
    expect(questionsOnDisk(dir).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `question ${i + 15}`).sort());
    expect(messages(lines, /free again/)).toEqual([expect.objectContaining({ written: 10, dropped: 15 })]);
    await record.close();
  });

  it('at shutdown waits a little for the lock, so the last questions are written', async () => {
    const dir = freshDir();
    const { log } = capturingLogger();
    const record = SqliteQuestionRecord.open(dir, log);
    // Another process takes the lock and lets it go 300 ms later, while close() waits for it.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(path.join(dir, DATABASE_FILE))});
         db.exec('BEGIN IMMEDIATE'); console.log('locked');
         setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 300);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    record.recordQuestion(event('the last question'));
    await record.flush();
    expect(record.queued).toBe(1);
    await record.close();
    expect(questionsOnDisk(dir)).toEqual(['the last question']);
  });
});
