// The Discord front end: a discord.js client wired to the shared command handlers.
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Config } from '../config.js';
import { describeDiff } from '../commands/reload.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import type { KnowledgeStore } from '../store/knowledgeStore.js';
import { knowledgeVersion } from '../knowledge/knowledgeVersion.js';
import type { QuestionRecord } from '../record/questionRecord.js';
import type { Logger } from '../logger.js';
import { handleInteraction, type BotDependencies } from './interactionHandler.js';
import { handleMessage } from './messageHandler.js';
import { EventsInFlight } from './eventsInFlight.js';
import { QuestionCooldown } from './questionCooldown.js';
import { ConversationMemory } from '../commands/conversationMemory.js';
import { serveShardReloads } from './reloadAcrossShards.js';

/** Least privilege: Message Content is asked for only when answer channels need to read every message. */
export function botIntents(config: Pick<Config, 'answerChannelIds'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.answerChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

export function clientOptions(config: Config): ClientOptions {
  return {
    intents: botIntents(config),
    // A DM channel is not in the cache until a DM arrives; without this partial discord.js drops DMs.
    partials: [Partials.Channel],
    // Default for every send; each reply sets it again explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.discordApiBase ? { rest: { api: config.discordApiBase } } : {}),
  };
}

export async function reloadAndLog(store: KnowledgeStore, log: Logger, trigger: string) {
  const outcome = await store.reload();
  if (outcome.ok) log.info({ trigger, ms: outcome.ms }, `knowledge reloaded: ${describeDiff(outcome.diff)}`);
  else if (outcome.error instanceof KnowledgeError)
    log.warn({ trigger, problems: outcome.error.problems }, 'reload refused; still serving the previous knowledge');
  else log.error({ trigger, err: outcome.error }, 'reload failed; still serving the previous knowledge');
  return outcome;
}

/** Once the answers are waited for, closing the record and exiting may take this long before the exit is forced. */
const EXIT_GRACE_MS = 5_000;
/** At a shutdown the gateway is closed once no event has arrived for this long, or at most this long after the signal. */
const GATEWAY_QUIET_MS = 150;
const GATEWAY_QUIET_MAX_MS = 2_000;

/**
 * A clean stop: no new events (the gateway is closed once the events already sent have been read), the events
 * received are answered (for at most `timeoutMs` in all), the question record is written and closed, then the
 * process exits.
 */
async function drainAndExit(
  client: Client,
  inFlight: EventsInFlight,
  record: QuestionRecord,
  log: Logger,
  signal: string,
  timeoutMs: number,
): Promise<void> {
  // Whatever happens below (a hung file system, a close that never returns), the process ends.
  setTimeout(() => {
    log.error({ signal }, 'shutdown did not finish in time; exiting anyway');
    process.exit(1);
  }, timeoutMs + EXIT_GRACE_MS);
  const started = Date.now();
  const finishedBefore = inFlight.finished;
  log.info({ signal, inFlight: inFlight.size, timeoutMs }, 'shutting down: no new events; answering those under way');
  // Events Discord already sent may still be in the socket (a burst is read in several chunks while the bot
  // is busy): they are read and handled until none has come for a moment, then the gateway is closed.
  await inFlight.quiet(GATEWAY_QUIET_MS, Math.min(GATEWAY_QUIET_MAX_MS, timeoutMs));
  // Client#destroy closes the gateway (Discord sends no more events) and also clears the REST token, which
  // replies to mentions still need (interaction replies carry their own token): it is set again for them.
  const token = client.token;
  try {
    await client.destroy();
  } catch (error) {
    log.warn({ err: error }, 'closing the gateway failed');
  }
  if (token) client.rest.setToken(token);
  const unanswered = await inFlight.settle(Math.max(0, timeoutMs - (Date.now() - started)));
  await record.close();
  const answered = inFlight.finished - finishedBefore;
  if (unanswered > 0) log.warn({ answered, unanswered, timeoutMs }, 'stopped with events still unanswered after the time limit');
  else log.info({ answered, ms: Date.now() - started }, 'stopped: every event under way was answered and the record written');
  process.exit(0);
}

export async function startBot(config: Config, store: KnowledgeStore, record: QuestionRecord, baseLog: Logger): Promise<Client> {
  // Spawned by the sharding manager, discord.js takes this shard's id and the count from SHARDS/SHARD_COUNT.
  const client = new Client(clientOptions(config));
  // Sharded, several processes share one stderr: every line says which shard wrote it.
  const log = client.shard ? baseLog.child({ shardIds: client.shard.ids }) : baseLog;
  if (client.shard) log.info({ shardCount: client.shard.count, pid: process.pid }, 'shard process starting');
  const reloadAll = client.shard
    ? serveShardReloads(
        client.shard,
        () => reloadAndLog(store, log, 'all shards'),
        () => knowledgeVersion(store.current.knowledge),
        log,
      )
    : undefined;
  const deps: BotDependencies & { answerChannelIds: readonly string[] } = {
    store,
    record,
    log,
    cooldown: new QuestionCooldown(config.cooldown.questions, config.cooldown.seconds),
    conversations: new ConversationMemory(),
    modRoleIds: config.modRoleIds,
    answerChannelIds: config.answerChannelIds,
    reloadAll,
  };

  client.once(Events.ClientReady, (ready) => {
    // The pid is the one to send SIGHUP to (npm and tsx do not pass SIGHUP on).
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, shards: ready.shard?.ids, pid: process.pid }, 'connected to Discord');
  });
  const inFlight = new EventsInFlight();
  client.on(Events.InteractionCreate, (interaction) => inFlight.track(handleInteraction(interaction, deps)));
  client.on(Events.MessageCreate, (message) => inFlight.track(handleMessage(message, deps)));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord.js client error'));
  client.on(Events.Warn, (warning) => log.warn({ warning }, 'discord.js warning'));

  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('SIGHUP', () => void reloadAndLog(store, log, 'SIGHUP'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void drainAndExit(client, inFlight, record, log, signal, config.shutdownTimeoutMs);
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // A shard whose manager is gone (its IPC channel closed) has no one to report to or restart it: stop.
  if (client.shard && !process.connected) shutdown('sharding manager gone');
  else if (client.shard) process.once('disconnect', () => shutdown('sharding manager gone'));

  await client.login(config.discordToken);
  return client;
}
