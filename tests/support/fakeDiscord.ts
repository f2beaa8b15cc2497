/**
 * A fake Discord (REST API + gateway) for tests.
 *
 * The real discord.js client connects to it on 127.0.0.1 (`rest: { api: fake.apiBase }`), and tests
 * prove what the bot did from the recorded HTTP calls. It speaks the same wire protocol discord.js
 * 14.28 / @discordjs/ws 1.2 uses: `GET /gateway/bot`, then `ws://…?v=10&encoding=json` (plus
 * `compress=zlib-stream` only if zlib-sync is installed, which it is not here), HELLO → IDENTIFY →
 * READY → GUILD_CREATE, heartbeats, RESUME.
 *
 * Realism on purpose: it enforces the Discord rules a bot can get wrong (one response per
 * interaction, follow-ups only after acknowledging, message/embed/autocomplete limits, command
 * option order, replies to unknown messages, MESSAGE_CONTENT intent blanking, per-shard guild
 * routing), answering with Discord's own error codes.
 *
 * The bot token is never stored: Authorization headers and IDENTIFY/RESUME tokens are redacted
 * before anything is recorded.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, createDeflate, deflateSync, type Deflate } from 'node:zlib';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIAttachment,
  APIDMChannel,
  APIEmbed,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

/** A file part of a multipart/form-data request (discord.js sends attachments as `files[n]`). */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string | undefined;
  size: number;
  data: Buffer;
}

/** One HTTP request the bot made, as the fake saw it. */
export interface RecordedCall {
  method: string;
  /** Path without the `/api/v10` prefix and without the query string, e.g. `/channels/1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` part of a multipart body; `undefined` if none. */
  body: unknown;
  /** Lower-cased request headers; `authorization` is redacted to `Bot [redacted]`. */
  headers: Record<string, string>;
  files?: RecordedFile[];
  /** HTTP status the fake answered with. */
  status: number;
  /** Response body the fake sent (for 2xx JSON answers, e.g. the created message). */
  response: unknown;
  at: number;
}

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

/** The fixture for one fake guild: ids tests need, plus the payloads the fake serves. */
export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  joinedAt: string;
  roles: { everyone: APIRole; moderator: APIRole; member: APIRole; admin: APIRole; bot: APIRole };
  category: APIGuildCategoryChannel;
  /** Text channels; the first one is the guild's main channel. */
  textChannels: APITextChannel[];
  members: Map<string, APIGuildMember>;
}

export interface InteractionPayload extends JsonObject {
  id: string;
  application_id: string;
  type: InteractionType;
  token: string;
  guild_id: string;
  channel_id: string;
  member: APIInteractionGuildMember;
  data?: JsonObject;
  message?: APIMessage;
}

/** An interaction in the DM between a user and the bot: no guild, no member, the user instead. */
export interface DmInteractionPayload extends JsonObject {
  id: string;
  application_id: string;
  type: InteractionType;
  token: string;
  channel_id: string;
  user: APIUser;
  data?: JsonObject;
  message?: APIMessage;
}

const isDmPayload = (payload: InteractionPayload | DmInteractionPayload): payload is DmInteractionPayload => !('member' in payload);

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

export type CommandOptionValue = string | number | boolean;
/** `{ name: value }` (type inferred: string, integer, number, boolean) or raw option payloads. */
export type CommandOptionsInput = Record<string, CommandOptionValue> | JsonObject[];

/**
 * One row of a command's permissions in a guild, as a server admin sets it in Server Settings → Integrations →
 * the bot → the command: this role or member may (or may not) use it, whatever its default_member_permissions.
 */
export interface CommandPermissionOverwrite {
  type: 'role' | 'user';
  id: string;
  permission: boolean;
}

export interface InjectedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Read-only view of an interaction's lifecycle on the fake. */
export interface InteractionRecord {
  id: string;
  type: InteractionType;
  dispatchedAt: number;
  respondedAt: number | null;
  responseType: InteractionResponseType | null;
  original: APIMessage | null;
  followups: APIMessage[];
}

// ---------------------------------------------------------------------------------------------
// Snowflakes
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1_420_070_400_000n;
/** lcm(1..12): guild ids whose timestamps are multiples of it land on predictable shards. */
const SHARD_ALIGNMENT = 27_720n;

/** Generates strictly increasing snowflakes (19 digits for current timestamps). */
export class SnowflakeFactory {
  private lastTimestamp = 0n;
  private increment = 0n;

  next(): string {
    let timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
    if (timestamp <= this.lastTimestamp) {
      timestamp = this.lastTimestamp;
      this.increment += 1n;
      if (this.increment > 4095n) {
        timestamp += 1n;
        this.increment = 0n;
      }
    } else {
      this.increment = 0n;
    }
    this.lastTimestamp = timestamp;
    return snowflakeFrom(timestamp, this.increment);
  }
}

