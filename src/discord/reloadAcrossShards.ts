// /reload and SIGHUP when sharded: the IPC messages between shard processes and the sharding manager.
//
// Plain messages rather than broadcastEval: an eval'd function is stringified source, which under tsx carries
// esbuild's `__name(...)` helper calls that do not exist in the shard, and broadcastEval fails as a whole when
// one shard is down; here every shard answers for itself and a shard that is restarting is reported as such.
import { randomUUID } from 'node:crypto';
import type { Shard, ShardClientUtil, ShardingManager } from 'discord.js';
import type { ReloadReport, ShardReloadResult } from '../commands/commandDefinition.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import type { ReloadOutcome } from '../store/knowledgeStore.js';
import type { Logger } from '../logger.js';
import {
  fromPlainOutcome,
  fromPlainReport,
  toPlainOutcome,
  toPlainReport,
  type PlainReloadOutcome,
  type PlainReloadReport,
} from './plainReload.js';
import type { ShardRespawner } from './shardRespawns.js';

/** How long the manager waits for one shard's reload, and a shard for the manager's summary. */
export const SHARD_RELOAD_TIMEOUT_MS = 30_000;
/** How long a /reload waits for the other hosts' answers (see reloadAcrossHosts.ts). */
export const HOST_RELOAD_WAIT_MS = 5_000;

/** The messages, tagged so they never mix with discord.js's own (`_eval`, `_ready`, …). */
type ReloadMessage =
  /** Shard → manager: my reload handler is listening. */
  | { readonly storyBotReload: 'listening' }
  /** Manager → shard: reload your knowledge now. */
  | { readonly storyBotReload: 'run'; readonly requestId: string }
  /** Shard → manager: how my reload went, and the knowledge version I serve now. */
  | { readonly storyBotReload: 'ran'; readonly requestId: string; readonly outcome: PlainReloadOutcome; readonly version: string }
  /** Shard → manager: a moderator asked me to reload every shard. */
  | { readonly storyBotReload: 'everywhere'; readonly requestId: string }
  /** Manager → shard: how every shard (of every host) did. */
  | { readonly storyBotReload: 'results'; readonly requestId: string; readonly report: PlainReloadReport };

function isReloadMessage(message: unknown): message is ReloadMessage {
  return typeof message === 'object' && message !== null && typeof (message as { storyBotReload?: unknown }).storyBotReload === 'string';
}

// ---------------------------------------------------------------------------------------------
// In a shard process
// ---------------------------------------------------------------------------------------------

/**
 * Reloads this shard's knowledge whenever the manager asks, and returns the function /reload uses to reload
 * every shard. Call it before logging in, so the manager can reach the shard as soon as it is ready.
 */
export function serveShardReloads(shard: ShardClientUtil, reload: () => Promise<ReloadOutcome>, version: () => string, log: Logger) {
  process.on('message', (message: unknown) => {
    if (!isReloadMessage(message) || message.storyBotReload !== 'run') return;
    const { requestId } = message;
    void reload()
      .then((outcome) =>
        shard.send({ storyBotReload: 'ran', requestId, outcome: toPlainOutcome(outcome), version: version() } satisfies ReloadMessage),
      )
      .catch((error: unknown) => log.warn({ err: error }, 'could not tell the sharding manager how the reload went'));
  });
  void shard.send({ storyBotReload: 'listening' } satisfies ReloadMessage);
  return (): Promise<ReloadReport> => requestReloadEverywhere(shard);
}

