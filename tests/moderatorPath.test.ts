/**
 * A moderator puts in a new story as the README says: knowledge:init, knowledge:draft, knowledge:check (clean,
 * one round), knowledge:draft --accept; then the bot makes small talk naming the story, /story shows no
 * placeholder, and every drafted entry loads with a verbatim quote. Walked on a story of the development corpus
 * (../shared/stories, skipped when absent) and on the tests' own second story. Also: the home story's folder
 * is what knowledge:init makes from its article, plus the curated files.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storyReply } from '../src/commands/story.js';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { partText } from '../src/knowledge/article.js';
import { initKnowledge } from '../src/knowledge/initKnowledge.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { killRunningProcesses, ROOT, runProcess, TSX, type Finished } from './support/runProcess.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

const HOME_ARTICLE = path.resolve(ROOT, '..', 'shared', 'story', 'article.txt');
const CORPUS_ARTICLE = path.resolve(ROOT, '..', 'shared', 'stories', 'politics-077.txt');

afterEach(killRunningProcesses);

describe('the home story', () => {
  it.skipIf(!existsSync(HOME_ARTICLE))(
    `knowledge/ is what knowledge:init makes from ${existsSync(HOME_ARTICLE) ? '' : '(skipped: absent) '}../shared/story/article.txt, plus the curated files`,
    async () => {
      const { files } = initKnowledge(await readFile(HOME_ARTICLE, 'utf8'));
      const knowledgeDir = path.join(ROOT, 'knowledge');
      for (const name of ['article.txt', 'story.yaml'])
        expect(await readFile(path.join(knowledgeDir, name), 'utf8'), name).toBe(files[name]);
      // Everything else in the folder is curated: the Q&A and the aliases.
      expect((await readdir(knowledgeDir)).sort()).toEqual(['aliases.yaml', 'article.txt', 'qa', 'qa.yaml', 'story.yaml']);
    },
  );
});

const npmScript = (script: string, dir: string, args: readonly string[] = []) =>
  runProcess(TSX, [script, ...args], { env: { KNOWLEDGE_DIR: dir } });

const paths = [
  { name: 'a corpus story, politics-077', article: CORPUS_ARTICLE },
  { name: 'the second story', article: path.join(SECOND_STORY_DIR, 'article.txt') },
];

describe.each(paths)('a moderator puts in $name', ({ name, article }) => {
  const absent = !existsSync(article);
  let dir: string;
  let init: Finished;
  let draft: Finished;
  let check: Finished;
  let accept: Finished;
  let snapshot: KnowledgeSnapshot;
  let draftedText: string;

  beforeAll(async () => {
    if (absent) return;
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'story-bot-moderator-')), 'knowledge');
    init = await runProcess(TSX, ['src/cli/initKnowledgeCli.ts', '--from', article, '--out', dir]);
    draft = await npmScript('src/cli/draftQaCli.ts', dir);
    check = await npmScript('src/cli/checkKnowledgeCli.ts', dir);
    accept = await npmScript('src/cli/draftQaCli.ts', dir, ['--accept']);
    draftedText = await readFile(path.join(dir, 'qa', 'drafted.yaml'), 'utf8');
    snapshot = (await KnowledgeStore.open(dir)).current;
  });
  afterAll(async () => {
    if (dir) await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it.skipIf(absent)(`${absent ? `(skipped: ${article} is absent) ` : ''}each step exits 0 and says what comes next`, () => {
    for (const [step, run] of Object.entries({ init, draft, check, accept })) expect(run.code, `${step}: ${run.stderr}`).toBe(0);
    expect(init.stdout).toMatch(/^Decided:$/m);
    expect(init.stdout).toMatch(/^Check:$/m);
    expect(draft.stdout).toMatch(/^Drafted \d+ entries .* the bot does not read it\./m);
    expect(accept.stdout).toMatch(/^Accepted: \d+ entries are now in .*drafted\.yaml/m);
  });

  it.skipIf(absent)('knowledge:check is clean in one round, the waiting draft included', () => {
    expect(check.stdout).toContain(`Knowledge in ${dir} is valid`);
    expect(check.stdout).not.toContain('Warning');
    expect(check.stdout).toMatch(/draft\.yaml holds \d+ drafted entries awaiting review/);
  });

  it.skipIf(absent)('small talk works and names the story', () => {
    const { title } = snapshot.knowledge.story;
    for (const message of ['hi', 'thanks', 'who are you', 'help', 'what story is this']) {
      const result = answerQuestion(snapshot.index, message);
      expect(result, `${name}: ${message}`).toMatchObject({ band: 'chat', source: 'chat' });
      if (message !== 'thanks') expect(result.answer).toContain(title);
    }
  });

  it.skipIf(absent)('/story shows what the article gives and no placeholder', () => {
    const reply = storyReply(snapshot);
    const { story } = snapshot.knowledge;
    expect(reply.title).toBe(story.title);
    const values = [reply.text, ...(reply.fields ?? []).map((f) => f.value)];
    for (const value of values) {
      expect(value).not.toMatch(/undefined|null|\{\w+\}|TODO/);
      expect(value).not.toContain(story.title);
    }
    if (!story.caption) expect(reply.fields?.map((f) => f.name)).not.toContain('Photo');
  });

  it.skipIf(absent)('every drafted entry loads, its quote copied verbatim from one line of the article', async () => {
    const lines = (await readFile(path.join(dir, 'article.txt'), 'utf8')).split('\n');
    const written = (parse(draftedText) as { entries: Array<{ id: string; quote: string }> }).entries;
    expect(written.length).toBeGreaterThan(2);
    const loaded = new Map(snapshot.knowledge.entries.map((e) => [e.id, e]));
    for (const { id, quote } of written) {
      expect(
        lines.some((line) => line.includes(quote)),
        `${id}: ${quote}`,
      ).toBe(true);
      const entry = loaded.get(id)!;
      expect(entry.kind, id).toBe('fact');
      const place = partText(snapshot.knowledge.story, entry.quote!.part, entry.quote!.paragraph)!;
      expect(place.slice(entry.quote!.start, entry.quote!.end), id).toBe(quote);
    }
  });
});
