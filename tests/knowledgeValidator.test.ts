/**
 * Proves the knowledge validator tells a moderator what is wrong and where (file, line, entry id, a
 * plain message), one test per kind of problem; that the real knowledge folder is valid and covers
 * every paragraph; and that KnowledgeStore.reload() swaps in only good knowledge.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { describeProblem, KnowledgeError, type KnowledgeProblem } from '../src/knowledge/knowledgeError.js';
import { KnowledgeStore } from '../src/store/knowledgeStore.js';
import { IndexBuilder } from '../src/store/indexBuilder.js';
import { loadKnowledge, readKnowledgeSources, validateKnowledge, type KnowledgeSources } from '../src/knowledge/validateKnowledge.js';
import type { Knowledge } from '../src/knowledge/types.js';
import { partText } from '../src/knowledge/article.js';
import { reloadReply } from '../src/commands/reload.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SECOND_STORY_DIR = path.join(ROOT, 'tests', 'fixtures', 'second-story');
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const BROKEN_DIR = path.join(ROOT, 'tests', 'fixtures', 'broken');
const QA_FILE = path.join(KNOWLEDGE_DIR, 'qa.yaml');
const STORY_FILE = path.join(KNOWLEDGE_DIR, 'story.yaml');
const ALIASES_FILE = path.join(KNOWLEDGE_DIR, 'aliases.yaml');

// Read at collection time, so a change to the knowledge files that breaks the set-up of the broken
// inputs below fails the file loudly.
const realSources = await readKnowledgeSources(KNOWLEDGE_DIR);
const { article: realArticle, story: realStory, qa: realQa } = realSources;
if (realArticle === null || realStory === null || realQa === null)
  throw new Error('the home story has article.txt, story.yaml and qa.yaml');
const real = { ...realSources, article: realArticle, story: realStory, qa: realQa };

/** Replaces text that must occur exactly once, so a changed knowledge file fails loudly instead of testing nothing. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.includes(from, at + 1)) throw new Error(`expected exactly one ${JSON.stringify(from)} in the file`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the first line equal to `line` (trailing white space ignored). */
function lineOf(text: string, line: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l === line || l.trimEnd() === line);
  if (index < 0) throw new Error(`no line ${JSON.stringify(line)} in the file`);
  return index + 1;
}

