// Discord protocol facts the fake relies on, named: permissions and intents, message flags, which responses
// each interaction type takes, and the numbers Discord's own payloads carry.
import { GatewayIntentBits, InteractionResponseType, InteractionType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { APIRole } from 'discord.js';

const P = PermissionFlagsBits;

/** What @everyone may do in the fake guilds. */
export const EVERYONE_PERMISSIONS =
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
export const MODERATOR_PERMISSIONS = P.ManageGuild | P.ManageMessages | P.KickMembers | P.ManageThreads | P.ModerateMembers;
export const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions;
const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What Discord computes for `member.permissions` in interactions: role union, Administrator = all. */
export function effectivePermissions(roles: readonly APIRole[]): bigint {
  const union = roles.reduce((all, role) => all | BigInt(role.permissions), 0n);
  return (union & P.Administrator) === P.Administrator ? ALL_PERMISSIONS : union;
}

/** Intents an application must be granted in the Developer Portal. */
export const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
export const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);

/** Bit-flag enums have no 0 member; Discord sends 0 for "no flags". */
export const NO_FLAGS = 0;
export const EPHEMERAL = MessageFlags.Ephemeral;
/** A deferred reply's placeholder ("the bot is thinking"), cleared by the first edit. */
export const LOADING = MessageFlags.Loading;
export const IS_COMPONENTS_V2 = MessageFlags.IsComponentsV2;

/** Discord's HELLO interval. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;
/** Close codes a client uses to end its session for good; any other close leaves the session resumable. */
export const SESSION_ENDING_CLOSE_CODES: readonly number[] = [1000, 1001];
/** Discord's default upload limit for a server without boosts. */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
/** `authorizing_integration_owners` is keyed by ApplicationIntegrationType; 0 is a guild install. */
export const GUILD_INSTALL = '0';

/** Response types Discord accepts for each interaction type. */
export const ALLOWED_RESPONSES: Partial<Record<InteractionType, readonly InteractionResponseType[]>> = {
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

/** Whether a number from the wire is a member of a numeric enum (an opcode, a response type): the typed way in. */
export function isEnumValue<E extends Record<string, string | number>>(enumObject: E, value: number): value is Extract<E[keyof E], number> {
  return (Object.values(enumObject) as unknown[]).includes(value);
}

/**
 * Bits from the wire as a flags type. Discord's flag enums name single bits, so 0 ("no flags") and combinations
 * are no members: this is the one place a number becomes one.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the cast is the point: see above.
export function flagBits<Flags extends number>(bits: number): Flags {
  return bits as Flags;
}
