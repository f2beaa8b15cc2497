// Hostile files in the knowledge folder (issue 11, rows 4-6): a huge file, an alias bomb, a named pipe or a
// folder where a file should be. Each is refused at once with the file named and what to do, no file is read
// whole when it is over its limit, and what a reload remembers of parsed files keeps nothing of a refused or removed file.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeProblem, KnowledgeError } from '../src/knowledge/knowledgeError.js';
import { KNOWLEDGE_READ_LIMITS, TimeLimitExceeded, withinTime } from '../src/knowledge/readKnowledgeFile.js';
import { loadKnowledge } from '../src/knowledge/validateKnowledge.js';
import { ParsedYamlMemory } from '../src/knowledge/yamlFile.js';
import { killRunningProcesses, runProcess, TSX } from './support/runProcess.js';
import { ALIAS_BOMB, commentsOf } from './support/hostileFiles.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

let dir: string;
/** What a reloading process remembers of parsed files: each test's loads share one, as a reload worker's do. */
let memory: ParsedYamlMemory;

beforeEach(async () => {
  memory = new ParsedYamlMemory();
  dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-hostile-'));
  await cp(SECOND_STORY_DIR, dir, { recursive: true });
  await mkdir(path.join(dir, 'qa'));
});
afterEach(async () => {
  killRunningProcesses();
  await rm(dir, { recursive: true, force: true });
});

async function refusal(limits = KNOWLEDGE_READ_LIMITS): Promise<KnowledgeError> {
  const error = await loadKnowledge(dir, limits, memory).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KnowledgeError);
  return error as KnowledgeError;
}

describe('size limits per knowledge file', () => {
  it('refuses a 5 MB file in qa/, naming the file, its size and the limit, without keeping its text', async () => {
    await loadKnowledge(dir, undefined, memory);
    const cachedBefore = memory.characters;
    await writeFile(path.join(dir, 'qa', 'big.yaml'), commentsOf(5 * 1024 * 1024));
    const { problems } = await refusal();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(path.join(dir, 'qa', 'big.yaml'));
    expect(describeProblem(problems[0]!)).toMatch(/big\.yaml: the file is 5 MB, more than the 1 MB a knowledge file may hold; split it/);
    expect(memory.characters).toBeLessThanOrEqual(cachedBefore);
  });

  it('refuses an article over its limit', async () => {
    await writeFile(path.join(dir, 'article.txt'), 'Lorem ipsum dolor sit amet.\n'.repeat(60_000));
    const { problems } = await refusal();
    expect(problems.map(describeProblem)).toEqual([
      expect.stringMatching(/article\.txt: the file is 1\.6 MB, more than the 1 MB a knowledge file may hold/),
    ]);
  });

  it('refuses a folder whose files together are over the total limit, naming the folder', async () => {
    for (const name of ['a.yaml', 'b.yaml']) await writeFile(path.join(dir, 'qa', name), commentsOf(6 * 1024));
    // The fixture's own files hold about 8 KB: qa/a.yaml still fits in 16 KB, qa/b.yaml does not.
    const { problems } = await refusal({ ...KNOWLEDGE_READ_LIMITS, totalBytes: 16 * 1024 });
    expect(problems.map(describeProblem)).toEqual([
      `${dir}: the knowledge files hold more than 16 KB together (${path.join('qa', 'b.yaml')} went over); remove files or what is not needed`,
    ]);
  });

  it('forgets the parsed text of a file once it has left the folder or been refused', async () => {
    const extra = path.join(dir, 'qa', 'extra.yaml');
    await writeFile(extra, commentsOf(400 * 1024));
    await loadKnowledge(dir, undefined, memory);
    const withExtra = memory.characters;
    await rm(extra);
    await loadKnowledge(dir, undefined, memory);
    expect(memory.characters).toBeLessThanOrEqual(withExtra - 400 * 1024);

    // Valid, then grown past the limit: the refused reload drops the valid text it had too.
    await writeFile(extra, commentsOf(400 * 1024));
    await loadKnowledge(dir, undefined, memory);
    await writeFile(extra, commentsOf(2 * 1024 * 1024));
    await refusal();
    expect(memory.characters).toBeLessThanOrEqual(withExtra - 400 * 1024);
  });
});

describe('a YAML alias bomb', () => {
  it('is refused like every other knowledge error: file, line, what to do', async () => {
    await writeFile(path.join(dir, 'qa', 'bomb.yaml'), ALIAS_BOMB);
    const { problems } = await refusal();
    expect(problems.map(describeProblem)).toEqual([
      `${path.join(dir, 'qa', 'bomb.yaml')}:2: the YAML aliases (*name) in this file expand to too much data (more than 100 uses); write the values out instead of using anchors and aliases`,
    ]);
  });

  it('stops the start with the file and line, not a stack trace', async () => {
    await writeFile(path.join(dir, 'qa', 'bomb.yaml'), ALIAS_BOMB);
    const { code, stdout, stderr } = await runProcess(TSX, ['src/main.ts'], { env: { KNOWLEDGE_DIR: dir, LOG_LEVEL: 'warn' } });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Not starting: The knowledge files have 1 problem:');
    expect(stderr).toContain(`- ${path.join(dir, 'qa', 'bomb.yaml')}:2: the YAML aliases (*name)`);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('ReferenceError');
  }, 60_000);
});

describe('only regular files are read', () => {
  it('refuses a named pipe called qa/x.yaml at once, naming it', async () => {
    execFileSync('mkfifo', [path.join(dir, 'qa', 'x.yaml')]);
    const { problems } = await refusal();
    expect(problems.map(describeProblem)).toEqual([
      `${path.join(dir, 'qa', 'x.yaml')}: this is a named pipe (FIFO), not a regular file; only regular files are read, so replace it with a plain file or remove it`,
    ]);
    // Nothing is left waiting on the pipe: the next load, without it, works.
    await rm(path.join(dir, 'qa', 'x.yaml'));
    expect((await loadKnowledge(dir)).entries.length).toBeGreaterThan(0);
  }, 10_000);

  it('refuses a folder where a file should be, and a named pipe as the article', async () => {
    await mkdir(path.join(dir, 'qa', 'topic.yaml'));
    await rm(path.join(dir, 'article.txt'));
    execFileSync('mkfifo', [path.join(dir, 'article.txt')]);
    const { problems } = await refusal();
    expect(problems.map(describeProblem)).toEqual([
      `${path.join(dir, 'article.txt')}: this is a named pipe (FIFO), not a regular file; only regular files are read, so replace it with a plain file or remove it`,
      `${path.join(dir, 'qa', 'topic.yaml')}: this is a folder, not a regular file; only regular files are read, so replace it with a plain file or remove it`,
    ]);
  }, 10_000);
});

describe('the time limit on reading a file', () => {
  it('gives up on an open or read that never finishes, and closes what arrives late', async () => {
    // A hung network or FUSE file system can't be made here; the limit every open, stat and read goes through can.
    const never = new Promise<never>(() => undefined);
    await expect(withinTime(never, 20)).rejects.toBeInstanceOf(TimeLimitExceeded);
    const closed: string[] = [];
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('handle'), 40));
    await expect(withinTime(late, 10, (value) => closed.push(value))).rejects.toBeInstanceOf(TimeLimitExceeded);
    await late;
    expect(closed).toEqual(['handle']);
    await expect(withinTime(Promise.resolve('in time'), 1_000)).resolves.toBe('in time');
  });
});
