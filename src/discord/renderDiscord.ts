// Reply → Discord message payload: one embed within Discord's limits, buttons, and mentions locked down.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import { LIMITS, truncate } from '../commands/limits.js';
import type { Reply, ReplyKind } from '../commands/reply.js';
import { escapeMarkdown } from './escapeMarkdown.js';

/** Custom ids of our buttons: "ask:<entry id>" answers that entry; "fb:<question id>:1|0" votes on an answer. */
export const ASK_BUTTON_PREFIX = 'ask:';
export const FEEDBACK_BUTTON_PREFIX = 'fb:';

export function feedbackButtonId(questionId: number, helpful: boolean): string {
  return `${FEEDBACK_BUTTON_PREFIX}${questionId}:${helpful ? 1 : 0}`;
}

export function parseFeedbackButtonId(customId: string): { questionId: number; helpful: boolean } | null {
  const match = /^fb:(\d+):([01])$/.exec(customId);
  return match ? { questionId: Number(match[1]), helpful: match[2] === '1' } : null;
}

const COLOURS: Record<ReplyKind, number> = {
  answer: 0x2b6cb0,
  suggest: 0xd69e2e,
  decline: 0x718096,
  chat: 0x38a169,
  info: 0x2b6cb0,
  error: 0xc53030,
  notice: 0xd69e2e,
};

export interface DiscordPayload {
  content?: string;
  files?: Array<{ attachment: Buffer; name: string }>;
  embeds: EmbedBuilder[];
  components: Array<ActionRowBuilder<MessageActionRowComponentBuilder>>;
  allowedMentions: { parse: []; users?: string[]; repliedUser?: boolean };
  flags?: MessageFlags.Ephemeral;
}

/** Our footers are one line; a small cap keeps title + description + footer under the 6000 total. */
const FOOTER_MAX = 300;

/** Escapes markdown in at most `max` characters (escaping a huge text first would be slow and wasted). */
function escaped(text: string, max: number): string {
  return truncate(escapeMarkdown(truncate(text, max)), max);
}

/** Block-quotes text line by line (a quote may span lines in a long paragraph). */
function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function contextField(reply: Reply): string | null {
  const c = reply.context;
  if (!c?.quote || (!c.before && !c.after)) return null;
  // The quote in bold inside its sentences; the surrounding text is shortened first when too long.
  const quote = `**${escaped(c.quote, LIMITS.embedFieldValue / 2)}**`;
  const room = Math.max(0, LIMITS.embedFieldValue - quote.length - 8);
  const before = escapeMarkdown(c.before.trim().slice(-room));
  const after = escaped(c.after.trim(), room);
  const half = Math.floor(room / 2);
  const beforeText = before.length > half ? '…' + before.slice(before.length - half + 1) : before;
  const afterText = truncate(after, room - beforeText.length);
  return truncate([beforeText, quote, afterText].filter(Boolean).join(' '), LIMITS.embedFieldValue);
}

function description(reply: Reply): string {
  const parts = [escapeMarkdown(reply.text)];
  if (reply.quote) parts.push(blockQuote(escapeMarkdown(reply.quote)));
  if (reply.kind === 'decline' && reply.suggestions?.length)
    parts.push(reply.suggestions.map((s) => `• ${escapeMarkdown(s.question)}`).join('\n'));
  return truncate(parts.join('\n\n'), LIMITS.embedDescription);
}

function feedbackRow(questionId: number): ActionRowBuilder<MessageActionRowComponentBuilder> {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder().setCustomId(feedbackButtonId(questionId, true)).setLabel('Helpful').setEmoji('👍').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder()
      .setCustomId(feedbackButtonId(questionId, false))
      .setLabel('Not helpful')
      .setEmoji('👎')
      .setStyle(ButtonStyle.Secondary),
  );
}

function buttons(reply: Reply): Array<ActionRowBuilder<MessageActionRowComponentBuilder>> {
  if (reply.feedbackId !== undefined) return [feedbackRow(reply.feedbackId)];
  const suggestions = (reply.suggestions ?? []).filter((s) => s.entryId).slice(0, LIMITS.buttonsPerRow);
  if (suggestions.length === 0) return [];
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>();
  for (const s of suggestions) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(truncate(ASK_BUTTON_PREFIX + s.entryId, LIMITS.customId))
        .setLabel(truncate(s.question, LIMITS.buttonLabel))
        .setStyle(ButtonStyle.Secondary),
    );
  }
  return [row];
}

/** Keeps the whole embed under Discord's 6000-character total by shortening fields from the last. */
function fitTotal(embed: EmbedBuilder): void {
  const data = embed.data;
  const total = () =>
    (data.title?.length ?? 0) +
    (data.description?.length ?? 0) +
    (data.footer?.text.length ?? 0) +
    (data.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (total() > LIMITS.embedTotal && data.fields && data.fields.length > 0) {
    const last = data.fields[data.fields.length - 1]!;
    const excess = total() - LIMITS.embedTotal;
    if (last.value.length - excess >= 20) last.value = truncate(last.value, last.value.length - excess);
    else data.fields.pop();
  }
}

export function renderDiscord(reply: Reply, options: { asked?: string } = {}): DiscordPayload {
  const embed = new EmbedBuilder().setColor(COLOURS[reply.kind]).setDescription(description(reply));
  const title = reply.title ?? (options.asked ? `❓ ${options.asked.replace(/\s+/g, ' ')}` : undefined);
  if (title) embed.setTitle(escaped(title, LIMITS.embedTitle));
  const fields = (reply.fields ?? [])
    .slice(0, LIMITS.embedFields)
    .map((f) => ({ name: escaped(f.name, LIMITS.embedFieldName), value: escaped(f.value, LIMITS.embedFieldValue) }));
  const context = contextField(reply);
  if (context) fields.push({ name: 'In context', value: context });
  if (fields.length > 0) {
    embed.addFields(
      fields.slice(0, LIMITS.embedFields).map((f) => ({
        name: truncate(f.name, LIMITS.embedFieldName),
        value: truncate(f.value || '-', LIMITS.embedFieldValue),
      })),
    );
  }
  if (reply.footer) embed.setFooter({ text: truncate(reply.footer, FOOTER_MAX) });
  if (reply.image) embed.setImage(`attachment://${reply.image.name}`);
  fitTotal(embed);

  const mention = reply.mentionUserId;
  return {
    ...(mention ? { content: `<@${mention}>` } : {}),
    ...(reply.image ? { files: [{ attachment: reply.image.png, name: reply.image.name }] } : {}),
    embeds: [embed],
    components: buttons(reply),
    // Nothing pings, except the one user an /ask was addressed to.
    allowedMentions: mention ? { parse: [], users: [mention], repliedUser: false } : { parse: [], repliedUser: false },
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
