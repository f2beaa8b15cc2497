// Messages: "@bot question" anywhere the bot can read, and, in ANSWER_CHANNEL_IDS, confident answers to questions.
import type { Message } from 'discord.js';
import { askQuestion, recordAsked, withFeedback } from '../commands/ask.js';
import { LIMITS } from '../commands/limits.js';
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

export async function handleMessage(message: Message, deps: MessageDependencies): Promise<void> {
  if (message.author.bot || message.system || !message.client.user) return;
  const botId = message.client.user.id;
  const mentioned = message.mentions.users.has(botId) && !message.mentions.everyone;
  const inAnswerChannel = deps.answerChannelIds.includes(message.channelId);
  if (!mentioned && !inAnswerChannel) return;

  const question = mentioned ? questionFromMention(message.content, botId) : message.content.trim();
  if (!mentioned && !looksLikeQuestion(question)) return;
  try {
    if (deps.cooldown.take(message.author.id) > 0) {
      deps.log.debug({ guildId: message.guildId }, 'question ignored: user cooldown');
      return;
    }
    const asked = question.slice(0, LIMITS.question * 2);
    const { reply: plain, result } = askQuestion(asked, deps.store.current);
    // In answer channels the bot speaks only when sure (and records only that); a mention always gets a reply.
    if (!mentioned && result?.band !== 'answer') return;
    const origin = { channelKind: mentioned ? ('mention' as const) : ('channel' as const), guildId: message.guildId };
    const reply = result ? withFeedback(plain, result, recordAsked(asked, result, deps.record, origin)) : plain;
    const payload = renderDiscord({ ...reply, ephemeral: false }, question ? { asked: question } : {});
    const { flags: _none, ...options } = payload;
    await message.reply(options);
    deps.log.debug(
      { guildId: message.guildId, mode: mentioned ? 'mention' : 'channel', band: result?.band ?? reply.kind },
      'message answered',
    );
  } catch (error) {
    deps.log.error({ err: error, guildId: message.guildId, channelId: message.channelId }, 'message reply failed');
  }
}
