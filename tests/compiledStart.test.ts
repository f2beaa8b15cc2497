// The production start: `npm start` runs the compiled JavaScript of dist/ (built by `npm ci`'s prepare, or by the
// start itself when the sources are newer), answers the console's piped questions, and keeps the built index so
// that the next start of the same files loads it instead of indexing again.
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killRunningProcesses, ROOT, runProcess } from './support/runProcess.js';

const TEST_TIMEOUT_MS = 120_000;

afterEach(killRunningProcesses);

function start(knowledgeDir: string, input: string) {
  return runProcess(process.execPath, [path.join(ROOT, 'scripts', 'run.mjs'), 'main'], {
    input,
    env: { KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: 'info', DATA_DIR: path.join(knowledgeDir, 'data'), DISCORD_TOKEN: '' },
  });
}

describe('npm start (compiled)', () => {
  let knowledgeDir: string;

  beforeAll(async () => {
    knowledgeDir = await mkdtemp(path.join(tmpdir(), 'story-bot-compiled-'));
    await cp(path.join(ROOT, 'tests', 'fixtures', 'second-story'), knowledgeDir, { recursive: true });
    // Files no earlier run indexed (the index kept is found by the files' text, wherever they are).
    await appendFile(path.join(knowledgeDir, 'story.yaml'), `# test run ${randomUUID()}\n`);
  }, TEST_TIMEOUT_MS);

  it(
    'answers from dist/, then loads the kept index on the next start of the same files',
    async () => {
      const first = await start(knowledgeDir, 'how many books were damaged?\n');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('12,000');
      expect(first.stderr).toMatch(/"indexedBy":"this thread".*knowledge loaded/);

      const second = await start(knowledgeDir, 'how many books were damaged?\n');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toMatch(/"indexedBy":"cache".*knowledge loaded/);
    },
    TEST_TIMEOUT_MS,
  );
});
