// The question record in SQLite (DATA_DIR/questions.sqlite, WAL mode), the embedded default: shared safely by the
// shard processes of one host. If the database can't be opened or written, the bot answers as usual and /kb
// says the record is unavailable.
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from '../logger.js';
import {
  DEFAULT_MAX_QUEUED,
  DEFAULT_RETRY_MS,
  LOW_CONFIDENCE,
  RecordReadError,
  type DayCounts,
  type FeedbackRow,
  type QuestionEvent,
  type QuestionRecord,
  type RecordOptions,
  type RecordScope,
  type UnansweredGroup,
  type VoteOutcome,
} from './questionRecord.js';
import { DAY_MS, fillDays, firstDayOf, groupUnanswered, newQuestionId, voterHash, type DayOutcomeCount } from './recordRows.js';
import { migrate } from './sqliteSchema.js';

/** The SQL condition (on `column`) and its parameters for a scope. */
function scopeCondition(scope: RecordScope, column: string): { sql: string; params: string[] } {
  return scope === 'everywhere' ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [scope.guildId] };
}

export const DATABASE_FILE = 'questions.sqlite';

/**
 * How long opening the record at start-up may wait for another process's lock. Once the bot answers, no
 * statement waits at all (busy timeout 0): a locked write fails at once and its rows wait in memory.
 */
const OPEN_BUSY_TIMEOUT_MS = 1_000;
/** At shutdown, after the last answer, the last rows may wait this long for a lock to clear. */
const CLOSE_BUSY_TIMEOUT_MS = 2_000;

type PendingQuestion = QuestionEvent & { readonly id: number };

/** Which file a connection has open: the path may later name another file, or none. */
interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

interface OpenDatabase {
  readonly db: SqliteDatabase;
  readonly salt: string;
  readonly identity: FileIdentity;
}

/** Opens (creating folder and schema as needed) the database; throws what went wrong. */
function openDatabase(dataDir: string, file: string, busyTimeoutMs: number): OpenDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    const salt = ensureSalt(db);
    db.pragma('busy_timeout = 0');
    const { dev, ino } = statSync(file);
    return { db, salt, identity: { dev, ino } };
  } catch (error) {
    try {
      db.close();
    } catch {
      // Already unusable; nothing more to release.
    }
    throw error;
  }
}

const isLocked = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');

export class SqliteQuestionRecord implements QuestionRecord {
  private writeFailureLogged = false;
  /** Questions waiting to be written: the reply goes out first, the write follows on the next turn. */
  private pending: PendingQuestion[] = [];
  private flushScheduled = false;
  /** Since when another process has held the write lock (null: not locked); questions wait meanwhile. */
  private lockedSince: number | null = null;
  private droppedWhileLocked = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private readonly maxQueued: number;
  private readonly retryMs: { readonly first: number; readonly max: number };
  private readonly file: string;

  private constructor(
    /** The folder holding the database (DATA_DIR). */
    readonly directory: string,
    private db: SqliteDatabase | null,
    private salt: string,
    private identity: FileIdentity | null,
    private readonly log: Logger,
    /** Why the record could not be opened, or null when it was. */
    private readonly openFailure: string | null,
    options: RecordOptions,
  ) {
    this.file = path.join(directory, DATABASE_FILE);
    this.maxQueued = Math.max(1, options.maxQueued ?? DEFAULT_MAX_QUEUED);
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.retryDelay = this.retryMs.first;
  }

  /** Opens (creating folder and schema as needed) or returns an unavailable record; never throws. */
  static open(dataDir: string, log: Logger, options: RecordOptions = {}): SqliteQuestionRecord {
    const file = path.join(dataDir, DATABASE_FILE);
    try {
      const { db, salt, identity } = openDatabase(dataDir, file, OPEN_BUSY_TIMEOUT_MS);
      return new SqliteQuestionRecord(dataDir, db, salt, identity, log, null, options);
    } catch (error) {
      const reason = describeDatabaseError(error);
      log.warn({ file, reason }, 'question record unavailable; answering without it');
      return new SqliteQuestionRecord(dataDir, null, '', null, log, reason, options);
    }
  }

