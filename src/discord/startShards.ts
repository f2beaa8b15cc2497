// Sharded start: discord.js's ShardingManager runs the same bot (src/main.ts) as one process per shard (this host's
// SHARD_IDS of SHARD_COUNT); a shard that dies is restarted by the ShardRespawner (shardRespawns.ts); with
// DATABASE_URL the manager joins the other hosts for /reload (reloadAcrossHosts.ts).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { RUNNING_COMPILED } from '../projectFiles.js';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import type { ReloadReport } from '../commands/commandDefinition.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { loadKnowledge } from '../knowledge/validateKnowledge.js';
import { connectHosts, type HostLinks } from './reloadAcrossHosts.js';
import { connectShardReloads, reloadEveryShard } from './reloadAcrossShards.js';
import { knowledgeCheck, ShardRespawner } from './shardRespawns.js';

/** Each shard runs main (compiled, or as TypeScript in development); it sees SHARDING_MANAGER in its environment. */
const SHARD_FILE = fileURLToPath(new URL(RUNNING_COMPILED ? '../main.js' : '../main.ts', import.meta.url));
/** A shard must log in within this (discord.js's default, 30 s, is tight for tsx plus the knowledge on 2 cores). */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** A stopping shard answers what it has under way (SHUTDOWN_TIMEOUT_SECONDS), then closes; past this it is killed. */
const SHARD_STOP_GRACE_MS = 10_000;

/**
 * Discord's recommended shard count for `SHARD_COUNT=auto`. Looked up here rather than by the manager:
 * discord.js's own lookup (fetchRecommendedShardCount) always asks discord.com and ignores DISCORD_API_BASE.
 */
export async function recommendedShardCount(token: string, apiBase: string | undefined): Promise<number> {
  const rest = new REST(apiBase ? { api: apiBase } : {}).setToken(token);
  const { shards } = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return shards;
}

async function askedShardCount(token: string, config: Config, log: Logger): Promise<number> {
  try {
    return await recommendedShardCount(token, config.discordApiBase);
  } catch (error) {
    log.error({ err: error }, 'not starting: could not ask Discord for the recommended shard count (SHARD_COUNT=auto)');
    process.exit(1);
  }
}

function watchShard(
  shard: Shard,
  log: Logger,
  respawner: ShardRespawner,
  stopping: () => boolean,
  reloadEverywhere: (trigger: string) => Promise<ReloadReport>,
): void {
  connectShardReloads(shard, log, reloadEverywhere);
  respawner.watch(shard);
  shard.on('spawn', (child) => {
    log.info({ shardId: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started');
    // The manager's spawn loop can still start a shard after a shutdown began: stop it at once.
    if (stopping() && 'kill' in child) child.kill('SIGTERM');
  });
  shard.on('ready', () => log.info({ shardId: shard.id }, 'shard ready'));
  shard.on('death', (child) => {
    // While running, the respawner logs the death with when the shard starts again.
    const exit = 'exitCode' in child ? { exitCode: child.exitCode, signal: child.signalCode } : {};
    if (stopping()) log.info({ shardId: shard.id, ...exit }, 'shard process stopped');
  });
  // discord.js emits 'error' for failures of its own respawns (off here); unheard, one would take the manager down.
  shard.on('error', (error) => {
    if (!stopping()) log.error({ shardId: shard.id, err: error }, 'shard error');
  });
}

/** Stops one shard's process the way a single bot stops (SIGTERM: it logs out and closes the record). */
function stopShardProcess(shard: Shard, timeoutMs: number): Promise<void> {
  const child = shard.process;
  if (child?.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), timeoutMs).unref();
  });
}

/** Spawns the shards (token and environment passed through) and keeps them running until SIGINT/SIGTERM. */
export async function startShards(config: Config, log: Logger): Promise<ShardingManager> {
  const token = config.discordToken;
  if (!token) throw new Error('Sharding needs DISCORD_TOKEN.');
  const totalShards = typeof config.shardCount === 'number' ? config.shardCount : await askedShardCount(token, config, log);
  // respawn: a shard process that dies is started again while the other shards keep answering.
  // In development the shards are TypeScript too: the manager forks plain `node` (not our execArgv), so each must
  // load tsx, resolved to an absolute URL so it works from any working directory. Compiled, they need nothing.
  const execArgv = RUNNING_COMPILED ? [] : ['--import', import.meta.resolve('tsx')];
  // discord.js's own respawn restarts a dead shard at once, forever (a shard on broken knowledge died and came
  // back every 1.6 s): the respawner restarts it instead, with backoff, and only on valid knowledge.
  // SHARD_IDS: this host runs only these of the totalShards (the other hosts run the rest).
  const shardList = config.shardIds ? [...config.shardIds] : Array.from({ length: totalShards }, (_, id) => id);
  const manager = new ShardingManager(SHARD_FILE, { totalShards, shardList, token, respawn: false, execArgv });
  let stopping = false;
  const isStopping = () => stopping;
  const respawner = new ShardRespawner({
    checkKnowledge: knowledgeCheck(() => loadKnowledge(config.knowledgeDir), config.knowledgeDir),
    log,
    stopping: () => stopping,
    readyTimeoutMs: SHARD_READY_TIMEOUT_MS,
  });
  const reloadThisHost = (trigger: string) => reloadEveryShard(manager, log, trigger, respawner);
  // With DATABASE_URL, /reload in any shard of any host reaches every host's shards (over PostgreSQL).
  let hosts: HostLinks | null = null;
  const reloadEverywhere = async (trigger: string): Promise<ReloadReport> =>
    hosts ? hosts.reloadEverywhere(trigger) : { hosts: [{ host: config.hostName, shards: await reloadThisHost(trigger) }] };
  if (config.databaseUrl) {
    hosts = await connectHosts({
      url: config.databaseUrl,
      self: { name: config.hostName, instance: randomUUID(), shardIds: shardList, totalShards },
      log,
      reloadHere: reloadThisHost,
    });
  }
  manager.on('shardCreate', (shard) => watchShard(shard, log, respawner, () => stopping, reloadEverywhere));
  const stopEveryShard = async (exitCode: number) => {
    stopping = true;
    respawner.stop();
    await Promise.all(manager.shards.map((shard) => stopShardProcess(shard, config.shutdownTimeoutMs + SHARD_STOP_GRACE_MS)));
    await hosts?.close();
    process.exit(exitCode);
  };

  const shutdown = (signal: string) => {
    if (stopping) return;
    log.info({ signal }, 'shutting down every shard');
    void stopEveryShard(0);
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // SIGHUP reloads this host's shards only: the signal was sent to this machine.
  process.on('SIGHUP', () => void reloadThisHost('SIGHUP'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  log.info(
    { pid: process.pid, totalShards, shardIds: shardList, host: config.hostName, requested: config.shardCount ?? 'auto' },
    'sharding manager starting the shards',
  );
  try {
    await manager.spawn({ amount: totalShards, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    // A signal may have come while the shards started.
    if (isStopping()) return manager;
    // A shard that cannot even start (bad token, broken knowledge) would be respawned forever: stop instead.
    log.error({ err: error }, 'a shard failed to start; stopping every shard');
    await stopEveryShard(1);
  }
  log.info({ pid: process.pid, totalShards }, 'every shard is ready');
  return manager;
}
