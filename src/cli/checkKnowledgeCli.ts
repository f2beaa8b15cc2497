// `npm run knowledge:check`: validates the knowledge folder the way start-up and /reload do, then asks the
// engine every phrasing; warnings (exit 0) name the file, line and entry of each phrasing that misses.
import { checkKnowledgeFolder } from '../authoring/checkKnowledgeFolder.js';
import { describeProblem } from '../knowledge/knowledgeError.js';
import { exitWithError, knowledgeDirFromEnv } from './cliKnowledge.js';

async function main(): Promise<void> {
  const check = await checkKnowledgeFolder(knowledgeDirFromEnv()).catch(exitWithError);
  const lines = [check.summary];
  for (const warning of check.warnings) lines.push(`Warning: ${describeProblem(warning)}`);
  if (check.warnings.length > 0)
    lines.push(
      `${check.warnings.length === 1 ? '1 warning' : `${check.warnings.length} warnings`}: the knowledge loads and the bot starts.`,
    );
  for (const note of check.notes) lines.push(`Note: ${note}`);
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