  get available(): boolean {
    return this.db !== null;
  }

  /** Nothing waits in memory for a broken file: recording is on exactly when the database is open. */
  get recording(): boolean {
    return this.db !== null;
  }

  get unavailableReason(): string | null {
    if (this.db) return null;
    return this.openFailure ?? 'the database file could not be created again after it was deleted or replaced';
  }

  /**
   * Queues the question and returns its id at once; the row is written after the reply has gone out,
   * so a slow or locked database never delays an answer. Ids are random, so shards never collide.
   */
  recordQuestion(event: QuestionEvent): number | null {
    if (!this.db) return null;
    const id = newQuestionId();
    this.pending.push({ ...event, at: event.at ?? Date.now(), id });
    if (this.pending.length > this.maxQueued) this.dropOldest();
    // While locked, the retry timer writes the queue: each question need not try the lock again.
    if (!this.flushScheduled && this.lockedSince === null) {
      this.flushScheduled = true;
      setImmediate(() => this.flushNow());
    }
    return id;
  }

  /** How many questions wait to be written (while the database is locked, for instance). */
  get queued(): number {
    return this.pending.length;
  }

  /**
   * Writes the queued questions in one transaction, never waiting for a lock: if another process holds it,
   * the questions stay queued (at most maxQueued) and the write is tried again a little later.
   */
  flush(): Promise<void> {
    return settled(() => {
      this.flushNow();
    });
  }

