/**
 * Proves that without a DISCORD_TOKEN the bot runs as a local console over the same commands: it says so
 * on stderr, answers each piped line (questions and /commands) on stdout, stops at /quit or the end of
 * input with exit code 0, and refuses to start on broken knowledge. Also parseConsoleLine on its own.
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { parseConsoleLine } from '../src/console/consoleCommands.js';
import { runLine } from '../src/console/runConsole.js';
import { KnowledgeStore } from '../src/store/knowledgeStore.js';
import { killRunningProcesses, ROOT, runProcess, TSX } from './support/runProcess.js';

const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const BROKEN_DIR = path.join(ROOT, 'tests', 'fixtures', 'broken', 'quote-not-in-article');
const TEST_TIMEOUT_MS = 90_000;

/** Runs `tsx src/main.ts` with DISCORD_TOKEN empty and `input` piped to stdin. */
function runMain(input: string, env: Record<string, string> = {}) {
  return runProcess(TSX, ['src/main.ts'], { input, env: { KNOWLEDGE_DIR, LOG_LEVEL: 'warn', ...env } });
}

afterEach(killRunningProcesses);

/** Asserts each marker appears in `text` after the previous one, so answers come in input order. */
function expectInOrder(text: string, markers: readonly string[]): void {
  let from = 0;
  for (const marker of markers) {
    const at = text.indexOf(marker, from);
    expect(at, `"${marker}" after offset ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
    from = at + marker.length;
  }
}

describe('npm start without DISCORD_TOKEN (the local console)', () => {
  let store: KnowledgeStore;

  beforeAll(async () => {
    store = await KnowledgeStore.open(KNOWLEDGE_DIR);
  });

  it(
    'says it runs without Discord, answers every piped line in order and exits 0 at the end of input',
    async () => {
      const lines = ['did iraq let nato stay?', '/story', '/quote 4', '/help', '/reload', '/nonsense'];
      const stay = answerQuestion(store.current.index, lines[0]!);
      const { story } = store.current.knowledge;

      const { code, stdout, stderr } = await runMain(lines.join('\n') + '\n');

      expect(code, stderr).toBe(0);
      expect(stderr).toContain('runs without Discord');
      expect(stdout).not.toContain('DISCORD_TOKEN');
      expectInOrder(stdout, [
        // did iraq let nato stay?
        stay.answer!,
        stay.quote!,
        '(Paragraph 1',
        // /story
        `== ${story.title} ==`,
        `Paragraphs: ${story.paragraphs.length}`,
        // /quote 4
        `Paragraph 4 of ${story.paragraphs.length}:`,
        'We will only stay in Iraq as long as we are welcome.',
        // /help
        '== What I can do ==',
        'Moderators:',
        // /reload
        '== Knowledge reloaded ==',
        'Entries: 0 added, 0 removed, 0 changed',
        // /nonsense
        'There is no /nonsense command.',
        '/quit',
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops at /quit and answers nothing after it',
    async () => {
      const { code, stdout } = await runMain('/story\n/quit\nwho took the picture\n');
      expect(code).toBe(0);
      expect(stdout).toContain('== Nato chief: Iraq gives permission for training mission ==');
      expect(stdout).not.toContain('EPA/Stephanie Lecocq');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads a follow-up with the question typed before it, as the bot does',
    async () => {
      const { code, stdout } = await runMain('when?\nwho killed suleimani\nwhen?\n');
      expect(code).toBe(0);
      const when = answerQuestion(store.current.index, 'when was suleimani killed');
      // Alone, "when?" is declined; after the question about Suleimani it is answered, and says how it was read.
      expectInOrder(stdout, ['doesn’t say that', 'The story doesn', when.quote!, 'read with your last question']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'skips blank lines and exits 0 on empty input',
    async () => {
      const blank = await runMain('\n   \n\n');
      expect(blank.code).toBe(0);
      expect(blank.stdout).toBe('');
      const empty = await runMain('');
      expect(empty.code).toBe(0);
      expect(empty.stdout).toBe('');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses to start on a broken knowledge folder, naming the problem on stderr',
    async () => {
      const { code, stdout, stderr } = await runMain('who is the nato chief\n', { KNOWLEDGE_DIR: BROKEN_DIR });
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('Not starting:');
      expect(stderr).toContain('(entry "ferry-frequency")');
    },
    TEST_TIMEOUT_MS,
  );

  it('runLine answers a line in-process the same way', async () => {
    expect(await runLine('/quote 99', store)).toBe(`The story has paragraphs 1 to ${store.current.knowledge.story.paragraphs.length}.`);
    expect(await runLine('/nonsense', store)).toMatch(/^There is no \/nonsense command\.\nType a question, or one of:/);
  });
});

describe('parseConsoleLine', () => {
  const parsed = (line: string) => {
    const result = parseConsoleLine(line);
    return 'unknown' in result ? { unknown: result.unknown } : { command: result.command.name, options: result.options };
  };

  it.each([
    ['plain text is a question', 'did iraq let nato stay?', { command: 'ask', options: { question: 'did iraq let nato stay?' } }],
    ['surrounding white space is trimmed', '   who took the picture  ', { command: 'ask', options: { question: 'who took the picture' } }],
    ['/ask takes the rest of the line', '/ask who is the nato chief', { command: 'ask', options: { question: 'who is the nato chief' } }],
    ['a lone number goes to the integer option', '/quote 4', { command: 'quote', options: { paragraph: 4 } }],
    ['text goes to the first string option', '/quote three more bases', { command: 'quote', options: { about: 'three more bases' } }],
    ['a number with more text is text', '/quote 4 bases', { command: 'quote', options: { about: '4 bases' } }],
    ['command names are case-insensitive', '/QUOTE 4', { command: 'quote', options: { paragraph: 4 } }],
    ['a command without options', '/story', { command: 'story', options: {} }],
    ['/about is /story', '/about', { command: 'story', options: {} }],
    ['extra text for a command without a string option is dropped', '/help me please', { command: 'help', options: {} }],
    ['/reload', '/reload', { command: 'reload', options: {} }],
    ['an unknown command is named', '/nonsense', { unknown: 'nonsense' }],
    ['a bare slash is an unknown command', '/', { unknown: '' }],
  ])('%s: %j', (_why, line, expected) => {
    expect(parsed(line)).toEqual(expected);
  });
});
