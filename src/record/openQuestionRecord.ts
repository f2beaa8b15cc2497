// Which question record this process keeps: PostgreSQL when DATABASE_URL is set (shared by every host), else
// SQLite in DATA_DIR (shared by the shards of this host).
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { PostgresQuestionRecord } from './postgresQuestionRecord.js';
import type { QuestionRecord, RecordOptions } from './questionRecord.js';
import { SqliteQuestionRecord } from './sqliteQuestionRecord.js';

/** Opens the record; never throws: an unusable database leaves the bot answering, and /kb says why. */
export async function openQuestionRecord(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: Logger,
  options: RecordOptions = {},
): Promise<QuestionRecord> {
  if (config.databaseUrl) return PostgresQuestionRecord.open(config.databaseUrl, log, options);
  return SqliteQuestionRecord.open(config.dataDir, log, options);
}