  private flushNow(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const db = this.database();
    if (!db) return;
    const batch = this.pending;
    try {
      const insert = db.prepare(
        `INSERT OR IGNORE INTO questions (id, at, guild_id, channel_kind, question, normalised, outcome, entry_id, paragraph, score)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      db.transaction(() => {
        for (const q of batch)
          insert.run(q.id, q.at, q.guildId, q.channelKind, q.question, q.normalised, q.outcome, q.entryId, q.paragraph, q.score);
      })();
      this.pending = this.pending.slice(batch.length);
      this.unlocked(batch.length);
    } catch (error) {
      if (isLocked(error)) {
        this.locked();
        return;
      }
      this.pending = this.pending.slice(batch.length);
      this.writeFailed(error);
    }
  }

  /** Another process holds the write lock: keep the questions, say so once, try again a little later. */
  private locked(): void {
    if (this.lockedSince === null) {
      this.lockedSince = Date.now();
      this.log.warn(
        { file: this.file, queued: this.pending.length, maxQueued: this.maxQueued },
        'question record locked by another process; questions wait in memory until it is free',
      );
    }
    if (this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryMs.max, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushNow();
    }, delay);
    this.retryTimer.unref();
  }

  private unlocked(written: number): void {
    this.retryDelay = this.retryMs.first;
    if (this.lockedSince === null) return;
    this.log.info(
      { file: this.file, written, dropped: this.droppedWhileLocked, lockedMs: Date.now() - this.lockedSince },
      'question record free again; the waiting questions are written',
    );
    this.lockedSince = null;
    this.droppedWhileLocked = 0;
  }

  /** Over the bound, the oldest waiting questions go, with one log line per locked spell. */
  private dropOldest(): void {
    const excess = this.pending.length - this.maxQueued;
    this.pending = this.pending.slice(excess);
    if (this.droppedWhileLocked === 0) {
      this.log.warn(
        { file: this.file, maxQueued: this.maxQueued },
        `question record still locked with ${this.maxQueued} questions waiting; the oldest are dropped from now on`,
      );
    }
    this.droppedWhileLocked += excess;
  }

  /**
   * The open database, re-created first if its file was deleted (or replaced) since it was opened: a
   * connection to a deleted file keeps writing where no one can read it, and every row would be lost.
   */
  private database(): SqliteDatabase | null {
    if (!this.db || !this.identity) return this.db;
    let now: FileIdentity | null = null;
    try {
      const { dev, ino } = statSync(this.file);
      now = { dev, ino };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return this.db;
    }
    if (now?.dev === this.identity.dev && now.ino === this.identity.ino) return this.db;
    this.replaceDatabase(now === null ? 'deleted' : 'replaced');
    return this.db;
  }

  private replaceDatabase(how: 'deleted' | 'replaced'): void {
    try {
      this.db?.close();
    } catch {
      // The old file is gone; nothing to keep from its connection.
    }
    this.db = null;
    try {
      // The -wal and -shm files of a deleted database, left behind when another process still had it open,
      // would be read into the new file as if they were its own: they go first.
      if (how === 'deleted') for (const suffix of ['-wal', '-shm']) unlinkQuietly(this.file + suffix);
      ({ db: this.db, salt: this.salt, identity: this.identity } = openDatabase(this.directory, this.file, 0));
      this.log.warn(
        { file: this.file },
        how === 'deleted'
          ? 'the question record file was deleted while the bot ran; a new, empty one was created (what the deleted file held is gone)'
          : 'the question record file was replaced while the bot ran; writing to the new file from now on',
      );
    } catch (error) {
      this.identity = null;
      this.log.error(
        { file: this.file, reason: describeDatabaseError(error) },
        `the question record file was ${how} while the bot ran and could not be created again; answering without recording`,
      );
    }
  }

  vote(questionId: number, userId: string, helpful: boolean): Promise<VoteOutcome> {
    return settled(() => {
      this.flushNow();
      // Its question still waits for a lock to clear: the vote can't be kept yet.
      if (this.pending.some((q) => q.id === questionId)) return 'unavailable';
      return this.write((db) => {
        if (!db.prepare('SELECT 1 FROM questions WHERE id = ?').get(questionId)) return 'unknown-question';
        const voter = voterHash(this.salt, userId, questionId);
        const before = db.prepare('SELECT helpful FROM votes WHERE question_id = ? AND voter = ?').get(questionId, voter);
        db.prepare(
          `INSERT INTO votes (question_id, voter, helpful, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (question_id, voter) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
        ).run(questionId, voter, helpful ? 1 : 0, Date.now());
        return before ? 'changed' : 'recorded';
      }, 'unavailable');
    });
  }

  unanswered(scope: RecordScope, days: number, limit = 10, now = Date.now()): Promise<UnansweredGroup[]> {
    return settled(() => {
      this.flushNow();
      const where = scopeCondition(scope, 'guild_id');
      const rows = this.read(
        (db) =>
          db
            .prepare(
              `SELECT normalised, question, entry_id AS entryId, score FROM questions
               WHERE at >= ? AND (outcome IN ('declined', 'suggested') OR (outcome = 'answered' AND score < ?))${where.sql}
               ORDER BY at DESC`,
            )
            .all(now - days * DAY_MS, LOW_CONFIDENCE, ...where.params) as Array<{
            normalised: string;
            question: string;
            entryId: string | null;
            score: number;
          }>,
      );
      return groupUnanswered(rows, limit);
    });
  }

  feedback(scope: RecordScope, days: number, limit = 10, now = Date.now()): Promise<FeedbackRow[]> {
    return settled(() => {
      this.flushNow();
      const where = scopeCondition(scope, 'q.guild_id');
      const rows = this.read(
        (db) =>
          db
            .prepare(
              `SELECT q.entry_id AS entryId, SUM(v.helpful = 0) AS notHelpful, SUM(v.helpful = 1) AS helpful
               FROM votes v JOIN questions q ON q.id = v.question_id
               WHERE v.at >= ? AND q.entry_id IS NOT NULL${where.sql}
               GROUP BY q.entry_id HAVING notHelpful > 0
               ORDER BY notHelpful DESC, helpful ASC, q.entry_id LIMIT ?`,
            )
            .all(now - days * DAY_MS, ...where.params, limit) as FeedbackRow[],
      );
      return rows.map((r) => ({ entryId: r.entryId, notHelpful: r.notHelpful, helpful: r.helpful }));
    });
  }

  dailyCounts(scope: RecordScope, days: number, now = Date.now()): Promise<DayCounts[]> {
    return settled(() => {
      this.flushNow();
      const where = scopeCondition(scope, 'guild_id');
      const rows = this.read(
        (db) =>
          db
            .prepare(`SELECT at / ${DAY_MS} AS day, outcome, COUNT(*) AS n FROM questions WHERE at >= ?${where.sql} GROUP BY day, outcome`)
            .all(firstDayOf(days, now) * DAY_MS, ...where.params) as DayOutcomeCount[],
      );
      return fillDays(rows, days, now);
    });
  }

  prune(retentionDays: number, now = Date.now()): Promise<number> {
    return settled(() => {
      this.flushNow();
      return this.write((db) => db.prepare('DELETE FROM questions WHERE at < ?').run(now - retentionDays * DAY_MS).changes, 0);
    });
  }

  /** Writes what is queued (waiting a little for a lock: nothing is answered any more) and closes. */
  close(): Promise<void> {
    return settled(() => {
      this.closeNow();
    });
  }

  private closeNow(): void {
    this.cancelRetry();
    try {
      this.db?.pragma(`busy_timeout = ${CLOSE_BUSY_TIMEOUT_MS}`);
    } catch {
      // A connection that can't take a pragma fails the flush too, which says so.
    }
    this.flushNow();
    // A flush that found the lock held scheduled another try: there is none after closing.
    this.cancelRetry();
    if (this.pending.length > 0) {
      this.log.warn(
        { file: this.file, lost: this.pending.length },
        'the question record stayed locked; the last questions could not be written before exit',
      );
    }
    try {
      this.db?.close();
    } catch (error) {
      this.log.warn({ err: error }, 'closing the question record failed');
    }
    this.db = null;
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private write<T>(run: (db: SqliteDatabase) => T, fallback: T): T {
    const db = this.database();
    if (!db) return fallback;
    try {
      return run(db);
    } catch (error) {
      if (isLocked(error)) this.locked();
      else this.writeFailed(error);
      return fallback;
    }
  }

  /** Logged once: a full disk must not flood the logs, and the bot keeps answering. */
  private writeFailed(error: unknown): void {
    if (this.writeFailureLogged) return;
    this.writeFailureLogged = true;
    this.log.error({ reason: describeDatabaseError(error) }, 'writing the question record failed; answering without recording');
  }

  /** The rows, or a RecordReadError saying why they can't be read now (a lock held too long, a file gone bad). */
  private read<T>(run: (db: SqliteDatabase) => T): T {
    const db = this.database();
    if (!db) throw new RecordReadError(this.unavailableReason ?? 'the question record is unavailable');
    try {
      return run(db);
    } catch (error) {
      const reason = describeDatabaseError(error);
      this.log.warn({ reason }, 'reading the question record failed');
      throw new RecordReadError(reason);
    }
  }
}

function ensureSalt(db: SqliteDatabase): string {
  const read = () => (db.prepare('SELECT value FROM meta WHERE key = ?').get('voter_salt') as { value: string } | undefined)?.value;
  // Read first: an existing record opens without needing the write lock.
  const existing = read();
  if (existing !== undefined) return existing;
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('voter_salt', randomBytes(32).toString('hex'));
  return read()!;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Not there: nothing to remove.
  }
}

function describeDatabaseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `the database file is corrupt (${message})`;
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EROFS':
      return `the database can't be written (${message})`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `the database is locked by another process (${message})`;
    default:
      return message;
  }
}

/** The SQLite store works synchronously: its result (or error) as a promise, like the PostgreSQL store's. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