function snowflakeFrom(timestamp: bigint, increment: bigint): string {
  return ((timestamp << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** Guild `index` gets a timestamp ≡ index (mod 27720), so `(id >> 22) % n === index % n` for n ≤ 12. */
function shardAlignedGuildId(index: number): string {
  const thirtyDaysAgo = BigInt(Date.now()) - DISCORD_EPOCH - 30n * 86_400_000n;
  const base = (thirtyDaysAgo / SHARD_ALIGNMENT) * SHARD_ALIGNMENT;
  return snowflakeFrom(base + BigInt(index), 0n);
}

/** Discord's rule for which shard receives a guild's events. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function timestampOf(snowflake: string): string {
  return new Date(Number((BigInt(snowflake) >> 22n) + DISCORD_EPOCH)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

const P = PermissionFlagsBits;
const EVERYONE_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.ReadMessageHistory |
  P.AddReactions |
  P.EmbedLinks |
  P.AttachFiles |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.SendMessagesInThreads |
  P.Connect |
  P.Speak;
const MODERATOR_PERMISSIONS = P.ManageGuild | P.ManageMessages | P.KickMembers | P.ManageThreads | P.ModerateMembers;
const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions;
const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);
const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);

/** What Discord computes for `member.permissions` in interactions: role union, Administrator = all. */
function effectivePermissions(roles: APIRole[]): bigint {
  const union = roles.reduce((all, role) => all | BigInt(role.permissions), 0n);
  return (union & P.Administrator) === P.Administrator ? ALL_PERMISSIONS : union;
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers
// ---------------------------------------------------------------------------------------------

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

function arrayField(object: JsonObject, key: string): unknown[] | undefined {
  const value = object[key];
  return Array.isArray(value) ? value : undefined;
}

function objectField(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return isObject(value) ? value : undefined;
}

function numberField(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === 'number' ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Discord-style API errors
// ---------------------------------------------------------------------------------------------

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

const noContent: RouteResult = { status: 204 };

function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

function apiError(status: number, code: number, message: string, errors?: JsonObject): RouteResult {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

/** 50035 Invalid Form Body, with Discord's nested `errors` shape. */
function invalidFormBody(fieldErrors: FieldError[]): RouteResult {
  const errors: JsonObject = {};
  for (const { path, code, message } of fieldErrors) {
    let node = errors;
    for (const key of path) {
      const child = node[String(key)];
      node = isObject(child) ? child : ((node[String(key)] = {}) as JsonObject);
    }
    const list = arrayField(node, '_errors') ?? ((node._errors = []) as unknown[]);
    list.push({ code, message });
  }
  return apiError(400, 50035, 'Invalid Form Body', errors);
}

function maxLength(path: FieldError['path'], value: unknown, max: number): FieldError[] {
  if (typeof value !== 'string' || value.length <= max) return [];
  return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }];
}

// ---------------------------------------------------------------------------------------------
// Message validation (Discord's limits)
// ---------------------------------------------------------------------------------------------

const IS_COMPONENTS_V2 = 1 << 15;

function embedErrors(embed: JsonObject, index: number): FieldError[] {
  const at = (...rest: Array<string | number>) => ['embeds', index, ...rest];
  const fields = arrayField(embed, 'fields') ?? [];
  const errors = [
    ...maxLength(at('title'), embed.title, 256),
    ...maxLength(at('description'), embed.description, 4096),
    ...maxLength(at('footer', 'text'), objectField(embed, 'footer')?.text, 2048),
    ...maxLength(at('author', 'name'), objectField(embed, 'author')?.name, 256),
  ];
  if (fields.length > 25) errors.push({ path: at('fields'), code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  fields.forEach((field, i) => {
    if (!isObject(field)) return;
    errors.push(...maxLength(at('fields', i, 'name'), field.name, 256), ...maxLength(at('fields', i, 'value'), field.value, 1024));
  });
  return errors;
}

/** Discord counts title, description, field names/values, footer text and author name towards 6000. */
function embedTextLength(embed: JsonObject): number {
  const length = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const fields = (arrayField(embed, 'fields') ?? []).filter(isObject);
  return (
    length(embed.title) +
    length(embed.description) +
    length(objectField(embed, 'footer')?.text) +
    length(objectField(embed, 'author')?.name) +
    fields.reduce((sum, field) => sum + length(field.name) + length(field.value), 0)
  );
}

function componentErrors(body: JsonObject): FieldError[] {
  const flags = numberField(body, 'flags') ?? 0;
  const rows = arrayField(body, 'components') ?? [];
  if ((flags & IS_COMPONENTS_V2) !== 0) return [];
  const errors: FieldError[] = [];
  if (rows.length > 5) errors.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  rows.forEach((row, r) => {
    const children = isObject(row) ? (arrayField(row, 'components') ?? []) : [];
    if (children.length > 5)
      errors.push({
        path: ['components', r, 'components'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 5 or fewer in length.',
      });
    children.forEach((child, c) => {
      if (!isObject(child)) return;
      const at = ['components', r, 'components', c];
      errors.push(...maxLength([...at, 'custom_id'], child.custom_id, 100), ...maxLength([...at, 'label'], child.label, 80));
    });
  });
  return errors;
}

function hasMessageContent(body: JsonObject, files: RecordedFile[]): boolean {
  const nonEmpty = (key: string) => (arrayField(body, key)?.length ?? 0) > 0;
  const content = stringField(body, 'content');
  return (
    Boolean(content) || files.length > 0 || nonEmpty('embeds') || nonEmpty('components') || nonEmpty('sticker_ids') || isObject(body.poll)
  );
}

/** Returns the error Discord would answer with, or null when the message body is acceptable. */
function validateMessageBody(body: JsonObject, files: RecordedFile[], isCreate: boolean): RouteResult | null {
  if (isCreate && !hasMessageContent(body, files)) return apiError(400, 50006, 'Cannot send an empty message');
  const embeds = (arrayField(body, 'embeds') ?? []).filter(isObject);
  const errors: FieldError[] = [...maxLength(['content'], body.content, 2000), ...componentErrors(body)];
  if (embeds.length > 10) errors.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  embeds.forEach((embed, i) => errors.push(...embedErrors(embed, i)));
  if (embeds.reduce((sum, embed) => sum + embedTextLength(embed), 0) > 6000) {
    errors.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
  return errors.length > 0 ? invalidFormBody(errors) : null;
}

function validateAutocompleteChoices(data: JsonObject): RouteResult | null {
  const choices = arrayField(data, 'choices') ?? [];
  const errors: FieldError[] = [];
  if (choices.length > 25)
    errors.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    const name = stringField(choice, 'name') ?? '';
    if (name.length < 1 || name.length > 100) {
      errors.push({
        path: ['data', 'choices', i, 'name'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    errors.push(...maxLength(['data', 'choices', i, 'value'], choice.value, 100));
  });
  return errors.length > 0 ? invalidFormBody(errors) : null;
}

// ---------------------------------------------------------------------------------------------
// Command validation (Discord rejects these at registration time)
// ---------------------------------------------------------------------------------------------

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function optionErrors(options: unknown[], path: Array<string | number>): FieldError[] {
  const errors: FieldError[] = [];
  if (options.length > 25) errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  let sawOptional = false;
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const at = [...path, i];
    const name = stringField(option, 'name') ?? '';
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      errors.push({
        path: [...at, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    const description = stringField(option, 'description') ?? '';
    if (description.length < 1 || description.length > 100) {
      errors.push({
        path: [...at, 'description'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    if (option.required === true && sawOptional) {
      errors.push({
        path: [...at, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) sawOptional = true;
    if ((arrayField(option, 'choices')?.length ?? 0) > 25) {
      errors.push({
        path: [...at, 'choices'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      });
    }
    const nested = arrayField(option, 'options');
    if (nested) errors.push(...optionErrors(nested, [...at, 'options']));
  });
  return errors;
}

function commandErrors(command: JsonObject, index: number): FieldError[] {
  const type = numberField(command, 'type') ?? ApplicationCommandType.ChatInput;
  const name = stringField(command, 'name') ?? '';
  const errors: FieldError[] = [];
  const nameValid =
    type === ApplicationCommandType.ChatInput
      ? COMMAND_NAME.test(name) && name === name.toLowerCase()
      : name.length >= 1 && name.length <= 32;
  if (!nameValid)
    errors.push({
      path: [index, 'name'],
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  const description = stringField(command, 'description') ?? '';
  if (type === ApplicationCommandType.ChatInput && (description.length < 1 || description.length > 100)) {
    errors.push({
      path: [index, 'description'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  }
  errors.push(...optionErrors(arrayField(command, 'options') ?? [], [index, 'options']));
  return errors;
}

// ---------------------------------------------------------------------------------------------
// HTTP body parsing (JSON and multipart/form-data)
// ---------------------------------------------------------------------------------------------

interface ParsedBody {
  body: unknown;
  files: RecordedFile[] | undefined;
}

interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseMultipartPart(chunk: Buffer): MultipartPart | null {
  const headerEnd = chunk.indexOf('\r\n\r\n');
  if (headerEnd === -1) return null;
  const headers = chunk.subarray(0, headerEnd).toString('utf8');
  const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return null;
  return {
    name,
    filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
    contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
    data: chunk.subarray(headerEnd + 4),
  };
}

/** Splits a multipart body on its boundary; each part ends with CRLF before the next delimiter. */
function parseMultipart(raw: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = parseMultipartPart(raw.subarray(start + delimiter.length + 2, next - 2));
    if (part) parts.push(part);
    start = next;
  }
  return parts;
}

function parseRequestBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: undefined, files: undefined };
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (!boundary) return { body: parseJson(raw.toString('utf8')), files: undefined };
  const parts = parseMultipart(raw, boundary);
  const payload = parts.find((part) => part.name === 'payload_json');
  const files = parts
    .filter((part) => part.filename !== undefined)
    .map((part) => ({
      field: part.name,
      filename: part.filename ?? part.name,
      contentType: part.contentType,
      size: part.data.length,
      data: part.data,
    }));
  return { body: payload ? parseJson(payload.data.toString('utf8')) : undefined, files };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Why: recorded calls end up in test output; the token must never be stored.
  if (headers.authorization !== undefined) headers.authorization = headers.authorization.replace(/^(\S+)\s.*$/, '$1 [redacted]');
  return headers;
}

/** PNG width/height from the IHDR chunk, so attachments look like Discord's. */
function pngSize(data: Buffer): { width: number; height: number } | null {
  const isPng = data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.subarray(12, 16).toString('latin1') === 'IHDR';
  return isPng ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } : null;
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

interface RouteContext {
  call: RecordedCall;
  params: Record<string, string>;
  body: JsonObject;
  files: RecordedFile[];
}

interface Route {
  method: string;
  pattern: RegExp;
  paramNames: string[];
  /** Bot-token routes need `Authorization: Bot …`; webhook/interaction routes are token-in-URL. */
  needsAuth: boolean;
  handle: (ctx: RouteContext) => RouteResult;
}

function compileRoute(method: string, path: string, needsAuth: boolean, handle: Route['handle']): Route {
  const paramNames: string[] = [];
  const source = path.replace(/:(\w+)/g, (_match, name: string) => {
    paramNames.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), paramNames, needsAuth, handle };
}

function matchRoute(route: Route, method: string, path: string): Record<string, string> | null {
  if (route.method !== method) return null;
  const match = route.pattern.exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    params[name] = match[i + 1] ?? '';
  });
  return params;
}

function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Gateway bookkeeping
// ---------------------------------------------------------------------------------------------

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

interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  /** Null for an interaction in a DM. */
  guildId: string | null;
  channelId: string;
  user: APIUser;
  dispatchedAt: number;
  respondedAt: number | null;
  responseType: InteractionResponseType | null;
  sourceMessage: APIMessage | null;
  original: APIMessage | null;
  followups: Map<string, APIMessage>;
}

interface Waiter {
  check: () => boolean;
  fail: (error: Error) => void;
}

interface FaultInjection {
  match: (call: RecordedCall) => boolean;
  response: InjectedResponse;
  remaining: number;
}

/** Response types Discord accepts for each interaction type. */
const ALLOWED_RESPONSES: Partial<Record<InteractionType, InteractionResponseType[]>> = {
  [InteractionType.Ping]: [InteractionResponseType.Pong],
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** Bit-flag enums have no 0 member; Discord sends 0 for "no flags". */
const NO_FLAGS = 0;
const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly gatewayPayloads: RecordedGatewayPayload[] = [];
  /** Emits 'call' (RecordedCall), 'identify' (IdentifyRecord), 'ready' ({ shard }), 'resumed' ({ shard }). */
  readonly events = new EventEmitter();

  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly guilds: GuildFixture[];
  /** Sample users behind moderatorMember()/plainMember()/adminMember(). */
  readonly sampleUsers: { moderator: APIUser; plain: APIUser; admin: APIUser; owner: APIUser };

  readyCount = 0;
  resumeCount = 0;

  private readonly options: Required<Omit<FakeDiscordOptions, 'token' | 'callbackDeadlineMs'>> &
    Pick<FakeDiscordOptions, 'token' | 'callbackDeadlineMs'>;
  private readonly snowflakes = new SnowflakeFactory();
  private readonly routes: Route[];
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<GatewayConnection>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly messages = new Map<string, APIMessage>();
  private readonly globalCommands: JsonObject[] = [];
  private readonly guildCommands = new Map<string, JsonObject[]>();
  /** Per guild, per command name: the overwrites set on the Integrations page. */
  private readonly commandPermissions = new Map<string, Map<string, CommandPermissionOverwrite[]>>();
  private readonly waiters = new Set<Waiter>();
  private readonly faults: FaultInjection[] = [];
  private readonly users = new Map<string, APIUser>();
  /** DM channels between the bot and a user, by user id. */
  private readonly dmChannels = new Map<string, APIDMChannel>();
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.options = {
      guildCount: options.guildCount ?? 1,
      allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      echoBotMessages: options.echoBotMessages ?? true,
      recommendedShards: options.recommendedShards ?? 1,
      token: options.token,
      callbackDeadlineMs: options.callbackDeadlineMs,
    };
    this.applicationId = this.snowflakes.next();
    // Why: a bot's user id is its application id.
    this.botUser = this.registerUser({ id: this.applicationId, username: 'story-bot', bot: true });
    this.sampleUsers = {
      owner: this.registerUser({ username: 'guild-owner' }),
      moderator: this.registerUser({ username: 'mod-mia' }),
      plain: this.registerUser({ username: 'reader-ray' }),
      admin: this.registerUser({ username: 'admin-ada' }),
    };
    this.guilds = Array.from({ length: this.options.guildCount }, (_unused, index) => this.buildGuild(index));
    this.routes = this.buildRoutes();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Listens on 127.0.0.1 with an ephemeral port; HTTP and the gateway share it. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.onHttpRequest(req, res));
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws, req));
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
    for (const waiter of [...this.waiters]) waiter.fail(new Error('FakeDiscord stopped'));
    for (const connection of this.connections) {
      connection.zlibStream?.destroy();
      connection.socket.terminate();
    }
    this.connections.clear();
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
    return this.primaryGuild().id;
  }

  get channelId(): string {
    return this.mainChannel(this.primaryGuild()).id;
  }

  get moderatorRoleId(): string {
    return this.primaryGuild().roles.moderator.id;
  }

  get botUserId(): string {
    return this.botUser.id;
  }

  nextSnowflake(): string {
    return this.snowflakes.next();
  }

  // ------------------------------------------------------------------ members and users

  /** A member with Manage Guild (via the Moderator role), shaped like an interaction's `member`. */
  moderatorMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.guildById(guildId);
    return this.interactionMember(guild, this.userFrom(user, this.sampleUsers.moderator), [guild.roles.member, guild.roles.moderator]);
  }

  /** A member without Manage Guild. */
  plainMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.guildById(guildId);
    return this.interactionMember(guild, this.userFrom(user, this.sampleUsers.plain), [guild.roles.member]);
  }

  /** A member with Administrator (Discord then reports every permission bit). */
  adminMember(user: Partial<APIUser> = {}, guildId = this.guildId): APIInteractionGuildMember {
    const guild = this.guildById(guildId);
    return this.interactionMember(guild, this.userFrom(user, this.sampleUsers.admin), [guild.roles.admin]);
  }

  /** Creates (or completes) a user and remembers it, so mentions resolve to a full user object. */
  registerUser(partial: Partial<APIUser> & { username: string }): APIUser {
    const { id = this.snowflakes.next(), ...fields } = partial;
    const user: APIUser = {
      discriminator: '0',
      global_name: partial.bot ? null : partial.username,
      avatar: null,
      public_flags: NO_FLAGS as UserFlags,
      ...fields,
      id,
    };
    this.users.set(user.id, user);
    return user;
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
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5_000, fromIndex = 0): Promise<RecordedCall> {
    const find = () => this.calls.slice(fromIndex).find(predicate);
    return this.waitUntil(find, 'a matching HTTP call', timeoutMs);
  }

  /** Resolves with the interaction's callback call (POST /interactions/{id}/{token}/callback). */
  waitForCallback(interaction: Pick<DispatchedInteraction, 'id' | 'token'>, timeoutMs = 5_000): Promise<RecordedCall> {
    const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
    return this.waitForCall((call) => call.method === 'POST' && call.path === path, timeoutMs);
  }

  /** Resolves once at least `count` IDENTIFYs arrived; returns all of them. */
  waitForIdentify(count = 1, timeoutMs = 10_000): Promise<IdentifyRecord[]> {
    return this.waitUntil(() => (this.identifies.length >= count ? [...this.identifies] : undefined), `${count} IDENTIFY`, timeoutMs);
  }

  /** Resolves once READY (and the guilds' GUILD_CREATE) went out at least `count` times. */
  waitForReady(count = 1, timeoutMs = 10_000): Promise<void> {
    return this.waitUntil(() => (this.readyCount >= count ? true : undefined), `${count} READY`, timeoutMs).then(() => undefined);
  }

  /** The next `times` calls matching `match` get this response instead of the normal one (429, 500…). */
  failNext(match: (call: RecordedCall) => boolean, response: InjectedResponse, times = 1): void {
    this.faults.push({ match, response, remaining: times });
  }

  /** Commands registered with PUT/POST; pass a guild id for guild commands. */
  registeredCommands(guildId?: string): JsonObject[] {
    return guildId ? [...(this.guildCommands.get(guildId) ?? [])] : [...this.globalCommands];
  }

  // ------------------------------------------------------------------ command permissions

  /**
   * What a server admin does in Server Settings → Integrations → the bot → a command → "Add roles or members".
   * Discord's API for it needs a member's OAuth2 token (applications.commands.permissions.update), never a bot's,
   * so the fake takes it directly, as the admin's clicks would.
   */
  setCommandPermissions(guildId: string, commandName: string, overwrites: CommandPermissionOverwrite[]): void {
    const perGuild = this.commandPermissions.get(guildId) ?? new Map<string, CommandPermissionOverwrite[]>();
    perGuild.set(commandName, [...overwrites]);
    this.commandPermissions.set(guildId, perGuild);
  }

  /**
   * Whether Discord lists the command for this member (and lets them run it), decided as Discord does: members
   * with Administrator always; else the command's overwrite for the member, else for one of their roles (an
   * allow wins over a deny), else for @everyone; else default_member_permissions (null: everyone; otherwise
   * the member needs every bit). Channel overwrites and app-wide overwrites are not modelled.
   */
  memberCanUseCommand(member: APIInteractionGuildMember, commandName: string, guildId = this.guildId): boolean {
    const command = [...this.registeredCommands(guildId), ...this.globalCommands].find((c) => c.name === commandName);
    if (!command) return false;
    const permissions = BigInt(member.permissions);
    if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
    const overwrites = this.commandPermissions.get(guildId)?.get(commandName) ?? [];
    const forUser = overwrites.find((o) => o.type === 'user' && o.id === member.user.id);
    if (forUser) return forUser.permission;
    const forRoles = overwrites.filter((o) => o.type === 'role' && member.roles.includes(o.id));
    if (forRoles.length > 0) return forRoles.some((o) => o.permission);
    const forEveryone = overwrites.find((o) => o.type === 'role' && o.id === guildId);
    if (forEveryone) return forEveryone.permission;
    const required = command.default_member_permissions;
    if (typeof required !== 'string') return true;
    return (permissions & BigInt(required)) === BigInt(required) && required !== '0';
  }

  interaction(id: string): InteractionRecord | undefined {
    const state = this.interactions.get(id);
    if (!state) return undefined;
    const { type, dispatchedAt, respondedAt, responseType, original } = state;
    return { id, type, dispatchedAt, respondedAt, responseType, original, followups: [...state.followups.values()] };
  }

  /** Ready gateway sessions, e.g. to check which shards are connected. */
  connectedShards(): Array<[number, number]> {
    return [...this.sessions.values()].filter((session) => session.connection).map((session) => session.shard);
  }

  // ------------------------------------------------------------------ dispatch: interactions

  /** Sends INTERACTION_CREATE to the shard owning the guild; fields given override the defaults. */
  dispatchInteraction(partial: Partial<InteractionPayload> & { type: InteractionType }): DispatchedInteraction {
    const guild = this.guildById(partial.guild_id ?? this.guildId);
    const channel = this.channelById(guild, partial.channel_id ?? this.mainChannel(guild).id);
    const member = partial.member ?? this.plainMember({}, guild.id);
    const payload: InteractionPayload = {
      ...this.defaultInteraction(guild, channel, member, partial.type),
      ...partial,
    };
    this.interactions.set(payload.id, this.newInteractionState(payload));
    const deliveredTo = this.dispatchToGuild(guild.id, GatewayDispatchEvents.InteractionCreate, () => payload);
    return { id: payload.id, token: payload.token, payload, deliveredTo };
  }

  /** A chat-input command; `options` as `{ name: value }` or raw option payloads (for subcommands). */
  slashCommand(name: string, options: CommandOptionsInput = {}, opts: InteractionOptions = {}): DispatchedInteraction {
    const data = { ...this.commandData(name, opts.guildId), options: toOptionPayloads(options) };
    return this.dispatchInteraction({
      type: InteractionType.ApplicationCommand,
      data,
      ...this.interactionOverrides(opts),
    });
  }

  /** A chat-input command in the DM between `user` and the bot: no guild or member; delivered on shard 0. */
  dmSlashCommand(name: string, options: CommandOptionsInput = {}, user: APIUser = this.sampleUsers.plain): DispatchedInteraction {
    const channel = this.dmChannelFor(user);
    const payload: DmInteractionPayload = {
      id: this.snowflakes.next(),
      application_id: this.applicationId,
      type: InteractionType.ApplicationCommand,
      token: `fake-interaction-token-${randomBytes(24).toString('base64url')}`,
      version: 1,
      channel_id: channel.id,
      channel: channel as unknown as JsonObject,
      user,
      app_permissions: (EVERYONE_PERMISSIONS | BOT_PERMISSIONS).toString(),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': user.id },
      // 1: the bot's DM.
      context: 1,
      attachment_size_limit: 10 * 1024 * 1024,
      data: { ...this.commandData(name, undefined), options: toOptionPayloads(options) },
    };
    this.interactions.set(payload.id, { ...this.newInteractionState(payload), guildId: null, user });
    let deliveredTo = 0;
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== 0) continue;
      this.dispatch(session, GatewayDispatchEvents.InteractionCreate, payload);
      deliveredTo += 1;
    }
    return { id: payload.id, token: payload.token, payload, deliveredTo };
  }

  /** An autocomplete request; `focusedName` marks the option the user is typing in. */
  autocomplete(name: string, options: CommandOptionsInput, focusedName: string, opts: InteractionOptions = {}): DispatchedInteraction {
    const payloads = toOptionPayloads(options).map((option) => (option.name === focusedName ? { ...option, focused: true } : option));
    const data = { ...this.commandData(name, opts.guildId), options: payloads };
    return this.dispatchInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      data,
      ...this.interactionOverrides(opts),
    });
  }

  /** A button press on `message` (default: a bot message carrying that button). */
  buttonClick(customId: string, message: Partial<APIMessage> = {}, opts: InteractionOptions = {}): DispatchedInteraction {
    const guild = this.guildById(opts.guildId ?? this.guildId);
    const channelId = message.channel_id ?? opts.channelId ?? this.mainChannel(guild).id;
    const source: APIMessage = { ...this.defaultButtonMessage(guild, channelId, customId), ...message };
    this.messages.set(source.id, source);
    const data = { custom_id: customId, component_type: ComponentType.Button };
    return this.dispatchInteraction({
      type: InteractionType.MessageComponent,
      data,
      message: source,
      ...this.interactionOverrides({ ...opts, channelId }),
    });
  }

  // ------------------------------------------------------------------ dispatch: messages

  /** Sends MESSAGE_CREATE for a user message; `<@BOT_ID>` in the content becomes a real mention. */
  dispatchMessage(content: string, opts: MessageOptions = {}): APIMessage {
    const guild = this.guildById(opts.guildId ?? this.guildId);
    const channelId = opts.channelId ?? this.mainChannel(guild).id;
    const member = opts.member ?? this.plainMember({}, guild.id);
    const message = this.buildUserMessage(guild, channelId, member, content, opts.replyTo);
    this.messages.set(message.id, message);
    this.dispatchMessageCreate(guild.id, message);
    return message;
  }

  /** The DM channel between the bot and `user`, created on first use. */
  dmChannelFor(user: APIUser = this.sampleUsers.plain): APIDMChannel {
    const existing = this.dmChannels.get(user.id);
    if (existing) return existing;
    const channel: APIDMChannel = {
      id: this.snowflakes.next(),
      type: ChannelType.DM,
      recipients: [user],
      last_message_id: null,
      name: null,
      flags: NO_FLAGS as APIDMChannel['flags'],
    };
    this.dmChannels.set(user.id, channel);
    return channel;
  }

  /**
   * Sends MESSAGE_CREATE for a direct message to the bot: no guild, delivered on shard 0 (where Discord sends
   * DMs) to sessions with the DirectMessages intent, content visible without Message Content (a DM is the bot's).
   */
  dispatchDirectMessage(content: string, user: APIUser = this.sampleUsers.plain): APIMessage {
    const channel = this.dmChannelFor(user);
    const message: APIMessage = {
      ...this.messageBase(this.snowflakes.next(), channel.id, user, content),
      mentions: this.mentionedUsers(null, content),
      mention_everyone: /@(everyone|here)\b/.test(content),
    };
    this.messages.set(message.id, message);
    // The gateway event says the channel's type, as Discord's does: how a client knows a DM it hasn't cached.
    const event = { ...message, channel_type: ChannelType.DM };
    for (const session of this.sessions.values()) {
      if (session.shard[0] !== 0 || (session.intents & GatewayIntentBits.DirectMessages) === 0) continue;
      this.dispatch(session, GatewayDispatchEvents.MessageCreate, event);
    }
    return message;
  }

  /** Closes the shard's gateway socket with `code` (4000 → discord.js resumes; 1000 → new session). */
  disconnectShard(shardId: number, code = 4000): number {
    const targets = [...this.connections].filter((connection) => connection.session?.shard[0] === shardId);
    for (const connection of targets) connection.socket.close(code, 'FakeDiscord: requested disconnect');
    return targets.length;
  }

  // =============================================================================================
  // HTTP
  // =============================================================================================

  private async onHttpRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readRequestBody(req);
      const call = this.buildCall(req, raw);
      const result = this.respondTo(call, req.headers.authorization);
      call.status = result.status;
      call.response = result.body;
      this.calls.push(call);
      this.events.emit('call', call);
      this.notifyWaiters();
      sendResult(res, result);
    } catch (error) {
      sendResult(res, apiError(500, 0, `FakeDiscord error: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  private buildCall(req: IncomingMessage, raw: Buffer): RecordedCall {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { body, files } = parseRequestBody(raw, req.headers['content-type']);
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: decodePath(url.pathname).replace(/^\/api\/v10(?=\/)/, ''),
      query: Object.fromEntries(url.searchParams),
      body,
      headers: flattenHeaders(req),
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    if (files) call.files = files;
    return call;
  }

  private respondTo(call: RecordedCall, authorization: string | undefined): RouteResult {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(call));
    if (fault) {
      fault.remaining -= 1;
      return fault.response;
    }
    for (const route of this.routes) {
      const params = matchRoute(route, call.method, call.path);
      if (!params) continue;
      if (route.needsAuth && !this.isAuthorized(authorization)) return apiError(401, 0, '401: Unauthorized');
      const body = isObject(call.body) ? call.body : {};
      return route.handle({ call, params, body, files: call.files ?? [] });
    }
    return apiError(404, 0, 'Unknown');
  }

  private isAuthorized(authorization: string | undefined): boolean {
    if (!authorization?.startsWith('Bot ')) return false;
    return this.options.token === undefined || authorization === `Bot ${this.options.token}`;
  }

  private buildRoutes(): Route[] {
    const authed = (method: string, path: string, handle: Route['handle']) => compileRoute(method, path, true, handle);
    const open = (method: string, path: string, handle: Route['handle']) => compileRoute(method, path, false, handle);
    const webhookMessage = '/webhooks/:appId/:token/messages/:messageId';
    return [
      authed('GET', '/gateway/bot', () => ok(this.gatewayBotInfo())),
      open('GET', '/gateway', () => ok({ url: this.gatewayUrl })),
      authed('GET', '/users/@me', () => ok(this.botUser)),
      authed('GET', '/applications/@me', () => ok(this.applicationObject())),
      authed('GET', '/oauth2/applications/@me', () => ok(this.applicationObject())),
      authed('GET', '/applications/:appId/commands', (ctx) => this.listCommands(ctx, null)),
      authed('PUT', '/applications/:appId/commands', (ctx) => this.overwriteCommands(ctx, null)),
      authed('POST', '/applications/:appId/commands', (ctx) => this.upsertCommand(ctx, null)),
      authed('DELETE', '/applications/:appId/commands/:commandId', (ctx) => this.deleteCommand(ctx, null)),
      authed('GET', '/applications/:appId/guilds/:guildId/commands', (ctx) => this.listCommands(ctx, param(ctx, 'guildId'))),
      authed('PUT', '/applications/:appId/guilds/:guildId/commands', (ctx) => this.overwriteCommands(ctx, param(ctx, 'guildId'))),
      authed('POST', '/applications/:appId/guilds/:guildId/commands', (ctx) => this.upsertCommand(ctx, param(ctx, 'guildId'))),
      authed('DELETE', '/applications/:appId/guilds/:guildId/commands/:commandId', (ctx) => this.deleteCommand(ctx, param(ctx, 'guildId'))),
      open('POST', '/interactions/:id/:token/callback', (ctx) => this.interactionCallback(ctx)),
      open('POST', '/webhooks/:appId/:token', (ctx) => this.createFollowup(ctx)),
      open('GET', webhookMessage, (ctx) => this.withWebhookMessage(ctx, (message) => ok(message))),
      open('PATCH', webhookMessage, (ctx) => this.editWebhookMessage(ctx)),
      open('DELETE', webhookMessage, (ctx) => this.deleteWebhookMessage(ctx)),
      authed('GET', '/channels/:channelId', (ctx) => this.withChannel(ctx, (channel) => ok(channel))),
      authed('POST', '/channels/:channelId/messages', (ctx) => this.createChannelMessage(ctx)),
      authed('GET', '/channels/:channelId/messages/:messageId', (ctx) => this.withChannelMessage(ctx, (message) => ok(message))),
      authed('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => this.editChannelMessage(ctx)),
      authed('DELETE', '/channels/:channelId/messages/:messageId', (ctx) =>
        this.withChannelMessage(ctx, (message) => this.deleteMessage(message)),
      ),
      authed('POST', '/channels/:channelId/typing', (ctx) => this.withChannel(ctx, () => noContent)),
      authed('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) =>
        this.withChannelMessage(ctx, () => noContent),
      ),
      authed('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) =>
        this.withChannelMessage(ctx, () => noContent),
      ),
      authed('GET', '/guilds/:guildId', (ctx) => this.withGuild(ctx, (guild) => ok(this.guildObject(guild)))),
      authed('GET', '/guilds/:guildId/channels', (ctx) => this.withGuild(ctx, (guild) => ok(this.guildChannels(guild)))),
      authed('GET', '/guilds/:guildId/roles', (ctx) => this.withGuild(ctx, (guild) => ok(Object.values(guild.roles)))),
      authed('GET', '/guilds/:guildId/members/:userId', (ctx) =>
        this.withGuild(ctx, (guild) => this.guildMember(guild, param(ctx, 'userId'))),
      ),
    ];
  }

  // ------------------------------------------------------------------ REST: gateway/application

  private gatewayBotInfo(): JsonObject {
    return {
      url: this.gatewayUrl,
      shards: this.options.recommendedShards,
      // Why: max_concurrency 16 lets several shards of one client identify without a 5 s throttle.
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 16 },
    };
  }

  private applicationObject(): JsonObject {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: 'Fake application for tests',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: 'f'.repeat(64),
      flags: 0,
      owner: this.sampleUsers.owner,
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // ------------------------------------------------------------------ REST: commands

  private checkApplication(ctx: RouteContext, guildId: string | null): RouteResult | null {
    if (param(ctx, 'appId') !== this.applicationId)
      return apiError(403, 20012, 'You are not authorized to perform this action on this application');
    if (guildId !== null && !this.findGuild(guildId)) return apiError(404, 10004, 'Unknown Guild');
    return null;
  }

  private commandList(guildId: string | null): JsonObject[] {
    if (guildId === null) return this.globalCommands;
    const existing = this.guildCommands.get(guildId);
    if (existing) return existing;
    const created: JsonObject[] = [];
    this.guildCommands.set(guildId, created);
    return created;
  }

  private storedCommand(input: JsonObject, guildId: string | null, previous: JsonObject | undefined): JsonObject {
    const command: JsonObject = {
      type: ApplicationCommandType.ChatInput,
      description: '',
      options: [],
      default_member_permissions: null,
      dm_permission: guildId === null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      ...input,
      // Why: Discord keeps a command's id when it is re-registered under the same name.
      id: previous?.id ?? this.snowflakes.next(),
      application_id: this.applicationId,
      version: this.snowflakes.next(),
    };
    if (guildId !== null) command.guild_id = guildId;
    return command;
  }

  private listCommands(ctx: RouteContext, guildId: string | null): RouteResult {
    return this.checkApplication(ctx, guildId) ?? ok(this.commandList(guildId));
  }

  private overwriteCommands(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    const inputs = Array.isArray(ctx.call.body) ? ctx.call.body.filter(isObject) : [];
    const errors = inputs.flatMap((command, i) => commandErrors(command, i));
    if (errors.length > 0) return invalidFormBody(errors);
    const list = this.commandList(guildId);
    const replaced = inputs.map((input) =>
      this.storedCommand(
        input,
        guildId,
        list.find((old) => old.name === input.name),
      ),
    );
    list.splice(0, list.length, ...replaced);
    return ok(replaced);
  }

  private upsertCommand(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    const errors = commandErrors(ctx.body, 0).map((error) => ({ ...error, path: error.path.slice(1) }));
    if (errors.length > 0) return invalidFormBody(errors);
    const list = this.commandList(guildId);
    const index = list.findIndex((old) => old.name === ctx.body.name);
    const command = this.storedCommand(ctx.body, guildId, list[index]);
    if (index === -1) list.push(command);
    else list[index] = command;
    return { status: index === -1 ? 201 : 200, body: command };
  }

  private deleteCommand(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    const list = this.commandList(guildId);
    const index = list.findIndex((command) => command.id === param(ctx, 'commandId'));
    if (index === -1) return apiError(404, 10063, 'Unknown application command');
    list.splice(index, 1);
    return noContent;
  }

  // ------------------------------------------------------------------ REST: interactions

  private interactionCallback(ctx: RouteContext): RouteResult {
    const state = this.interactions.get(param(ctx, 'id'));
    if (!state || state.token !== param(ctx, 'token')) return apiError(404, 10062, 'Unknown interaction');
    const late = this.options.callbackDeadlineMs !== undefined && Date.now() - state.dispatchedAt > this.options.callbackDeadlineMs;
    if (late) return apiError(404, 10062, 'Unknown interaction');
    if (state.responseType !== null) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    const type = numberField(ctx.body, 'type') as InteractionResponseType | undefined;
    const data = objectField(ctx.body, 'data') ?? {};
    const invalid = this.validateCallback(state, type, data, ctx.files);
    if (invalid) return invalid;
    state.responseType = type ?? null;
    state.respondedAt = Date.now();
    state.original = this.originalAfterCallback(state, data, ctx.files);
    if (ctx.call.query.with_response !== 'true') return noContent;
    return ok(this.callbackResponse(state));
  }

  private validateCallback(
    state: InteractionState,
    type: InteractionResponseType | undefined,
    data: JsonObject,
    files: RecordedFile[],
  ): RouteResult | null {
    if (type === undefined || !(ALLOWED_RESPONSES[state.type] ?? []).includes(type)) {
      return invalidFormBody([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Interaction response type ${String(type)} is invalid for interaction type ${state.type}`,
        },
      ]);
    }
    if (type === InteractionResponseType.ChannelMessageWithSource) return validateMessageBody(data, files, true);
    if (type === InteractionResponseType.UpdateMessage) return validateMessageBody(data, files, false);
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) return validateAutocompleteChoices(data);
    return null;
  }

  /** The message `@original` refers to after the callback (none for autocomplete/modals). */
  private originalAfterCallback(state: InteractionState, data: JsonObject, files: RecordedFile[]): APIMessage | null {
    switch (state.responseType) {
      case InteractionResponseType.ChannelMessageWithSource:
        return this.storeMessage(this.buildBotMessage(state.guildId, state.channelId, data, files, state));
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = MESSAGE_FLAG_LOADING | ((numberField(data, 'flags') ?? 0) & MESSAGE_FLAG_EPHEMERAL);
        return this.storeMessage(this.buildBotMessage(state.guildId, state.channelId, { content: '', flags }, [], state));
      }
      case InteractionResponseType.UpdateMessage:
        return state.sourceMessage
          ? this.storeMessage(applyEdit(state.sourceMessage, data, this.attachmentsFrom(state.channelId, data, files)))
          : null;
      case InteractionResponseType.DeferredMessageUpdate:
        return state.sourceMessage;
      default:
        return null;
    }
  }

  private callbackResponse(state: InteractionState): JsonObject {
    const original = state.original;
    return {
      interaction: {
        id: state.id,
        type: state.type,
        response_message_id: original?.id,
        response_message_loading: original ? ((original.flags ?? 0) & MESSAGE_FLAG_LOADING) !== 0 : undefined,
        response_message_ephemeral: original ? ((original.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL) !== 0 : undefined,
      },
      resource: { type: state.responseType, message: original ?? undefined },
    };
  }

  private interactionByToken(ctx: RouteContext): InteractionState | undefined {
    if (param(ctx, 'appId') !== this.applicationId) return undefined;
    const token = param(ctx, 'token');
    return [...this.interactions.values()].find((state) => state.token === token);
  }

  private createFollowup(ctx: RouteContext): RouteResult {
    const state = this.interactionByToken(ctx);
    // Why: Discord only creates the interaction webhook once the interaction is acknowledged.
    if (!state || state.responseType === null) return apiError(404, 10015, 'Unknown Webhook');
    const invalid = validateMessageBody(ctx.body, ctx.files, true);
    if (invalid) return invalid;
    const message = this.storeMessage(this.buildBotMessage(state.guildId, state.channelId, ctx.body, ctx.files, state));
    state.followups.set(message.id, message);
    return ctx.call.query.wait === 'false' ? noContent : ok(message);
  }

  private withWebhookMessage(ctx: RouteContext, action: (message: APIMessage, state: InteractionState) => RouteResult): RouteResult {
    const state = this.interactionByToken(ctx);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const messageId = param(ctx, 'messageId');
    const message = messageId === '@original' ? state.original : state.followups.get(messageId);
    return message ? action(message, state) : apiError(404, 10008, 'Unknown Message');
  }

  private editWebhookMessage(ctx: RouteContext): RouteResult {
    return this.withWebhookMessage(ctx, (message, state) => {
      const invalid = validateMessageBody(ctx.body, ctx.files, false);
      if (invalid) return invalid;
      const edited = this.storeMessage(applyEdit(message, ctx.body, this.attachmentsFrom(message.channel_id, ctx.body, ctx.files)));
      if (state.original?.id === edited.id) state.original = edited;
      if (state.followups.has(edited.id)) state.followups.set(edited.id, edited);
      return ok(edited);
    });
  }

  private deleteWebhookMessage(ctx: RouteContext): RouteResult {
    return this.withWebhookMessage(ctx, (message, state) => {
      if (state.original?.id === message.id) state.original = null;
      state.followups.delete(message.id);
      return this.deleteMessage(message);
    });
  }

  // ------------------------------------------------------------------ REST: channels and messages

  private withChannel(
    ctx: RouteContext,
    action: (channel: APITextChannel | APIDMChannel, guild: GuildFixture | null) => RouteResult,
  ): RouteResult {
    const channelId = param(ctx, 'channelId');
    for (const guild of this.guilds) {
      const channel = guild.textChannels.find((candidate) => candidate.id === channelId);
      if (channel) return action(channel, guild);
    }
    const dm = [...this.dmChannels.values()].find((candidate) => candidate.id === channelId);
    if (dm) return action(dm, null);
    return apiError(404, 10003, 'Unknown Channel');
  }

  private withChannelMessage(ctx: RouteContext, action: (message: APIMessage) => RouteResult): RouteResult {
    return this.withChannel(ctx, (channel) => {
      const message = this.messages.get(param(ctx, 'messageId'));
      return message && message.channel_id === channel.id ? action(message) : apiError(404, 10008, 'Unknown Message');
    });
  }

  private createChannelMessage(ctx: RouteContext): RouteResult {
    return this.withChannel(ctx, (channel, guild) => {
      const invalid = validateMessageBody(ctx.body, ctx.files, true) ?? this.checkMessageReference(ctx.body, channel.id);
      if (invalid) return invalid;
      const message = this.storeMessage(this.buildBotMessage(guild?.id ?? null, channel.id, ctx.body, ctx.files, null));
      if (this.options.echoBotMessages && guild) this.dispatchMessageCreate(guild.id, message);
      return ok(message);
    });
  }

  /** Discord rejects replies to unknown messages unless `fail_if_not_exists` is false. */
  private checkMessageReference(body: JsonObject, channelId: string): RouteResult | null {
    const reference = objectField(body, 'message_reference');
    if (!reference) return null;
    const target = this.messages.get(stringField(reference, 'message_id') ?? '');
    if (target && target.channel_id === (stringField(reference, 'channel_id') ?? channelId)) return null;
    if (reference.fail_if_not_exists === false) return null;
    return invalidFormBody([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
  }

  private editChannelMessage(ctx: RouteContext): RouteResult {
    return this.withChannelMessage(ctx, (message) => {
      if (message.author.id !== this.botUser.id) return apiError(403, 50005, 'Cannot edit a message authored by another user');
      const invalid = validateMessageBody(ctx.body, ctx.files, false);
      return invalid ?? ok(this.storeMessage(applyEdit(message, ctx.body, this.attachmentsFrom(message.channel_id, ctx.body, ctx.files))));
    });
  }

  private deleteMessage(message: APIMessage): RouteResult {
    this.messages.delete(message.id);
    return noContent;
  }

  // ------------------------------------------------------------------ REST: guilds

  private withGuild(ctx: RouteContext, action: (guild: GuildFixture) => RouteResult): RouteResult {
    const guild = this.findGuild(param(ctx, 'guildId'));
    return guild ? action(guild) : apiError(404, 10004, 'Unknown Guild');
  }

  private guildMember(guild: GuildFixture, userId: string): RouteResult {
    const member = guild.members.get(userId === '@me' ? this.botUser.id : userId);
    return member ? ok(member) : apiError(404, 10007, 'Unknown Member');
  }

  // =============================================================================================
  // Gateway
  // =============================================================================================

  private onGatewayConnection(socket: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const connection: GatewayConnection = { socket, session: null, zlibStream: null, identifyCompress: false };
    this.connections.add(connection);
    socket.on('message', (data) => this.onGatewayMessage(connection, data));
    socket.on('close', (code) => this.onGatewayClose(connection, code));
    socket.on('error', () => socket.terminate());
    if (query.get('v') !== '10') return socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    if (query.get('encoding') !== 'json') return socket.close(GatewayCloseCodes.DecodeError, 'Only encoding=json is supported');
    if (query.get('compress') === 'zlib-stream') connection.zlibStream = this.zlibStreamFor(socket);
    this.send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['fake-gateway'] },
    });
  }

  /**
   * One deflate context per connection, sync-flushed after each payload: Discord's zlib-stream transport.
   * A payload may span several frames; clients buffer until the 00 00 FF FF suffix (as @discordjs/ws does).
   */
  private zlibStreamFor(socket: WebSocket): Deflate {
    const deflate = createDeflate();
    deflate.on('data', (chunk: Buffer) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(chunk);
    });
    return deflate;
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

  private onGatewayMessage(connection: GatewayConnection, data: RawData): void {
    const payload = parseGatewayPayload(data);
    if (!payload) return connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    if (payload.op === GatewayOpcodes.Heartbeat) return this.send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null });
    this.gatewayPayloads.push({
      op: payload.op,
      d: redactToken(payload.d),
      shard: connection.session?.shard ?? null,
      at: Date.now(),
    });
    const d = isObject(payload.d) ? payload.d : {};
    if (payload.op === GatewayOpcodes.Identify) return this.identify(connection, d);
    if (payload.op === GatewayOpcodes.Resume) return this.resume(connection, d);
    if (!connection.session) return connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    if (payload.op === GatewayOpcodes.RequestGuildMembers) return this.sendMemberChunk(connection, d);
    if (payload.op === GatewayOpcodes.PresenceUpdate || payload.op === GatewayOpcodes.VoiceStateUpdate) return;
    connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
  }

  private onGatewayClose(connection: GatewayConnection, code: number): void {
    this.connections.delete(connection);
    connection.zlibStream?.destroy();
    const session = connection.session;
    if (!session || session.connection !== connection) return;
    session.connection = null;
    // Why: Discord invalidates a session the client closed with 1000/1001; other closes can resume.
    if (code === 1000 || code === 1001) this.sessions.delete(session.sessionId);
    this.notifyWaiters();
  }

  /** Returns the close code Discord would use for this IDENTIFY, or null if it is acceptable. */
  private identifyRejection(d: JsonObject, shard: [number, number], intents: unknown): [number, string] | null {
    if (!this.tokenAccepted(d.token)) return [GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.'];
    const [shardId, shardCount] = shard;
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      return [GatewayCloseCodes.InvalidShard, 'Invalid shard.'];
    }
    if (typeof intents !== 'number' || !Number.isInteger(intents) || (intents & ~ALL_INTENTS) !== 0)
      return [GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).'];
    if ((intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) !== 0)
      return [GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).'];
    return null;
  }

  private tokenAccepted(token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && (this.options.token === undefined || token === this.options.token);
  }

  private identify(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) return connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    const shard = parseShard(d.shard);
    const rejection = this.identifyRejection(d, shard, d.intents);
    if (rejection) return connection.socket.close(...rejection);
    const intents = d.intents as number;
    const session: GatewaySession = {
      sessionId: randomBytes(16).toString('hex'),
      shard,
      intents,
      seq: 0,
      connection,
      missed: [],
    };
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
    const guilds = this.guildsForShard(session.shard);
    this.dispatch(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: session.shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['fake-gateway'],
    });
    // Why: channels only exist client-side after GUILD_CREATE; discord.js drops messages for unknown channels.
    if ((session.intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of guilds) this.dispatch(session, GatewayDispatchEvents.GuildCreate, this.guildCreatePayload(guild));
    }
    this.readyCount += 1;
    this.events.emit('ready', { shard: session.shard });
    this.notifyWaiters();
  }

  private resume(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) return connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!this.tokenAccepted(d.token)) return connection.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(stringField(d, 'session_id') ?? '');
    if (!session || session.connection) return this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
    session.connection = connection;
    connection.session = session;
    for (const missed of session.missed.splice(0)) this.send(connection, missed);
    this.dispatch(session, GatewayDispatchEvents.Resumed, { _trace: ['fake-gateway'] });
    this.resumeCount += 1;
    this.events.emit('resumed', { shard: session.shard });
    this.notifyWaiters();
  }

  private sendMemberChunk(connection: GatewayConnection, d: JsonObject): void {
    const guild = this.findGuild(stringField(d, 'guild_id') ?? '');
    if (!guild || !connection.session) return;
    const wanted = arrayField(d, 'user_ids');
    const members = [...guild.members.values()].filter((member) => !wanted || wanted.includes(member.user.id));
    const limit = numberField(d, 'limit') ?? 0;
    this.dispatch(connection.session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: limit > 0 ? members.slice(0, limit) : members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !guild.members.has(String(id))) : [],
      nonce: d.nonce,
    });
  }

  /** Sends one dispatch on a session (queued for replay while it is disconnected). */
  private dispatch(session: GatewaySession, event: GatewayDispatchEvents, d: unknown): void {
    session.seq += 1;
    const payload: GatewayPayload = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d };
    if (session.connection) this.send(session.connection, payload);
    else session.missed.push(payload);
  }

  /** Sends an event to every session whose shard owns the guild; the builder may skip a session by returning null. */
  private dispatchToGuild(guildId: string, event: GatewayDispatchEvents, build: (session: GatewaySession) => unknown): number {
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

  private dispatchMessageCreate(guildId: string, message: APIMessage): number {
    return this.dispatchToGuild(guildId, GatewayDispatchEvents.MessageCreate, (session) => this.messageForSession(session, message));
  }

  /** Applies intent rules: GuildMessages to receive it, MessageContent to see content unless the bot is mentioned. */
  private messageForSession(session: GatewaySession, message: APIMessage): APIMessage | null {
    if ((session.intents & GatewayIntentBits.GuildMessages) === 0) return null;
    const seesContent =
      (session.intents & GatewayIntentBits.MessageContent) !== 0 ||
      message.author.id === this.botUser.id ||
      message.mentions.some((user) => user.id === this.botUser.id);
    return seesContent ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
  }

  private guildsForShard([shardId, shardCount]: [number, number]): GuildFixture[] {
    return this.guilds.filter((guild) => shardForGuild(guild.id, shardCount) === shardId);
  }

  // =============================================================================================
  // Payload builders
  // =============================================================================================

  private buildGuild(index: number): GuildFixture {
    const id = shardAlignedGuildId(index);
    const role = (name: string, permissions: bigint, position: number, extra: Partial<APIRole> = {}): APIRole => ({
      id: this.snowflakes.next(),
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed: false,
      mentionable: false,
      flags: NO_FLAGS as RoleFlags,
      ...extra,
    });
    const roles = {
      // Why: @everyone's role id is the guild id.
      everyone: role('@everyone', EVERYONE_PERMISSIONS, 0, { id }),
      member: role('Reader', 0n, 1),
      moderator: role('Moderator', MODERATOR_PERMISSIONS, 2, { hoist: true, mentionable: true }),
      admin: role('Admin', P.Administrator, 3),
      bot: role(this.botUser.username, BOT_PERMISSIONS, 4, { managed: true, tags: { bot_id: this.botUser.id } }),
    };
    const category = this.categoryChannel(id, 'Text Channels');
    const textChannels = [this.textChannel(id, 'news-desk', category.id, 0), this.textChannel(id, 'general', category.id, 1)];
    const guild: GuildFixture = {
      id,
      name: index === 0 ? 'Story Test Guild' : `Story Test Guild ${index + 1}`,
      ownerId: this.sampleUsers.owner.id,
      joinedAt: new Date().toISOString(),
      roles,
      category,
      textChannels,
      members: new Map(),
    };
    this.addGuildMember(guild, this.botUser, [roles.bot]);
    this.addGuildMember(guild, this.sampleUsers.owner, [roles.admin]);
    return guild;
  }

  private categoryChannel(guildId: string, name: string): APIGuildCategoryChannel {
    return {
      id: this.snowflakes.next(),
      type: ChannelType.GuildCategory,
      guild_id: guildId,
      name,
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
    };
  }

  private textChannel(guildId: string, name: string, parentId: string, position: number): APITextChannel {
    return {
      id: this.snowflakes.next(),
      type: ChannelType.GuildText,
      guild_id: guildId,
      name,
      position,
      permission_overwrites: [],
      parent_id: parentId,
      topic: null,
      nsfw: false,
      rate_limit_per_user: 0,
      last_message_id: null,
      last_pin_timestamp: null,
      default_thread_rate_limit_per_user: 0,
    };
  }

  private addGuildMember(guild: GuildFixture, user: APIUser, roles: APIRole[]): APIGuildMember {
    const member: APIGuildMember = {
      user,
      nick: null,
      avatar: null,
      banner: null,
      roles: roles.map((role) => role.id),
      joined_at: guild.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: NO_FLAGS as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
    guild.members.set(user.id, member);
    return member;
  }

  private interactionMember(guild: GuildFixture, user: APIUser, roles: APIRole[]): APIInteractionGuildMember {
    const member = guild.members.get(user.id) ?? this.addGuildMember(guild, user, roles);
    const memberRoles = [guild.roles.everyone, ...Object.values(guild.roles).filter((role) => member.roles.includes(role.id))];
    return { ...member, user, permissions: effectivePermissions(memberRoles).toString() };
  }

  private userFrom(partial: Partial<APIUser>, fallback: APIUser): APIUser {
    if (Object.keys(partial).length === 0) return fallback;
    const known = partial.id ? this.users.get(partial.id) : undefined;
    return known ? { ...known, ...partial } : this.registerUser({ username: `user-${this.users.size}`, ...partial });
  }

  private guildObject(
    guild: GuildFixture,
  ): Omit<
    GatewayGuildCreateDispatchData,
    | 'joined_at'
    | 'large'
    | 'member_count'
    | 'voice_states'
    | 'members'
    | 'channels'
    | 'threads'
    | 'presences'
    | 'stage_instances'
    | 'guild_scheduled_events'
    | 'soundboard_sounds'
  > {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      roles: Object.values(guild.roles),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: this.mainChannel(guild).id,
      system_channel_flags: NO_FLAGS as GuildSystemChannelFlags,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US' as GatewayGuildCreateDispatchData['preferred_locale'],
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      region: 'deprecated',
    };
  }

  private guildChannels(guild: GuildFixture): Array<APIGuildCategoryChannel | APITextChannel> {
    return [guild.category, ...guild.textChannels];
  }

  private guildCreatePayload(guild: GuildFixture): GatewayGuildCreateDispatchData {
    return {
      ...this.guildObject(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      // Why: Discord always includes the bot's own member, which discord.js needs for guild.members.me.
      members: [...guild.members.values()].filter((member) => member.user.id === this.botUser.id),
      channels: this.guildChannels(guild),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private defaultInteraction(
    guild: GuildFixture,
    channel: APITextChannel,
    member: APIInteractionGuildMember,
    type: InteractionType,
  ): InteractionPayload {
    return {
      id: this.snowflakes.next(),
      application_id: this.applicationId,
      type,
      token: `fake-interaction-token-${randomBytes(24).toString('base64url')}`,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      channel_id: channel.id,
      channel: { ...channel, permissions: member.permissions },
      member,
      app_permissions: (EVERYONE_PERMISSIONS | BOT_PERMISSIONS).toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  private newInteractionState(payload: InteractionPayload | DmInteractionPayload): InteractionState {
    return {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      guildId: isDmPayload(payload) ? null : payload.guild_id,
      channelId: payload.channel_id,
      user: isDmPayload(payload) ? payload.user : payload.member.user,
      dispatchedAt: Date.now(),
      respondedAt: null,
      responseType: null,
      sourceMessage: payload.message ?? null,
      original: null,
      followups: new Map(),
    };
  }

  private interactionOverrides(opts: InteractionOptions): Partial<InteractionPayload> {
    const overrides: Partial<InteractionPayload> = {};
    if (opts.member) overrides.member = opts.member;
    if (opts.guildId) overrides.guild_id = opts.guildId;
    if (opts.channelId) overrides.channel_id = opts.channelId;
    if (opts.locale) overrides.locale = opts.locale;
    return overrides;
  }

  /** Uses the registered command's id when the bot registered one with this name. */
  private commandData(name: string, guildId: string | undefined): JsonObject {
    const registered = [...this.registeredCommands(guildId ?? this.guildId), ...this.globalCommands].find(
      (command) => command.name === name,
    );
    const data: JsonObject = {
      id: registered?.id ?? this.snowflakes.next(),
      name,
      type: ApplicationCommandType.ChatInput,
    };
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return data;
  }

  private defaultButtonMessage(guild: GuildFixture, channelId: string, customId: string): APIMessage {
    const body = {
      content: 'Pick one',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: 1, label: 'Button', custom_id: customId }],
        },
      ],
    };
    return this.buildBotMessage(guild.id, channelId, body, [], null);
  }

  private buildUserMessage(
    guild: GuildFixture,
    channelId: string,
    member: APIInteractionGuildMember,
    content: string,
    replyTo: string | undefined,
  ): APIMessage {
    const id = this.snowflakes.next();
    const { user, permissions: _permissions, ...partialMember } = member;
    const referenced = replyTo ? this.messages.get(replyTo) : undefined;
    const message: APIMessage & { guild_id: string; member: Omit<APIGuildMember, 'user'> } = {
      ...this.messageBase(id, channelId, user, content),
      guild_id: guild.id,
      member: partialMember,
      mentions: this.mentionedUsers(guild, content),
      mention_roles: [...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] ?? ''),
      mention_everyone: /@(everyone|here)\b/.test(content),
    };
    if (replyTo) {
      message.type = MessageType.Reply;
      message.message_reference = { type: 0, message_id: replyTo, channel_id: channelId, guild_id: guild.id };
      message.referenced_message = referenced ?? null;
    }
    return message;
  }

  /** Mentioned users carry a partial `member`, as in Discord's guild messages (none in a DM). */
  private mentionedUsers(guild: GuildFixture | null, content: string): APIUser[] {
    const ids = [...new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1] ?? ''))];
    return ids.map((id) => {
      const user = this.users.get(id) ?? {
        id,
        username: `user-${id}`,
        discriminator: '0',
        global_name: null,
        avatar: null,
      };
      const member = guild?.members.get(id);
      if (!member) return user;
      const { user: _user, ...partialMember } = member;
      return { ...user, member: partialMember };
    });
  }

  private messageBase(id: string, channelId: string, author: APIUser, content: string): APIMessage {
    return {
      id,
      channel_id: channelId,
      author,
      content,
      timestamp: timestampOf(id),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      components: [],
    };
  }

  /** A message authored by the bot from a REST body (channel message, interaction reply or follow-up). */
  private buildBotMessage(
    guildId: string | null,
    channelId: string,
    body: JsonObject,
    files: RecordedFile[],
    interaction: InteractionState | null,
  ): APIMessage {
    const id = this.snowflakes.next();
    const message: APIMessage & { guild_id?: string } = {
      ...this.messageBase(id, channelId, this.botUser, stringField(body, 'content') ?? ''),
      ...(guildId ? { guild_id: guildId } : {}),
      embeds: (arrayField(body, 'embeds') ?? []) as APIEmbed[],
      components: (arrayField(body, 'components') ?? []) as NonNullable<APIMessage['components']>,
      attachments: this.attachmentsFrom(channelId, body, files),
      flags: numberField(body, 'flags') ?? 0,
      tts: body.tts === true,
    };
    const reference = objectField(body, 'message_reference');
    const referenced = reference ? this.messages.get(stringField(reference, 'message_id') ?? '') : undefined;
    if (reference && referenced) {
      message.type = MessageType.Reply;
      message.message_reference = {
        type: 0,
        message_id: referenced.id,
        channel_id: referenced.channel_id,
        ...(guildId ? { guild_id: guildId } : {}),
      };
      message.referenced_message = referenced;
    }
    if (interaction) this.markAsInteractionMessage(message, interaction);
    return message;
  }

  private markAsInteractionMessage(message: APIMessage, interaction: InteractionState): void {
    message.webhook_id = this.applicationId;
    message.application_id = this.applicationId;
    if (interaction.type === InteractionType.ApplicationCommand) message.type = MessageType.ChatInputCommand;
    message.interaction_metadata = {
      id: interaction.id,
      type: interaction.type,
      user: interaction.user,
      authorizing_integration_owners: { '0': interaction.guildId },
    } as NonNullable<APIMessage['interaction_metadata']>;
  }

  /** Attachments for uploaded files, named from `attachments[n].filename` in payload_json when given. */
  private attachmentsFrom(channelId: string, body: JsonObject, files: RecordedFile[]): APIAttachment[] {
    const declared = (arrayField(body, 'attachments') ?? []).filter(isObject);
    return files.map((file, index) => {
      const declaration = declared.find((entry) => String(entry.id) === String(index));
      const filename = stringField(declaration ?? {}, 'filename') ?? file.filename;
      const id = this.snowflakes.next();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      const attachment: APIAttachment = { id, filename, size: file.size, url, proxy_url: url };
      if (file.contentType) attachment.content_type = file.contentType;
      const description = stringField(declaration ?? {}, 'description');
      if (description) attachment.description = description;
      const size = pngSize(file.data);
      if (size) Object.assign(attachment, size);
      return attachment;
    });
  }

  private storeMessage(message: APIMessage): APIMessage {
    this.messages.set(message.id, message);
    return message;
  }

  // =============================================================================================
  // Lookups and waiting
  // =============================================================================================

  private requirePort(): number {
    if (!this.server) throw new Error('FakeDiscord is not started');
    return this.port;
  }

  private primaryGuild(): GuildFixture {
    const guild = this.guilds[0];
    if (!guild) throw new Error('FakeDiscord has no guilds');
    return guild;
  }

  private findGuild(guildId: string): GuildFixture | undefined {
    return this.guilds.find((guild) => guild.id === guildId);
  }

  private guildById(guildId: string): GuildFixture {
    const guild = this.findGuild(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return guild;
  }

  private mainChannel(guild: GuildFixture): APITextChannel {
    const channel = guild.textChannels[0];
    if (!channel) throw new Error(`FakeDiscord: guild ${guild.id} has no text channel`);
    return channel;
  }

  private channelById(guild: GuildFixture, channelId: string): APITextChannel {
    const channel = guild.textChannels.find((candidate) => candidate.id === channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId} in guild ${guild.id}`);
    return channel;
  }

  private waitUntil<T>(find: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = find();
          if (found === undefined) return false;
          finish();
          resolve(found);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}. ${this.describeState()}`)),
        timeoutMs,
      );
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /** Context for timeout errors: recent calls (paths only; tokens never appear) and connected shards. */
  private describeState(): string {
    const recent = this.calls.slice(-8).map((call) => `${call.method} ${call.path} → ${call.status}`);
    const shards = this.connectedShards().map(([id, count]) => `${id}/${count}`);
    return `Recent calls: [${recent.join('; ')}]. Connected shards: [${shards.join(', ')}].`;
  }
}

