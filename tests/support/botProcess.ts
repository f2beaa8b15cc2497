// Starts the real bot (src/main.ts) as a child process against a fake Discord, and stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_TOKEN = 'MTQwMDAwMDAwMDAwMDAwMDAw.GfAkEt.bot-secret-part-never-logged';
export const TOKEN_SECRET = 'bot-secret-part-never-logged';

export interface BotProcess {
  readonly child: ChildProcess;
  readonly knowledgeDir: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A private copy of the knowledge folder, so a test can break it. */
export async function copyKnowledge(from = 'knowledge'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'story-bot-knowledge-'));
  await cp(path.resolve(from), dir, { recursive: true });
  return dir;
}

/** Bots still running: killed when the test process exits, so a test that fails before stopping its bot leaks none. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs the bot as `npm start` does: node with tsx's loader, no tsx CLI in between (whose signal relay kills a
 * child that doesn't acknowledge SIGTERM within 30 ms, as a bot busy answering may not).
 */
export function startBotProcess(env: Record<string, string>, script = 'src/main.ts'): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, LOG_LEVEL: 'info', QUESTION_COOLDOWN_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    knowledgeDir: env.KNOWLEDGE_DIR ?? '',
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
