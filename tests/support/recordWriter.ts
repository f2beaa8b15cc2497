// A separate process that writes question records, for the concurrent-writers test: to SQLite in a folder,
// or to PostgreSQL when the first argument is a postgres:// URL.
import { createLogger } from '../../src/logger.js';
import { openQuestionRecord } from '../../src/record/openQuestionRecord.js';

const [where = '', writer = 'w', countText = '100'] = process.argv.slice(2);
const postgres = /^postgres(ql)?:\/\//.test(where);
const record = await openQuestionRecord({ databaseUrl: postgres ? where : undefined, dataDir: where }, createLogger('error'));
let written = 0;
for (let i = 0; i < Number(countText); i++) {
  const id = record.recordQuestion({
    guildId: null,
    channelKind: 'console',
    question: `${writer} question ${i}`,
    normalised: `${writer} question ${i}`,
    outcome: 'declined',
    entryId: null,
    paragraph: null,
    score: 0,
  });
  if (id !== null) written++;
}
await record.close();
process.stdout.write(JSON.stringify({ written, available: record.available }) + '\n');