function problemsOf(sources: KnowledgeSources): KnowledgeProblem[] {
  try {
    validateKnowledge(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return [...(error as KnowledgeError).problems];
  }
  throw new Error('validateKnowledge accepted the broken input');
}

/** The only problem there is; the test input breaks one thing. */
function onlyProblem(sources: KnowledgeSources): KnowledgeProblem {
  const problems = problemsOf(sources);
  expect(problems, problems.map(describeProblem).join('\n')).toHaveLength(1);
  return problems[0]!;
}

describe('validateKnowledge on broken input (one test per kind of problem)', () => {
  const BAD_YAML_LINE = '    question: Nato ministers: where did they meet?';
  const yamlSyntaxError = {
    ...real,
    qa: replaceOnce(real.qa, '    question: Where did Nato defence ministers meet?', BAD_YAML_LINE),
  };

  it('YAML syntax error: names the file and says the YAML is not valid', () => {
    const problem = problemsOf(yamlSyntaxError)[0]!;
    expect(problem.file).toBe(QA_FILE);
    expect(problem.entry).toBeNull();
    expect(problem.message).toMatch(/^this is not valid YAML \(.+\): /);
  });

  it('YAML syntax error: says how to fix the line, with the line as it should be', () => {
    const problem = problemsOf(yamlSyntaxError)[0]!;
    expect(problem.message).toMatch(/a value with ": " in it must be wrapped in single quotes/);
    expect(problem.message).toContain(`write the line as question: 'Nato ministers: where did they meet?'`);
  });

  it('YAML syntax error: names the line of the mistake', () => {
    const problem = problemsOf(yamlSyntaxError)[0]!;
    expect(problem.line).toBe(lineOf(yamlSyntaxError.qa, BAD_YAML_LINE));
  });

  it.each([
    [
      'a value starting with @',
      'entries:\n  - id: a\n    answer: @nato said so\n',
      `must be wrapped in single quotes (any ' inside written twice): write the line as answer: '@nato said so'`,
    ],
    ['tab indentation', 'entries:\n\t- id: a\n', 'indent with spaces, not tabs'],
    ['a field written twice', 'entries:\n  - id: a\n    id: b\n', 'a field is written twice here; keep one of them'],
    ['no space after a colon', 'entries:\n  - id:a\n    question: b\n', 'put a space after the colon, like "id: who-said-it"'],
  ])('YAML syntax error, %s: says how to fix it', (_what, qa, hint) => {
    expect(problemsOf({ ...real, qa })[0]!.message).toContain(hint);
  });

  const wrongType = {
    ...real,
    qa: replaceOnce(
      real.qa,
      '    tags: [trump, us]\n    related: [trump-calls-on-nato]\n',
      '    tags: trump\n    related: [trump-calls-on-nato]\n',
    ),
  };

  it('schema error, wrong type: names the field, its line and the entry', () => {
    const { qa } = wrongType;
    const problem = onlyProblem(wrongType);
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '    tags: trump'), entry: 'who-is-trump' });
    expect(problem.message).toContain('"tags"');
  });

  it('schema error, wrong type: does not claim a present field is missing', () => {
    const problem = onlyProblem(wrongType);
    expect(problem.message).not.toMatch(/required/);
    expect(problem.message).toMatch(/list|array/i);
  });

  it('schema error, unknown field: names the misspelt field, the entry and its line', () => {
    const qa = replaceOnce(
      real.qa,
      '    tags: [trump, us]\n    related: [trump-calls-on-nato]\n',
      '    tag: [trump, us]\n    related: [trump-calls-on-nato]\n',
    );
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '  - id: who-is-trump'), entry: 'who-is-trump' });
    expect(problem.message).toBe('unknown field "tag" (check the spelling; did you mean "tags"?)');
  });

  it('schema error, missing answer: says the answer is required, at the entry', () => {
    const qa = replaceOnce(real.qa, '    answer: The story names him as the US President, Donald Trump.\n', '');
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '  - id: who-is-trump'), entry: 'who-is-trump' });
    expect(problem.message).toBe('"answer": this field is required: add answer: a short answer, in your words, of what the story says');
  });

  it('schema error, a fact without a quote: asks for the words of the story', () => {
    const qa = replaceOnce(real.qa, '    quote: US President Donald Trump\n', '');
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '  - id: who-is-trump'), entry: 'who-is-trump' });
    expect(problem.message).toMatch(/fact entry needs a "quote"/);
  });

  it('schema error, an id that is not kebab-case: shows the expected form', () => {
    const qa = replaceOnce(real.qa, '  - id: who-is-trump\n', '  - id: Who_Is_Trump\n');
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '  - id: Who_Is_Trump'), entry: 'Who_Is_Trump' });
    expect(problem.message).toMatch(/"id": id must be lowercase words joined by dashes/);
  });

  it('duplicate ids: names the second one, its line and the line of the first', () => {
    const qa = replaceOnce(real.qa, '  - id: who-is-trump\n', '  - id: trump-calls-on-nato\n');
    const problem = onlyProblem({ ...real, qa });
    const first = lineOf(real.qa, '  - id: trump-calls-on-nato');
    const second = lineOf(real.qa, '  - id: who-is-trump');
    expect(problem).toMatchObject({ file: QA_FILE, line: second, entry: 'trump-calls-on-nato' });
    expect(problem.message).toBe(`the id "trump-calls-on-nato" is used twice (also at line ${first}); ids must be unique`);
  });

  it.each([
    ['word for word', 'Who is the Nato secretary general?'],
    ['after normalisation (case, contraction, hyphen, punctuation)', "Who's the NATO Secretary-General?!"],
  ])('the same question under two entries, %s: names both entries and the line', (_how, duplicate) => {
    const qa = replaceOnce(
      real.qa,
      '    question: Who is in the photo?\n    alternates:\n',
      `    question: Who is in the photo?\n    alternates:\n      - "${duplicate}"\n`,
    );
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, `      - "${duplicate}"`), entry: 'photo-who' });
    expect(problem.message).toBe(`the question "${duplicate}" is also under entry "nato-secretary-general"; keep it under one entry only`);
  });

  it('a quote that is not a verbatim span of the story: names the quote line and says to copy it exactly', () => {
    const qa = replaceOnce(real.qa, '    quote: US President Donald Trump\n', '    quote: US President Donald J. Trump\n');
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '    quote: US President Donald J. Trump'), entry: 'who-is-trump' });
    expect(problem.message).toBe(
      'the quote "US President Donald J. Trump" is not in the article word for word; it matches paragraph 14 up to "…US President Donald", ' +
        'then the article has "Trump called on Nato to do…" where the quote has "J. Trump…"; ' +
        'copy it exactly from one line of article.txt (only spacing and curly/straight quote marks may differ)',
    );
  });

  const linkedEntryBadQuote = {
    ...real,
    qa: replaceOnce(
      real.qa,
      'member nations’ defence ministers met in Brussels\n',
      'member nations’ defence ministers gathered in Brussels\n',
    ),
  };

  it('a bad quote in an entry other entries link to: the quote problem comes first', () => {
    const [first] = problemsOf(linkedEntryBadQuote);
    expect(first).toMatchObject({
      file: QA_FILE,
      line: lineOf(linkedEntryBadQuote.qa, '    quote: member nations’ defence ministers gathered in Brussels'),
      entry: 'ministers-met-brussels',
    });
    expect(first!.message).toMatch(/is not in the article word for word/);
  });

  it('a bad quote in an entry others link to is reported once, not also as a missing related id', () => {
    expect(problemsOf(linkedEntryBadQuote).map(describeProblem)).toEqual([expect.stringContaining('entry "ministers-met-brussels"')]);
  });

  it.each([
    {
      why: 'straight apostrophe for the article’s curly one, extra spaces',
      id: 'nato-secretary-general',
      from: '    quote: the alliance’s Secretary General, Jens Stoltenberg\n',
      to: '    quote: "the alliance\'s   Secretary General,  Jens Stoltenberg"\n',
      article: 'the alliance’s Secretary General, Jens Stoltenberg',
      paragraph: 1,
    },
    {
      why: 'straight opening and curly closing quote marks where the article has the opposite, extra spaces',
      id: 'stay-while-welcome',
      from: '    quote: We will only stay in Iraq as long as we are welcome.\n',
      to: "    quote: '\"We will only stay in Iraq   as long as we are welcome.”'\n",
      article: '“We will only stay in Iraq as long as we are welcome."',
      paragraph: 4,
    },
  ])('a quote that differs only by quote marks and white space is ACCEPTED ($why)', ({ id, from, to, article, paragraph }) => {
    const knowledge = validateKnowledge({ ...real, qa: replaceOnce(real.qa, from, to) });
    const entry = knowledge.entries.find((e) => e.id === id)!;
    // The stored quote is the article's own text, so users see it as printed.
    expect(entry.quote).toMatchObject({ text: article, part: 'paragraph', paragraph });
  });

  it.each([
    ['{}', '  - {}'],
    ['null', '  -'],
  ])('an empty entry (%s): names its position and line and says what an entry needs', (_kind, emptyLine) => {
    const qa = replaceOnce(real.qa, '  - id: ministers-met-brussels\n', `${emptyLine}\n\n  - id: ministers-met-brussels\n`);
    const position = real.qa.slice(0, real.qa.indexOf('  - id: ministers-met-brussels')).split('\n  - id: ').length;
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, emptyLine), entry: `#${position}` });
    expect(problem.message).toBe(`entry #${position} is empty; give it an id, a question, an answer and a quote, or delete it`);
  });

  it('a chat entry with a quote: names the quote line and says chat entries have none', () => {
    const chat = '    kind: chat\n    question: Who wrote this article?\n';
    const qa = replaceOnce(real.qa, chat, `${chat}    quote: Nato chief\n`);
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, '    quote: Nato chief'), entry: 'chat-source' });
    expect(problem.message).toBe('a chat entry has no quote; remove "quote" or make it a fact entry');
  });

  it('a not-in-story entry with a quote: names the quote line and says these entries have none', () => {
    const part = real.qaParts!.find((p) => p.name === path.join('qa', 'not-in-story.yaml'))!;
    const text = replaceOnce(
      part.text,
      '    question: Who killed Suleimani?\n',
      '    question: Who killed Suleimani?\n    quote: the killing of Iranian general Qassem Suleimani\n',
    );
    const problem = onlyProblem({ ...real, qaParts: real.qaParts!.map((p) => (p === part ? { ...p, text } : p)) });
    expect(problem).toMatchObject({
      file: path.join(KNOWLEDGE_DIR, 'qa', 'not-in-story.yaml'),
      line: lineOf(text, '    quote: the killing of Iranian general Qassem Suleimani'),
      entry: 'who-killed-suleimani',
    });
    expect(problem.message).toMatch(/^a not-in-story entry has no quote/);
  });

  it('a related id that does not exist: names it, the entry and the line', () => {
    const before = '    related: [who-announced-permission, iraq-reversal, iraq-wants-nato]';
    const after = '    related: [who-announced-permission, iraq-u-turn, iraq-wants-nato]';
    const qa = replaceOnce(real.qa, before, after);
    const problem = onlyProblem({ ...real, qa });
    expect(problem).toMatchObject({ file: QA_FILE, line: lineOf(qa, after), entry: 'iraq-grants-permission' });
    expect(problem.message).toBe('"related" names "iraq-u-turn", which is not an entry id; use the "id:" of an entry, or remove it');
  });

  it('an alias variant listed under two keys: names the variant, both keys and the line', () => {
    const aliases = replaceOnce(real.aliases!, '  troops: [troop, soldiers,', '  troops: [alliance, troop, soldiers,');
    const problem = onlyProblem({ ...real, aliases });
    expect(problem).toMatchObject({
      file: ALIASES_FILE,
      line: lineOf(aliases, aliases.split('\n').find((l) => l.startsWith('  troops: ['))!),
      entry: 'troops',
    });
    expect(problem.message).toBe('the variant "alliance" is also listed under "nato"; a variant can only stand for one word');
  });

  it('an alias variant that is itself a key: says a word can only stand for one thing', () => {
    const aliases = replaceOnce(real.aliases!, '  belgium: [belgian]', '  belgium: [belgian, brussels]');
    const problem = onlyProblem({ ...real, aliases });
    expect(problem).toMatchObject({ file: ALIASES_FILE, line: lineOf(aliases, '  belgium: [belgian, brussels]'), entry: 'belgium' });
    expect(problem.message).toMatch(/"brussels" is itself an alias key/);
  });

  const WRONG_TITLE = 'title: "Nato chief: Iraq grants permission for training mission"';
  const wrongTitle = {
    ...real,
    story: replaceOnce(real.story, 'title: "Nato chief: Iraq gives permission for training mission"', WRONG_TITLE),
  };

  it('story.yaml title not in the article: names story.yaml, the title and the article file', () => {
    const problem = onlyProblem(wrongTitle);
    expect(problem).toMatchObject({ file: STORY_FILE, entry: null });
    expect(problem.message).toBe(
      `the title "Nato chief: Iraq grants permission for training mission" is not a line of ${path.join(KNOWLEDGE_DIR, 'article.txt')}; copy it exactly from the article (its first line, as a rule)`,
    );
  });

  it('story.yaml title not in the article: names the title’s line in story.yaml', () => {
    expect(onlyProblem(wrongTitle).line).toBe(lineOf(wrongTitle.story, WRONG_TITLE));
  });

  it('story.yaml with a date in the wrong format: names the line and the expected format', () => {
    const story = replaceOnce(real.story, 'date: "2020-02-13"', 'date: "13 February 2020"');
    const problem = onlyProblem({ ...real, story });
    expect(problem).toMatchObject({ file: STORY_FILE, line: lineOf(story, 'date: "13 February 2020"'), entry: null });
    expect(problem.message).toBe('"date": date must be written as YYYY-MM-DD');
  });

  /** The real knowledge plus one paragraph and one entry quoting all of it, copied exactly. */
  const withQuotedParagraph = (paragraph: string): KnowledgeSources => ({
    ...real,
    article: `${real.article.trimEnd()}\n\n${paragraph}\n`,
    qa: `${real.qa.trimEnd()}\n\n  - id: ministers-cafe\n    question: Where did the ministers meet later?\n    answer: At a café.\n    quote: ${paragraph}\n`,
  });

  it('a quote with an accented letter, written the same way in article and quote, is accepted', () => {
    const paragraph = 'The ministers later met at a caf\u00E9 in Brussels.';
    const knowledge = validateKnowledge(withQuotedParagraph(paragraph));
    expect(knowledge.entries.find((e) => e.id === 'ministers-cafe')?.quote).toMatchObject({ text: paragraph, part: 'paragraph' });
  });

  it('a quote copied exactly from an article line with a decomposed accent is accepted', () => {
    const paragraph = 'The ministers later met at a cafe\u0301 in Brussels.';
    const knowledge = validateKnowledge(withQuotedParagraph(paragraph));
    expect(knowledge.entries.find((e) => e.id === 'ministers-cafe')?.quote?.text).toBe(paragraph);
  });

  it('reports every problem at once, each described as file:line (entry "id"): message', () => {
    let qa = replaceOnce(real.qa, '  - id: who-is-trump\n', '  - id: trump-calls-on-nato\n');
    qa = replaceOnce(
      qa,
      '    quote: "Nato chief: Iraq gives permission for training mission"\n',
      '    quote: "Nato boss: Iraq gives permission for training mission"\n',
    );
    let error: unknown;
    try {
      validateKnowledge({ ...real, qa });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnowledgeError);
    const { problems, message } = error as KnowledgeError;
    expect(problems.map((p) => p.entry)).toEqual(['trump-calls-on-nato', 'headline']);
    expect(message).toContain('The knowledge files have 2 problems:');
    const line = lineOf(qa, '    quote: "Nato boss: Iraq gives permission for training mission"');
    expect(message).toContain(`- ${QA_FILE}:${line} (entry "headline"): the quote "Nato boss: Iraq gives permission for training mission"`);
  });
});

