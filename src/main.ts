// Starts story-bot: the Discord bot when DISCORD_TOKEN is set, else the local console.
import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from './config.js';
import { runConsole } from './console/runConsole.js';
import { KnowledgeError } from './knowledge/knowledgeError.js';
import { KnowledgeStore } from './knowledge/knowledgeStore.js';
import { createLogger } from './logger.js';

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
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel, [config.discordToken]);
  if (config.discordToken) {
    const { startBot } = await import('./discord/startBot.js');
    await startBot(config, await openStore(config), log);
    return;
  }
  const store = await openStore(config);
  process.stderr.write(
    'No DISCORD_TOKEN is set, so story-bot runs without Discord: this is the local console over the same engine and commands.\n',
  );
  await runConsole(store, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true }, log);
}

await main();
