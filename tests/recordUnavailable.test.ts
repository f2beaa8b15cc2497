// A broken question record never stops the bot: it starts, answers, and /kb says the record is unavailable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../src/record/sqliteQuestionRecord.js';
import { killRunningProcesses, runProcess, TSX } from './support/runProcess.js';

function runConsole(dataDir: string, input: string) {
  return runProcess(TSX, ['src/main.ts'], { input, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
}

afterEach(killRunningProcesses);

describe('with an unusable question record', () => {
  it('a corrupt database file: answers, and /kb says the record is unavailable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'story-bot-corrupt-'));
    writeFileSync(path.join(dir, DATABASE_FILE), Buffer.alloc(4096, 0x5a));
    const { code, stdout, stderr } = await runConsole(dir, 'who is the nato chief?\n/kb unanswered\n/kb stats\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Jens Stoltenberg');
    expect(stdout).toMatch(/question record is unavailable \(the database file is corrupt/);
    expect(stdout).toContain('Paragraphs: 15');
    expect(stderr).toContain('question record unavailable');
  }, 60_000);

  it('a data folder that cannot be created: answers all the same', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'story-bot-nodir-')), 'not-a-folder');
    writeFileSync(file, '');
    const { code, stdout } = await runConsole(path.join(file, 'data'), 'how many more bases?\n/kb feedback\n');
    expect(code).toBe(0);
    expect(stdout).toContain('three more bases');
    expect(stdout).toContain('question record is unavailable');
  }, 60_000);
});
