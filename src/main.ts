// Starts story-bot: the Discord bot when DISCORD_TOKEN is set (several shard processes when SHARD_COUNT is
// set), else the local console. Each shard process runs this file too, as a single bot for its shard.
import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from './config.js';
import { runConsole } from './console/runConsole.js';
import { KnowledgeError } from './knowledge/knowledgeError.js';
import { KnowledgeStore } from './store/knowledgeStore.js';
import { createLogger, type Logger } from './logger.js';
import { databaseSecrets } from './postgres/postgresErrors.js';
import { openQuestionRecord } from './record/openQuestionRecord.js';
import { DAY_MS } from './record/recordRows.js';
import type { QuestionRecord } from './record/questionRecord.js';

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function openStore(config: Config): Promise<KnowledgeStore> {
  try {
    return await KnowledgeStore.open(config.knowledgeDir);
  } catch (error) {
    if (error instanceof KnowledgeError) fail(`Not starting: ${error.message}`);
    // Anything else reading the folder threw is still said plainly, with the folder, never as a stack trace.
    fail(
      `Not starting: the knowledge folder ${config.knowledgeDir} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Opens the question record and prunes it now and daily; an unusable database never stops the bot. */
async function openRecord(config: Config, log: Logger): Promise<QuestionRecord> {
  const record = await openQuestionRecord(config, log);
  const prune = async () => {
    const removed = await record.prune(config.retentionDays);
    if (removed > 0) log.info({ removed, retentionDays: config.retentionDays }, 'old question records pruned');
  };
  await prune();
  setInterval(() => void prune(), DAY_MS).unref();
  return record;
}

async function main(): Promise<void> {
  const config = readConfig();
  // Neither the token nor the database URL (and its password) ever reaches a log line.
  const log = createLogger(config.logLevel, [config.discordToken, ...databaseSecrets(config.databaseUrl)]);
  // First, even for the sharding manager: broken knowledge stops the start before any shard is spawned.
  const store = await openStore(config);
  if (config.discordToken && config.shardCount !== undefined && !config.isShardProcess) {
    const { startShards } = await import('./discord/startShards.js');
    await startShards(config, log);
    return;
  }
  log.info(
    { dir: config.knowledgeDir, paragraphs: store.current.knowledge.story.paragraphs.length, indexedBy: store.current.indexedBy },
    'knowledge loaded',
  );
  const record = await openRecord(config, log);
  if (config.discordToken) {
    const { startBot } = await import('./discord/startBot.js');
    await startBot(config, store, record, log);
    return;
  }
  process.stderr.write(
    'No DISCORD_TOKEN is set, so story-bot runs without Discord: this is the local console over the same engine and commands.\n',
  );
  await runConsole(store, record, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY }, log);
  await record.close();
}

await main();