describe('loadKnowledge on broken folders on disk', () => {
  it('a folder without qa.yaml loads: the article alone answers', async () => {
    const knowledge = await loadKnowledge(path.join(ROOT, 'tests', 'fixtures', 'article-only'));
    // Only the built-in small talk.
    expect(knowledge.entries.filter((e) => e.kind !== 'chat')).toEqual([]);
    expect(knowledge.story.paragraphs.length).toBeGreaterThan(0);
  });

  it('a folder whose quote is paraphrased: names the quote line and the entry', async () => {
    const dir = path.join(BROKEN_DIR, 'quote-not-in-article');
    const qa = await readFile(path.join(dir, 'qa.yaml'), 'utf8');
    const error = await loadKnowledge(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KnowledgeError);
    const problems = (error as KnowledgeError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: path.join(dir, 'qa.yaml'),
      line: lineOf(qa, '    quote: Additional ferries will sail every ten minutes'),
      entry: 'ferry-frequency',
    });
    expect(problems[0]!.message).toMatch(/is not in the article word for word/);
  });

  it('a folder that does not exist names every missing required file', async () => {
    const dir = path.join(BROKEN_DIR, 'no-such-folder');
    const error = await loadKnowledge(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).problems.map((p) => path.basename(p.file)).sort()).toEqual(['article.txt', 'story.yaml']);
  });

  it('aliases.yaml is optional', async () => {
    const sources = await readKnowledgeSources(path.join(BROKEN_DIR, 'quote-not-in-article'));
    expect(sources.aliases).toBeNull();
  });
});

