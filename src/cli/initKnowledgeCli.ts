// `npm run --silent knowledge:init -- --from ARTICLE.txt --out DIR [--title T] [--date YYYY-MM-DD] [--source S] [--url U]`:
// a complete knowledge folder from an article, valid as written; says what it decided and what to check.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { initKnowledge } from '../knowledge/initKnowledge.js';
import { loadKnowledge } from '../knowledge/validateKnowledge.js';

const USAGE =
  'usage: npm run --silent knowledge:init -- --from ARTICLE.txt --out DIR [--title T] [--date YYYY-MM-DD] [--source S] [--url U]';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Whether a file-system error says the file or folder is not there. */
const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        date: { type: 'string' },
        source: { type: 'string' },
        url: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.from || !values.out) fail(USAGE);
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) fail(`--date must be YYYY-MM-DD, not "${values.date}"`);

  const text = await readFile(values.from, 'utf8').catch((error: unknown) =>
    fail(`can't read ${values.from}: ${isMissing(error) ? 'no such file' : String(error)}`, 1),
  );
  const existing = await readdir(values.out).catch((error: unknown) => (isMissing(error) ? [] : fail(String(error), 1)));
  if (existing.length > 0) fail(`${values.out} is not empty; refusing to overwrite it (choose a new folder)`, 1);

  let result;
  try {
    result = initKnowledge(text, { title: values.title, date: values.date, source: values.source, url: values.url });
  } catch (error) {
    fail(`${values.from}: ${(error as Error).message}`, 1);
  }
  await mkdir(values.out, { recursive: true });
  for (const [name, content] of Object.entries(result.files)) await writeFile(path.join(values.out, name), content);

  // What was written must load as start-up will load it.
  try {
    const knowledge = await loadKnowledge(values.out);
    process.stdout.write(
      `Wrote ${values.out}: ${Object.keys(result.files).join(', ')} (${knowledge.story.paragraphs.length} paragraphs).\n`,
    );
  } catch (error) {
    if (error instanceof KnowledgeError) fail(`knowledge:init wrote a folder that does not load (a bug):\n${error.message}`, 1);
    throw error;
  }
  process.stdout.write(`Decided:\n${result.notes.map((n) => `- ${n}\n`).join('')}`);
  process.stdout.write(`Check:\n${result.check.map((n) => `- ${n}\n`).join('')}`);
  process.stdout.write(
    `Next: KNOWLEDGE_DIR=${values.out} npm run knowledge:check (it checks the files in one round and asks every phrasing).\n` +
      `The bot answers from the article alone; for the questions people ask most, KNOWLEDGE_DIR=${values.out} npm run knowledge:draft\n` +
      `drafts curated Q&A to review.\n`,
  );
}

await main();
