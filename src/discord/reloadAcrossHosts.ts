// /reload across hosts: PostgreSQL NOTIFY carries a request from the manager whose shard got /reload to every
// host's manager, and each one's results back. Each host reloads its own shards over IPC (reloadAcrossShards.ts);
// a host that doesn't answer within a few seconds is listed as such. SIGHUP stays local to one host.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { HostReloadResult, ReloadReport, ShardReloadResult } from '../commands/commandDefinition.js';
import type { Logger } from '../logger.js';
import { describePostgresError } from '../postgres/postgresErrors.js';
import { MAX_NOTIFY_BYTES, NotificationChannel } from '../postgres/notificationChannel.js';
import { HostDirectory, type HostEntry, type OtherHost, type Query } from './hostDirectory.js';
import { fromPlainShard, plainShardResultSchema, toPlainShard, type PlainShardResult } from './plainReload.js';
import { HOST_RELOAD_WAIT_MS } from './reloadAcrossShards.js';

export const RELOAD_CHANNEL = 'story_bot_reload';

const requestSchema = z.object({ kind: z.literal('request'), requestId: z.string(), from: z.string(), fromHost: z.string() });
const resultSchema = z.object({
  kind: z.literal('result'),
  requestId: z.string(),
  instance: z.string(),
  host: z.string(),
  shards: z.array(plainShardResultSchema),
});
const messageSchema = z.discriminatedUnion('kind', [requestSchema, resultSchema]);
type ResultMessage = z.infer<typeof resultSchema>;

export interface HostReloadsOptions {
  readonly notify: (payload: string) => Promise<void>;
  readonly directory: Pick<HostDirectory, 'others' | 'self'>;
  /** Reloads this host's shards (over IPC) and says how each did. */
  readonly reloadHere: (trigger: string) => Promise<ShardReloadResult[]>;
  readonly log: Logger;
  readonly waitMs?: number;
}