describe('the real knowledge folder', () => {
  let knowledge: Knowledge;

  beforeAll(async () => {
    knowledge = await loadKnowledge(KNOWLEDGE_DIR);
  });

  it('loads, with the story split into titled parts and paragraphs', () => {
    expect(knowledge.story.title).toBe('Nato chief: Iraq gives permission for training mission');
    expect(knowledge.story.paragraphs.length).toBeGreaterThanOrEqual(10);
    expect(knowledge.story.paragraphs.map((p) => p.number)).toEqual(knowledge.story.paragraphs.map((_p, i) => i + 1));
    expect(knowledge.story.paragraphs.some((p) => p.text.includes('Powered by automated translation'))).toBe(false);
  });

  it('every fact entry’s quote is an exact span of the part of the story it names', () => {
    const { story } = knowledge;
    for (const entry of knowledge.entries.filter((e) => e.kind === 'fact')) {
      const quote = entry.quote!;
      const place = partText(story, quote.part, quote.paragraph)!;
      expect(place.slice(quote.start, quote.end), entry.id).toBe(quote.text);
    }
  });

  it('every paragraph of the story is quoted by at least one fact entry', () => {
    const quoted = new Set(knowledge.entries.filter((e) => e.kind === 'fact').map((e) => e.quote?.paragraph));
    const unquoted = knowledge.story.paragraphs.filter((p) => !quoted.has(p.number)).map((p) => p.number);
    expect(unquoted).toEqual([]);
  });
});

