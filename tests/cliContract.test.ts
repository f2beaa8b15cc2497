/**
 * Proves the command-line contract scripts and moderators rely on: `ask --json` writes exactly one JSON
 * line per input line, in order, and nothing else on stdout, whatever the line holds (empty, 10,000
 * characters, emoji, other scripts, CRLF); the readable mode prints the quote; a broken knowledge folder
 * exits non-zero with the problem on stderr; `npm run knowledge:check` passes on the real folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { killRunningProcesses, ROOT, runProcess, TSX } from './support/runProcess.js';

const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const BROKEN_DIR = path.join(ROOT, 'tests', 'fixtures', 'broken', 'quote-not-in-article');
const SECOND_STORY_DIR = path.join(ROOT, 'tests', 'fixtures', 'second-story');
const TEST_TIMEOUT_MS = 90_000;

/** Runs a command with the real knowledge folder unless the test names another. */
const run = (command: string, args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  runProcess(command, args, { ...options, env: { KNOWLEDGE_DIR, ...options.env } });

const ask = (args: readonly string[], options?: { input?: string; env?: Record<string, string> }) =>
  run(TSX, ['src/cli/askCli.ts', ...args], options);

afterEach(killRunningProcesses);

/** The stable JSON fields of one answer line. */
interface AskJsonLine {
  readonly question: string;
  readonly answered: boolean;
  readonly answer: string | null;
  readonly quote: string | null;
  readonly context: string | null;
  readonly paragraph: number | null;
  readonly score: number;
  readonly source: 'qa' | 'passage' | 'chat' | null;
  readonly suggestions: readonly string[];
}

function parseJsonLines(stdout: string): AskJsonLine[] {
  expect(stdout.endsWith('\n'), 'stdout ends with a newline').toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as AskJsonLine);
}

function expectContractShape(line: AskJsonLine): void {
  expect(typeof line.question).toBe('string');
  expect(typeof line.answered).toBe('boolean');
  for (const field of ['answer', 'quote', 'context'] as const)
    expect([null, 'string']).toContain(line[field] === null ? null : typeof line[field]);
  expect(line.paragraph === null || Number.isInteger(line.paragraph)).toBe(true);
  expect(typeof line.score).toBe('number');
  expect([null, 'qa', 'passage', 'chat']).toContain(line.source);
  expect(Array.isArray(line.suggestions)).toBe(true);
  for (const s of line.suggestions) expect(typeof s).toBe('string');
  if (line.answered) {
    expect(typeof line.quote).toBe('string');
    expect(line.context).toContain(line.quote);
  } else {
    expect(line.quote).toBeNull();
  }
}

let snapshot: KnowledgeSnapshot;

beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(KNOWLEDGE_DIR)).current;
});

