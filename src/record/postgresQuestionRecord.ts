// The question record in PostgreSQL (DATABASE_URL), shared by every shard on every host. Recording never waits
// on the database: rows are queued and written after the reply; while PostgreSQL can't be reached they wait in
// memory (bounded, oldest dropped first) and are written when it is back, /kb says the record is unavailable,
// and the log has one line per change of state.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { describeDatabaseLocation, describePostgresError, isConnectionError } from '../postgres/postgresErrors.js';
import {
  DEFAULT_MAX_QUEUED,
  DEFAULT_RETRY_MS,
  LOW_CONFIDENCE,
  RecordReadError,
  type DayCounts,
  type FeedbackRow,
  type Outcome,
  type QuestionEvent,
  type QuestionRecord,
  type RecordOptions,
  type RecordScope,
  type UnansweredGroup,
  type VoteOutcome,
} from './questionRecord.js';
import { DAY_MS, fillDays, firstDayOf, groupUnanswered, newQuestionId, voterHash } from './recordRows.js';
import { migratePostgres } from './postgresSchema.js';

type PendingQuestion = QuestionEvent & { readonly id: number; readonly at: number };

/**
 * ready: reads and writes go through. down: PostgreSQL can't be reached; questions wait, and it is tried again.
 * off: it can never work (a schema newer than this bot, a refused login): nothing is recorded.
 */
type State = 'ready' | 'down' | 'off';

/** A connection attempt or statement that takes longer than this counts as PostgreSQL being unreachable. */
const CONNECT_TIMEOUT_MS = 2_000;
const QUERY_TIMEOUT_MS = 5_000;
/** At shutdown the last rows may take this long to be written. */
const CLOSE_FLUSH_MS = 2_000;
/** Rows per INSERT: 10 parameters each, well under PostgreSQL's 65,535. */
const BATCH_ROWS = 1_000;
/** A refused login or a missing database won't fix itself quickly, but may be fixed by an operator: try now and then. */
const SLOW_RETRY_MS = 30_000;

const COLUMNS = 10;

function scopeCondition(scope: RecordScope, column: string, next: number): { sql: string; params: string[] } {
  return scope === 'everywhere' ? { sql: '', params: [] } : { sql: ` AND ${column} = $${next}`, params: [scope.guildId] };
}

/** Errors an operator must fix (a wrong password, no such database, no rights): retried slowly, logged as errors. */
const isSetupError = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(28|3D|42501)/.test(code);
};

export class PostgresQuestionRecord implements QuestionRecord {
  readonly directory = null;
  private state: State = 'down';
  /** Read anew after an await (a plain `this.state` stays narrowed to what it was before). */
  private ready(): boolean {
    return this.state === 'ready';
  }
  private reason: string | null = 'PostgreSQL has not been reached yet';
  private salt: string | null = null;
  private pending: PendingQuestion[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private downSince: number | null = null;
  private droppedWhileDown = 0;
  private writeFailureLogged = false;
  private closed = false;
  private readonly maxQueued: number;
  private readonly retryMs: { readonly first: number; readonly max: number };
  private readonly where: string;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    private readonly log: Logger,
    options: RecordOptions,
  ) {
    this.maxQueued = Math.max(1, options.maxQueued ?? DEFAULT_MAX_QUEUED);
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.retryDelay = this.retryMs.first;
    this.where = describeDatabaseLocation(url);
    // An idle connection that the server closes (a restart) is an 'error' on the pool; unheard, it would end the
    // process. The next statement finds out whether PostgreSQL is really gone.
    pool.on('error', (error) => log.debug({ reason: describePostgresError(error) }, 'an idle PostgreSQL connection closed'));
  }

  /** Connects and migrates; if PostgreSQL can't be reached, the record starts down and keeps trying. Never throws. */
  static async open(url: string, log: Logger, options: RecordOptions = {}): Promise<PostgresQuestionRecord> {
    const pool = new pg.Pool({
      connectionString: url,
      max: 3,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'story-bot',
    });
    const record = new PostgresQuestionRecord(pool, url, log, options);
    await record.reconnect();
    return record;
  }

  get available(): boolean {
    return this.state === 'ready';
  }

  get recording(): boolean {
    return this.state !== 'off';
  }

