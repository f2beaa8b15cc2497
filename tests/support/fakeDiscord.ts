/**
 * A fake Discord (REST API + gateway) for tests: the facade over the modules in fakeDiscord/.
 *
 * The real discord.js client connects to it on 127.0.0.1 (`rest: { api: fake.apiBase }`), and tests
 * prove what the bot did from the recorded HTTP calls. It speaks the same wire protocol discord.js
 * 14.28 / @discordjs/ws 1.2 uses: `GET /gateway/bot`, then `ws://…?v=10&encoding=json` (plus
 * `compress=zlib-stream` only if zlib-sync is installed, which it is not here), HELLO → IDENTIFY →
 * READY → GUILD_CREATE, heartbeats, RESUME.
 *
 * Realism on purpose: it enforces the Discord rules a bot can get wrong (one response per
 * interaction, follow-ups only after acknowledging, message/embed/autocomplete limits, allowed_mentions,
 * command option order, replies to unknown messages, MESSAGE_CONTENT intent blanking, per-shard guild
 * routing), answering with Discord's own error codes.
 *
 * The bot token is never stored: Authorization headers and IDENTIFY/RESUME tokens are redacted
 * before anything is recorded.
 *
 * Where things are (tests/support/fakeDiscord/):
 *   fixtures.ts, builders.ts   the guilds, members, users, channels, DMs and messages it knows; typed payload builders
 *   rest.ts, router.ts, http.ts, commandRegistry.ts   REST routes, request parsing and recording, commands and their permissions
 *   gateway.ts                 the gateway protocol, sessions, intents and shard routing
 *   interactions.ts, faults.ts the interaction state machine (callback once, then webhook), injected failures
 *   validators.ts, apiErrors.ts  Discord's checks on what the bot sends, and its error shapes
 *   sentMessages.ts            typed reading of what the bot sent (for assertions)
 *   protocol.ts, snowflakes.ts, json.ts, waiting.ts   named protocol constants, ids, JSON guards, waits
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandType,
  ComponentType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionType,
} from 'discord.js';
import type { APIDMChannel, APIInteractionGuildMember, APIMessage, APIUser } from 'discord.js';
import { WebSocketServer } from 'ws';
import {
  buildDmInteraction,
  buildGuildInteraction,
  resolvedUsers,
  toOptionPayloads,
  type CommandOptionsInput,
  type DmInteractionPayload,
  type InteractionPayload,
  type UserFields,
} from './fakeDiscord/builders.js';
import { CommandRegistry, type CommandPermissionOverwrite } from './fakeDiscord/commandRegistry.js';
import { FaultInjector, type InjectedResponse } from './fakeDiscord/faults.js';
import { FakeFixtures, type GuildFixture, type SampleUsers } from './fakeDiscord/fixtures.js';
import { FakeGateway, type IdentifyRecord, type RecordedGatewayPayload } from './fakeDiscord/gateway.js';
import type { RecordedCall } from './fakeDiscord/http.js';
import { InteractionLedger, type InteractionRecord } from './fakeDiscord/interactions.js';
import type { JsonObject } from './fakeDiscord/json.js';
import { BOT_PERMISSIONS, DEFAULT_HEARTBEAT_INTERVAL_MS, EVERYONE_PERMISSIONS, PRIVILEGED_INTENTS } from './fakeDiscord/protocol.js';
import { FakeRest } from './fakeDiscord/rest.js';
import { Waiters } from './fakeDiscord/waiting.js';

export type { CommandOptionValue, CommandOptionsInput, DmInteractionPayload, InteractionPayload } from './fakeDiscord/builders.js';
export { subcommand } from './fakeDiscord/builders.js';
export type { CommandPermissionOverwrite } from './fakeDiscord/commandRegistry.js';
export type { InjectedResponse } from './fakeDiscord/faults.js';
export type { GuildFixture } from './fakeDiscord/fixtures.js';
export type { IdentifyRecord, RecordedGatewayPayload } from './fakeDiscord/gateway.js';
export type { RecordedCall, RecordedFile } from './fakeDiscord/http.js';
export type { InteractionRecord } from './fakeDiscord/interactions.js';
export type { JsonObject } from './fakeDiscord/json.js';
export { SnowflakeFactory, shardForGuild } from './fakeDiscord/snowflakes.js';

export interface FakeDiscordOptions {
  /** How many guilds exist. Guild `i` lives on shard `i % shardCount` (for shard counts 1..12). */
  guildCount?: number;
  /** When set, REST calls and IDENTIFY must carry this token (401 / close 4004 otherwise). */
  token?: string;
  /** Privileged intents the application may use (GuildMembers, GuildPresences, MessageContent). Default: all. */
  allowedPrivilegedIntents?: number;
  /** HELLO heartbeat interval; Discord uses 41250. */
  heartbeatIntervalMs?: number;
  /** Send MESSAGE_CREATE for messages the bot posts, as Discord does. Default true. */
  echoBotMessages?: boolean;
  /** `shards` in GET /gateway/bot (what discord.js uses with `shards: 'auto'`). Default 1. */
  recommendedShards?: number;
  /** Answer interaction callbacks later than this with 10062 Unknown interaction (Discord: 3000). Off by default. */
  callbackDeadlineMs?: number;
}

