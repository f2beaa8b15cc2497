// `npm run ask -- "question"` prints a reply; `npm run ask -- --json` answers stdin lines as JSON lines.
import { createInterface } from 'node:readline';
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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const words = args.filter((a) => a !== '--json');
  const snapshot = await openKnowledgeForCli();
  if (json && words.length === 0) return answerStdinAsJson(snapshot);
  const question = words.join(' ');
  if (json) {
    process.stdout.write(answerLine(snapshot, question) + '\n');
    return;
  }
  process.stdout.write(renderText(askQuestion(question, snapshot).reply) + '\n');
}

await main();
