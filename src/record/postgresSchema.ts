// The PostgreSQL question record's schema: the same numbered migrations as the SQLite record (sqliteSchema.ts),
// in PostgreSQL's words. meta's 'schema_version' says which have run.
import type { PoolClient } from 'pg';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE questions (
     id BIGINT PRIMARY KEY,
     at BIGINT NOT NULL,                -- unix ms
     guild_id TEXT,                     -- null in DMs and the console
     channel_kind TEXT NOT NULL CONSTRAINT questions_channel_kind_check CHECK (channel_kind IN ('slash', 'mention', 'channel', 'console')),
     question TEXT NOT NULL,
     normalised TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'suggested', 'declined', 'chat')),
     entry_id TEXT,                     -- the entry answered, or the closest one for the others
     paragraph INTEGER,
     score DOUBLE PRECISION NOT NULL
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_outcome_at ON questions (outcome, at);
   CREATE TABLE votes (
     question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     voter TEXT NOT NULL,               -- keyed hash of the voter, never the user id
     helpful SMALLINT NOT NULL CHECK (helpful IN (0, 1)),
     at BIGINT NOT NULL,
     PRIMARY KEY (question_id, voter)
   );`,
  // DMs are their own way of asking ('dm'), and reports read one server's questions.
  `ALTER TABLE questions DROP CONSTRAINT questions_channel_kind_check;
   ALTER TABLE questions ADD CONSTRAINT questions_channel_kind_check
     CHECK (channel_kind IN ('slash', 'mention', 'channel', 'dm', 'console'));
   CREATE INDEX questions_guild_at ON questions (guild_id, at);`,
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Any number will do, as long as it is ours: shards and hosts starting together migrate one at a time. */
const MIGRATION_LOCK = 0x5702_b07;

/**
 * Runs the migrations the database has not had yet, in one transaction under an advisory lock, so that the
 * shards of every host starting at once never run one twice.
 */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const hasMeta = await client.query<{ found: boolean }>(`SELECT to_regclass('meta') IS NOT NULL AS found`);
    const current = hasMeta.rows[0]?.found
      ? Number((await client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`)).rows[0]?.value ?? 0)
      : 0;
    if (current > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`the question record is schema version ${current}, newer than this bot knows (${POSTGRES_SCHEMA_VERSION})`);
    }
    for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version]!);
      await client.query(
        `INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(version + 1)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
