// Slash commands, autocomplete and buttons → the shared command handlers → rendered replies.
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type CommandInteractionOption,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
} from 'discord.js';
import { chosenSuggestion } from '../commands/chosenSuggestion.js';
import { findCommand } from '../commands/commands.js';
import { SUBCOMMAND, type CommandContext, type OptionValues } from '../commands/commandDefinition.js';
import { LIMITS, truncate } from '../commands/limits.js';
import type { Reply } from '../commands/reply.js';
import type { KnowledgeStore } from '../store/knowledgeStore.js';
import type { Logger } from '../logger.js';
import { isModerator } from './moderators.js';
import type { QuestionCooldown } from './questionCooldown.js';
import { conversationOf, type ConversationMemory } from '../commands/conversationMemory.js';
import { ASK_BUTTON_PREFIX, parseFeedbackButtonId, renderDiscord } from './renderDiscord.js';
import type { QuestionRecord, VoteOutcome } from '../record/questionRecord.js';

export interface BotDependencies {
  readonly store: KnowledgeStore;
  readonly record: QuestionRecord;
  readonly log: Logger;
  readonly cooldown: QuestionCooldown;
  /** Each asker's last question, for follow-ups. */
  readonly conversations: ConversationMemory;
  readonly modRoleIds: readonly string[];
  /** Sharded: reloads every shard (see reloadAcrossShards.ts); absent in a single process. */
  readonly reloadAll?: CommandContext['reloadAll'];
}

const SOMETHING_WENT_WRONG: Reply = {
  kind: 'error',
  text: 'Something went wrong while answering; it has been logged. Please try again.',
  ephemeral: true,
};

/** Option name → value; a subcommand's name under SUBCOMMAND and its options alongside. */
function optionValues(interaction: ChatInputCommandInteraction): OptionValues {
  const values: Record<string, string | number | boolean> = {};
  const collect = (options: readonly CommandInteractionOption[]) => {
    for (const option of options) {
      if (option.type === ApplicationCommandOptionType.Subcommand) {
        values[SUBCOMMAND] = option.name;
        collect(option.options ?? []);
      } else if (option.value !== undefined) values[option.name] = option.value;
      else if (option.user) values[option.name] = option.user.id;
    }
  };
  collect(interaction.options.data);
  return values;
}

/** A short private note to whoever used the command or button. */
async function replyPrivately(interaction: ChatInputCommandInteraction | ButtonInteraction, text: string): Promise<void> {
  await interaction.reply(renderDiscord({ kind: 'notice', text, ephemeral: true }) as InteractionReplyOptions);
}

async function runCommand(interaction: ChatInputCommandInteraction, deps: BotDependencies): Promise<void> {
  const command = findCommand(interaction.commandName);
  if (!command) {
    await replyPrivately(interaction, 'I don’t know that command any more; ask a moderator to redeploy the commands.');
    return;
  }
  if (command.rateLimited) {
    const wait = deps.cooldown.take(interaction.user.id);
    if (wait > 0) {
      await replyPrivately(interaction, `You’re asking quickly; try again in ${wait} s.`);
      return;
    }
  }
  const options = optionValues(interaction);
  const moderator = isModerator(interaction, deps.modRoleIds);
  const context = {
    store: deps.store,
    isModerator: moderator,
    record: deps.record,
    origin: { channelKind: 'slash' as const, guildId: interaction.guildId },
    conversation: conversationOf(deps.conversations, interaction.channelId, interaction.user.id),
    reloadAll: deps.reloadAll,
  };
  let reply: Reply;
  if (command.answersLater) {
    // Acknowledged first, so Discord's 3-second deadline is never missed however long the command takes.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    reply = await command.run(options, context);
    const { flags: _ephemeralAlreadySet, ...payload } = renderDiscord(reply);
    await interaction.editReply(payload);
  } else {
    reply = await command.run(options, context);
    const question = command.questionOption ? options[command.questionOption] : undefined;
    const asked = typeof question === 'string' && reply.kind !== 'notice' ? question : undefined;
    await interaction.reply(renderDiscord(reply, asked ? { asked } : {}) as InteractionReplyOptions);
  }
  if (command.moderatorOnly) {
    deps.log.info({ command: command.name, guildId: interaction.guildId, moderator, kind: reply.kind }, 'moderator command');
  }
}

async function runAutocomplete(interaction: AutocompleteInteraction, deps: BotDependencies): Promise<void> {
  const command = findCommand(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const choices = command?.autocomplete?.(focused.name, focused.value, deps.store.current) ?? [];
  await interaction.respond(
    choices.slice(0, LIMITS.autocompleteChoices).map((c) => ({
      name: truncate(c.name, LIMITS.autocompleteChoiceLength),
      value: truncate(c.value, LIMITS.autocompleteChoiceLength),
    })),
  );
}

const VOTE_REPLIES: Record<VoteOutcome, string> = {
  recorded: 'Thanks, your feedback helps the moderators improve the answers.',
  changed: 'Thanks, your vote was changed (one vote per person per answer).',
  'unknown-question': 'That answer is no longer in the record, so the vote was not kept.',
  unavailable: 'Thanks! Feedback can’t be saved right now, but the bot keeps answering.',
};

async function runFeedback(
  interaction: ButtonInteraction,
  deps: BotDependencies,
  vote: { questionId: number; helpful: boolean },
): Promise<void> {
  const outcome = await deps.record.vote(vote.questionId, interaction.user.id, vote.helpful);
  await replyPrivately(interaction, VOTE_REPLIES[outcome]);
}

async function runButton(interaction: ButtonInteraction, deps: BotDependencies): Promise<void> {
  const vote = parseFeedbackButtonId(interaction.customId);
  if (vote) return runFeedback(interaction, deps, vote);
  if (!interaction.customId.startsWith(ASK_BUTTON_PREFIX)) return;
  const reply = chosenSuggestion(interaction.customId.slice(ASK_BUTTON_PREFIX.length), {
    store: deps.store,
    record: deps.record,
    origin: { channelKind: 'slash', guildId: interaction.guildId },
    conversation: conversationOf(deps.conversations, interaction.channelId, interaction.user.id),
  });
  // The "did you mean" message becomes the answer, visible to whoever could see the question.
  const { flags: _keepVisibility, ...payload } = renderDiscord(reply);
  await interaction.update(payload);
}

/** Every interaction gets an answer: a failure is logged and the user told, and never stops the process. */
export async function handleInteraction(interaction: Interaction, deps: BotDependencies): Promise<void> {
  const started = performance.now();
  try {
    if (interaction.isChatInputCommand()) await runCommand(interaction, deps);
    else if (interaction.isAutocomplete()) await runAutocomplete(interaction, deps);
    else if (interaction.isButton()) await runButton(interaction, deps);
    deps.log.debug(
      { type: interaction.type, guildId: interaction.guildId, ms: Math.round(performance.now() - started) },
      'interaction handled',
    );
  } catch (error) {
    deps.log.error(
      {
        err: error,
        type: interaction.type,
        guildId: interaction.guildId,
        command: 'commandName' in interaction ? interaction.commandName : undefined,
      },
      'interaction failed',
    );
    await tellSomethingWentWrong(interaction, deps.log);
  }
}

async function tellSomethingWentWrong(interaction: Interaction, log: Logger): Promise<void> {
  if (!interaction.isRepliable()) return;
  try {
    const payload = renderDiscord(SOMETHING_WENT_WRONG) as InteractionReplyOptions;
    if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (error) {
    log.warn({ err: error }, 'could not tell the user about the failure');
  }
}
