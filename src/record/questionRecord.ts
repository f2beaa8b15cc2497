// The question record: what people ask and how the bot did, kept for moderators. One interface, two stores:
// SQLite in DATA_DIR (sqliteQuestionRecord.ts, the default) and PostgreSQL shared by every host
// (postgresQuestionRecord.ts, with DATABASE_URL). Recording never slows or breaks a reply.

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

/** Low-confidence answers count as "unanswered" for moderators: worth a better phrasing. */
export const LOW_CONFIDENCE = 0.6;

/** A report that can't be read now; the message says why (never a password or URL). */
export class RecordReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RecordReadError';
  }
}

/** How many questions may wait in memory, and how often a failed write is tried again. */
export interface RecordOptions {
  /** Most questions kept in memory while the database can't be written; beyond it the oldest are dropped. */
  readonly maxQueued?: number;
  /** First and longest pause between attempts to write. */
  readonly retryMs?: { readonly first: number; readonly max: number };
}

export const DEFAULT_MAX_QUEUED = 10_000;
export const DEFAULT_RETRY_MS = { first: 100, max: 2_000 } as const;

/** What the command handlers need: record a question, take a vote. */
export interface QuestionRecorder {
  recordQuestion(event: QuestionEvent): number | null;
  vote(questionId: number, userId: string, helpful: boolean): Promise<VoteOutcome>;
}

/**
 * What moderators read: each report includes every question recorded so far (what still waits in the write
 * queue is written first), or throws a RecordReadError saying why it can't be read now.
 */
export interface RecordReports {
  /** Reports can be read now (false: /kb says the record is unavailable, and why). */
  readonly available: boolean;
  /** Why reports can't be read now, or null when they can. */
  readonly unavailableReason: string | null;
  /** Most frequent declined, suggested and low-confidence questions of the last `days`, grouped by normalised text. */
  unanswered(scope: RecordScope, days: number, limit?: number, now?: number): Promise<UnansweredGroup[]>;
  /** Entries with the most "not helpful" votes in the last `days`, on questions asked within the scope. */
  feedback(scope: RecordScope, days: number, limit?: number, now?: number): Promise<FeedbackRow[]>;
  /** Questions per UTC day for the last `days` days, oldest first, days without questions included. */
  dailyCounts(scope: RecordScope, days: number, now?: number): Promise<DayCounts[]>;
}

/** Keeping the record: the write queue, retention and closing. */
export interface RecordUpkeep {
  /**
   * Questions are kept: written now, or waiting in memory until the database is back. False when the record
   * is off for good (a corrupt file, a schema newer than this bot): then nothing is recorded.
   */
  readonly recording: boolean;
  /** How many questions wait to be written. */
  readonly queued: number;
  /** The folder beside the record for files such as the console's chart (DATA_DIR), or null. */
  readonly directory: string | null;
  /** Deletes questions (and their votes) older than `retentionDays`; returns how many. */
  prune(retentionDays: number, now?: number): Promise<number>;
  /** Writes what is queued, if the database can take it now. */
  flush(): Promise<void>;
  /** Writes what is queued (waiting a little: nothing is answered any more) and closes. */
  close(): Promise<void>;
}

/** The whole record, as a store (SQLite or PostgreSQL) implements it: each front end uses the parts it needs. */
export interface QuestionRecord extends QuestionRecorder, RecordReports, RecordUpkeep {}
