// Runs a command to completion with piped stdin, collecting its output; every child is killed (with
// anything it started: tsx runs node as a child) if a test ends first.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
/** A safety net for a hung child on a slow 2-core machine, not a speed assertion. */
export const PROCESS_TIMEOUT_MS = 60_000;

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** For afterEach: no child outlives its test. */
export function killRunningProcesses(): void {
  for (const child of running) killGroup(child);
  running.clear();
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so killGroup reaches the node that tsx starts.
      detached: true,
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killGroup(child);
      reject(
        new Error(`${command} ${args.join(' ')} did not finish within ${PROCESS_TIMEOUT_MS} ms; stdout:\n${stdout}\nstderr:\n${stderr}`),
      );
    }, PROCESS_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
    // The child may exit before reading everything (a broken knowledge folder): ignore EPIPE.
    child.stdin.on('error', () => {
      // EPIPE: nothing more to write.
    });
    child.stdin.end(options.input ?? '');
  });
}