  get unavailableReason(): string | null {
    return this.state === 'ready' ? null : this.reason;
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Queues the question and returns its id at once; it is written after the reply, or when PostgreSQL is back. */
  recordQuestion(event: QuestionEvent): number | null {
    if (this.state === 'off' || this.closed) return null;
    const id = newQuestionId();
    this.pending.push({ ...event, at: event.at ?? Date.now(), id });
    if (this.pending.length > this.maxQueued) this.dropOldest();
    // While down, the retry timer writes the queue: each question need not try the connection again.
    if (this.state === 'ready' && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
    return id;
  }

  /** Writes everything queued before the call (and what arrives meanwhile), unless PostgreSQL is down. */
  async flush(): Promise<void> {
    this.flushScheduled = false;
    while (this.flushing) await this.flushing;
    if (this.state !== 'ready' || this.pending.length === 0) return;
    this.flushing = this.writePending().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0 && this.state === 'ready') {
      const batch = this.pending.slice(0, BATCH_ROWS);
      try {
        await this.pool.query(
          `INSERT INTO questions (id, at, guild_id, channel_kind, question, normalised, outcome, entry_id, paragraph, score)
           VALUES ${batch.map((_, row) => `(${Array.from({ length: COLUMNS }, (_, c) => `$${row * COLUMNS + c + 1}`).join(', ')})`).join(', ')}
           ON CONFLICT (id) DO NOTHING`,
          batch.flatMap((q) => [
            q.id,
            q.at,
            q.guildId,
            q.channelKind,
            q.question,
            q.normalised,
            q.outcome,
            q.entryId,
            q.paragraph,
            q.score,
          ]),
        );
      } catch (error) {
        if (isConnectionError(error)) {
          this.lost(error);
          return;
        }
        // The rows themselves were refused: retrying can't help, and must not block the rows behind them.
        this.removeFromQueue(batch);
        this.writeFailed(error);
        continue;
      }
      this.removeFromQueue(batch);
    }
  }

  /** Rows may have been dropped from the front while the batch was in flight: remove exactly the batch. */
  private removeFromQueue(batch: readonly PendingQuestion[]): void {
    const written = new Set(batch);
    this.pending = this.pending.filter((q) => !written.has(q));
  }

  async vote(questionId: number, userId: string, helpful: boolean): Promise<VoteOutcome> {
    await this.flush();
    // Down, or its question still waits to be written: the vote can't be kept yet.
    if (this.state !== 'ready' || !this.salt || this.pending.some((q) => q.id === questionId)) return 'unavailable';
    try {
      const result = await this.pool.query<{ inserted: boolean }>(
        `INSERT INTO votes (question_id, voter, helpful, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (question_id, voter) DO UPDATE SET helpful = excluded.helpful, at = excluded.at
         RETURNING (xmax = 0) AS inserted`,
        [questionId, voterHash(this.salt, userId, questionId), helpful ? 1 : 0, Date.now()],
      );
      return result.rows[0]?.inserted ? 'recorded' : 'changed';
    } catch (error) {
      // 23503: the question it votes on is not in the record (pruned, or never there).
      if ((error as { code?: string }).code === '23503') return 'unknown-question';
      if (isConnectionError(error)) this.lost(error);
      else this.writeFailed(error);
      return 'unavailable';
    }
  }

  async unanswered(scope: RecordScope, days: number, limit = 10, now = Date.now()): Promise<UnansweredGroup[]> {
    const where = scopeCondition(scope, 'guild_id', 3);
    const rows = await this.read<{ normalised: string; question: string; entryId: string | null; score: number }>(
      `SELECT normalised, question, entry_id AS "entryId", score FROM questions
       WHERE at >= $1 AND (outcome IN ('declined', 'suggested') OR (outcome = 'answered' AND score < $2))${where.sql}
       ORDER BY at DESC`,
      [now - days * DAY_MS, LOW_CONFIDENCE, ...where.params],
    );
    return groupUnanswered(rows, limit);
  }

  async feedback(scope: RecordScope, days: number, limit = 10, now = Date.now()): Promise<FeedbackRow[]> {
    const where = scopeCondition(scope, 'q.guild_id', 2);
    const rows = await this.read<{ entryId: string; notHelpful: string; helpful: string }>(
      `SELECT q.entry_id AS "entryId", SUM(CASE WHEN v.helpful = 0 THEN 1 ELSE 0 END) AS "notHelpful",
              SUM(CASE WHEN v.helpful = 1 THEN 1 ELSE 0 END) AS helpful
       FROM votes v JOIN questions q ON q.id = v.question_id
       WHERE v.at >= $1 AND q.entry_id IS NOT NULL${where.sql}
       GROUP BY q.entry_id HAVING SUM(CASE WHEN v.helpful = 0 THEN 1 ELSE 0 END) > 0
       ORDER BY "notHelpful" DESC, helpful ASC, q.entry_id LIMIT $${2 + where.params.length}`,
      [now - days * DAY_MS, ...where.params, limit],
    );
    return rows.map((r) => ({ entryId: r.entryId, notHelpful: Number(r.notHelpful), helpful: Number(r.helpful) }));
  }

  async dailyCounts(scope: RecordScope, days: number, now = Date.now()): Promise<DayCounts[]> {
    const where = scopeCondition(scope, 'guild_id', 2);
    const rows = await this.read<{ day: string; outcome: Outcome; n: string }>(
      `SELECT at / ${DAY_MS} AS day, outcome, COUNT(*) AS n FROM questions WHERE at >= $1${where.sql} GROUP BY day, outcome`,
      [firstDayOf(days, now) * DAY_MS, ...where.params],
    );
    return fillDays(
      rows.map((r) => ({ day: Number(r.day), outcome: r.outcome, n: Number(r.n) })),
      days,
      now,
    );
  }

  async prune(retentionDays: number, now = Date.now()): Promise<number> {
    await this.flush();
    if (this.state !== 'ready') return 0;
    try {
      return (await this.pool.query('DELETE FROM questions WHERE at < $1', [now - retentionDays * DAY_MS])).rowCount ?? 0;
    } catch (error) {
      if (isConnectionError(error)) this.lost(error);
      else this.writeFailed(error);
      return 0;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearRetry();
    if (this.state === 'ready' && this.pending.length > 0) {
      await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, CLOSE_FLUSH_MS).unref())]);
    }
    if (this.pending.length > 0) {
      this.log.warn(
        { database: this.where, lost: this.pending.length, reason: this.reason },
        'PostgreSQL could not be reached; the last questions could not be written before exit',
      );
    }
    await this.pool.end().catch(() => undefined);
  }

  /** Reads after writing what is queued, so a report includes the questions just asked. */
  private async read<Row extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<Row[]> {
    await this.flush();
    if (this.state !== 'ready') throw new RecordReadError(this.reason ?? 'the question record is unavailable');
    try {
      return (await this.pool.query<Row>(sql, params)).rows;
    } catch (error) {
      if (isConnectionError(error)) this.lost(error);
      const reason = describePostgresError(error);
      this.log.warn({ reason }, 'reading the question record failed');
      throw new RecordReadError(reason);
    }
  }

  /** Connects (migrating and reading the salt the first time) and writes what waits; on failure, tries again later. */
  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.salt === null) {
        const client = await this.pool.connect();
        try {
          await migratePostgres(client);
          this.salt = await ensureSalt(client);
        } finally {
          client.release();
        }
      } else {
        await this.pool.query('SELECT 1');
      }
    } catch (error) {
      if (isConnectionError(error)) {
        this.lost(error);
        return;
      }
      if (isSetupError(error)) {
        this.lost(error, SLOW_RETRY_MS);
        return;
      }
      this.state = 'off';
      this.reason = describePostgresError(error);
      this.log.error({ database: this.where, reason: this.reason }, 'question record unavailable; answering without recording');
      return;
    }
    const wasDown = this.downSince;
    const queuedBefore = this.pending.length;
    this.state = 'ready';
    this.reason = null;
    this.retryDelay = this.retryMs.first;
    await this.flush();
    // The connection may have gone again during the flush.
    if (!this.ready()) return;
    if (wasDown !== null) {
      this.log.info(
        {
          database: this.where,
          written: queuedBefore - this.pending.length,
          dropped: this.droppedWhileDown,
          downMs: Date.now() - wasDown,
        },
        'question record: PostgreSQL reachable again; the waiting questions are written',
      );
    }
    this.downSince = null;
    this.droppedWhileDown = 0;
  }

  /** PostgreSQL can't be reached: keep the questions, say so once, try again a little later. */
  private lost(error: unknown, retryMs?: number): void {
    this.reason = describePostgresError(error);
    if (this.downSince === null) {
      this.downSince = Date.now();
      const setup = isSetupError(error);
      this.log[setup ? 'error' : 'warn'](
        { database: this.where, reason: this.reason, queued: this.pending.length, maxQueued: this.maxQueued },
        setup
          ? 'question record: PostgreSQL refused the bot (check DATABASE_URL, the user and the database); questions wait in memory'
          : 'question record: PostgreSQL unreachable; answering as usual, questions wait in memory until it is back',
      );
    }
    this.state = 'down';
    this.scheduleRetry(retryMs);
  }

  private scheduleRetry(fixedMs?: number): void {
    if (this.retryTimer || this.closed) return;
    const delay = fixedMs ?? this.retryDelay;
    if (fixedMs === undefined) this.retryDelay = Math.min(this.retryMs.max, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconnect();
    }, delay);
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Over the bound, the oldest waiting questions go, with one log line per spell. */
  private dropOldest(): void {
    const excess = this.pending.length - this.maxQueued;
    this.pending = this.pending.slice(excess);
    if (this.droppedWhileDown === 0) {
      this.log.warn(
        { database: this.where, maxQueued: this.maxQueued },
        `question record: PostgreSQL still unreachable with ${this.maxQueued} questions waiting; the oldest are dropped from now on`,
      );
    }
    this.droppedWhileDown += excess;
  }

  /** Logged once: a row PostgreSQL refuses must not flood the logs, and the bot keeps answering. */
  private writeFailed(error: unknown): void {
    if (this.writeFailureLogged) return;
    this.writeFailureLogged = true;
    this.log.error({ reason: describePostgresError(error) }, 'writing the question record failed; answering without recording it');
  }
}

async function ensureSalt(client: pg.PoolClient): Promise<string> {
  await client.query(`INSERT INTO meta (key, value) VALUES ('voter_salt', $1) ON CONFLICT (key) DO NOTHING`, [
    randomBytes(32).toString('hex'),
  ]);
  const { rows } = await client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'voter_salt'`);
  return rows[0]!.value;
}
