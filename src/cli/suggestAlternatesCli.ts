// `npm run knowledge:suggest`: the top unanswered questions as ready-to-paste alternates, under the entry
// each came closest to. Moderators decide which really belong there.
import 'dotenv/config';
import { createLogger } from '../logger.js';
import { databaseSecrets } from '../postgres/postgresErrors.js';
import { openQuestionRecord } from '../record/openQuestionRecord.js';
import type { UnansweredGroup } from '../record/questionRecord.js';
import { configForCli, exitWithError, openKnowledgeForCli } from './cliKnowledge.js';

const DEFAULT_DAYS = 30;

function yamlString(text: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} ,.?'-]*$/u.test(text) && !/[:#]/.test(text) ? text : JSON.stringify(text);
}

async function main(): Promise<void> {
  const config = configForCli();
  const daysArg = process.argv.indexOf('--days');
  const days = daysArg >= 0 ? Number(process.argv[daysArg + 1]) : DEFAULT_DAYS;
  const snapshot = await openKnowledgeForCli();
  const record = await openQuestionRecord(config, createLogger('warn', databaseSecrets(config.databaseUrl)));
  if (!record.available) {
    await record.close();
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir;
    exitWithError(new Error(`The question record in ${where} is unavailable: ${record.unavailableReason}`));
  }
  const groups = await record.unanswered('everywhere', days, 30).finally(() => record.close());
  if (groups.length === 0) {
    process.stdout.write(`No declined or low-confidence questions in the last ${days} days.\n`);
    return;
  }
  const byEntry = new Map<string, UnansweredGroup[]>();
  for (const g of groups) byEntry.set(g.closestEntry ?? '', [...(byEntry.get(g.closestEntry ?? '') ?? []), g]);
  const lines = [
    `# Top unanswered questions of the last ${days} days, as alternates for qa.yaml.`,
    '# Paste the ones that mean the same as the entry; leave the rest.',
    '',
  ];
  for (const [entryId, list] of byEntry) {
    const entry = snapshot.knowledge.entries.find((e) => e.id === entryId);
    lines.push(entry ? `# entry ${entry.id}: "${entry.question}"` : '# no close entry: a new entry, or the story does not say');
    lines.push('    alternates:');
    for (const g of list)
      lines.push(`      - ${yamlString(g.normalised)}    # asked ${g.count}x, best match ${Math.round(g.bestScore * 100)}%`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n'));
}

await main();
