// `npm run deploy-commands`: registers the commands once (not on every start).
import 'dotenv/config';
import { configForCli, exitWithError } from './cliKnowledge.js';
import { deployCommands } from '../discord/deployCommands.js';

async function main(): Promise<void> {
  const config = configForCli();
  if (!config.discordToken) exitWithError(new Error('DISCORD_TOKEN is not set; put it in .env (see .env.example).'));
  const { count, scope } = await deployCommands({
    token: config.discordToken,
    clientId: config.discordClientId,
    guildId: config.discordGuildId,
    apiBase: config.discordApiBase,
  }).catch((error: unknown) => exitWithError(error instanceof Error ? new Error(`Discord refused the commands: ${error.message}`) : error));
  process.stdout.write(`Registered ${count} commands (${scope}).\n`);
}

await main();
