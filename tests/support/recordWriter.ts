// A separate process that writes question records, for the concurrent-writers test.
import { createLogger } from '../../src/logger.js';
import { QuestionRecord } from '../../src/record/questionRecord.js';

const [dataDir = '', writer = 'w', countText = '100'] = process.argv.slice(2);
const record = QuestionRecord.open(dataDir, createLogger('error'));
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
record.close();
process.stdout.write(JSON.stringify({ written, available: record.available }) + '\n');
