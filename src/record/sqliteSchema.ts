// The SQLite question record's schema, as numbered migrations; PRAGMA user_version says which have run.
// postgresSchema.ts has the same migrations for PostgreSQL.
import type { Database } from 'better-sqlite3';

const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [
  (db) =>
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,               -- unix ms
        guild_id TEXT,                     -- null in DMs and the console
        channel_kind TEXT NOT NULL CHECK (channel_kind IN ('slash', 'mention', 'channel', 'console')),
        question TEXT NOT NULL,
        normalised TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'declined', 'chat')),
        entry_id TEXT,                     -- the entry answered, or the closest one for the others
        paragraph INTEGER,
        score REAL NOT NULL
      );
      CREATE INDEX questions_at ON questions (at);
      CREATE INDEX questions_outcome_at ON questions (outcome, at);
      CREATE TABLE votes (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,               -- keyed hash of the voter, never the user id
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        at INTEGER NOT NULL,
        PRIMARY KEY (question_id, voter)
      );
    `),
  // DMs are their own way of asking ('dm'), and reports read one server's questions: the table is rebuilt,
  // as SQLite can't change a CHECK constraint in place (foreign keys are off during migrations, see migrate).
  (db) =>
    db.exec(`
      CREATE TABLE questions_new (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,               -- unix ms
        guild_id TEXT,                     -- null in DMs and the console
        channel_kind TEXT NOT NULL CHECK (channel_kind IN ('slash', 'mention', 'channel', 'dm', 'console')),
        question TEXT NOT NULL,
        normalised TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'declined', 'chat')),
        entry_id TEXT,
        paragraph INTEGER,
        score REAL NOT NULL
      );
      INSERT INTO questions_new SELECT id, at, guild_id, channel_kind, question, normalised, outcome, entry_id, paragraph, score FROM questions;
      DROP TABLE questions;
      ALTER TABLE questions_new RENAME TO questions;
      CREATE INDEX questions_at ON questions (at);
      CREATE INDEX questions_outcome_at ON questions (outcome, at);
      CREATE INDEX questions_guild_at ON questions (guild_id, at);
    `),
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Runs the migrations the database has not had yet, each in its own transaction. Foreign keys are off
 * meanwhile (SQLite's procedure for rebuilding a table: dropping it would otherwise cascade to the votes)
 * and checked before each commit.
 */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the question record is schema version ${current}, newer than this bot knows (${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.transaction(() => {
        MIGRATIONS[version]!(db);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${version + 1} left ${broken.length} rows with broken references`);
        db.pragma(`user_version = ${version + 1}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
