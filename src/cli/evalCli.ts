// `npm run eval`: dev question sets through the engine; per-kind rates, every miss, non-zero exit below target.
// A set names its article (the home story by default, or a story of the development corpus, answered from its
// article alone); `--article-only` asks the home story's sets against its article without the curated Q&A.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDevSet, type DevQuestion } from '../evaluation/devQuestions.js';
import { loadConversationSet } from '../evaluation/conversationSets.js';
import { evaluateConversations, type ConversationReport } from '../evaluation/conversationEval.js';
import { evaluate, TARGETS, type EvaluationReport } from '../evaluation/evaluate.js';
import { snapshotForArticle, storiesDir } from '../evaluation/storyKnowledge.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { exitWithError, knowledgeDirFromEnv } from './cliKnowledge.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: EvaluationReport, options: { misses: boolean } = { misses: true }): string {
  const lines = ['Per kind:'];
  for (const [kind, r] of Object.entries(report.byKind))
    lines.push(`  ${kind.padEnd(13)} ${pct(r.rate).padStart(6)}  (${r.correct}/${r.total})`);
  lines.push('Answerable, per style:');
  for (const [style, r] of Object.entries(report.byStyle))
    lines.push(`  ${style.padEnd(13)} ${pct(r.rate).padStart(6)}  (${r.correct}/${r.total})`);
  lines.push(`Quotes that are not verbatim: ${report.nonVerbatimQuotes}`);
  for (const excerpt of report.missingEvidence) lines.push(`Warning: evidence not in the story (judged by paragraph): "${excerpt}"`);
  if (options.misses && report.misses.length > 0) {
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

const rates = (byKind: ConversationReport['first']) =>
  Object.entries(byKind)
    .filter(([, r]) => r.total > 0)
    .map(([kind, r]) => `${kind} ${pct(r.rate)} (${r.correct}/${r.total})`)
    .join(', ');

/** A conversation set: first turns, and follow-ups asked alone against asked after the asker's last question. */
export function formatConversationReport(alone: ConversationReport, remembered: ConversationReport, options: { misses: boolean }): string {
  const lines = [
    `First questions: ${rates(remembered.first)}`,
    `Follow-ups asked alone: ${rates(alone.followUps)}`,
    `Follow-ups after the last question: ${rates(remembered.followUps)}`,
  ];
  if (options.misses && remembered.misses.length > 0) {
    lines.push(`Misses, with memory (${remembered.misses.length}):`);
    for (const m of remembered.misses) lines.push(`  [${m.question.kind}/${m.question.style}] "${m.question.q}": ${m.why}`);
  }
  return lines.join('\n');
}

/** Node's own wording of a bad option differs between versions ("Unknown option '--x'. To specify ..."): say it plainly. */
function describeArgumentError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /unknown option '([^']+)'/i.exec(message);
  return unknown ? `unknown option ${unknown[1]}` : message;
}

const USAGE = 'usage: npm run eval -- [--article-only] [--draft] [--no-misses] [question-set.yaml ...]';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'article-only': { type: 'boolean', default: false },
        'no-misses': { type: 'boolean', default: false },
        draft: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${describeArgumentError(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const files = parsed.positionals.length > 0 ? parsed.positionals : [path.resolve('eval/dev-questions.yaml')];
  const options = { knowledgeDir: knowledgeDirFromEnv(), articleOnly: parsed.values['article-only'], withDraft: parsed.values.draft };
  const snapshots = new Map<string | null, KnowledgeSnapshot | null>();
  // Each article's knowledge is loaded once, whichever kind of set asks about it.
  const snapshotOf = async (article: string | null) => {
    if (!snapshots.has(article)) snapshots.set(article, await snapshotForArticle(article, options).catch(exitWithError));
    return snapshots.get(article) ?? null;
  };
  let passed = true;
  const all: Array<{ snapshot: KnowledgeSnapshot; questions: readonly DevQuestion[] }> = [];
  for (const file of files) {
    // A set under a conversations/ folder is asked turn by turn, with the asker's last question remembered.
    if (path.basename(path.dirname(path.resolve(file))) === 'conversations') {
      const set = await loadConversationSet(file).catch(exitWithError);
      const snapshot = await snapshotOf(set.article);
      process.stdout.write(`\n== ${file} (conversations)\n`);
      if (!snapshot) {
        process.stdout.write(`skipped: ${set.article}.txt is not in ${storiesDir()}\n`);
        continue;
      }
      const alone = evaluateConversations(snapshot.index, set.conversations, { memory: false });
      const remembered = evaluateConversations(snapshot.index, set.conversations, { memory: true });
      process.stdout.write(formatConversationReport(alone, remembered, { misses: !parsed.values['no-misses'] }) + '\n');
      continue;
    }
    const set = await loadDevSet(file).catch(exitWithError);
    const snapshot = await snapshotOf(set.article);
    const made = options.withDraft ? 'article and its draft, accepted unedited' : 'article only';
    if (files.length > 1) process.stdout.write(`\n== ${file}${set.article ? ` (${set.article}, ${made})` : ''}\n`);
    if (!snapshot) {
      process.stdout.write(
        `skipped: ${set.article}.txt is not in ${storiesDir()} (the development stories are kept outside the repository)\n`,
      );
      continue;
    }
    const report = evaluate(snapshot.index, set.questions);
    all.push({ snapshot, questions: set.questions });
    process.stdout.write(formatReport(report, { misses: !parsed.values['no-misses'] }) + '\n');
    passed &&= report.passed;
  }
  if (all.length > 1) {
    const reports = all.map(({ snapshot, questions }) => evaluate(snapshot.index, questions).byKind);
    const kinds = Object.keys(reports[0]!) as Array<keyof (typeof reports)[number]>;
    const line = kinds
      .map((kind) => {
        const correct = reports.reduce((n, r) => n + r[kind].correct, 0);
        const total = reports.reduce((n, r) => n + r[kind].total, 0);
        return `${kind} ${pct(total === 0 ? 1 : correct / total)} (${correct}/${total})`;
      })
      .join(', ');
    process.stdout.write(`\n== all ${all.length} sets: ${line}\n`);
  }
  process.exitCode = passed ? 0 : 1;
}

await main();
