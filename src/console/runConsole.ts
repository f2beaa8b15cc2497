// The local console: the same commands as the bot, in a terminal or over a pipe.
import { createInterface } from 'node:readline';
import type { KnowledgeStore } from '../knowledge/knowledgeStore.js';
import type { Logger } from '../logger.js';
import { renderText } from './renderText.js';
import { consoleHelp, parseConsoleLine } from './consoleCommands.js';

export interface ConsoleIO {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
}

export async function runLine(line: string, store: KnowledgeStore): Promise<string> {
  const parsed = parseConsoleLine(line);
  if ('unknown' in parsed) return `There is no /${parsed.unknown} command.\n${consoleHelp()}`;
  // The console's user runs the bot locally, so they may use the moderators' commands.
  const reply = await parsed.command.run(parsed.options, { store, isModerator: true });
  return renderText(reply);
}

/** Answers line by line until "/quit" or the end of input. */
export async function runConsole(store: KnowledgeStore, io: ConsoleIO, log: Logger): Promise<void> {
  const rl = createInterface({
    input: io.input,
    output: io.interactive ? io.output : undefined,
    terminal: io.interactive,
    crlfDelay: Infinity,
  });
  const write = (text: string) => io.output.write(text + '\n');
  if (io.interactive) {
    write(`Story: ${store.current.knowledge.story.title}`);
    write(consoleHelp());
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim() === '/quit' || line.trim() === '/exit') break;
    if (line.trim().length > 0) {
      try {
        write(await runLine(line, store));
      } catch (error) {
        log.error({ err: error }, 'console command failed');
        write('Something went wrong with that; it has been logged.');
      }
    }
    if (io.interactive) rl.prompt();
  }
  rl.close();
}
