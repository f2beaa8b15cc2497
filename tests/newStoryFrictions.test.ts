/**
 * The eight frictions a moderator met putting a new story in (issue 10), one test each, in the issue's order.
 * Each builds the folder the moderator had, from the second story's article, and goes through the same doors
 * as the moderator did (loading, /story, the engine, `npm run knowledge:check`); so each fails on the code the
 * issue was filed against (51f88d3) and passes now.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { storyReply } from '../src/commands/story.js';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { KnowledgeError, type KnowledgeProblem } from '../src/knowledge/knowledgeError.js';
import { KnowledgeStore } from '../src/store/knowledgeStore.js';
import { loadKnowledge } from '../src/knowledge/validateKnowledge.js';
import { killRunningProcesses, ROOT, runProcess, TSX } from './support/runProcess.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

const TITLE = 'Millbrook library reopens six months after flood';
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');

const folders: string[] = [];

/** A knowledge folder holding the second story's article and the files given (name → text). */
async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-friction-'));
  folders.push(dir);
  await cp(path.join(SECOND_STORY_DIR, 'article.txt'), path.join(dir, 'article.txt'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function problemsOf(dir: string): Promise<readonly KnowledgeProblem[]> {
  const error = await loadKnowledge(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KnowledgeError);
  return (error as KnowledgeError).problems;
}

/** The complete story.yaml of the second story: these frictions are not about its fields (friction 3 is). */
const fullStory = await readFile(path.join(SECOND_STORY_DIR, 'story.yaml'), 'utf8');
const oneEntry = `entries:
  - id: reopened-when
    question: When did the library reopen?
    answer: On Saturday.
    quote: Millbrook Public Library reopened on Saturday
`;

afterEach(killRunningProcesses);
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('issue 10: the frictions of putting in a new story', () => {
  it('1. an article-only folder loads: no qa.yaml is needed, and an empty qa/ folder is no Q&A', async () => {
    const dir = await folderWith({ 'story.yaml': fullStory });
    await mkdir(path.join(dir, 'qa'));
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.entries.filter((e) => e.kind === 'fact')).toEqual([]);
    expect(knowledge.story.paragraphs).toHaveLength(7);
  });

  it('2. one round lists the problems of every file: a missing story.yaml does not hide the Q&A’s problems', async () => {
    const dir = await folderWith({
      'qa.yaml': `entries:
  - id: reopened-when
    question: When did the library reopen?
    answr: On Saturday.
    quote: Millbrook Public Library reopened on Saturday
  - id: books-saved
    question: How many books were saved?
    answer: About 4,000.
    quote: roughly 5,000 of them were saved
`,
      'aliases.yaml': 'aliases:\n  library: [libary]\n  books: [libary]\n',
    });
    const problems = await problemsOf(dir);
    const where = problems.map((p) => `${path.basename(p.file)} ${p.entry ?? '-'}`);
    expect(where).toEqual(expect.arrayContaining(['story.yaml -', 'qa.yaml reopened-when', 'qa.yaml books-saved', 'aliases.yaml books']));
    // The quote was looked for in the article (titled by its first line), not skipped.
    expect(problems.find((p) => p.entry === 'books-saved')?.message).toMatch(/is not in the article word for word/);
  });

  it('3. story.yaml needs only the title; /story shows only what exists, no placeholders', async () => {
    const dir = await folderWith({ 'story.yaml': `title: "${TITLE}"\n` });
    const snapshot = (await KnowledgeStore.open(dir)).current;
    const reply = storyReply(snapshot);
    expect(reply.title).toBe(TITLE);
    const shown = `${reply.text}\n${(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`).join('\n')}`;
    expect(shown).not.toContain(TITLE);
    expect(shown).not.toMatch(/\bPhoto\b|\bSource\b|\bDate\b|undefined|null/);
  });

  it.each([
    ['a 0-byte qa.yaml', ''],
    ['a bare "entries:"', 'entries:\n'],
  ])('4. %s is no entries, not an error', async (_what, qa) => {
    const dir = await folderWith({ 'story.yaml': fullStory, 'qa.yaml': qa });
    expect((await loadKnowledge(dir)).entries.filter((e) => e.kind === 'fact')).toEqual([]);
  });

  it('5. a quote that begins with a quote mark: the error names single quotes as the fix, with the line rewritten', async () => {
    const quoteLine = '    quote: "We lost a lot of books," said head librarian Rosa Delgado';
    const qa = `entries:
  - id: librarian-quote
    question: What did the librarian say?
    answer: That the community was not lost.
${quoteLine}
`;
    const dir = await folderWith({ 'story.yaml': fullStory, 'qa.yaml': qa });
    const [problem] = await problemsOf(dir);
    expect(problem).toMatchObject({ file: path.join(dir, 'qa.yaml'), line: 5 });
    expect(problem!.message).toMatch(/starts with a quote mark must be wrapped in single quotes/);
    expect(problem!.message).toContain(`quote: '"We lost a lot of books," said head librarian Rosa Delgado'`);
  });

  it('6. knowledge:check warns, with file and line, about a phrasing that is always declined and one another entry answers; exit 0', async () => {
    // The home story, with two phrasings its moderators once wrote that never reached their entry.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-friction-'));
    folders.push(dir);
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const addTo = (qa: string, question: string, phrasing: string) => {
      const at = qa.indexOf(`    question: ${question}\n    alternates:\n`);
      expect(at, question).toBeGreaterThan(0);
      const end = qa.indexOf('\n', qa.indexOf('    alternates:', at)) + 1;
      return `${qa.slice(0, end)}      - ${phrasing}\n${qa.slice(end)}`;
    };
    // The source a moderator adds after knowledge:init (its text names none).
    await writeFile(
      path.join(dir, 'story.yaml'),
      `${await readFile(path.join(dir, 'story.yaml'), 'utf8')}source: "Not named in the article"\n`,
    );
    let qa = await readFile(path.join(dir, 'qa.yaml'), 'utf8');
    qa = addTo(qa, 'Will Stoltenberg announce more?', 'when will we know more');
    qa = addTo(qa, 'Who took the photo?', 'who is the photographer');
    await writeFile(path.join(dir, 'qa.yaml'), qa);

    const check = await runProcess(TSX, ['src/cli/checkKnowledgeCli.ts'], { env: { KNOWLEDGE_DIR: dir } });

    expect(check.code, check.stderr).toBe(0);
    const at = (phrasing: string) => `${path.join(dir, 'qa.yaml')}:${qa.split('\n').indexOf(`      - ${phrasing}`) + 1}`;
    expect(check.stdout).toContain(
      `Warning: ${at('when will we know more')} (entry "further-announcements"): "when will we know more" is declined`,
    );
    expect(check.stdout).toContain(
      `Warning: ${at('who is the photographer')} (entry "photo-credit"): "who is the photographer" is answered by entry "photo-who"`,
    );
  });

  it('8. knowledge:check says what to expect of the paragraphs no entry quotes: answers from the article’s text alone', async () => {
    const dir = await folderWith({ 'story.yaml': fullStory, 'qa.yaml': oneEntry });
    const check = await runProcess(TSX, ['src/cli/checkKnowledgeCli.ts'], { env: { KNOWLEDGE_DIR: dir } });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).not.toContain('rely on the passage search');
    expect(check.stdout).toMatch(
      /Paragraphs 2, 3, 4, 5, 6 and 7 have no curated entry, so questions about them are answered from the article's text alone/,
    );
  });

  it('7. small talk works on any story, naming it: hi, thanks, who are you, help, what story is this', async () => {
    const dir = await folderWith({ 'story.yaml': fullStory, 'qa.yaml': oneEntry });
    const { index } = (await KnowledgeStore.open(dir)).current;
    for (const message of ['hi', 'thanks', 'who are you', 'help', 'what story is this']) {
      const result = answerQuestion(index, message);
      expect(result, message).toMatchObject({ band: 'chat', source: 'chat', answered: false, quote: null });
      if (message !== 'thanks') expect(result.answer, message).toContain(TITLE);
    }
  });
});
