// Our plain command definitions → Discord application command JSON.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption } from '../commands/commandDefinition.js';

function optionData(option: CommandOption): APIApplicationCommandOption {
  const base = { name: option.name, description: option.description, required: option.required ?? false };
  switch (option.type) {
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        autocomplete: option.autocomplete ?? false,
        ...(option.maxLength !== undefined ? { max_length: option.maxLength } : {}),
      };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
        ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
      };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'user':
      return { ...base, type: ApplicationCommandOptionType.User };
  }
}

// Required options first: Discord rejects a required option after an optional one.
function optionsData(options: readonly CommandOption[]): APIApplicationCommandOption[] {
  return [...options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(optionData);
}

export function commandData(command: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const subcommands = (command.subcommands ?? []).map(
    (sub): APIApplicationCommandOption => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: sub.name,
      description: sub.description,
      options: optionsData(sub.options) as APIApplicationCommandBasicOption[],
    }),
  );
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: command.description,
    options: subcommands.length > 0 ? subcommands : optionsData(command.options),
    // Moderator commands are hidden from members without Manage Server (and still checked when run).
    default_member_permissions: command.moderatorOnly ? PermissionFlagsBits.ManageGuild.toString() : null,
    contexts: command.moderatorOnly ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}
