// Every command, once: both front ends take them from here.
import { askCommand } from './ask.js';
import type { CommandDefinition } from './commandDefinition.js';
import { helpCommand } from './help.js';
import { kbCommand } from './kb.js';
import { quoteCommand } from './quote.js';
import { reloadCommand } from './reload.js';
import { storyCommand } from './story.js';

export const COMMANDS: readonly CommandDefinition[] = [askCommand, quoteCommand, storyCommand, helpCommand, reloadCommand, kbCommand];

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMANDS.find((c) => c.name === name);
}
