// npm run start:sharded: the bot as one process per shard under discord.js's ShardingManager.
// The same start as `SHARD_COUNT=n npm start`, with SHARD_COUNT defaulting to "auto" (Discord's recommendation).
import 'dotenv/config';

if (!process.env.DISCORD_TOKEN?.trim()) {
  process.stderr.write('npm run start:sharded needs DISCORD_TOKEN (in the environment or .env); without it use npm start.\n');
  process.exit(1);
}
if (!process.env.SHARD_COUNT?.trim()) process.env.SHARD_COUNT = 'auto';
await import('./main.js');
