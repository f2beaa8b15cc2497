// Typed builders for the payloads Discord sends and serves: users, roles, channels, members, messages,
// interactions and command options. Pure functions: the caller gives the ids (see fixtures.ts).
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageType,
} from 'discord.js';
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIDMChannel,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import type { JsonObject } from './json.js';
import { ATTACHMENT_SIZE_LIMIT, GUILD_INSTALL, NO_FLAGS, flagBits } from './protocol.js';
import { timestampOf } from './snowflakes.js';

// ------------------------------------------------------------------ users, roles, channels, members

export type UserFields = Partial<APIUser> & { username: string };

export function buildUser(id: string, fields: UserFields): APIUser {
  return {
    discriminator: '0',
    global_name: fields.bot ? null : fields.username,
    avatar: null,
    public_flags: flagBits<UserFlags>(NO_FLAGS),
    ...fields,
    id,
  };
}

export function buildRole(id: string, name: string, permissions: bigint, position: number, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name,
    // The API still returns `color` beside `colors`, and APIRole requires it.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: flagBits<RoleFlags>(NO_FLAGS),
    ...extra,
  };
}

export function buildCategoryChannel(id: string, guildId: string, name: string): APIGuildCategoryChannel {
  return {
    id,
    type: ChannelType.GuildCategory,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
  };
}

export function buildTextChannel(id: string, guildId: string, name: string, parentId: string | null, position: number): APITextChannel {
  return {
    id,
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

export function buildDmChannel(id: string, recipient: APIUser): APIDMChannel {
  return {
    id,
    type: ChannelType.DM,
    recipients: [recipient],
    last_message_id: null,
    name: null,
    flags: flagBits<NonNullable<APIDMChannel['flags']>>(NO_FLAGS),
  };
}

export function buildGuildMember(user: APIUser, roleIds: readonly string[], joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [...roleIds],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: flagBits<GuildMemberFlags>(NO_FLAGS),
    pending: false,
    communication_disabled_until: null,
  };
}

// ------------------------------------------------------------------ messages

/** A plain message with nothing in it but its text; callers add guild, mentions, reference, flags. */
export function buildMessage(id: string, channelId: string, author: APIUser, content: string): APIMessage {
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

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;
const EVERYONE_MENTION = /@(everyone|here)\b/;

/** Ids of the users `<@id>` mentions in the text, each once. */
export function mentionedUserIds(content: string): string[] {
  return [...new Set([...content.matchAll(USER_MENTION)].map((match) => match[1] ?? ''))];
}

export function mentionedRoleIds(content: string): string[] {
  return [...content.matchAll(ROLE_MENTION)].map((match) => match[1] ?? '');
}

export function mentionsEveryone(content: string): boolean {
  return EVERYONE_MENTION.test(content);
}

export function buildButtonRow(
  buttons: ReadonlyArray<{ customId: string; label: string }>,
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: buttons.map(({ customId, label }) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label,
      custom_id: customId,
    })),
  };
}

// ------------------------------------------------------------------ interactions

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

export const isDmPayload = (payload: InteractionPayload | DmInteractionPayload): payload is DmInteractionPayload => !('member' in payload);

/** Interaction tokens are long random strings, valid for the interaction's webhook. */
export function interactionToken(): string {
  return `fake-interaction-token-${randomBytes(24).toString('base64url')}`;
}

interface InteractionBase {
  id: string;
  applicationId: string;
  type: InteractionType;
  appPermissions: bigint;
}

/** What every interaction carries, wherever it was made: its ids, type and a fresh token. */
function interactionCore(base: InteractionBase) {
  return { id: base.id, application_id: base.applicationId, type: base.type, token: interactionToken(), version: 1 as const };
}

export function buildGuildInteraction(
  base: InteractionBase,
  guildId: string,
  channel: APITextChannel,
  member: APIInteractionGuildMember,
): InteractionPayload {
  return {
    ...interactionCore(base),
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channel.id,
    channel: { ...channel, permissions: member.permissions },
    member,
    app_permissions: base.appPermissions.toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { [GUILD_INSTALL]: guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

export function buildDmInteraction(base: InteractionBase, channel: APIDMChannel, user: APIUser, data: JsonObject): DmInteractionPayload {
  return {
    ...interactionCore(base),
    channel_id: channel.id,
    channel,
    user,
    app_permissions: base.appPermissions.toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { [GUILD_INSTALL]: user.id },
    context: InteractionContextType.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    data,
  };
}

// ------------------------------------------------------------------ command options

/** A user option's value is the user: its id goes in the option, the user in `resolved`, as Discord sends it. */
export type CommandOptionValue = string | number | boolean | APIUser;
/** `{ name: value }` (type inferred: string, integer, number, boolean, user) or option payloads (for subcommands). */
export type CommandOptionsInput = Record<string, CommandOptionValue> | JsonObject[];

const isUser = (value: CommandOptionValue): value is APIUser => typeof value === 'object';

function inferOptionType(value: CommandOptionValue): ApplicationCommandOptionType {
  if (isUser(value)) return ApplicationCommandOptionType.User;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number')
    return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

export function toOptionPayloads(options: CommandOptionsInput): JsonObject[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => ({ name, type: inferOptionType(value), value: isUser(value) ? value.id : value }));
}

/** The users named by user options, for the interaction's `resolved.users`. */
export function resolvedUsers(options: CommandOptionsInput): Record<string, APIUser> {
  if (Array.isArray(options)) return {};
  return Object.fromEntries(
    Object.values(options)
      .filter(isUser)
      .map((user) => [user.id, user]),
  );
}

/** A subcommand with its options, e.g. `subcommand('unanswered', { days: 7 })` for `/kb unanswered days:7`. */
export function subcommand(name: string, options: Record<string, CommandOptionValue> = {}): JsonObject {
  return { name, type: ApplicationCommandOptionType.Subcommand, options: toOptionPayloads(options) };
}
