// One PostgreSQL connection that LISTENs on a channel and can NOTIFY on it, reconnecting by itself: how the
// hosts of a sharded bot reach each other. Notifications sent while it is disconnected are not seen (PostgreSQL
// keeps none for a session that isn't there), so callers wait for answers with a time limit.
import pg from 'pg';
import type { Logger } from '../logger.js';
import { describeDatabaseLocation, describePostgresError } from './postgresErrors.js';

const CONNECT_TIMEOUT_MS = 2_000;
const QUERY_TIMEOUT_MS = 5_000;
const RETRY_MS = { first: 500, max: 5_000 } as const;
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7_900;

export interface NotificationChannelOptions {
  readonly url: string;
  /** The channel's name: lower-case letters, digits and underscores. */
  readonly channel: string;
  readonly log: Logger;
  /** What the connection is for, in log lines ("reloads across hosts"). */
  readonly purpose: string;
  onNotification(payload: string): void;
  /** Runs after every (re)connection, once LISTEN is in place (e.g. to register this host again). */
  onConnected?(): Promise<void>;
}

export class NotificationChannel {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number = RETRY_MS.first;
  /** null: never connected yet; a number: since when the connection has been lost. */
  private lostSince: number | null = null;
  private everConnected = false;
  private closed = false;
  /** Read anew after an await (a plain `this.closed` stays narrowed to what it was before). */
  private isClosed(): boolean {
    return this.closed;
  }

  constructor(private readonly options: NotificationChannelOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The first connection attempt; if it fails, the channel keeps trying in the background. Never throws. */
  start(): Promise<void> {
    return this.connect();
  }

  /** Sends a notification to every listener, this connection's own included. Throws while disconnected. */
  async notify(payload: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [this.options.channel, payload]);
  }

  /** A statement on this connection; throws (and starts reconnecting) when PostgreSQL can't be reached. */
  async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = this.client;
    if (!client) throw new Error(`not connected to PostgreSQL (${this.options.purpose})`);
    try {
      return (await client.query<Row>(sql, params)).rows;
    } catch (error) {
      // A statement refused by the server leaves the connection usable; a lost connection does not.
      if (!(error as { code?: string }).code || /^(08|57P)/.test((error as { code: string }).code)) this.dropped(client, error);
      throw error;
    }
  }

  /**
   * A statement on the way out (a host leaving the host list): on this connection, or, while it is down, on a
   * connection of its own; a clean stop cannot wait for the reconnect timer.
   */
  async queryOnLeaving<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    if (this.client) return this.query<Row>(sql, params);
    const client = newClient(this.options.url);
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.query<Row>(sql, params)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.attempt().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    const { url, channel, log, purpose } = this.options;
    const client = newClient(url, { keepAlive: true });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, new Error('Connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) this.options.onNotification(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.noteLost(error);
      this.scheduleRetry();
      return;
    }
    // close() may have come while connecting.
    if (this.isClosed()) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryDelay = RETRY_MS.first;
    const where = describeDatabaseLocation(url);
    if (this.lostSince !== null)
      log.info({ database: where, downMs: Date.now() - this.lostSince }, `${purpose}: PostgreSQL reachable again`);
    else if (!this.everConnected) log.info({ database: where, channel }, `${purpose}: listening on PostgreSQL`);
    this.everConnected = true;
    this.lostSince = null;
    await this.options
      .onConnected?.()
      .catch((error: unknown) =>
        log.warn({ reason: describePostgresError(error) }, `${purpose}: could not finish setting up after connecting`),
      );
  }

  /** The connection broke: say so once, and connect again a little later. */
  private dropped(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.noteLost(error);
    this.scheduleRetry();
  }

  private noteLost(error: unknown): void {
    if (this.lostSince !== null || this.closed) return;
    this.lostSince = Date.now();
    this.options.log.warn(
      { database: describeDatabaseLocation(this.options.url), reason: describePostgresError(error) },
      `${this.options.purpose}: PostgreSQL unreachable; trying again`,
    );
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(RETRY_MS.max, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}

/** A connection with the bounded waits every statement here has. */
function newClient(url: string, options: { readonly keepAlive?: boolean } = {}): pg.Client {
  return new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: options.keepAlive ?? false,
    application_name: 'story-bot',
  });
}
