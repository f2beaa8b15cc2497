// Which hosts run this bot's shards, kept in PostgreSQL (table story_bot_hosts): each manager registers at start,
// says it is alive every 15 s, and leaves at a clean stop. A /reload expects an answer from each host listed,
// so a host that crashed or lost PostgreSQL shows up as "did not answer" instead of being silently left out.
import type { Logger } from '../logger.js';
import { describePostgresError } from '../postgres/postgresErrors.js';

/** Runs a statement; the manager's NotificationChannel does it on its own connection. */
export type Query = <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>;

export interface HostEntry {
  readonly name: string;
  /** A new id at every start of a manager: tells a restarted host from the one before it. */
  readonly instance: string;
  readonly shardIds: readonly number[];
  readonly totalShards: number;
}

export interface OtherHost extends HostEntry {
  /** Seconds since it last said it was alive. */
  readonly silentSeconds: number;
}

export const HEARTBEAT_MS = 15_000;
/** A host silent this long (it crashed, or lost PostgreSQL for good) is no longer expected to answer. */
const FORGET_AFTER = '1 day';

const isAlreadyThere = (error: unknown) => ['42P07', '23505'].includes(String((error as { code?: unknown }).code));

export class HostDirectory {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly query: Query,
    readonly self: HostEntry,
    private readonly log: Logger,
  ) {}

  /** Creates the table if needed and (re-)registers this host; warns about a clash with another live host. */
  async register(): Promise<void> {
    try {
      await this.query(`CREATE TABLE IF NOT EXISTS story_bot_hosts (
        name TEXT PRIMARY KEY,
        instance TEXT NOT NULL,
        shard_ids INTEGER[] NOT NULL,
        total_shards INTEGER NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    } catch (error) {
      // Two hosts starting at once may both try to create it; one wins, and that is enough.
      if (!isAlreadyThere(error)) throw error;
    }
    const live = (await this.others()).filter((h) => h.silentSeconds * 1000 < 2 * HEARTBEAT_MS);
    const previous = await this.query<{ instance: string; silent: number }>(
      `SELECT instance, EXTRACT(EPOCH FROM now() - last_seen)::float8 AS silent FROM story_bot_hosts WHERE name = $1`,
      [this.self.name],
    );
    const twin = previous[0];
    if (twin && twin.instance !== this.self.instance && twin.silent * 1000 < 2 * HEARTBEAT_MS) {
      this.log.warn(
        { host: this.self.name },
        `another manager called itself ${this.self.name} ${Math.round(twin.silent)} s ago: if it was not this host before a restart, give each host its own HOST_NAME`,
      );
    }
    for (const other of live) {
      const shared = other.shardIds.filter((id) => this.self.shardIds.includes(id));
      if (other.totalShards !== this.self.totalShards || shared.length > 0)
        this.log.warn(
          { host: this.self.name, other: other.name, otherShards: other.shardIds, otherTotal: other.totalShards },
          other.totalShards !== this.self.totalShards
            ? `host ${other.name} runs with SHARD_COUNT=${other.totalShards}, this one with ${this.self.totalShards}: every host needs the same total`
            : `host ${other.name} also runs shard ${shared.join(', ')}: give each host its own SHARD_IDS`,
        );
    }
    await this.upsert();
  }

  /** Says "alive" every 15 s (registering again if the row went, e.g. PostgreSQL was restored from a backup). */
  startHeartbeat(): void {
    this.timer ??= setInterval(() => {
      this.upsert().catch((error: unknown) => this.log.debug({ reason: describePostgresError(error) }, 'host heartbeat failed'));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** The other hosts heard from within the last day, with how long each has been silent. */
  async others(): Promise<OtherHost[]> {
    const rows = await this.query<{ name: string; instance: string; shard_ids: number[]; total_shards: number; silent: number }>(
      `SELECT name, instance, shard_ids, total_shards, EXTRACT(EPOCH FROM now() - last_seen)::float8 AS silent
       FROM story_bot_hosts WHERE name <> $1 AND last_seen > now() - interval '${FORGET_AFTER}' ORDER BY name`,
      [this.self.name],
    );
    return rows.map((r) => ({
      name: r.name,
      instance: r.instance,
      shardIds: r.shard_ids,
      totalShards: r.total_shards,
      silentSeconds: r.silent,
    }));
  }

  /** A clean stop: this host is no longer expected to answer. `query`: how to reach PostgreSQL on the way out. */
  async leave(query: Query = this.query): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await query('DELETE FROM story_bot_hosts WHERE name = $1 AND instance = $2', [this.self.name, this.self.instance]);
  }

  private async upsert(): Promise<void> {
    await this.query(
      `INSERT INTO story_bot_hosts (name, instance, shard_ids, total_shards, last_seen) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, shard_ids = excluded.shard_ids,
         total_shards = excluded.total_shards, last_seen = now()`,
      [this.self.name, this.self.instance, this.self.shardIds, this.self.totalShards],
    );
  }
}
