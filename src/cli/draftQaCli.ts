// `npm run knowledge:draft`: drafts curated Q&A from the article into KNOWLEDGE_DIR/draft.yaml (or --out FILE), which
// the bot does not read; `-- --accept` checks a reviewed draft with the folder and moves it to qa/drafted.yaml.
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { draftFor, sourcesWithDraft } from '../authoring/draftQa.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { KNOWLEDGE_FILES } from '../knowledge/types.js';
import { readKnowledgeSources, validateKnowledge } from '../knowledge/validateKnowledge.js';
import { exitWithError, knowledgeDirFromEnv } from './cliKnowledge.js';

const USAGE = 'usage: npm run knowledge:draft -- [--out FILE] [--force] | --accept';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function writeDraft(dir: string, out: string, force: boolean): Promise<void> {
  if (!force && (await exists(out))) fail(`${out} exists; review and accept it (--accept), or delete it, or run again with --force`, 1);
  const sources = await readKnowledgeSources(dir);
  let draft;
  try {
    draft = draftFor(sources);
  } catch (error) {
    exitWithError(error);
  }
  await writeFile(out, draft.yaml);
  const phrasings = draft.entries.reduce((n, e) => n + 1 + e.alternates.length, 0);
  process.stdout.write(
    `Drafted ${draft.entries.length} entries (${phrasings} phrasings) into ${out}; the bot does not read it.\n` +
      `Each entry loads with the folder, quotes the article word for word, and each phrasing reaches its entry` +
      `${draft.dropped > 0 ? ` (${draft.dropped} drafted entries that did not were left out)` : ''}.\n` +
      `Next: review it (edit, delete, add alternates), then npm run knowledge:draft -- --accept, then /reload.\n`,
  );
}

async function accept(dir: string): Promise<void> {
  const draftFile = path.join(dir, KNOWLEDGE_FILES.draft);
  const target = path.join(dir, KNOWLEDGE_FILES.acceptedDraft);
  const yaml = await readFile(draftFile, 'utf8').catch(() => fail(`${draftFile} is missing: run npm run knowledge:draft first`, 1));
  if (await exists(target)) fail(`${target} exists: merge the new draft into it by hand, or move it away first`, 1);
  try {
    const knowledge = validateKnowledge(sourcesWithDraft(await readKnowledgeSources(dir), yaml));
    await mkdir(path.dirname(target), { recursive: true });
    await rename(draftFile, target);
    const accepted = knowledge.entries.filter((e) => e.file === target).length;
    process.stdout.write(`Accepted: ${accepted} entries are now in ${target}. /reload (or restart) to answer with them.\n`);
  } catch (error) {
    if (error instanceof KnowledgeError) {
      // The problems are named in qa/drafted.yaml, where the draft would go: say where they are now.
      const message = error.message.replaceAll(target, draftFile);
      fail(`Not accepted: the draft does not load with the folder.\n${message}`, 1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, force: { type: 'boolean', default: false }, accept: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const dir = knowledgeDirFromEnv();
  if (values.accept) return accept(dir);
  return writeDraft(dir, values.out ?? path.join(dir, KNOWLEDGE_FILES.draft), values.force);
}

await main();
