// `npm run bench`: per-question latency, index build time and memory, for our engine and for plain Fuse.js
// over the story's paragraphs, side by side. `--scale 100` adds synthetic knowledge at 1x, 10x and 100x.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { writeSyntheticKnowledge } from '../bench/syntheticKnowledge.js';
import { suggestQuestions } from '../commands/questionAutocomplete.js';
import { answerQuestion } from '../engine/answerQuestion.js';
import { loadDevQuestions } from '../evaluation/devQuestions.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../store/knowledgeStore.js';
import type { Knowledge } from '../knowledge/types.js';
import { loadKnowledge } from '../knowledge/validateKnowledge.js';
import { exitWithError, knowledgeDirFromEnv } from './cliKnowledge.js';

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** Times each call of `run` over `inputs`, `rounds` times after one warm-up round; milliseconds. */
function measure(inputs: readonly string[], rounds: number, run: (input: string) => unknown): Latency {
  for (const input of inputs) run(input);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const start = process.hrtime.bigint();
      run(input);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(3)} ms`;

function heapNow(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

function compareWithFuse(knowledge: Knowledge, snapshot: KnowledgeSnapshot, questions: readonly string[], rounds: number): string[] {
  const heapBefore = heapNow();
  const fuseBuild = time(
    () =>
      new Fuse(
        knowledge.story.paragraphs.map((p) => ({ text: p.text })),
        { keys: ['text'], includeScore: true, ignoreLocation: true },
      ),
  );
  const fuse = fuseBuild.value;
  const fuseHeap = heapNow() - heapBefore;
  const ours = measure(questions, rounds, (q) => answerQuestion(snapshot.index, q));
  const plain = measure(questions, rounds, (q) => fuse.search(q, { limit: 3 }));
  const oursBuild = time(() => buildSnapshot(knowledge));
  return [
    `Per question, ${questions.length} questions x ${rounds} rounds:`,
    `  engine                 p50 ${ms(ours.p50)}  p99 ${ms(ours.p99)}  mean ${ms(ours.mean)}`,
    `  plain Fuse.js (paras)  p50 ${ms(plain.p50)}  p99 ${ms(plain.p99)}  mean ${ms(plain.mean)}`,
    `  engine is ${(plain.mean / ours.mean).toFixed(1)}x faster per question (mean), ${(plain.p50 / ours.p50).toFixed(1)}x at p50`,
    `Index build: engine ${ms(oursBuild.ms)} (warm), plain Fuse.js ${ms(fuseBuild.ms)}; Fuse index heap ${mb(Math.max(0, fuseHeap))}`,
  ];
}

interface ScaleMeasurement {
  readonly paragraphs: number;
  readonly entries: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly reloadMs: number;
  readonly askP50: number;
  readonly askP99: number;
  readonly completeP99: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

/** Runs in a child process per scale, so resident memory is that of one bot holding that knowledge. */
async function measureScale(dir: string, rounds: number): Promise<ScaleMeasurement> {
  const questions = JSON.parse(await readFile(path.join(dir, 'bench-questions.json'), 'utf8')) as string[];
  const loadStart = performance.now();
  const knowledge = await loadKnowledge(dir);
  const loadMs = performance.now() - loadStart;
  const build = time(() => buildSnapshot(knowledge));
  const snapshot = build.value;
  const answer = measure(questions, rounds, (q) => answerQuestion(snapshot.index, q));
  const prefixes = questions.map((q) => q.slice(0, Math.max(3, Math.floor(q.length * 0.6))));
  const complete = measure(prefixes, rounds, (q) => suggestQuestions(snapshot, q));
  // A reload as moderators make them: one answer edited in one Q&A file, then the whole folder read,
  // checked and indexed (files that did not change are not parsed again).
  const parts = (await readdir(path.join(dir, 'qa')).catch(() => [] as string[])).sort();
  const qaFile = parts.length > 0 ? path.join(dir, 'qa', parts[parts.length - 1]!) : path.join(dir, 'qa.yaml');
  await writeFile(qaFile, (await readFile(qaFile, 'utf8')).replace(/answer: (.*)/, 'answer: $1 (edited)'));
  const reloadStart = performance.now();
  buildSnapshot(await loadKnowledge(dir));
  const reloadMs = performance.now() - reloadStart;
  globalThis.gc?.();
  return {
    paragraphs: knowledge.story.paragraphs.length,
    entries: knowledge.entries.length,
    loadMs,
    buildMs: build.ms,
    reloadMs,
    askP50: answer.p50,
    askP99: answer.p99,
    completeP99: complete.p99,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
}

function measureInChild(dir: string, rounds: number): Promise<ScaleMeasurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', dir, String(rounds)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ScaleMeasurement) : reject(new Error(`bench child exited ${code}`)),
    );
  });
}

async function scaleRow(base: Knowledge, scale: number, rounds: number): Promise<string> {
  const synthetic = await writeSyntheticKnowledge(base, scale);
  await writeFile(path.join(synthetic.dir, 'bench-questions.json'), JSON.stringify(synthetic.sampleQuestions));
  const m = await measureInChild(synthetic.dir, rounds);
  return [
    `${String(scale).padStart(5)}x`,
    String(m.paragraphs).padStart(6),
    String(m.entries).padStart(8),
    m.loadMs.toFixed(0).padStart(9),
    m.buildMs.toFixed(0).padStart(7),
    m.reloadMs.toFixed(0).padStart(8),
    m.askP50.toFixed(3).padStart(8),
    m.askP99.toFixed(3).padStart(8),
    m.completeP99.toFixed(3).padStart(10),
    m.rssMb.toFixed(0).padStart(7),
    m.heapMb.toFixed(0).padStart(6),
  ].join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    process.stdout.write(JSON.stringify(await measureScale(args[1]!, Number(args[2] ?? 5))));
    return;
  }
  const scaleAt = args.indexOf('--scale');
  const maxScale = scaleAt >= 0 ? Number(args[scaleAt + 1] ?? 100) : 0;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
  const knowledge = await loadKnowledge(knowledgeDirFromEnv()).catch(exitWithError);
  const snapshot = buildSnapshot(knowledge);
  const questions = (await loadDevQuestions(path.resolve('eval/dev-questions.yaml')).catch(exitWithError)).map((q) => q.q);
  const lines = [
    `story-bot bench (node ${process.version}, ${process.platform}/${process.arch})`,
    ...compareWithFuse(knowledge, snapshot, questions, rounds),
  ];
  const autocomplete = measure(
    questions.map((q) => q.slice(0, Math.max(3, Math.floor(q.length / 2)))),
    rounds,
    (q) => suggestQuestions(snapshot, q),
  );
  lines.push(`Autocomplete (half-typed questions): p50 ${ms(autocomplete.p50)}  p99 ${ms(autocomplete.p99)}`);
  lines.push(`Process memory: rss ${mb(process.memoryUsage().rss)}, heap ${mb(process.memoryUsage().heapUsed)}`);
  process.stdout.write(lines.join('\n') + '\n');

  if (maxScale > 0) {
    process.stdout.write(
      `\nScale (synthetic knowledge, each scale in its own process; times in ms, memory in MB):\n` +
        ` scale  paras  entries  load+val  build  reload  ask p50  ask p99  compl p99    rss   heap\n`,
    );
    for (const scale of [1, 10, 100, 1000].filter((s) => s <= maxScale)) {
      process.stdout.write((await scaleRow(knowledge, scale, Math.max(3, Math.floor(rounds / 4)))) + '\n');
    }
  }
}

await main();