/** Creates and starts a FakeDiscord. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.start();
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Module helpers
// ---------------------------------------------------------------------------------------------

function sendResult(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, headers).end();
    return;
  }
  res.writeHead(result.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(result.body));
}

/** `%40original` → `@original`, emoji in reaction paths → the emoji (segment by segment, so `/` stays a separator). */
function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function parseGatewayPayload(data: RawData): GatewayPayload | null {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  const parsed = parseJson(text);
  return isObject(parsed) && typeof parsed.op === 'number' ? { op: parsed.op, d: parsed.d } : null;
}

function parseShard(value: unknown): [number, number] {
  if (!Array.isArray(value)) return [0, 1];
  const [id, count] = value;
  return [typeof id === 'number' ? id : Number.NaN, typeof count === 'number' ? count : Number.NaN];
}

function redactToken(d: unknown): unknown {
  if (!isObject(d) || !('token' in d)) return d;
  return { ...d, token: '[redacted]' };
}

/** Edits keep the id; clears the "loading" flag a deferred reply had. */
function applyEdit(message: APIMessage, body: JsonObject, newAttachments: APIAttachment[]): APIMessage {
  const edited: APIMessage = {
    ...message,
    edited_timestamp: new Date().toISOString(),
    flags: (message.flags ?? 0) & ~MESSAGE_FLAG_LOADING,
  };
  if (typeof body.content === 'string' || body.content === null) edited.content = body.content ?? '';
  if (Array.isArray(body.embeds)) edited.embeds = body.embeds as APIEmbed[];
  if (Array.isArray(body.components)) edited.components = body.components as NonNullable<APIMessage['components']>;
  const kept = Array.isArray(body.attachments)
    ? message.attachments.filter((attachment) =>
        (body.attachments as unknown[]).some((entry) => isObject(entry) && entry.id === attachment.id),
      )
    : message.attachments;
  edited.attachments = [...kept, ...newAttachments];
  return edited;
}

function inferOptionType(value: CommandOptionValue): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number')
    return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function toOptionPayloads(options: CommandOptionsInput): JsonObject[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => ({ name, type: inferOptionType(value), value }));
}
