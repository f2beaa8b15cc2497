// Maps a console line to a command and its options: "/quote 3", "/quote budget", plain text = /ask.
import { COMMANDS, findCommand } from '../commands/commands.js';
import { SUBCOMMAND, type CommandDefinition, type OptionValues } from '../commands/commandDefinition.js';

export interface ParsedLine {
  readonly command: CommandDefinition;
  readonly options: OptionValues;
}

/** Rest-of-line text goes to the first string option, a lone number to the first integer option. */
function parseOptions(options: CommandDefinition['options'], text: string): OptionValues {
  if (text.length === 0) return {};
  const integer = options.find((o) => o.type === 'integer');
  if (integer && /^\d+$/.test(text)) return { [integer.name]: Number(text) };
  const string = options.find((o) => o.type === 'string');
  return string ? { [string.name]: text } : {};
}

/** "/quote 3", "/quote budget", "/kb test who is it", plain text = /ask. */
export function parseConsoleLine(line: string): ParsedLine | { readonly unknown: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return { command: findCommand('ask')!, options: { question: trimmed } };
  const [, name = '', rest = ''] = /^\/(\S*)\s*(.*)$/s.exec(trimmed) ?? [];
  const command = findCommand(name.toLowerCase()) ?? (name === 'about' ? findCommand('story') : undefined);
  if (!command) return { unknown: name };
  const text = rest.trim();
  if (!command.subcommands) return { command, options: parseOptions(command.options, text) };
  const [, subName = '', subRest = ''] = /^(\S*)\s*(.*)$/s.exec(text) ?? [];
  const sub = command.subcommands.find((s) => s.name === subName.toLowerCase());
  if (!sub) return { command, options: {} };
  return { command, options: { [SUBCOMMAND]: sub.name, ...parseOptions(sub.options, subRest.trim()) } };
}

export function consoleHelp(): string {
  return [
    'Type a question, or one of:',
    ...COMMANDS.map(
      (c) => `  /${c.name.padEnd(7)} ${c.description}${c.subcommands ? ` (${c.subcommands.map((s) => s.name).join(', ')})` : ''}`,
    ),
    '  /quit    leave the console',
  ].join('\n');
}
