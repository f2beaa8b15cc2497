// `npm run ask -- "question"` prints a reply; `npm run ask -- --json` answers stdin lines as JSON lines;
// `--knowledge DIR` asks another knowledge folder than KNOWLEDGE_DIR's.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { askQuestion } from '../commands/ask.js';
import { answerQuestion, type AnswerResult } from '../engine/answerQuestion.js';
import { renderText } from '../console/renderText.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { openKnowledgeForCli } from './cliKnowledge.js';
import { LIMITS } from '../commands/limits.js';

/** The CLI's stable JSON shape: the engine result plus the question. */
export function jsonLine(question: string, result: AnswerResult): string {
  return JSON.stringify({
    question,
    answered: result.answered,
    answer: result.answer,
    quote: result.quote,
    context: result.context,
    paragraph: result.paragraph,
    part: result.part,
    score: result.score,
    source: result.source,
    band: result.band,
    entryId: result.entryId,
    reason: result.reason,
    suggestions: result.suggestions.map((s) => s.question),
    suggestionIds: result.suggestions.map((s) => s.entryId),
    why: result.why,
  });
}

/** Over-long questions are cut rather than refused, so each input line still gets exactly one output line. */
function answerLine(snapshot: KnowledgeSnapshot, line: string): string {
  const question = line.slice(0, LIMITS.question);
  return jsonLine(line, answerQuestion(snapshot.index, question));
}

async function answerStdinAsJson(snapshot: KnowledgeSnapshot): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) process.stdout.write(answerLine(snapshot, line) + '\n');
}

const USAGE = 'usage: npm run --silent ask -- [--knowledge DIR] [--json] ["question"]   (--json alone: one JSON line per stdin line)';

/** The options, or exit 2 naming what is wrong: a mistyped option must not be asked as part of the question. */
function readArgs(): { json: boolean; knowledge: string | undefined; words: string[] } {
  try {
    const { values, positionals } = parseArgs({
      options: { json: { type: 'boolean', default: false }, knowledge: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    return { json: values.json, knowledge: values.knowledge, words: positionals };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { json, knowledge, words } = readArgs();
  const snapshot = await openKnowledgeForCli(knowledge);
  if (json && words.length === 0) return answerStdinAsJson(snapshot);
  const question = words.join(' ');
  if (json) {
    process.stdout.write(answerLine(snapshot, question) + '\n');
    return;
  }
  process.stdout.write(renderText(askQuestion(question, snapshot).reply) + '\n');
}

await main();
