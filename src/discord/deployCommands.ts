// Registers the slash commands with Discord: globally, or to one guild (instant, for development).
import { REST, Routes, type APIApplication } from 'discord.js';
import { COMMANDS } from '../commands/commands.js';
import { commandData } from './commandData.js';

export interface DeployOptions {
  readonly token: string;
  readonly clientId?: string | undefined;
  readonly guildId?: string | undefined;
  readonly apiBase?: string | undefined;
}

export async function deployCommands(options: DeployOptions): Promise<{ count: number; scope: string }> {
  const rest = new REST(options.apiBase ? { api: options.apiBase } : {}).setToken(options.token);
  // Without DISCORD_CLIENT_ID the application is looked up with the bot's own token.
  const clientId = options.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const body = COMMANDS.map(commandData);
  const route = options.guildId ? Routes.applicationGuildCommands(clientId, options.guildId) : Routes.applicationCommands(clientId);
  await rest.put(route, { body });
  return { count: body.length, scope: options.guildId ? `guild ${options.guildId}` : 'global (may take up to an hour to appear)' };
}
