// What people ask and how the bot did, kept in SQLite for moderators. Recording never slows or breaks a reply:
// if the database can't be opened or written, the bot answers as usual and /kb says the record is unavailable.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { migrate } from './schema.js';

export type ChannelKind = 'slash' | 'mention' | 'channel' | 'dm' | 'console';
export type Outcome = 'answered' | 'suggested' | 'declined' | 'chat';

export interface QuestionEvent {
  readonly guildId: string | null;
  readonly channelKind: ChannelKind;
  readonly question: string;
  readonly normalised: string;
  readonly outcome: Outcome;
  /** The entry answered, or for the other outcomes the one the question came closest to. */
  readonly entryId: string | null;
  readonly paragraph: number | null;
  readonly score: number;
  /** Unix ms; now when omitted. */
  readonly at?: number;
}

export type VoteOutcome = 'recorded' | 'changed' | 'unknown-question' | 'unavailable';

/** What the command handlers need: record a question, take a vote. */
export interface QuestionRecorder {
  readonly available: boolean;
  recordQuestion(event: QuestionEvent): number | null;
  vote(questionId: number, userId: string, helpful: boolean): VoteOutcome;
}

export interface UnansweredGroup {
  readonly normalised: string;
  /** The most recent wording of the group, as asked. */
  readonly example: string;
  readonly count: number;
  readonly closestEntry: string | null;
  readonly bestScore: number;
}

export interface FeedbackRow {
  readonly entryId: string;
  readonly notHelpful: number;
  readonly helpful: number;
}

export interface DayCounts {
  readonly day: string;
  readonly answered: number;
  readonly suggested: number;
  readonly declined: number;
  readonly chat: number;
}

/**
 * Whose questions a report covers: one server's own (what /kb shows there: never another server's, never
 * DMs), or every question, for the bot's own host (the console, `npm run knowledge:suggest`).
 */
export type RecordScope = { readonly guildId: string } | 'everywhere';

/** The SQL condition (on `column`) and its parameters for a scope. */
function scopeCondition(scope: RecordScope, column: string): { sql: string; params: string[] } {
  return scope === 'everywhere' ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [scope.guildId] };
}

const DAY_MS = 86_400_000;
export const DATABASE_FILE = 'questions.sqlite';

/** Low-confidence answers count as "unanswered" for moderators: worth a better phrasing. */
export const LOW_CONFIDENCE = 0.6;

/** How long a write may wait for another process's lock before it is given up (and logged). */
const BUSY_TIMEOUT_MS = 1_000;

type PendingQuestion = QuestionEvent & { readonly id: number };

export class QuestionRecord implements QuestionRecorder {
  private writeFailureLogged = false;
  /** Questions waiting to be written: the reply goes out first, the write follows on the next turn. */
  private pending: PendingQuestion[] = [];
  private flushScheduled = false;

  private constructor(
    /** The folder holding the database (DATA_DIR). */
    readonly directory: string,
    private readonly db: SqliteDatabase | null,
    private readonly salt: string,
    private readonly log: Logger,
    /** Why the record is unavailable, or null when it works. */
    readonly unavailableReason: string | null,
  ) {}