function age(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3_600)} h`;
}

/**
 * A result small enough for one NOTIFY (under 8,000 bytes): long problem lists and diffs keep their first items
 * and say how many more there were. The reply shows only the first problems anyway (Discord's 4,096 characters).
 */
export function fitNotification(message: ResultMessage): string {
  const whole = JSON.stringify(message);
  if (Buffer.byteLength(whole) <= MAX_NOTIFY_BYTES) return whole;
  const cut = <T>(items: readonly T[], keep: number, more: (n: number) => T): T[] =>
    items.length <= keep ? [...items] : [...items.slice(0, keep), more(items.length - keep)];
  for (const keep of [20, 10, 5, 2, 1, 0]) {
    const shards = message.shards.map((s): PlainShardResult => {
      const { outcome } = s;
      if (outcome.ok) {
        const ids = (list: readonly string[]) => cut(list, keep, (n) => `… ${n} more`);
        return {
          ...s,
          outcome: {
            ...outcome,
            diff: {
              ...outcome.diff,
              added: ids(outcome.diff.added),
              removed: ids(outcome.diff.removed),
              changed: ids(outcome.diff.changed),
            },
          },
        };
      }
      if ('problems' in outcome) {
        const problems = cut(outcome.problems, keep, (n) => ({
          file: message.host,
          line: null,
          entry: null,
          message: `and ${n} more problems (npm run knowledge:check on ${message.host} lists them all)`,
        }));
        return { ...s, outcome: { ok: false, problems } };
      }
      return { ...s, outcome: { ok: false, message: outcome.message.slice(0, 300) } };
    });
    const text = JSON.stringify({ ...message, shards });
    if (Buffer.byteLength(text) <= MAX_NOTIFY_BYTES) return text;
  }
  return JSON.stringify({
    ...message,
    shards: message.shards.map((s) => ({ shard: s.shard, outcome: { ok: false, message: 'too long to send' } })),
  });
}

export class HostReloads {
  private readonly waiting = new Map<string, (message: ResultMessage) => void>();
  private readonly waitMs: number;

  constructor(private readonly options: HostReloadsOptions) {
    this.waitMs = options.waitMs ?? HOST_RELOAD_WAIT_MS;
  }

  /** Every notification on the channel: another host's request, or an answer to one of ours. */
  handle(payload: string): void {
    let message: z.infer<typeof messageSchema>;
    try {
      message = messageSchema.parse(JSON.parse(payload));
    } catch {
      this.options.log.debug({ bytes: payload.length }, 'ignored a notification that is not a reload message');
      return;
    }
    if (message.kind === 'result') return this.waiting.get(message.requestId)?.(message);
    if (message.from === this.options.directory.self.instance) return;
    void this.answer(message.requestId, message.fromHost);
  }

  /** Reloads this host's shards for another host's /reload, and sends the results back. */
  private async answer(requestId: string, fromHost: string): Promise<void> {
    const { self } = this.options.directory;
    const shards = await this.options.reloadHere(`/reload on host ${fromHost}`);
    const payload = fitNotification({
      kind: 'result',
      requestId,
      instance: self.instance,
      host: self.name,
      shards: shards.map(toPlainShard),
    });
    await this.options
      .notify(payload)
      .catch((error: unknown) =>
        this.options.log.warn(
          { reason: describePostgresError(error), to: fromHost },
          'could not send the reload results back over PostgreSQL',
        ),
      );
  }

  /** Reloads every host's shards: this host's over IPC, the others' through PostgreSQL; lists each host and shard. */
  async reloadEverywhere(trigger: string): Promise<ReloadReport> {
    const { self } = this.options.directory;
    const requestId = randomUUID();
    let others: OtherHost[];
    try {
      others = await this.options.directory.others();
    } catch (error) {
      return this.hereOnly(trigger, error);
    }
    const answers = new Map<string, ResultMessage>();
    // Assigned at once: a promise's executor runs before the constructor returns.
    let allIn!: () => void;
    const everyAnswer = new Promise<void>((resolve) => (allIn = resolve));
    const check = () => others.every((o) => answers.has(o.instance)) && allIn();
    this.waiting.set(requestId, (message) => {
      answers.set(message.instance, message);
      check();
    });
    try {
      await this.options.notify(JSON.stringify({ kind: 'request', requestId, from: self.instance, fromHost: self.name }));
    } catch (error) {
      this.waiting.delete(requestId);
      return this.hereOnly(trigger, error);
    }
    check();
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.waitMs)));
    const [here] = await Promise.all([this.options.reloadHere(trigger), Promise.race([everyAnswer, timeUp])]);
    clearTimeout(timer);
    this.waiting.delete(requestId);

    const hosts: HostReloadResult[] = [{ host: self.name, shards: here }];
    for (const other of others) {
      const answer = answers.get(other.instance);
      hosts.push(
        answer
          ? { host: answer.host, shards: answer.shards.map(fromPlainShard) }
          : {
              host: other.name,
              shards: [],
              noAnswer: `did not answer within ${this.waitMs / 1000} s (last heard from ${age(other.silentSeconds)} ago); its shards (${other.shardIds.join(', ')}) may still serve the old knowledge.`,
            },
      );
    }
    // A host that started after the list was read answered all the same.
    for (const answer of answers.values())
      if (!others.some((o) => o.instance === answer.instance)) hosts.push({ host: answer.host, shards: answer.shards.map(fromPlainShard) });
    hosts.sort((a, b) => a.host.localeCompare(b.host));
    return { hosts };
  }

  private async hereOnly(trigger: string, error: unknown): Promise<ReloadReport> {
    this.options.log.warn({ reason: describePostgresError(error) }, 'PostgreSQL unreachable: /reload reaches only this host');
    const shards = await this.options.reloadHere(trigger);
    return {
      hosts: [{ host: this.options.directory.self.name, shards }],
      note: `PostgreSQL can't be reached, so only this host (${this.options.directory.self.name}) was reloaded; /reload again once it is back, or send SIGHUP to each host's manager.`,
    };
  }
}

/** A manager's link to the other hosts: registered in PostgreSQL, listening for reload requests. */
export interface HostLinks {
  reloadEverywhere(trigger: string): Promise<ReloadReport>;
  /** A clean stop: leaves the host list and closes the connection. */
  close(): Promise<void>;
}

export async function connectHosts(options: {
  readonly url: string;
  readonly self: HostEntry;
  readonly log: Logger;
  readonly reloadHere: (trigger: string) => Promise<ShardReloadResult[]>;
}): Promise<HostLinks> {
  const { url, self, log, reloadHere } = options;
  let reloads: HostReloads | null = null;
  let directory: HostDirectory | null = null;
  const channel = new NotificationChannel({
    url,
    channel: RELOAD_CHANNEL,
    log,
    purpose: 'reloads across hosts',
    onNotification: (payload) => reloads?.handle(payload),
    onConnected: async () => directory?.register(),
  });
  const query: Query = (sql, params) => channel.query(sql, params);
  directory = new HostDirectory(query, self, log);
  reloads = new HostReloads({ notify: (payload) => channel.notify(payload), directory, reloadHere, log });
  await channel.start();
  directory.startHeartbeat();
  return {
    reloadEverywhere: (trigger) => reloads.reloadEverywhere(trigger),
    async close() {
      // Left in the list, this host would be waited for and reported as not answering at every /reload.
      await directory
        .leave((sql, params) => channel.queryOnLeaving(sql, params))
        .catch((error: unknown) =>
          log.warn(
            { reason: describePostgresError(error) },
            'could not leave the host list: /reload on the other hosts will list this one as not answering',
          ),
        );
      await channel.close();
    },
  };
}
