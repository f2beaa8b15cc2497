// `npm run eval`: the dev question set through the engine; per-kind rates, every miss, non-zero exit below target.
import path from 'node:path';
import { loadDevQuestions, type DevQuestion } from '../evaluation/devQuestions.js';
import { evaluate, TARGETS, type EvaluationReport } from '../evaluation/evaluate.js';
import { exitWithError, openKnowledgeForCli } from './cliKnowledge.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: EvaluationReport): string {
  const lines = ['Per kind:'];
  for (const [kind, r] of Object.entries(report.byKind))
    lines.push(`  ${kind.padEnd(13)} ${pct(r.rate).padStart(6)}  (${r.correct}/${r.total})`);
  lines.push('Answerable, per style:');
  for (const [style, r] of Object.entries(report.byStyle))
    lines.push(`  ${style.padEnd(13)} ${pct(r.rate).padStart(6)}  (${r.correct}/${r.total})`);
  lines.push(`Quotes that are not verbatim: ${report.nonVerbatimQuotes}`);
  if (report.misses.length > 0) {
    lines.push(`Misses (${report.misses.length}):`);
    for (const m of report.misses) {
      const got = m.result.entryId ?? (m.result.suggestions.map((s) => s.entryId).join('|') || '-');
      lines.push(`  [${m.question.kind}/${m.question.style}] "${m.question.q}": ${m.why} (got ${got}, score ${m.result.score})`);
    }
  }
  lines.push(
    `Targets: answerable >= ${pct(TARGETS.answerable)}, off-topic declined >= ${pct(TARGETS.offtopic)}, 0 non-verbatim quotes: ${report.passed ? 'PASS' : 'FAIL'}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args.find((a) => a.startsWith('-'));
  if (flag) {
    process.stderr.write(`unknown option ${flag}; usage: npm run eval -- [question-set.yaml ...]\n`);
    process.exit(2);
  }
  const files = args.length > 0 ? args : [path.resolve('eval/dev-questions.yaml')];
  const snapshot = await openKnowledgeForCli();
  let passed = true;
  const all: DevQuestion[] = [];
  for (const file of files) {
    const questions = await loadDevQuestions(file).catch(exitWithError);
    all.push(...questions);
    const report = evaluate(snapshot.index, questions);
    if (files.length > 1) process.stdout.write(`\n== ${file}\n`);
    process.stdout.write(formatReport(report) + '\n');
    passed &&= report.passed;
  }
  if (files.length > 1) {
    const together = evaluate(snapshot.index, all).byKind;
    const line = (Object.keys(together) as Array<keyof typeof together>)
      .map((kind) => `${kind} ${pct(together[kind].rate)} (${together[kind].correct}/${together[kind].total})`)
      .join(', ');
    process.stdout.write(`\n== all ${files.length} sets: ${line}\n`);
  }
  process.exitCode = passed ? 0 : 1;
}

await main();
