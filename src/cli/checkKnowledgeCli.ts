// `npm run knowledge:check`: validates the knowledge folder the way start-up and /reload do.
import { buildAnswerIndex } from '../engine/answerIndex.js';
import { describeEntryCounts } from '../knowledge/entryCounts.js';
import { loadKnowledge } from '../knowledge/validateKnowledge.js';
import { exitWithError, knowledgeDirFromEnv } from './cliKnowledge.js';

async function main(): Promise<void> {
  const dir = knowledgeDirFromEnv();
  const knowledge = await loadKnowledge(dir).catch(exitWithError);
  buildAnswerIndex(knowledge);
  const facts = knowledge.entries.filter((e) => e.kind === 'fact');
  const quoted = new Set(facts.map((e) => e.quote?.paragraph).filter((p): p is number => typeof p === 'number'));
  const uncovered = knowledge.story.paragraphs.filter((p) => !quoted.has(p.number)).map((p) => p.number);
  const phrasings = knowledge.entries.reduce((n, e) => n + 1 + e.alternates.length, 0);
  process.stdout.write(
    `Knowledge in ${dir} is valid: ${knowledge.story.paragraphs.length} paragraphs, entries: ${describeEntryCounts(knowledge.entries)}; ` +
      `${phrasings} phrasings, ${knowledge.aliases.size} aliases.\n`,
  );
  if (uncovered.length > 0) {
    process.stdout.write(
      `Warning: no Q&A entry quotes paragraph ${uncovered.join(', ')}; questions about it rely on the passage search.\n`,
    );
  }
}

await main();
