/**
 * Proves the pure command handlers, without any Discord: /ask (hide, mention, empty and overlong input,
 * every answer band), /quote (paragraph, about, a notable quote with an injected random), /story, /help,
 * /reload (refused to non-moderators, a broken folder refused with the problems listed), question
 * autocomplete within Discord's limits, and truncate.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { askCommand, replyForResult } from '../src/commands/ask.js';
import { chosenSuggestion } from '../src/commands/chosenSuggestion.js';
import type { CommandContext } from '../src/commands/commandDefinition.js';
import { COMMANDS, findCommand } from '../src/commands/commands.js';
import { helpCommand } from '../src/commands/help.js';
import { LIMITS, truncate } from '../src/commands/limits.js';
import { suggestQuestions } from '../src/commands/questionAutocomplete.js';
import { notableQuotes, quoteCommand } from '../src/commands/quote.js';
import { describeDiff, reloadCommand, reloadReply } from '../src/commands/reload.js';
import type { Reply } from '../src/commands/reply.js';
import { storyCommand } from '../src/commands/story.js';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { locateQuote } from '../src/knowledge/article.js';
import { describeProblem, KnowledgeError } from '../src/knowledge/knowledgeError.js';
import { KnowledgeStore, type KnowledgeDiff } from '../src/store/knowledgeStore.js';
import { createLogger } from '../src/logger.js';
import { SqliteQuestionRecord } from '../src/record/sqliteQuestionRecord.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const USER_ID = '123456789012345678';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let store: KnowledgeStore;
let member: CommandContext;

beforeAll(async () => {
  store = await KnowledgeStore.open(KNOWLEDGE_DIR);
  member = { store, isModerator: false };
});

const story = () => store.current.knowledge.story;
const facts = () => store.current.knowledge.entries.filter((e) => e.kind === 'fact');

describe('the command list', () => {
  it('has /ask, /quote, /story and /help for everyone and /reload for moderators, found by name', () => {
    expect(['ask', 'quote', 'story', 'help', 'reload'].map((n) => findCommand(n)?.name)).toEqual([
      'ask',
      'quote',
      'story',
      'help',
      'reload',
    ]);
    expect(findCommand('nonsense')).toBeUndefined();
    const moderatorOnly = new Set(COMMANDS.filter((c) => c.moderatorOnly).map((c) => c.name));
    expect(['ask', 'quote', 'story', 'help'].filter((n) => moderatorOnly.has(n))).toEqual([]);
    expect(moderatorOnly.has('reload')).toBe(true);
  });
});

describe('/ask', () => {
  const ask = (options: Record<string, string | boolean>) => askCommand.run(options, member) as Reply;

  it('answers with the short answer, the verbatim quote, its context and where it is', () => {
    const question = 'did iraq let nato stay?';
    const result = answerQuestion(store.current.index, question);
    const reply = ask({ question });
    expect(reply).toMatchObject({ kind: 'answer', text: result.answer, quote: result.quote, ephemeral: false });
    expect(reply.context?.quote).toBe(result.quote);
    expect(`${reply.context!.before}${reply.context!.quote}${reply.context!.after}`).toBe(result.context);
    expect(reply.footer).toMatch(/^Paragraph 1 · match \d+%/);
    expect(locateQuote(story(), reply.quote!)).not.toBeNull();
    expect(reply.mentionUserId).toBeUndefined();
  });

  it('hide: only the asker sees it, and nobody is pinged even with mention', () => {
    const reply = ask({ question: 'who took the picture', hide: true, mention: USER_ID });
    expect(reply.kind).toBe('answer');
    expect(reply.ephemeral).toBe(true);
    expect(reply.mentionUserId).toBeUndefined();
  });

  it('mention: a public answer pings exactly that user', () => {
    const reply = ask({ question: 'who took the picture', mention: USER_ID });
    expect(reply).toMatchObject({ kind: 'answer', ephemeral: false, mentionUserId: USER_ID });
  });

  it('mention on a decline: the decline is private, so nobody is pinged', () => {
    const reply = ask({ question: 'how do i get the mod role', mention: USER_ID });
    expect(reply.kind).toBe('decline');
    expect(reply.ephemeral).toBe(true);
    expect(reply.mentionUserId).toBeUndefined();
  });

  it('a decline says the story does not say, names the story and offers real example questions', () => {
    const reply = ask({ question: 'what is the best pizza topping' });
    expect(reply.kind).toBe('decline');
    expect(reply.text).toContain('doesn’t say');
    expect(reply.text).toContain(story().title);
    expect(reply.suggestions!.length).toBeGreaterThan(0);
    for (const s of reply.suggestions!) expect(facts().find((e) => e.id === s.entryId)?.question).toBe(s.question);
  });

  it('small talk gets the chat reply, in public', () => {
    expect(ask({ question: 'thanks' })).toMatchObject({ kind: 'chat', ephemeral: false });
  });

  it.each([
    ['empty', ''],
    ['white space only', '   \t '],
  ])('an %s question gets a private notice with an example', (_kind, question) => {
    const reply = ask({ question });
    expect(reply).toMatchObject({ kind: 'notice', ephemeral: true });
    expect(reply.text).toMatch(/Ask me a question about the story/);
  });

  it('a question over the length limit gets a private notice naming its length and the limit', () => {
    const question = 'nato '.repeat(200).slice(0, LIMITS.question + 1);
    const reply = ask({ question });
    expect(reply).toMatchObject({ kind: 'notice', ephemeral: true });
    expect(reply.text).toContain(`${LIMITS.question + 1} characters`);
    expect(reply.text).toContain(String(LIMITS.question));
  });

  it('a close call becomes "did you mean" buttons with entry ids (replyForResult, suggest band)', () => {
    const base = answerQuestion(store.current.index, 'how do i get the mod role');
    const suggestions = facts()
      .slice(0, 2)
      .map((e) => ({ entryId: e.id, question: e.question, score: 0.4 }));
    const reply = replyForResult({ ...base, band: 'suggest', suggestions }, store.current);
    expect(reply).toMatchObject({ kind: 'suggest', ephemeral: true });
    expect(reply.suggestions).toEqual(suggestions.map(({ entryId, question }) => ({ entryId, question })));
  });

  it('autocomplete delegates to suggestQuestions', () => {
    expect(askCommand.autocomplete!('question', 'who took the ph', store.current)).toEqual(
      suggestQuestions(store.current, 'who took the ph'),
    );
  });
});

describe('/quote', () => {
  const quote = (options: Record<string, string | number>, random?: () => number) =>
    quoteCommand.run(options, random ? { ...member, random } : member) as Reply;

  it('paragraph: the whole paragraph, verbatim, with its number', () => {
    const reply = quote({ paragraph: 4 });
    expect(reply).toMatchObject({
      kind: 'info',
      text: `Paragraph 4 of ${story().paragraphs.length}:`,
      quote: story().paragraphs[3]!.text,
      footer: 'Paragraph 4',
      ephemeral: false,
    });
  });

  it.each([0, 99])('paragraph %i, which does not exist: a private notice with the range', (paragraph) => {
    expect(quote({ paragraph })).toEqual({
      kind: 'notice',
      text: `The story has paragraphs 1 to ${story().paragraphs.length}.`,
      ephemeral: true,
    });
  });

  it('paragraph wins over about', () => {
    expect(quote({ paragraph: 2, about: 'three more bases' }).footer).toBe('Paragraph 2');
  });

  it('about: the sentence of the story on that topic, verbatim', () => {
    const reply = quote({ about: 'three more bases in central iraq' });
    expect(reply.kind).toBe('info');
    expect(reply.quote).toContain('three more bases in central Iraq');
    const located = locateQuote(story(), reply.quote!);
    expect(located?.paragraph).not.toBeNull();
    expect(reply.footer).toBe(`Paragraph ${located!.paragraph}`);
    expect(story().paragraphs[located!.paragraph! - 1]!.text).toContain(reply.quote);
  });

  it('about a topic the story does not cover: a private decline', () => {
    const reply = quote({ about: 'pizza toppings and video games' });
    expect(reply).toMatchObject({ kind: 'decline', ephemeral: true });
    expect(reply.quote).toBeUndefined();
  });

  it('notable: the injected random picks among the sentences that quote someone, repeatably', () => {
    const notable = notableQuotes(store.current);
    expect(notable.length).toBeGreaterThan(1);
    for (const n of notable) {
      expect(n.text).toMatch(/["“”]/);
      expect(story().paragraphs[n.paragraph - 1]!.text).toContain(n.text);
    }
    const first = quote({}, () => 0);
    const last = quote({}, () => 0.999_999);
    expect(first).toMatchObject({ kind: 'info', quote: notable[0]!.text, footer: `Paragraph ${notable[0]!.paragraph}` });
    expect(last).toMatchObject({ quote: notable.at(-1)!.text, footer: `Paragraph ${notable.at(-1)!.paragraph}` });
    expect(quote({}, () => 0.5)).toEqual(quote({}, () => 0.5));
    // A random source that returns 1 (out of Math.random's range) still picks a quote.
    expect(notable.map((n) => n.text)).toContain(quote({}, () => 1).quote);
  });

  it('a blank about is treated as no option: a notable quote', () => {
    expect(quote({ about: '   ' }, () => 0).quote).toBe(notableQuotes(store.current)[0]!.text);
  });

  it.each(['', 'bases', 'what did stoltenberg say about iraq and the training mission'])(
    'autocomplete for %j: at most 25 choices of at most 100 characters',
    (typed) => {
      const choices = quoteCommand.autocomplete!('about', typed, store.current);
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
        expect(c.value.length).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
      }
    },
  );
});

describe('/story', () => {
  it('gives the title, subtitle, summary, date, source (when story.yaml names one) and how much the bot knows, in public', () => {
    const reply = storyCommand.run({}, member) as Reply;
    const field = (name: string) => reply.fields?.find((f) => f.name === name)?.value;
    expect(reply).toMatchObject({ kind: 'info', title: story().title, ephemeral: false });
    expect(reply.text).toContain(story().subtitle);
    expect(reply.text).toContain(story().summary);
    expect(field('Date')).toBe('2020-02-13');
    // The home story's text names no publisher, so story.yaml has no source, and /story shows none.
    expect(field('Source')).toBe(story().source ?? undefined);
    expect(field('Paragraphs')).toBe(String(story().paragraphs.length));
    expect(field('Q&A entries')).toBe(String(facts().length));
    expect(field('Photo')).toContain(story().credit);
  });
});

describe('/help', () => {
  it('explains what the bot does with example questions from the knowledge, privately', () => {
    const reply = helpCommand.run({}, member) as Reply;
    expect(reply).toMatchObject({ kind: 'info', title: 'What I can do', ephemeral: true });
    expect(reply.text).toContain(story().title);
    const examples = reply.fields!.find((f) => f.name === 'Examples')!.value.split('\n');
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) expect(facts().map((e) => `• ${e.question}`)).toContain(line);
  });

  it('tells moderators about /reload, and only moderators', () => {
    const names = (ctx: CommandContext) => (helpCommand.run({}, ctx) as Reply).fields!.map((f) => f.name);
    expect(names(member)).not.toContain('Moderators');
    expect(names({ ...member, isModerator: true })).toContain('Moderators');
  });
});

describe('/reload', () => {
  let dir: string;
  let tempStore: KnowledgeStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-reload-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    tempStore = await KnowledgeStore.open(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused to a member who is not a moderator, without reloading', async () => {
    const reload = vi.spyOn(tempStore, 'reload');
    const reply = await reloadCommand.run({}, { store: tempStore, isModerator: false });
    expect(reply).toMatchObject({ kind: 'notice', ephemeral: true });
    expect(reply.text).toMatch(/Only moderators/);
    expect(reload).not.toHaveBeenCalled();
    reload.mockRestore();
  });

  it('for a moderator, reloads and says what changed', async () => {
    const reply = await reloadCommand.run({}, { store: tempStore, isModerator: true });
    expect(reply).toMatchObject({ kind: 'info', title: 'Knowledge reloaded', ephemeral: true });
    expect(reply.text).toBe(`Entries: 0 added, 0 removed, 0 changed; ${story().paragraphs.length} paragraphs.`);
    expect(reply.fields?.map((f) => `${f.name}: ${f.value}`)).toEqual(['Added: none', 'Removed: none', 'Changed: none']);
  });

  it('refuses a broken folder, lists each problem and keeps the old knowledge', async () => {
    const before = tempStore.current;
    const qaFile = path.join(dir, 'qa.yaml');
    const qa = await readFile(qaFile, 'utf8');
    await writeFile(qaFile, qa.replace('    quote: US President Donald Trump\n', '    quote: President Trump\n'));
    try {
      const outcome = await tempStore.reload();
      expect(outcome.ok).toBe(false);
      const problems = (outcome as { error: KnowledgeError }).error.problems;

      const reply = await reloadCommand.run({}, { store: tempStore, isModerator: true });
      expect(reply).toMatchObject({ kind: 'error', title: 'Reload refused: the knowledge files have problems', ephemeral: true });
      for (const p of problems) expect(reply.text).toContain(`• ${describeProblem(p)}`);
      expect(reply.text).toContain('(entry "who-is-trump")');
      expect(reply.text).toMatch(/Nothing changed/);
      expect(tempStore.current).toBe(before);
    } finally {
      await writeFile(qaFile, qa);
    }
  });

  it('reloadReply for an error that is not a KnowledgeError still says what went wrong', () => {
    const reply = reloadReply({ ok: false, error: new Error('disk on fire') });
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain('• Error: disk on fire');
  });

  it('describeDiff says what changed in one line; long id lists fit a Discord field', () => {
    const diff: KnowledgeDiff = {
      added: ['a'],
      removed: ['b', 'c'],
      changed: [],
      paragraphsBefore: 15,
      paragraphsAfter: 16,
      storyChanged: true,
    };
    expect(describeDiff(diff)).toBe('Entries: 1 added, 2 removed, 0 changed; paragraphs 15 → 16; the story text or metadata changed.');

    const many = Array.from({ length: 200 }, (_, i) => `entry-number-${i}`);
    const reply = reloadReply({ ok: true, ms: 5, diff: { ...diff, added: many } });
    const added = reply.fields!.find((f) => f.name === 'Added')!.value;
    expect(added.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    expect(added.startsWith('entry-number-0, entry-number-1')).toBe(true);
  });
});

describe('question autocomplete (suggestQuestions)', () => {
  const expectWithinDiscordLimits = (choices: ReadonlyArray<{ name: string; value: string }>) => {
    expect(choices.length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
    for (const c of choices) {
      expect(c.name.length, c.name).toBeGreaterThan(0);
      expect(c.name.length, c.name).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
      expect(c.value.length, c.value).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
    }
  };

  it.each(['', '   '])('with nothing typed (%j), offers a few curated questions', (typed) => {
    const choices = suggestQuestions(store.current, typed);
    expect(choices.length).toBeGreaterThanOrEqual(1);
    expect(choices.length).toBeLessThanOrEqual(5);
    for (const c of choices) expect(facts().map((e) => e.question)).toContain(c.value);
  });

  it('puts what was typed first, then the curated questions that fit', () => {
    const choices = suggestQuestions(store.current, '  who is the nato boss ');
    expectWithinDiscordLimits(choices);
    expect(choices[0]).toEqual({ name: 'who is the nato boss', value: 'who is the nato boss' });
    expect(choices.map((c) => c.value)).toContain('Who is the Nato secretary general?');
  });

  it('completes a half-typed last word', () => {
    expect(suggestQuestions(store.current, 'who took the ph').map((c) => c.value)).toContain('Who took the photo?');
  });

  it('does not offer the typed question twice when it is a curated one', () => {
    const values = suggestQuestions(store.current, 'Who took the photo?').map((c) => c.value);
    expect(values.filter((v) => v === 'Who took the photo?')).toHaveLength(1);
  });

  it.each([
    ['300 letters', 'x'.repeat(300)],
    [
      'a long question',
      'so what exactly did the secretary general of nato say about iraq and the training mission and the bases '.repeat(3),
    ],
    ['120 emoji', '🙂'.repeat(120)],
  ])('typed text of %s is cut to a choice of at most 100 characters', (_what, typed) => {
    const choices = suggestQuestions(store.current, typed);
    const first = choices[0]!;
    // Discord and discord.js count UTF-16 units; an emoji is two of them and is never split.
    expect(first.name.length).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
    expect(first.name.length).toBeGreaterThanOrEqual(LIMITS.autocompleteChoiceLength - 1);
    expect(first.value).toBe(first.name);
    expect(first.name.endsWith('…')).toBe(true);
    expect(first.name).not.toMatch(LONE_SURROGATE);
    expect(choices.length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
  });

  it('never offers more than `max` choices', () => {
    expect(suggestQuestions(store.current, 'who took the ph', 3).length).toBeLessThanOrEqual(3);
    expectWithinDiscordLimits(suggestQuestions(store.current, 'who what when where why how nato iraq photo troops bases'));
  });
});

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('exactly10!', 10)).toBe('exactly10!');
    expect(truncate('', 5)).toBe('');
  });

  it('cuts longer text to the limit, ending with an ellipsis', () => {
    const cut = truncate('abcdefghijklmnop', 10);
    expect(cut).toBe('abcdefghi…');
    expect(cut).toHaveLength(10);
  });

  it('does not leave white space before the ellipsis', () => {
    expect(truncate('abc def ghi', 5)).toBe('abc…');
  });

  it('never splits an emoji (surrogate pair) in two', () => {
    const cut = truncate('🙂'.repeat(10), 6);
    expect(cut).toBe('🙂🙂…');
    expect(cut).not.toMatch(LONE_SURROGATE);
  });

  it('counts UTF-16 units, as Discord and discord.js validate: five emoji do not fit a limit of five', () => {
    const cut = truncate('🙂'.repeat(5), 5);
    expect(cut).toBe('🙂🙂…');
    expect(cut.length).toBeLessThanOrEqual(5);
  });
});

describe('a "did you mean" choice', () => {
  it('answers the chosen entry under its question, records it like a question asked, and takes votes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-choice-'));
    const record = SqliteQuestionRecord.open(dir, createLogger('silent'));
    try {
      const entry = facts()[0]!;
      const origin = { channelKind: 'slash' as const, guildId: '223456789012345678' };
      const reply = chosenSuggestion(entry.id, { store, record, origin });
      expect(reply).toMatchObject({ kind: 'answer', title: entry.question });
      expect(reply.quote).toBe(entry.quote?.text);
      expect(reply.feedbackId).toBeTypeOf('number');
      expect(await record.vote(reply.feedbackId!, USER_ID, true)).toBe('recorded');
    } finally {
      await record.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when the entry left the knowledge in a reload', () => {
    expect(chosenSuggestion('no-such-entry', { store })).toMatchObject({ kind: 'notice', ephemeral: true });
  });
});