describe('KnowledgeStore.reload()', () => {
  let dir: string;
  let originalQa: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-knowledge-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    originalQa = await readFile(path.join(dir, 'qa.yaml'), 'utf8');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes a reload in a worker thread, answering all the while, and swaps the new knowledge in whole', async () => {
    const store = await KnowledgeStore.open(dir);
    expect(store.current.indexedBy).toBe('this thread');
    await writeFile(path.join(dir, 'qa.yaml'), originalQa.replace('Who took the photo?', 'Who took the photograph?'));
    const reloading = store.reload();
    // The main thread is free while the worker reads and indexes: questions are answered from the old knowledge.
    let answeredMeanwhile = 0;
    // An object, so the loop reads what the callback wrote (a plain `let` would look always-false to the checker).
    const reload = { done: false };
    void reloading.finally(() => (reload.done = true));
    while (!reload.done) {
      expect(answerQuestion(store.current.index, 'who took the picture').entryId).toBe('photo-credit');
      answeredMeanwhile++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcome = await reloading;
    expect(outcome).toMatchObject({ ok: true });
    expect(answeredMeanwhile).toBeGreaterThan(1);
    expect(store.current.indexedBy).toBe('worker');
    expect(store.current.knowledge.entries.find((e) => e.id === 'photo-credit')?.question).toBe('Who took the photograph?');
    expect(answerQuestion(store.current.index, 'who took the picture').entryId).toBe('photo-credit');
    await store.close();
  });

  it('builds again at once in a fresh worker after the last one was stopped, the stopped one failing nothing', async () => {
    const builder = new IndexBuilder();
    expect((await builder.build(dir)).knowledge.entries.length).toBeGreaterThan(0);
    // close() stops the worker; its exit arrives while the next build already runs in a new one.
    void builder.close();
    const again = await builder.build(dir);
    expect(again.knowledge.story.title).toBe((await builder.build(dir)).knowledge.story.title);
    await builder.close();
  });

  it('refuses a broken folder and keeps answering from the knowledge loaded before', async () => {
    const store = await KnowledgeStore.open(dir);
    const before = store.current;
    const answerBefore = answerQuestion(before.index, 'who took the picture');
    expect(answerBefore.entryId).toBe('photo-credit');

    await writeFile(
      path.join(dir, 'qa.yaml'),
      replaceOnce(originalQa, '    quote: US President Donald Trump\n', '    quote: President Trump\n'),
    );
    const outcome = await store.reload();

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(KnowledgeError);
    expect((outcome.error as KnowledgeError).problems.map((p) => p.entry)).toEqual(['who-is-trump']);
    expect(store.current).toBe(before);
    expect(answerQuestion(store.current.index, 'who took the picture')).toEqual(answerBefore);
  });

  it('swaps in a fixed folder and names the added, removed and changed ids', async () => {
    const store = await KnowledgeStore.open(dir);
    const before = store.current;
    const lastEntryAt = originalQa.indexOf('  - id: chat-source\n');
    expect(lastEntryAt).toBeGreaterThan(0);
    const newEntry = [
      '  - id: photo-agency',
      '    question: Which picture agency supplied the photo?',
      '    answer: EPA, according to the credit.',
      '    quote: EPA/STEPHANIE LECOCQ',
      '',
    ].join('\n');
    const qa = replaceOnce(
      originalQa.slice(0, lastEntryAt) + newEntry,
      '    answer: The photo is credited to EPA/Stephanie Lecocq.\n',
      '    answer: The credit says EPA/Stephanie Lecocq.\n',
    );
    await writeFile(path.join(dir, 'qa.yaml'), qa);

    const outcome = await store.reload();

    expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.diff).toMatchObject({
      added: ['photo-agency'],
      removed: ['chat-source'],
      changed: ['photo-credit'],
      storyChanged: false,
    });
    expect(outcome.diff.paragraphsAfter).toBe(outcome.diff.paragraphsBefore);
    expect(store.current).not.toBe(before);
    expect(answerQuestion(store.current.index, 'who took the picture').answer).toBe('The credit says EPA/Stephanie Lecocq.');
  });

  it('reports a changed story and its new paragraph count', async () => {
    const store = await KnowledgeStore.open(dir);
    const paragraphs = store.current.knowledge.story.paragraphs.length;
    const article = await readFile(path.join(dir, 'article.txt'), 'utf8');
    await writeFile(path.join(dir, 'article.txt'), `${article.trimEnd()}\n\nThe ministers will meet again in June.\n`);

    const outcome = await store.reload();

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.diff).toMatchObject({
      paragraphsBefore: paragraphs,
      paragraphsAfter: paragraphs + 1,
      storyChanged: true,
      added: [],
      removed: [],
    });
    // One paragraph more is an edit of the same story.
    expect(outcome.diff.newStory).toBeUndefined();
  });

  it('a different article is reported as a new story, not as every entry added and removed', async () => {
    const store = await KnowledgeStore.open(dir);
    const before = store.current.knowledge.story.title;
    await rm(path.join(dir, 'qa'), { recursive: true, force: true });
    for (const name of ['article.txt', 'story.yaml', 'qa.yaml', 'aliases.yaml'])
      await cp(path.join(SECOND_STORY_DIR, name), path.join(dir, name));

    const outcome = await store.reload();

    expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
    if (!outcome.ok) return;
    const after = store.current.knowledge.story.title;
    expect(outcome.diff.newStory).toEqual({ titleBefore: before, titleAfter: after });
    const reply = reloadReply(outcome);
    expect(reply.title).toBe('New story loaded');
    expect(reply.text).toBe(`A new story: "${after}" (7 paragraphs), replacing "${before}".`);
    expect(reply.fields).toEqual([
      { name: 'Now', value: after },
      { name: 'Before', value: before },
    ]);
  });

  it('two concurrent reload() calls share one run; a later call starts a new one', async () => {
    const store = await KnowledgeStore.open(dir);
    const first = store.reload();
    const second = store.reload();
    expect(second).toBe(first);
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    const third = store.reload();
    expect(third).not.toBe(first);
    await third;
  });
});