function requestReloadEverywhere(shard: ShardClientUtil): Promise<ReloadReport> {
  const requestId = randomUUID();
  return new Promise((resolve, reject) => {
    const listener = (message: unknown) => {
      if (!isReloadMessage(message) || message.storyBotReload !== 'results' || message.requestId !== requestId) return;
      finish();
      resolve(fromPlainReport(message.report));
    };
    const timer = setTimeout(
      () => {
        finish();
        reject(new Error('The sharding manager did not answer the reload request in time.'));
      },
      SHARD_RELOAD_TIMEOUT_MS + HOST_RELOAD_WAIT_MS + 5_000,
    );
    const finish = () => {
      clearTimeout(timer);
      process.off('message', listener);
    };
    process.on('message', listener);
    shard.send({ storyBotReload: 'everywhere', requestId } satisfies ReloadMessage).catch((error: unknown) => {
      finish();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// In the sharding manager
// ---------------------------------------------------------------------------------------------

/** Shards whose current process has its reload handler listening (reset whenever the process is replaced). */
const listening = new WeakSet<Shard>();

/**
 * Wires one shard: tracks whether it can take reloads, and answers its "reload every shard" requests with
 * `reloadEverywhere` (this host's shards, or every host's).
 */
export function connectShardReloads(shard: Shard, log: Logger, reloadEverywhere: (trigger: string) => Promise<ReloadReport>): void {
  shard.on('spawn', () => listening.delete(shard));
  shard.on('death', () => listening.delete(shard));
  shard.on('message', (message: unknown) => {
    if (!isReloadMessage(message)) return;
    if (message.storyBotReload === 'listening') listening.add(shard);
    if (message.storyBotReload !== 'everywhere') return;
    const { requestId } = message;
    void reloadEverywhere(`/reload in shard ${shard.id}`)
      .then((report) => shard.send({ storyBotReload: 'results', requestId, report: toPlainReport(report) } satisfies ReloadMessage))
      .catch((error: unknown) => log.warn({ err: error, shardId: shard.id }, 'could not send the reload results to the shard'));
  });
}

/** Asks every shard to reload and collects each one's outcome; a shard that is down is reported, not waited for. */
export async function reloadEveryShard(
  manager: ShardingManager,
  log: Logger,
  trigger: string,
  respawner?: ShardRespawner,
): Promise<ShardReloadResult[]> {
  const shards = [...manager.shards.values()].sort((a, b) => a.id - b.id);
  const results = await Promise.all(
    shards.map(async (shard) =>
      respawner?.isWaitingForKnowledge(shard.id)
        ? notReloaded(shard, 'it is down, waiting for valid knowledge; it starts again as soon as the files are valid.')
        : reloadShard(shard),
    ),
  );
  // A shard waiting for valid knowledge need not wait for its next check: the files may just have been fixed.
  respawner?.checkNow();
  for (const { shard, outcome } of results) {
    if (outcome.ok) log.info({ trigger, shardId: shard, ms: outcome.ms }, 'shard reloaded the knowledge');
    else if (outcome.error instanceof KnowledgeError)
      log.warn({ trigger, shardId: shard, problems: outcome.error.problems }, 'shard refused the reload; it keeps the previous knowledge');
    else log.warn({ trigger, shardId: shard, err: outcome.error }, 'shard did not reload');
  }
  return results;
}

function notReloaded(shard: Shard, why: string): ShardReloadResult {
  return { shard: shard.id, outcome: { ok: false, error: new Error(why) } };
}

function reloadShard(shard: Shard): Promise<ShardReloadResult> {
  if (!shard.process || !listening.has(shard)) {
    return Promise.resolve(notReloaded(shard, 'it is restarting; it reads the knowledge files as it starts.'));
  }
  const requestId = randomUUID();
  return new Promise((resolve) => {
    const settle = (result: ShardReloadResult) => {
      clearTimeout(timer);
      shard.off('message', onMessage);
      shard.off('death', onDeath);
      resolve(result);
    };
    const onMessage = (message: unknown) => {
      if (!isReloadMessage(message) || message.storyBotReload !== 'ran' || message.requestId !== requestId) return;
      settle({ shard: shard.id, outcome: fromPlainOutcome(message.outcome), version: message.version });
    };
    const onDeath = () => settle(notReloaded(shard, 'its process stopped during the reload; it is restarted with the files as they are.'));
    const timer = setTimeout(
      () => settle(notReloaded(shard, `it did not answer within ${SHARD_RELOAD_TIMEOUT_MS / 1000} s.`)),
      SHARD_RELOAD_TIMEOUT_MS,
    );
    shard.on('message', onMessage);
    shard.once('death', onDeath);
    shard
      .send({ storyBotReload: 'run', requestId } satisfies ReloadMessage)
      .catch(() => settle(notReloaded(shard, 'it could not be reached; its process is restarting.')));
  });
}
