// Maps a console line to a command and its options: "/quote 3", "/quote nato", plain text = /ask.
import { COMMANDS, findCommand } from '../commands/commands.js';
import type { CommandDefinition, OptionValues } from '../commands/commandDefinition.js';

export interface ParsedLine {
  readonly command: CommandDefinition;
  readonly options: OptionValues;
}

/** Rest-of-line text goes to the command's first string option, a lone number to its first integer option. */
export function parseConsoleLine(line: string): ParsedLine | { readonly unknown: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return { command: findCommand('ask')!, options: { question: trimmed } };
  const [, name = '', rest = ''] = /^\/(\S*)\s*(.*)$/s.exec(trimmed) ?? [];
  const command = findCommand(name.toLowerCase()) ?? (name === 'about' ? findCommand('story') : undefined);
  if (!command) return { unknown: name };
  const text = rest.trim();
  if (text.length === 0) return { command, options: {} };
  const integer = command.options.find((o) => o.type === 'integer');
  if (integer && /^\d+$/.test(text)) return { command, options: { [integer.name]: Number(text) } };
  const string = command.options.find((o) => o.type === 'string');
  return { command, options: string ? { [string.name]: text } : {} };
}

export function consoleHelp(): string {
  return [
    'Type a question, or one of:',
    ...COMMANDS.map((c) => `  /${c.name.padEnd(7)} ${c.description}`),
    '  /quit    leave the console',
  ].join('\n');
}