describe('a Q&A split into a qa/ folder', () => {
  const extra = (id: string, quote: string) =>
    `entries:\n  - id: ${id}\n    question: What did the ministers do in Brussels (${id})?\n    answer: They met.\n    quote: ${quote}\n`;

  async function folderWith(parts: Record<string, string>, withQa = true): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-qa-folder-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    if (!withQa) await rm(path.join(dir, 'qa.yaml'));
    // Only the parts this test names: the real folder's own qa/ files are left out.
    await rm(path.join(dir, 'qa'), { recursive: true, force: true });
    await mkdir(path.join(dir, 'qa'));
    for (const [name, text] of Object.entries(parts)) await writeFile(path.join(dir, 'qa', name), text);
    return dir;
  }

  it('loads qa.yaml and every qa/*.yaml together', async () => {
    const dir = await folderWith({
      'b.yaml': extra('brussels-meeting-b', 'defence ministers met in Brussels'),
      'a.yaml': extra('brussels-meeting-a', 'met in Brussels'),
    });
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.entries.map((e) => e.id)).toEqual(
      expect.arrayContaining(['brussels-meeting-a', 'brussels-meeting-b', 'who-is-trump']),
    );
  });

  it('works without qa.yaml when the folder holds the Q&A', async () => {
    const dir = await folderWith({ 'only.yaml': extra('brussels-meeting', 'met in Brussels') }, false);
    const entries = (await loadKnowledge(dir)).entries.filter((e) => e.kind !== 'chat');
    expect(entries.map((e) => e.id)).toEqual(['brussels-meeting']);
  });

  it('names the part file, its line and the entry; ids must be unique across files', async () => {
    const dir = await folderWith({ 'topic.yaml': extra('who-is-trump', 'met in Paris') });
    const error = await loadKnowledge(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KnowledgeError);
    const problems = (error as KnowledgeError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: path.join(dir, 'qa', 'topic.yaml'),
          line: 2,
          entry: 'who-is-trump',
          message: expect.stringMatching(/used twice \(also at .*qa\.yaml line \d+\)/) as unknown,
        }),
        expect.objectContaining({
          file: path.join(dir, 'qa', 'topic.yaml'),
          line: 5,
          entry: 'who-is-trump',
          message: expect.stringMatching(/not in the article word for word/) as unknown,
        }),
      ]),
    );
  });
});