describe('ask --json', () => {
  const LONG_LINE = ('who took the photo ' + 'and what else happened in the story '.repeat(400)).slice(0, 10_000);
  const INPUT_LINES = [
    'did iraq let nato stay?',
    '',
    LONG_LINE,
    'who is 🙂 ｓｔｏｌｔｅｎｂｅｒｇ?',
    '🙂🙂🙂',
    'Qu’est-ce que l’OTAN ? 日本語のニュース ñandú',
    'how do i get the mod role',
    '{"not": "json to me"}\t\\ and "quotes"',
  ];

  it(
    'writes exactly one JSON line per input line, in order, with the contract fields and nothing else',
    async () => {
      expect(LONG_LINE).toHaveLength(10_000);
      const { code, stdout, stderr } = await ask(['--json'], { input: INPUT_LINES.join('\n') + '\n' });

      expect(code, stderr).toBe(0);
      const lines = parseJsonLines(stdout);
      expect(lines.map((l) => l.question)).toEqual(INPUT_LINES);
      for (const line of lines) {
        expectContractShape(line);
        expect(Object.keys(line)).toEqual(
          expect.arrayContaining(['question', 'answered', 'answer', 'quote', 'context', 'paragraph', 'score', 'source', 'suggestions']),
        );
      }
      const [stay, empty, , emoji, emojiOnly] = lines;
      expect(stay).toMatchObject({ answered: true, paragraph: 1, source: 'qa' });
      expect(stay!.quote).toContain('granted Nato permission');
      expect(empty).toMatchObject({ answered: false, quote: null, suggestions: [] });
      expect(emoji!.answered).toBe(true);
      expect(emoji!.quote).toContain('Stoltenberg');
      expect(emojiOnly).toMatchObject({ answered: false, quote: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers each line exactly as the engine does in-process',
    async () => {
      const questions = ['who took the picture', 'where did the ministers meet', 'welcome to the server', 'who killed suleimani?'];
      const { code, stdout, stderr } = await ask(['--json'], { input: questions.join('\n') + '\n' });
      expect(code, stderr).toBe(0);
      const lines = parseJsonLines(stdout);
      lines.forEach((line, i) => {
        const result = answerQuestion(snapshot.index, questions[i]!);
        expect(line).toMatchObject({
          question: questions[i],
          answered: result.answered,
          answer: result.answer,
          quote: result.quote,
          context: result.context,
          paragraph: result.paragraph,
          score: result.score,
          source: result.source,
          suggestions: result.suggestions.map((s) => s.question),
          reason: result.reason,
        });
      });
      // A question the knowledge lists as not in the story: declined, with the reason.
      expect(lines[3]).toMatchObject({ answered: false, band: 'decline', reason: 'not-in-story', quote: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'treats CRLF line ends as line ends and answers a last line without a newline',
    async () => {
      const { code, stdout } = await ask(['--json'], { input: 'who took the picture\r\n\r\nwhere did the ministers meet' });
      expect(code).toBe(0);
      const lines = parseJsonLines(stdout);
      expect(lines.map((l) => l.question)).toEqual(['who took the picture', '', 'where did the ministers meet']);
      expect(lines[2]).toMatchObject({ answered: true, paragraph: 2 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'writes nothing for empty input',
    async () => {
      const { code, stdout } = await ask(['--json'], { input: '' });
      expect(code).toBe(0);
      expect(stdout).toBe('');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'with a question argument, answers it as one JSON line',
    async () => {
      const { code, stdout } = await ask(['--json', 'who took the picture']);
      expect(code).toBe(0);
      const lines = parseJsonLines(stdout);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ question: 'who took the picture', answered: true, quote: 'EPA/STEPHANIE LECOCQ' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'KNOWLEDGE_DIR selects another story',
    async () => {
      const { code, stdout, stderr } = await ask(['--json'], {
        input: 'When did the library reopen?\n',
        env: { KNOWLEDGE_DIR: SECOND_STORY_DIR },
      });
      expect(code, stderr).toBe(0);
      const [line] = parseJsonLines(stdout);
      expect(line).toMatchObject({ answered: true, paragraph: 1 });
      expect(line!.quote).toContain('Millbrook Public Library reopened on Saturday');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '--knowledge DIR selects another story too',
    async () => {
      const { code, stdout, stderr } = await ask(['--knowledge', SECOND_STORY_DIR, '--json', 'When did the library reopen?']);
      expect(code, stderr).toBe(0);
      expect(parseJsonLines(stdout)[0]).toMatchObject({ answered: true, paragraph: 1 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses an option it does not know, naming it, rather than asking it as part of the question',
    async () => {
      const { code, stdout, stderr } = await ask(['--knowlege', SECOND_STORY_DIR, 'When did the library reopen?']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain("'--knowlege'");
      expect(stderr).toContain('usage: npm run --silent ask');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('ask (readable)', () => {
  it(
    'prints the answer and its verbatim quote',
    async () => {
      const question = 'did iraq let nato stay?';
      const result = answerQuestion(snapshot.index, question);
      const { code, stdout } = await ask([question]);
      expect(code).toBe(0);
      expect(stdout).toContain(result.answer!);
      expect(stdout).toContain(result.quote!);
      expect(stdout).toContain('Paragraph 1');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says honestly when the story does not say',
    async () => {
      const { code, stdout } = await ask(['how do i get the mod role']);
      expect(code).toBe(0);
      expect(stdout).toContain('The story doesn’t say that');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a broken knowledge folder', () => {
  it(
    'ask --json exits non-zero, prints nothing on stdout and the problem (file, line, entry) on stderr',
    async () => {
      const qa = await readFile(path.join(BROKEN_DIR, 'qa.yaml'), 'utf8');
      const line = qa.split('\n').findIndex((l) => l.includes('quote: Additional ferries')) + 1;
      const { code, stdout, stderr } = await ask(['--json'], {
        input: 'how long is the bridge closed?\n',
        env: { KNOWLEDGE_DIR: BROKEN_DIR },
      });

      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${path.join(BROKEN_DIR, 'qa.yaml')}:${line} (entry "ferry-frequency")`);
      expect(stderr).toContain('is not in the article word for word');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a folder that does not exist: exits non-zero and says which file is missing',
    async () => {
      const missing = path.join(ROOT, 'tests', 'fixtures', 'broken', 'no-such-folder');
      const { code, stderr } = await ask(['who is the nato chief'], { env: { KNOWLEDGE_DIR: missing } });
      expect(code).not.toBe(0);
      // Which required file it names depends on which read fails first (see knowledgeValidator.test.ts).
      const named = ['article.txt', 'story.yaml', 'qa.yaml'].filter((f) =>
        stderr.includes(`${path.join(missing, f)}: the file is missing`),
      );
      expect(named.length, stderr).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'npm run knowledge:check exits non-zero with the problem on stderr',
    async () => {
      const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'knowledge:check'], { env: { KNOWLEDGE_DIR: BROKEN_DIR } });
      expect(code).not.toBe(0);
      expect(stdout).not.toContain('is valid');
      expect(stderr).toContain('(entry "ferry-frequency")');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('npm run knowledge:check', () => {
  it(
    'exits 0 on the real knowledge folder and says it is valid',
    async () => {
      const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'knowledge:check']);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain(`Knowledge in ${KNOWLEDGE_DIR} is valid`);
      expect(stdout).not.toContain('Warning');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('npm run eval', () => {
  it(
    'reports each question set named, passes on the dev set, and refuses an unknown option',
    async () => {
      const sets = ['eval/dev-questions.yaml', 'eval/dev-questions-3.yaml'];
      const both = await run(TSX, ['src/cli/evalCli.ts', ...sets]);
      for (const set of sets) expect(both.stdout).toContain(`== ${set}`);
      expect(both.stdout.match(/^Per kind:/gm)).toHaveLength(2);
      expect(both.stdout).toMatch(/^== all 2 sets: answerable \d+\.\d% \(\d+\/\d+\), unanswerable /m);

      const devSet = await run(TSX, ['src/cli/evalCli.ts']);
      expect(devSet.code, devSet.stderr).toBe(0);
      expect(devSet.stdout).toContain(': PASS');

      const unknown = await run(TSX, ['src/cli/evalCli.ts', '--set', 'eval/dev-questions.yaml']);
      expect(unknown.code).toBe(2);
      // Node 20's parseArgs words it "Unknown option '--set'" in later minor versions.
      expect(unknown.stderr).toMatch(/unknown option '?--set/i);
      expect(unknown.stdout).toBe('');
    },
    TEST_TIMEOUT_MS,
  );
});
