// Reading what the bot sent, as typed fields: the message of a callback, follow-up, edit or channel post;
// its buttons; its text as a reader sees it; and whom its allowed_mentions lets it ping.
import {
  AllowedMentionsTypes,
  ComponentType,
  InteractionResponseType,
  type APIAllowedMentions,
  type APIEmbed,
  type APIMessageReference,
  type APIApplicationCommandOptionChoice,
} from 'discord.js';
import type { RecordedCall } from './http.js';
import { arrayField, isObject, numberField, objectField, type JsonObject } from './json.js';
import { isEnumValue } from './protocol.js';

/** The fields of a message body the tests read (callback `data`, webhook and channel message bodies alike). */
export interface SentMessage {
  content?: string;
  embeds?: APIEmbed[];
  flags?: number;
  allowed_mentions?: APIAllowedMentions;
  message_reference?: Partial<APIMessageReference> & { fail_if_not_exists?: boolean };
  components?: JsonObject[];
  attachments?: Array<{ id: string | number; filename?: string }>;
  choices?: APIApplicationCommandOptionChoice[];
}

export interface SentButton {
  customId: string;
  label: string;
}

/** What a message's allowed_mentions lets it ping, whatever its text says (without allowed_mentions: everything). */
export interface MentionPolicy {
  everyone: boolean;
  /** Every user mentioned in the text, or only these ids. */
  users: 'all' | string[];
  roles: 'all' | string[];
  repliedUser: boolean;
}

/** Callbacks that show a message now (a deferred one shows it with the first edit of `@original`). */
const MESSAGE_RESPONSES: readonly number[] = [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.UpdateMessage];

const isCallback = (call: RecordedCall) => call.method === 'POST' && call.path.endsWith('/callback');

/** The interaction response type of a callback call. */
export function callbackType(call: RecordedCall): InteractionResponseType | undefined {
  const type = isCallback(call) && isObject(call.body) ? numberField(call.body, 'type') : undefined;
  return type !== undefined && isEnumValue(InteractionResponseType, type) ? type : undefined;
}

/** The message (or autocomplete choices) a call sent: a callback's `data`, else the body itself. */
export function sentMessage(call: RecordedCall): SentMessage {
  if (!isObject(call.body)) throw new Error(`${call.method} ${call.path} sent no JSON object`);
  if (!isCallback(call)) return call.body;
  return objectField(call.body, 'data') ?? {};
}

/** Calls that put a message in front of someone: a message callback, a follow-up, a channel post, an edit. */
export function sendsMessage(call: RecordedCall): boolean {
  if (isCallback(call)) {
    const type = callbackType(call);
    return type !== undefined && MESSAGE_RESPONSES.includes(type);
  }
  const isWebhook = call.path.startsWith('/webhooks/') && (call.method === 'POST' || call.method === 'PATCH');
  const isChannelPost = call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path);
  return isWebhook || isChannelPost;
}

export function buttonsOf(message: SentMessage): SentButton[] {
  return (message.components ?? []).flatMap((row) =>
    (arrayField(row, 'components') ?? [])
      .filter(isObject)
      .filter((child) => child.type === ComponentType.Button && typeof child.custom_id === 'string')
      .map((child) => ({ customId: String(child.custom_id), label: typeof child.label === 'string' ? child.label : '' })),
  );
}

export function firstEmbed(message: SentMessage): APIEmbed {
  const embed = message.embeds?.[0];
  if (!embed) throw new Error(`the message has no embed: ${JSON.stringify(message)}`);
  return embed;
}

/** The embed field called `name`, or undefined. */
export function embedField(embed: APIEmbed, name: string): string | undefined {
  return embed.fields?.find((field) => field.name === name)?.value;
}

/** The text a reader sees, one part a line: content, then each embed's title, description, fields and footer. */
export function messageText(message: SentMessage): string {
  const parts = [message.content ?? ''];
  for (const embed of message.embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
    parts.push(embed.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

export function mentionPolicy(message: SentMessage): MentionPolicy {
  const allowed = message.allowed_mentions;
  if (!allowed) return { everyone: true, users: 'all', roles: 'all', repliedUser: true };
  const parse = allowed.parse ?? [];
  return {
    everyone: parse.includes(AllowedMentionsTypes.Everyone),
    users: parse.includes(AllowedMentionsTypes.User) ? 'all' : [...(allowed.users ?? [])],
    roles: parse.includes(AllowedMentionsTypes.Role) ? 'all' : [...(allowed.roles ?? [])],
    // Discord: with allowed_mentions given, the replied-to author is pinged only if replied_user is true.
    repliedUser: allowed.replied_user ?? false,
  };
}
