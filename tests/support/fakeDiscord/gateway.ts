// The gateway protocol (discord.js 14 / @discordjs/ws 1.2): HELLO → IDENTIFY → READY → GUILD_CREATE,
// heartbeats, RESUME with replay of what was missed, zlib-stream transport, intents, and per-shard routing.
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { constants as zlibConstants, createDeflate, deflateSync, type Deflate } from 'node:zlib';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes, type APIMessage } from 'discord.js';
import { WebSocket, type RawData } from 'ws';
import type { FakeFixtures, GuildFixture } from './fixtures.js';
import { arrayField, isObject, numberField, parseJson, stringField, type JsonObject } from './json.js';
import { ALL_INTENTS, PRIVILEGED_INTENTS, SESSION_ENDING_CLOSE_CODES, isEnumValue } from './protocol.js';
import { shardForGuild } from './snowflakes.js';

/** One IDENTIFY a gateway connection sent (token removed). */
export interface IdentifyRecord {
  shard: [number, number];
  intents: number;
  properties: unknown;
  presence: unknown;
  compress: boolean;
  largeThreshold: number | undefined;
  sessionId: string;
  at: number;
}

/** A non-heartbeat gateway payload the bot sent (token removed), e.g. presence updates. */
export interface RecordedGatewayPayload {
  op: number;
  d: unknown;
  shard: [number, number] | null;
  at: number;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  allowedPrivilegedIntents: number;
  /** When set, IDENTIFY and RESUME must carry this token (close 4004 otherwise). */
  token: string | undefined;
}

interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

interface GatewaySession {
  sessionId: string;
  shard: [number, number];
  intents: number;
  seq: number;
  connection: GatewayConnection | null;
  /** Dispatches sent while disconnected, replayed on RESUME (as Discord does). */
  missed: GatewayPayload[];
}

interface GatewayConnection {
  socket: WebSocket;
  session: GatewaySession | null;
  zlibStream: Deflate | null;
  identifyCompress: boolean;
}

const TRACE = ['fake-gateway'];
const API_VERSION = '10';
/** Where Discord sends DMs and DM interactions. */
const DM_SHARD = 0;

