// The local console: the same commands as the bot, in a terminal or over a pipe.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { QuestionRecord } from '../record/questionRecord.js';
import type { KnowledgeStore } from '../store/knowledgeStore.js';
import type { Logger } from '../logger.js';
import { renderText } from './renderText.js';
import { ConversationMemory } from '../commands/conversationMemory.js';
import { consoleHelp, parseConsoleLine } from './consoleCommands.js';

export interface ConsoleIO {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
}

const CONSOLE_ORIGIN = { channelKind: 'console' as const, guildId: null };

/** The console's one asker: follow-ups lean on the last question typed in this console session. */
const CONSOLE_ASKER = 'console';

export async function runLine(
  line: string,
  store: KnowledgeStore,
  record?: QuestionRecord,
  memory: ConversationMemory = new ConversationMemory(),
): Promise<string> {
  const parsed = parseConsoleLine(line);
  if ('unknown' in parsed) return `There is no /${parsed.unknown} command.\n${consoleHelp()}`;
  // The console's user runs the bot locally, so they may use the moderators' commands.
  const conversation = { memory, asker: CONSOLE_ASKER };
  const reply = await parsed.command.run(parsed.options, { store, isModerator: true, record, origin: CONSOLE_ORIGIN, conversation });
  const text = renderText(reply);
  if (!reply.image) return text;
  // A terminal can't show the chart: it is saved next to the question record.
  const dir = record?.directory ?? tmpdir();
  const file = path.join(dir, reply.image.name);
  await writeFile(file, reply.image.png);
  return `${text}\nChart saved to ${file}`;
}

/** Answers line by line until "/quit" or the end of input. */
export async function runConsole(store: KnowledgeStore, record: QuestionRecord | undefined, io: ConsoleIO, log: Logger): Promise<void> {
  const rl = createInterface({
    input: io.input,
    output: io.interactive ? io.output : undefined,
    terminal: io.interactive,
    crlfDelay: Infinity,
  });
  const write = (text: string) => io.output.write(text + '\n');
  const memory = new ConversationMemory();
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
        write(await runLine(line, store, record, memory));
      } catch (error) {
        log.error({ err: error }, 'console command failed');
        write('Something went wrong with that; it has been logged.');
      }
    }
    if (io.interactive) rl.prompt();
  }
  rl.close();
}
