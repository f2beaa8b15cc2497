// Messages: "@bot question" anywhere the bot can read, any message in a DM to the bot, and, in
// ANSWER_CHANNEL_IDS, confident answers to questions.
import type { Message } from 'discord.js';
import { askQuestion, recordAsked, withFeedback } from '../commands/ask.js';
import { conversationOf } from '../commands/conversationMemory.js';
import type { ChannelKind } from '../record/questionRecord.js';
import type { BotDependencies } from './interactionHandler.js';
import { renderDiscord } from './renderDiscord.js';

export interface MessageDependencies extends BotDependencies {
  readonly answerChannelIds: readonly string[];
}

/** The message text without mentions of the bot: what the user is asking. */
export function questionFromMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A message in an answer channel that looks like a question (ends with "?" or starts with a question word). */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim().toLowerCase();
  return (
    t.endsWith('?') ||
    /^(who|what|whats|what's|when|where|why|how|which|is|are|was|were|did|does|do|can|could|will|would|has|have)\b/.test(t)
  );
}

/** How a message reached the bot, or null when it is not for the bot. */
function channelKindOf(message: Message, botId: string, answerChannelIds: readonly string[]): ChannelKind | null {
  // A DM is a conversation with the bot: every message in it is for the bot, mention or not.
  if (message.guildId === null) return 'dm';
  // An explicit mention asks the bot, whatever else the message pings (@everyone included).
  if (message.mentions.users.has(botId)) return 'mention';
  return answerChannelIds.includes(message.channelId) ? 'channel' : null;
}

export async function handleMessage(message: Message, deps: MessageDependencies): Promise<void> {
  if (message.author.bot || message.system) return;
  const botId = message.client.user.id;
  const channelKind = channelKindOf(message, botId, deps.answerChannelIds);
  if (!channelKind) return;
  // Spoken to directly (a mention or a DM), the bot always replies; in an answer channel only when sure.
  const addressed = channelKind !== 'channel';

  const question = addressed ? questionFromMention(message.content, botId) : message.content.trim();
  if (!addressed && !looksLikeQuestion(question)) return;
  try {
    if (deps.cooldown.take(message.author.id) > 0) {
      deps.log.debug({ guildId: message.guildId }, 'question ignored: user cooldown');
      return;
    }
    // The whole message goes to the checks: an overlong one is refused with its real length, before any work.
    const conversation = { ...conversationOf(deps.conversations, message.channelId, message.author.id), answeredOnly: !addressed };
    const { reply: plain, result } = askQuestion(question, deps.store.current, {}, conversation);
    // In answer channels the bot speaks only when sure (and records only that).
    if (!addressed && result?.band !== 'answer') return;
    const origin = { channelKind, guildId: message.guildId };
    const reply = result ? withFeedback(plain, result, recordAsked(question, result, deps.record, origin)) : plain;
    const payload = renderDiscord({ ...reply, ephemeral: false }, question ? { asked: question } : {});
    const { flags: _none, ...options } = payload;
    await message.reply(options);
    deps.log.debug({ guildId: message.guildId, mode: channelKind, band: result?.band ?? reply.kind }, 'message answered');
  } catch (error) {
    deps.log.error({ err: error, guildId: message.guildId, channelId: message.channelId }, 'message reply failed');
  }
}