const hasIntent = (session: GatewaySession, intent: GatewayIntentBits) => (session.intents & intent) !== 0;

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly payloads: RecordedGatewayPayload[] = [];
  readyCount = 0;
  resumeCount = 0;
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<GatewayConnection>();

  /** `onChange` runs after every state change a test may wait for; `events` gets 'identify', 'ready', 'resumed'. */
  constructor(
    private readonly fixtures: FakeFixtures,
    private readonly options: GatewayOptions,
    private readonly gatewayUrl: () => string,
    private readonly events: EventEmitter,
    private readonly onChange: () => void,
  ) {}

  // ------------------------------------------------------------------ connections

  accept(socket: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const connection: GatewayConnection = { socket, session: null, zlibStream: null, identifyCompress: false };
    this.connections.add(connection);
    socket.on('message', (data) => this.onMessage(connection, data));
    socket.on('close', (code) => this.onClose(connection, code));
    socket.on('error', () => socket.terminate());
    if (query.get('v') !== API_VERSION) {
      socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if (query.get('encoding') !== 'json') {
      socket.close(GatewayCloseCodes.DecodeError, 'Only encoding=json is supported');
      return;
    }
    if (query.get('compress') === 'zlib-stream') connection.zlibStream = zlibStreamFor(socket);
    this.send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: TRACE } });
  }

  closeAll(): void {
    for (const connection of this.connections) {
      connection.zlibStream?.destroy();
      connection.socket.terminate();
    }
    this.connections.clear();
  }

  /** Ready gateway sessions, e.g. to check which shards are connected. */
  connectedShards(): Array<[number, number]> {
    return [...this.sessions.values()].filter((session) => session.connection).map((session) => session.shard);
  }

  /** Closes the shard's gateway socket with `code` (4000 → discord.js resumes; 1000 → new session). */
  disconnectShard(shardId: number, code: number): number {
    const targets = [...this.connections].filter((connection) => connection.session?.shard[0] === shardId);
    for (const connection of targets) connection.socket.close(code, 'FakeDiscord: requested disconnect');
    return targets.length;
  }

  // ------------------------------------------------------------------ dispatching events

  /** Sends an event to every session whose shard owns the guild; the builder may skip a session by returning null. */
  dispatchToGuild(guildId: string, event: GatewayDispatchEvents, build: (session: GatewaySession) => unknown): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (shardForGuild(guildId, session.shard[1]) !== session.shard[0]) continue;
      const d = build(session);
      if (d === null) continue;
      this.dispatch(session, event, d);
      delivered += 1;
    }
    return delivered;
  }

  /** DMs and DM interactions go to shard 0; `intent`, when given, is one the session must have asked for. */
  dispatchToDmShard(event: GatewayDispatchEvents, d: unknown, intent?: GatewayIntentBits): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== DM_SHARD || (intent !== undefined && !hasIntent(session, intent))) continue;
      this.dispatch(session, event, d);
      delivered += 1;
    }
    return delivered;
  }

  dispatchMessageCreate(guildId: string, message: APIMessage): number {
    return this.dispatchToGuild(guildId, GatewayDispatchEvents.MessageCreate, (session) => this.messageForSession(session, message));
  }

  /** GUILD_CREATE for a guild the bot joined after READY (sessions without the Guilds intent get nothing). */
  dispatchGuildCreate(guild: GuildFixture): number {
    const payload = this.fixtures.guildCreatePayload(guild);
    return this.dispatchToGuild(guild.id, GatewayDispatchEvents.GuildCreate, (session) =>
      hasIntent(session, GatewayIntentBits.Guilds) ? payload : null,
    );
  }

  /** Applies intent rules: GuildMessages to receive it, MessageContent to see content unless the bot is mentioned. */
  private messageForSession(session: GatewaySession, message: APIMessage): APIMessage | null {
    if (!hasIntent(session, GatewayIntentBits.GuildMessages)) return null;
    const botId = this.fixtures.botUser.id;
    const seesContent =
      hasIntent(session, GatewayIntentBits.MessageContent) ||
      message.author.id === botId ||
      message.mentions.some((user) => user.id === botId);
    return seesContent ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
  }

  /** Sends one dispatch on a session (queued for replay while it is disconnected). */
  private dispatch(session: GatewaySession, event: GatewayDispatchEvents, d: unknown): void {
    session.seq += 1;
    const payload: GatewayPayload = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d };
    if (session.connection) this.send(session.connection, payload);
    else session.missed.push(payload);
  }

  private send(connection: GatewayConnection, payload: GatewayPayload): void {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    const json = JSON.stringify(payload);
    if (connection.zlibStream) {
      connection.zlibStream.write(json);
      connection.zlibStream.flush(zlibConstants.Z_SYNC_FLUSH);
    } else if (connection.identifyCompress) {
      socket.send(deflateSync(json));
    } else {
      socket.send(json);
    }
  }

  // ------------------------------------------------------------------ what the client sends

  private onMessage(connection: GatewayConnection, data: RawData): void {
    const payload = parseGatewayPayload(data);
    if (!payload) {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    // An opcode Discord doesn't know is answered below like one a client may not send.
    const op = isEnumValue(GatewayOpcodes, payload.op) ? payload.op : null;
    if (op === GatewayOpcodes.Heartbeat) {
      this.send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null });
      return;
    }
    this.payloads.push({ op: payload.op, d: redactToken(payload.d), shard: connection.session?.shard ?? null, at: Date.now() });
    const d = isObject(payload.d) ? payload.d : {};
    if (op === GatewayOpcodes.Identify) {
      this.identify(connection, d);
    } else if (op === GatewayOpcodes.Resume) {
      this.resume(connection, d);
    } else if (!connection.session) {
      connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    } else if (op === GatewayOpcodes.RequestGuildMembers) {
      this.sendMemberChunk(connection.session, d);
    } else if (op !== GatewayOpcodes.PresenceUpdate && op !== GatewayOpcodes.VoiceStateUpdate) {
      connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private onClose(connection: GatewayConnection, code: number): void {
    this.connections.delete(connection);
    connection.zlibStream?.destroy();
    const session = connection.session;
    if (session?.connection !== connection) return;
    session.connection = null;
    // Why: Discord invalidates a session the client closed normally; other closes can resume.
    if (SESSION_ENDING_CLOSE_CODES.includes(code)) this.sessions.delete(session.sessionId);
    this.onChange();
  }

  /** Returns the close code Discord would use for this IDENTIFY, or null if it is acceptable. */
  private identifyRejection(d: JsonObject, shard: [number, number], intents: unknown): [number, string] | null {
    if (!this.tokenAccepted(d.token)) return [GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.'];
    const [shardId, shardCount] = shard;
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      return [GatewayCloseCodes.InvalidShard, 'Invalid shard.'];
    }
    if (typeof intents !== 'number' || !Number.isInteger(intents) || (intents & ~ALL_INTENTS) !== 0) {
      return [GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).'];
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) !== 0) {
      return [GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).'];
    }
    return null;
  }

  private tokenAccepted(token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && (this.options.token === undefined || token === this.options.token);
  }

  private identify(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) {
      connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const shard = parseShard(d.shard);
    const rejection = this.identifyRejection(d, shard, d.intents);
    if (rejection) {
      connection.socket.close(rejection[0], rejection[1]);
      return;
    }
    const intents = d.intents as number;
    const session: GatewaySession = { sessionId: randomBytes(16).toString('hex'), shard, intents, seq: 0, connection, missed: [] };
    this.sessions.set(session.sessionId, session);
    connection.session = session;
    connection.identifyCompress = d.compress === true && !connection.zlibStream;
    const record: IdentifyRecord = {
      shard,
      intents,
      properties: d.properties,
      presence: d.presence,
      compress: d.compress === true,
      largeThreshold: numberField(d, 'large_threshold'),
      sessionId: session.sessionId,
      at: Date.now(),
    };
    this.identifies.push(record);
    this.events.emit('identify', record);
    this.sendReady(session);
  }

  private sendReady(session: GatewaySession): void {
    const { fixtures } = this;
    const guilds = fixtures.guilds.filter((guild) => shardForGuild(guild.id, session.shard[1]) === session.shard[0]);
    this.dispatch(session, GatewayDispatchEvents.Ready, {
      v: Number(API_VERSION),
      user: { ...fixtures.botUser, verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl(),
      shard: session.shard,
      application: { id: fixtures.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: TRACE,
    });
    // Why: channels only exist client-side after GUILD_CREATE; discord.js drops messages for unknown channels.
    if (hasIntent(session, GatewayIntentBits.Guilds)) {
      for (const guild of guilds) this.dispatch(session, GatewayDispatchEvents.GuildCreate, fixtures.guildCreatePayload(guild));
    }
    this.readyCount += 1;
    this.events.emit('ready', { shard: session.shard });
    this.onChange();
  }

  private resume(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) {
      connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!this.tokenAccepted(d.token)) {
      connection.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(stringField(d, 'session_id') ?? '');
    if (!session || session.connection) {
      this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    session.connection = connection;
    connection.session = session;
    for (const missed of session.missed.splice(0)) this.send(connection, missed);
    this.dispatch(session, GatewayDispatchEvents.Resumed, { _trace: TRACE });
    this.resumeCount += 1;
    this.events.emit('resumed', { shard: session.shard });
    this.onChange();
  }

  private sendMemberChunk(session: GatewaySession, d: JsonObject): void {
    const guild = this.fixtures.findGuild(stringField(d, 'guild_id') ?? '');
    if (!guild) return;
    const wanted = arrayField(d, 'user_ids');
    const members = [...guild.members.values()].filter((member) => !wanted || wanted.includes(member.user.id));
    const limit = numberField(d, 'limit') ?? 0;
    this.dispatch(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: limit > 0 ? members.slice(0, limit) : members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !guild.members.has(String(id))) : [],
      nonce: d.nonce,
    });
  }
}

/**
 * One deflate context per connection, sync-flushed after each payload: Discord's zlib-stream transport.
 * A payload may span several frames; clients buffer until the 00 00 FF FF suffix (as @discordjs/ws does).
 */
function zlibStreamFor(socket: WebSocket): Deflate {
  const deflate = createDeflate();
  deflate.on('data', (chunk: Buffer) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(chunk);
  });
  return deflate;
}

function parseGatewayPayload(data: RawData): GatewayPayload | null {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  const parsed = parseJson(text);
  return isObject(parsed) && typeof parsed.op === 'number' ? { op: parsed.op, d: parsed.d } : null;
}

/** `[shard_id, num_shards]`; a missing one means an unsharded client ([0, 1]). */
function parseShard(value: unknown): [number, number] {
  if (!Array.isArray(value)) return [0, 1];
  const [id, count] = value as unknown[];
  return [typeof id === 'number' ? id : Number.NaN, typeof count === 'number' ? count : Number.NaN];
}

function redactToken(d: unknown): unknown {
  if (!isObject(d) || !('token' in d)) return d;
  return { ...d, token: '[redacted]' };
}
