// Start-up as a newcomer sees it, in separate processes: the compiled bot's console answering one piped
// question, against a plain node script that loads Fuse.js, indexes the paragraphs and answers the same; and
// the peak memory of one `ask --json`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectPath } from '../projectFiles.js';

export interface StartupMeasurement {
  /** Median wall time from spawn to exit after answering one question, ms. */
  readonly engineMs: number;
  readonly plainFuseMs: number;
  /** Peak resident memory of one `ask --json`, MB. */
  readonly askPeakMb: number;
}

/** Printed at exit by every measured process: its peak resident memory (kB). */
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;

interface Run {
  readonly ms: number;
  readonly stdout: string;
  readonly peakKb: number;
}

function run(args: readonly string[], input: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_PEAK, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout, peakKb: Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? 0) });
      else reject(new Error(`${args.join(' ')} exited ${String(code)}: ${stderr.slice(0, 500)}`));
    });
    child.stdin.end(input);
  });
}

/** A plain Fuse.js answerer, as a newcomer would write it: read the article, index its paragraphs, search. */
async function plainFuseScript(): Promise<string> {
  const fuse = pathToFileURL(createRequire(import.meta.url).resolve('fuse.js')).href;
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'story-bot-bench-')), 'plainFuse.mjs');
  await writeFile(
    file,
    [
      `import { readFileSync } from 'node:fs';`,
      `import Fuse from ${JSON.stringify(fuse)};`,
      `const paragraphs = readFileSync(process.argv[2], 'utf8').split(/\\n\\s*\\n/).map((text) => ({ text }));`,
      `const fuse = new Fuse(paragraphs, { keys: ['text'], includeScore: true, ignoreLocation: true });`,
      `const question = readFileSync(0, 'utf8').trim();`,
      `console.log(fuse.search(question, { limit: 1 })[0]?.item.text ?? 'no match');`,
    ].join('\n'),
  );
  return file;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Null when dist/ is not built (`npm run build`). */
export async function measureStartup(knowledgeDir: string, question: string, runs = 5): Promise<StartupMeasurement | null> {
  const main = projectPath('dist', 'main.js');
  const ask = projectPath('dist', 'cli', 'askCli.js');
  if (!existsSync(main) || !existsSync(ask)) return null;
  const fuse = await plainFuseScript();
  const article = path.join(knowledgeDir, 'article.txt');
  const env = { KNOWLEDGE_DIR: knowledgeDir, DISCORD_TOKEN: '', LOG_LEVEL: 'silent' };
  // One start of each first: the file system cache is warm for all the timed ones, as on a running server.
  await run([main], `${question}\n`, env);
  await run([fuse, article], question, env);
  const engine: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    engine.push((await run([main], `${question}\n`, env)).ms);
    plain.push((await run([fuse, article], question, env)).ms);
  }
  const asked = await run([ask, '--json'], `${question}\n`, env);
  return { engineMs: median(engine), plainFuseMs: median(plain), askPeakMb: asked.peakKb / 1024 };
}