export interface DispatchedInteraction {
  id: string;
  token: string;
  payload: InteractionPayload | DmInteractionPayload;
  /** Gateway sessions the INTERACTION_CREATE went to (0 means no shard for that guild is connected). */
  deliveredTo: number;
}

export interface InteractionOptions {
  member?: APIInteractionGuildMember;
  guildId?: string;
  channelId?: string;
  locale?: string;
}

export interface MessageOptions {
  /** Author as a guild member (defaults to the plain sample member). */
  member?: APIInteractionGuildMember;
  guildId?: string;
  channelId?: string;
  /** Reply to this message id. */
  replyTo?: string;
}

const DEFAULT_WAIT_MS = 5_000;
const DEFAULT_GATEWAY_WAIT_MS = 10_000;

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** Emits 'call' (RecordedCall), 'identify' (IdentifyRecord), 'ready' ({ shard }), 'resumed' ({ shard }). */
  readonly events = new EventEmitter();
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: GuildFixture[];
  /** Sample users behind moderatorMember()/plainMember()/adminMember(). */
  readonly sampleUsers: SampleUsers;

  private readonly fixtures: FakeFixtures;
  private readonly commands: CommandRegistry;
  private readonly interactions: InteractionLedger;
  private readonly faults = new FaultInjector();
  private readonly gateway: FakeGateway;
  private readonly rest: FakeRest;
  private readonly waiters = new Waiters(() => this.describeState());
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.fixtures = new FakeFixtures(options.guildCount ?? 1);
    this.applicationId = this.fixtures.applicationId;
    this.botUser = this.fixtures.botUser;
    this.sampleUsers = this.fixtures.sampleUsers;
    this.guilds = this.fixtures.guilds;
    this.commands = new CommandRegistry(this.fixtures);
    this.interactions = new InteractionLedger(this.fixtures, options.callbackDeadlineMs);
    const changed = () => this.waiters.notify();
    this.gateway = new FakeGateway(
      this.fixtures,
      {
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
        allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
        token: options.token,
      },
      () => this.gatewayUrl,
      this.events,
      changed,
    );
    this.rest = new FakeRest(
      { fixtures: this.fixtures, commands: this.commands, interactions: this.interactions, gateway: this.gateway, faults: this.faults },
      { token: options.token, echoBotMessages: options.echoBotMessages ?? true, recommendedShards: options.recommendedShards ?? 1 },
      () => this.gatewayUrl,
      (call) => {
        this.calls.push(call);
        this.events.emit('call', call);
        changed();
      },
    );
  }

  // ------------------------------------------------------------------ lifecycle

  /** Listens on 127.0.0.1 with an ephemeral port; HTTP and the gateway share it. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.rest.handle(req, res));
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => this.gateway.accept(ws, req));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the HTTP server, the gateway and every socket, and fails pending waits. */
  async stop(): Promise<void> {
    const { server, wss } = this;
    this.server = null;
    this.wss = null;
    this.waiters.failAll(new Error('FakeDiscord stopped'));
    this.gateway.closeAll();
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.requirePort()}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.requirePort()}`;
  }

  get guildId(): string {
    return this.fixtures.primaryGuild().id;
  }

  get channelId(): string {
    return this.fixtures.mainChannel(this.fixtures.primaryGuild()).id;
  }

  get moderatorRoleId(): string {
    return this.fixtures.primaryGuild().roles.moderator.id;
  }

  get botUserId(): string {
    return this.botUser.id;
  }

  get identifies(): IdentifyRecord[] {
    return this.gateway.identifies;
  }

  get gatewayPayloads(): RecordedGatewayPayload[] {
    return this.gateway.payloads;
  }

  get readyCount(): number {
    return this.gateway.readyCount;
  }

  get resumeCount(): number {
    return this.gateway.resumeCount;
  }

  nextSnowflake(): string {
    return this.fixtures.snowflakes.next();
  }

  // ------------------------------------------------------------------ guilds, members and users

  /**
   * A new guild the bot has joined, sent to its shard as GUILD_CREATE (as Discord does on a join), with its
   * own channels, roles and members: a test that needs state no other test touches (the question record is
   * per guild) asks in a guild of its own.
   */
  addGuild(name?: string): GuildFixture {
    const guild = this.fixtures.addGuild(name);
    this.gateway.dispatchGuildCreate(guild);
    return guild;
  }

  /** A member with Manage Guild (via the Moderator role), shaped like an interaction's `member`. */
  moderatorMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.fixtures.guildById(guildId);
    return this.fixtures.interactionMember(guild, this.fixtures.userFrom(user, this.sampleUsers.moderator), [
      guild.roles.member,
      guild.roles.moderator,
    ]);
  }

  /** A member without Manage Guild. */
  plainMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.fixtures.guildById(guildId);
    return this.fixtures.interactionMember(guild, this.fixtures.userFrom(user, this.sampleUsers.plain), [guild.roles.member]);
  }

  /** A member with Administrator (Discord then reports every permission bit). */
  adminMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.fixtures.guildById(guildId);
    return this.fixtures.interactionMember(guild, this.fixtures.userFrom(user, this.sampleUsers.admin), [guild.roles.admin]);
  }

  /** Creates (or completes) a user and remembers it, so mentions resolve to a full user object. */
  registerUser(partial: UserFields): APIUser {
    return this.fixtures.registerUser(partial);
  }

  /** The DM channel between the bot and `user`, created on first use. */
  dmChannelFor(user: APIUser = this.sampleUsers.plain): APIDMChannel {
    return this.fixtures.dmChannelFor(user);
  }

  // ------------------------------------------------------------------ recorded calls and waiting

  /** Index to pass as `fromIndex` so a wait only considers calls made after this point. */
  mark(): number {
    return this.calls.length;
  }

  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)));
  }

  /** Resolves with the first call (at index ≥ fromIndex, past or future) matching the predicate. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = DEFAULT_WAIT_MS, fromIndex = 0): Promise<RecordedCall> {
    return this.waiters.until(() => this.calls.slice(fromIndex).find(predicate), 'a matching HTTP call', timeoutMs);
  }

  /** Resolves with the interaction's callback call (POST /interactions/{id}/{token}/callback). */
  waitForCallback(interaction: Pick<DispatchedInteraction, 'id' | 'token'>, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall> {
    const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
    return this.waitForCall((call) => call.method === 'POST' && call.path === path, timeoutMs);
  }

  /** Resolves with the first edit of a deferred reply (PATCH /webhooks/{app}/{token}/messages/@original). */
  waitForOriginalEdit(interaction: Pick<DispatchedInteraction, 'token'>, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall> {
    const path = `/webhooks/${this.applicationId}/${interaction.token}/messages/@original`;
    return this.waitForCall((call) => call.method === 'PATCH' && call.path === path, timeoutMs);
  }

  /** Resolves once at least `count` IDENTIFYs arrived; returns all of them. */
  waitForIdentify(count = 1, timeoutMs = DEFAULT_GATEWAY_WAIT_MS): Promise<IdentifyRecord[]> {
    const { identifies } = this.gateway;
    return this.waiters.until(() => (identifies.length >= count ? [...identifies] : undefined), `${count} IDENTIFY`, timeoutMs);
  }

  /** Resolves once READY (and the guilds' GUILD_CREATE) went out at least `count` times. */
  async waitForReady(count = 1, timeoutMs = DEFAULT_GATEWAY_WAIT_MS): Promise<void> {
    await this.waiters.until(() => (this.gateway.readyCount >= count ? true : undefined), `${count} READY`, timeoutMs);
  }

  /** The next `times` calls matching `match` get this response instead of the normal one (429, 500…). */
  failNext(match: (call: RecordedCall) => boolean, response: InjectedResponse, times = 1): void {
    this.faults.failNext(match, response, times);
  }

  /** Commands registered with PUT/POST; pass a guild id for guild commands. */
  registeredCommands(guildId?: string): JsonObject[] {
    return this.commands.registered(guildId);
  }

  /** A server admin's command permissions on the Integrations page (see CommandRegistry.setPermissions). */
  setCommandPermissions(guildId: string, commandName: string, overwrites: CommandPermissionOverwrite[]): void {
    this.commands.setPermissions(guildId, commandName, overwrites);
  }

  /** Whether Discord lists the command for this member and lets them run it (see CommandRegistry.memberCanUse). */
  memberCanUseCommand(member: APIInteractionGuildMember, commandName: string, guildId = this.guildId): boolean {
    return this.commands.memberCanUse(member, commandName, guildId);
  }

  interaction(id: string): InteractionRecord | undefined {
    return this.interactions.record(id);
  }

  /** Ready gateway sessions, e.g. to check which shards are connected. */
  connectedShards(): Array<[number, number]> {
    return this.gateway.connectedShards();
  }

  // ------------------------------------------------------------------ dispatch: interactions

  /** Sends INTERACTION_CREATE to the shard owning the guild; fields given override the defaults. */
  dispatchInteraction(partial: Partial<InteractionPayload> & { type: InteractionType }): DispatchedInteraction {
    const guild = this.fixtures.guildById(partial.guild_id ?? this.guildId);
    const channel = this.fixtures.channelById(guild, partial.channel_id ?? this.fixtures.mainChannel(guild).id);
    const member = partial.member ?? this.plainMember({}, guild.id);
    const base = {
      id: this.nextSnowflake(),
      applicationId: this.applicationId,
      type: partial.type,
      appPermissions: EVERYONE_PERMISSIONS | BOT_PERMISSIONS,
    };
    const payload: InteractionPayload = { ...buildGuildInteraction(base, guild.id, channel, member), ...partial };
    this.interactions.open(payload);
    const deliveredTo = this.gateway.dispatchToGuild(guild.id, GatewayDispatchEvents.InteractionCreate, () => payload);
    return { id: payload.id, token: payload.token, payload, deliveredTo };
  }

  /** A chat-input command; `options` as `{ name: value }` (a user value becomes a user option) or option payloads. */
  slashCommand(name: string, options: CommandOptionsInput = {}, opts: InteractionOptions = {}): DispatchedInteraction {
    return this.dispatchInteraction({
      type: InteractionType.ApplicationCommand,
      data: { ...this.commandData(name, opts.guildId, options), options: toOptionPayloads(options) },
      ...interactionOverrides(opts),
    });
  }

  /** A chat-input command in the DM between `user` and the bot: no guild or member; delivered on shard 0. */
  dmSlashCommand(name: string, options: CommandOptionsInput = {}, user: APIUser = this.sampleUsers.plain): DispatchedInteraction {
    const channel = this.fixtures.dmChannelFor(user);
    const base = {
      id: this.nextSnowflake(),
      applicationId: this.applicationId,
      type: InteractionType.ApplicationCommand,
      appPermissions: EVERYONE_PERMISSIONS | BOT_PERMISSIONS,
    };
    const data = { ...this.commandData(name, undefined, options), options: toOptionPayloads(options) };
    const payload = buildDmInteraction(base, channel, user, data);
    this.interactions.open(payload);
    const deliveredTo = this.gateway.dispatchToDmShard(GatewayDispatchEvents.InteractionCreate, payload);
    return { id: payload.id, token: payload.token, payload, deliveredTo };
  }

  /** An autocomplete request; `focusedName` marks the option the user is typing in. */
  autocomplete(name: string, options: CommandOptionsInput, focusedName: string, opts: InteractionOptions = {}): DispatchedInteraction {
    const payloads = toOptionPayloads(options).map((option) => (option.name === focusedName ? { ...option, focused: true } : option));
    return this.dispatchInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      data: { ...this.commandData(name, opts.guildId, options), options: payloads },
      ...interactionOverrides(opts),
    });
  }

  /** A button press on `message` (default: a bot message carrying that button). */
  buttonClick(customId: string, message: Partial<APIMessage> = {}, opts: InteractionOptions = {}): DispatchedInteraction {
    const guild = this.fixtures.guildById(opts.guildId ?? this.guildId);
    const channelId = message.channel_id ?? opts.channelId ?? this.fixtures.mainChannel(guild).id;
    const source = this.fixtures.storeMessage({ ...this.fixtures.buttonMessage(guild.id, channelId, customId), ...message });
    return this.dispatchInteraction({
      type: InteractionType.MessageComponent,
      data: { custom_id: customId, component_type: ComponentType.Button },
      message: source,
      ...interactionOverrides({ ...opts, channelId }),
    });
  }

  // ------------------------------------------------------------------ dispatch: messages and connections

  /** Sends MESSAGE_CREATE for a user message; `<@BOT_ID>` in the content becomes a real mention. */
  dispatchMessage(content: string, opts: MessageOptions = {}): APIMessage {
    const guild = this.fixtures.guildById(opts.guildId ?? this.guildId);
    const channelId = opts.channelId ?? this.fixtures.mainChannel(guild).id;
    const member = opts.member ?? this.plainMember({}, guild.id);
    const message = this.fixtures.storeMessage(this.fixtures.userMessage(guild, channelId, member, content, opts.replyTo));
    this.gateway.dispatchMessageCreate(guild.id, message);
    return message;
  }

  /**
   * Sends MESSAGE_CREATE for a direct message to the bot: no guild, delivered on shard 0 (where Discord sends
   * DMs) to sessions with the DirectMessages intent, content visible without Message Content (a DM is the bot's).
   */
  dispatchDirectMessage(content: string, user: APIUser = this.sampleUsers.plain): APIMessage {
    const channel = this.fixtures.dmChannelFor(user);
    const message = this.fixtures.storeMessage(this.fixtures.directMessage(channel, user, content));
    // The gateway event says the channel's type, as Discord's does: how a client knows a DM it hasn't cached.
    const event = { ...message, channel_type: channel.type };
    this.gateway.dispatchToDmShard(GatewayDispatchEvents.MessageCreate, event, GatewayIntentBits.DirectMessages);
    return message;
  }

  /** Closes the shard's gateway socket with `code` (4000 → discord.js resumes; 1000 → new session). */
  disconnectShard(shardId: number, code: number = GatewayCloseCodes.UnknownError): number {
    return this.gateway.disconnectShard(shardId, code);
  }

  // ------------------------------------------------------------------ helpers

  /** Uses the registered command's id when the bot registered one with this name; names the users of user options. */
  private commandData(name: string, guildId: string | undefined, options: CommandOptionsInput): JsonObject {
    const registered = this.commands.find(name, guildId ?? this.guildId);
    const data: JsonObject = { id: registered?.id ?? this.nextSnowflake(), name, type: ApplicationCommandType.ChatInput };
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    const users = resolvedUsers(options);
    if (Object.keys(users).length > 0) data.resolved = { users };
    return data;
  }

  private requirePort(): number {
    if (!this.server) throw new Error('FakeDiscord is not started');
    return this.port;
  }

  /** Context for timeout errors: recent calls (paths only; tokens never appear) and connected shards. */
  private describeState(): string {
    const recent = this.calls.slice(-8).map((call) => `${call.method} ${call.path} → ${call.status}`);
    const shards = this.connectedShards().map(([id, count]) => `${id}/${count}`);
    return `Recent calls: [${recent.join('; ')}]. Connected shards: [${shards.join(', ')}].`;
  }
}

function interactionOverrides(opts: InteractionOptions): Partial<InteractionPayload> {
  const overrides: Partial<InteractionPayload> = {};
  if (opts.member) overrides.member = opts.member;
  if (opts.guildId) overrides.guild_id = opts.guildId;
  if (opts.channelId) overrides.channel_id = opts.channelId;
  if (opts.locale) overrides.locale = opts.locale;
  return overrides;
}

/** Creates and starts a FakeDiscord. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.start();
  return fake;
}