  /** Opens (creating folder and schema as needed) or returns an unavailable record; never throws. */
  static open(dataDir: string, log: Logger): QuestionRecord {
    const file = path.join(dataDir, DATABASE_FILE);
    let db: SqliteDatabase | null = null;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      const salt = ensureSalt(db);
      return new QuestionRecord(dataDir, db, salt, log, null);
    } catch (error) {
      const reason = describeDatabaseError(error);
      log.warn({ file, reason }, 'question record unavailable; answering without it');
      try {
        db?.close();
      } catch {
        // Already unusable; nothing more to release.
      }
      return new QuestionRecord(dataDir, null, '', log, reason);
    }
  }

  get available(): boolean {
    return this.db !== null;
  }

  /** Why the last read failed (a lock held too long, a file gone bad), or null when it succeeded. */
  get lastReadFailure(): string | null {
    return this.readFailure;
  }

  /**
   * Queues the question and returns its id at once; the row is written after the reply has gone out,
   * so a slow or locked database never delays an answer. Ids are random, so shards never collide.
   */
  recordQuestion(event: QuestionEvent): number | null {
    if (!this.db) return null;
    const id = randomInt(1, 2 ** 47);
    this.pending.push({ ...event, at: event.at ?? Date.now(), id });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return id;
  }

  /** Writes the queued questions in one transaction. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.write((db) => {
      const insert = db.prepare(
        `INSERT OR IGNORE INTO questions (id, at, guild_id, channel_kind, question, normalised, outcome, entry_id, paragraph, score)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      db.transaction(() => {
        for (const q of batch)
          insert.run(q.id, q.at, q.guildId, q.channelKind, q.question, q.normalised, q.outcome, q.entryId, q.paragraph, q.score);
      })();
    }, undefined);
  }

  vote(questionId: number, userId: string, helpful: boolean): VoteOutcome {
    this.flush();
    return this.write((db) => {
      if (!db.prepare('SELECT 1 FROM questions WHERE id = ?').get(questionId)) return 'unknown-question';
      const voter = createHmac('sha256', this.salt).update(`${userId}:${questionId}`).digest('hex').slice(0, 32);
      const before = db.prepare('SELECT helpful FROM votes WHERE question_id = ? AND voter = ?').get(questionId, voter);
      db.prepare(
        `INSERT INTO votes (question_id, voter, helpful, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (question_id, voter) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
      ).run(questionId, voter, helpful ? 1 : 0, Date.now());
      return before ? 'changed' : 'recorded';
    }, 'unavailable');
  }

  /** Most frequent declined, suggested and low-confidence questions of the last `days`, grouped by normalised text. */
  unanswered(scope: RecordScope, days: number, limit = 10, now = Date.now()): UnansweredGroup[] {
    this.flush();
    const where = scopeCondition(scope, 'guild_id');
    return this.read((db) => {
      const rows = db
        .prepare(
          `SELECT normalised, question, entry_id, score, at FROM questions
           WHERE at >= ? AND (outcome IN ('declined', 'suggested') OR (outcome = 'answered' AND score < ?))${where.sql}
           ORDER BY at DESC`,
        )
        .all(now - days * DAY_MS, LOW_CONFIDENCE, ...where.params) as Array<{
        normalised: string;
        question: string;
        entry_id: string | null;
        score: number;
      }>;
      const groups = new Map<string, { example: string; count: number; entries: Map<string, number>; bestScore: number }>();
      for (const row of rows) {
        const group = groups.get(row.normalised) ?? { example: row.question, count: 0, entries: new Map(), bestScore: 0 };
        group.count++;
        group.bestScore = Math.max(group.bestScore, row.score);
        if (row.entry_id) group.entries.set(row.entry_id, (group.entries.get(row.entry_id) ?? 0) + 1);
        groups.set(row.normalised, group);
      }
      return [...groups]
        .map(([normalised, g]) => ({
          normalised,
          example: g.example,
          count: g.count,
          closestEntry: [...g.entries].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
          bestScore: g.bestScore,
        }))
        .sort((a, b) => b.count - a.count || a.normalised.localeCompare(b.normalised))
        .slice(0, limit);
    }, []);
  }

  /** Entries with the most "not helpful" votes in the last `days`, on questions asked within the scope. */
  feedback(scope: RecordScope, days: number, limit = 10, now = Date.now()): FeedbackRow[] {
    this.flush();
    const where = scopeCondition(scope, 'q.guild_id');
    return this.read(
      (db) =>
        (
          db
            .prepare(
              `SELECT q.entry_id AS entryId, SUM(v.helpful = 0) AS notHelpful, SUM(v.helpful = 1) AS helpful
               FROM votes v JOIN questions q ON q.id = v.question_id
               WHERE v.at >= ? AND q.entry_id IS NOT NULL${where.sql}
               GROUP BY q.entry_id HAVING notHelpful > 0
               ORDER BY notHelpful DESC, helpful ASC, q.entry_id LIMIT ?`,
            )
            .all(now - days * DAY_MS, ...where.params, limit) as FeedbackRow[]
        ).map((r) => ({ entryId: r.entryId, notHelpful: Number(r.notHelpful), helpful: Number(r.helpful) })),
      [],
    );
  }

  /** Questions per UTC day for the last `days` days, oldest first, days without questions included. */
  dailyCounts(scope: RecordScope, days: number, now = Date.now()): DayCounts[] {
    this.flush();
    const firstDay = Math.floor(now / DAY_MS) - days + 1;
    const where = scopeCondition(scope, 'guild_id');
    const rows = this.read(
      (db) =>
        db
          .prepare(`SELECT at / ${DAY_MS} AS day, outcome, COUNT(*) AS n FROM questions WHERE at >= ?${where.sql} GROUP BY day, outcome`)
          .all(firstDay * DAY_MS, ...where.params) as Array<{ day: number; outcome: Outcome; n: number }>,
      [],
    );
    return Array.from({ length: days }, (_, i) => {
      const day = firstDay + i;
      const count = (outcome: Outcome) => rows.find((r) => Math.floor(r.day) === day && r.outcome === outcome)?.n ?? 0;
      return {
        day: new Date(day * DAY_MS).toISOString().slice(0, 10),
        answered: count('answered'),
        suggested: count('suggested'),
        declined: count('declined'),
        chat: count('chat'),
      };
    });
  }

  /** Deletes questions (and their votes) older than `retentionDays`; returns how many. */
  prune(retentionDays: number, now = Date.now()): number {
    this.flush();
    return this.write((db) => db.prepare('DELETE FROM questions WHERE at < ?').run(now - retentionDays * DAY_MS).changes, 0);
  }

  close(): void {
    this.flush();
    try {
      this.db?.close();
    } catch (error) {
      this.log.warn({ err: error }, 'closing the question record failed');
    }
  }

  private write<T>(run: (db: SqliteDatabase) => T, fallback: T): T {
    if (!this.db) return fallback;
    try {
      return run(this.db);
    } catch (error) {
      // Logged once: a full disk must not flood the logs, and the bot keeps answering.
      if (!this.writeFailureLogged) {
        this.writeFailureLogged = true;
        this.log.error({ reason: describeDatabaseError(error) }, 'writing the question record failed; answering without recording');
      }
      return fallback;
    }
  }

  private readFailure: string | null = null;

  private read<T>(run: (db: SqliteDatabase) => T, fallback: T): T {
    if (!this.db) return fallback;
    try {
      const value = run(this.db);
      this.readFailure = null;
      return value;
    } catch (error) {
      this.readFailure = describeDatabaseError(error);
      this.log.warn({ reason: this.readFailure }, 'reading the question record failed');
      return fallback;
    }
  }
}

function ensureSalt(db: SqliteDatabase): string {
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('voter_salt', randomBytes(32).toString('hex'));
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get('voter_salt') as { value: string }).value;
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
