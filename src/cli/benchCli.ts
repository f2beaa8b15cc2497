// `npm run bench`: per-question latency, index build time and memory, for our engine and for plain Fuse.js
// over the story's paragraphs, side by side. `--scale 100` adds synthetic knowledge at 1x, 10x and 100x.
import path from 'node:path';
import Fuse from 'fuse.js';
import { writeSyntheticKnowledge } from '../bench/syntheticKnowledge.js';
import { suggestQuestions } from '../commands/questionAutocomplete.js';
import { answerQuestion } from '../engine/answerQuestion.js';
import { loadDevQuestions } from '../evaluation/devQuestions.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../knowledge/knowledgeStore.js';
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

async function scaleRow(base: Knowledge, scale: number, rounds: number): Promise<string> {
  const synthetic = await writeSyntheticKnowledge(base, scale);
  const heapBefore = heapNow();
  const loadStart = performance.now();
  const knowledge = await loadKnowledge(synthetic.dir);
  const loadMs = performance.now() - loadStart;
  const build = time(() => buildSnapshot(knowledge));
  const snapshot = build.value;
  const heap = heapNow() - heapBefore;
  const questions = synthetic.sampleQuestions;
  const answer = measure(questions, rounds, (q) => answerQuestion(snapshot.index, q));
  const prefixes = questions.map((q) => q.slice(0, Math.max(3, Math.floor(q.length * 0.6))));
  const complete = measure(prefixes, rounds, (q) => suggestQuestions(snapshot, q));
  const reloadStart = performance.now();
  buildSnapshot(await loadKnowledge(synthetic.dir));
  const reload = performance.now() - reloadStart;
  return [
    `${String(scale).padStart(4)}x`,
    `${String(synthetic.paragraphs).padStart(6)}`,
    `${String(synthetic.entries).padStart(6)}`,
    `${loadMs.toFixed(0).padStart(8)}`,
    `${build.ms.toFixed(0).padStart(8)}`,
    `${reload.toFixed(0).padStart(8)}`,
    `${answer.p50.toFixed(3).padStart(8)}`,
    `${answer.p99.toFixed(3).padStart(8)}`,
    `${complete.p99.toFixed(3).padStart(9)}`,
    `${mb(heap).padStart(9)}`,
    `${mb(process.memoryUsage().rss).padStart(9)}`,
  ].join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
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
      `\nScale (synthetic knowledge; times in ms):\n scale  paras  entries  load+val   build   reload  ask p50  ask p99  compl p99  heap +    rss\n`,
    );
    for (const scale of [1, 10, 100, 1000].filter((s) => s <= maxScale)) {
      process.stdout.write((await scaleRow(knowledge, scale, Math.max(3, Math.floor(rounds / 4)))) + '\n');
    }
  }
}

await main();
