// `npm run knowledge:suggest`: the top unanswered questions as alternates, under the entry each came closest to.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { SqliteQuestionRecord } from '../src/record/sqliteQuestionRecord.js';
import { killRunningProcesses, runProcess, TSX } from './support/runProcess.js';

afterEach(killRunningProcesses);

const suggest = (dataDir: string) =>
  runProcess(TSX, ['src/cli/suggestAlternatesCli.ts'], { env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });

describe('knowledge:suggest', () => {
  it('prints the most asked unanswered questions as alternates under their closest entry', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'story-bot-suggest-'));
    const record = SqliteQuestionRecord.open(dir, createLogger('silent'));
    const declined = (question: string, entryId: string | null) =>
      record.recordQuestion({
        guildId: null,
        channelKind: 'slash',
        question,
        normalised: question,
        outcome: 'declined',
        entryId,
        paragraph: null,
        score: 0.3,
      });
    declined('who took out the general', 'who-was-killed');
    declined('who took out the general', 'who-was-killed');
    declined('what is the capital of peru', null);
    await record.close();
    const { code, stdout } = await suggest(dir);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const entry = lines.findIndex((l) => l.startsWith('# entry who-was-killed: "Who was killed?"'));
    expect(entry).toBeGreaterThanOrEqual(0);
    expect(lines[entry + 1]).toBe('    alternates:');
    expect(lines[entry + 2]).toMatch(/^ {6}- who took out the general {4}# asked 2x, best match 30%$/);
    expect(stdout).toContain('# no close entry');
    expect(stdout).toContain('- what is the capital of peru');
  }, 60_000);

  it('says so when nothing went unanswered', async () => {
    const { code, stdout } = await suggest(mkdtempSync(path.join(tmpdir(), 'story-bot-suggest-empty-')));
    expect(code).toBe(0);
    expect(stdout).toMatch(/No declined or low-confidence questions in the last 30 days/);
  }, 60_000);
});
