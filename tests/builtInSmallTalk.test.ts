/**
 * Small talk is built in (lexicon/small-talk.yaml) and names each story; a knowledge folder overrides an entry
 * by its id, and a phrasing the folder uses for its own entry is the folder's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { SMALL_TALK_FILE } from '../src/knowledge/smallTalk.js';
import { ROOT } from './support/runProcess.js';
import { secondStoryForTests } from './support/secondStoryWith.js';

const library = secondStoryForTests({
  'talk.yaml': `entries:
  - id: where-is-it
    question: Where is the library?
    alternates: [sum it up]
    answer: On Elm Street, by the photo caption.
    quote: Millbrook Public Library on Elm Street
`,
});

describe('built-in small talk', () => {
  const reply = (message: string) => answerQuestion(library.snapshot.index, message);

  it('every story gets it, with {title} filled in: the home story’s generic chat lives in the lexicon, not its Q&A', async () => {
    const home = (await KnowledgeStore.open(path.join(ROOT, 'knowledge'))).current;
    const result = answerQuestion(home.index, 'who are you?');
    expect(result).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    expect(result.answer).toContain(`"${home.knowledge.story.title}"`);
    expect(result.answer).not.toContain('{title}');
    expect(home.knowledge.entries.find((e) => e.id === 'chat-who-are-you')?.file).toBe(SMALL_TALK_FILE);
    // The home story keeps only the small talk that is its own.
    const ownChat = home.knowledge.entries.filter((e) => e.kind === 'chat' && e.file !== SMALL_TALK_FILE).map((e) => e.id);
    expect(ownChat).toEqual(['chat-source']);
  });

  it('a folder’s chat entry with a built-in id replaces it; the other built-ins stay', () => {
    const { entries, story } = library.snapshot.knowledge;
    const hello = entries.filter((e) => e.id === 'chat-hello');
    expect(hello).toHaveLength(1);
    expect(path.basename(hello[0]!.file)).toBe('qa.yaml');
    expect(answerQuestion(library.snapshot.index, 'hello').answer).toMatch(/Millbrook library reopening/);
    expect(answerQuestion(library.snapshot.index, 'what can you do').answer).toContain(story.title);
  });

  it('a phrasing the folder uses for its own entry is taken out of the built-in one', () => {
    const whatStory = library.snapshot.knowledge.entries.find((e) => e.id === 'chat-what-story')!;
    expect(whatStory.alternates).not.toContain('sum it up');
    expect(answerQuestion(library.snapshot.index, 'sum it up')).toMatchObject({ answered: true, entryId: 'where-is-it' });
    expect(answerQuestion(library.snapshot.index, 'what story is this?')).toMatchObject({ band: 'chat', entryId: 'chat-what-story' });
  });

  it('a message that opens with a chat phrase and asks nothing gets that reply; a question or a story word after it does not', () => {
    expect(reply("thanks, that's all I needed")).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    expect(reply('Thank you young man, that was very helpful.')).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    expect(reply('good night everybody, see you tomorrow')).toMatchObject({ band: 'chat', entryId: 'chat-goodbye' });
    expect(reply('lol')).toMatchObject({ band: 'chat', entryId: 'chat-ok' });
    expect(reply('lol ok bet')).toMatchObject({ band: 'chat', entryId: 'chat-ok' });
    // A question after the greeting is a question: answered, or declined, never waved off with chat.
    expect(reply('thanks! and where is the library?')).not.toMatchObject({ band: 'chat' });
    expect(reply('thanks, did the mayor cut the ribbon lol')).not.toMatchObject({ band: 'chat' });
    expect(reply('lol what is the capital of peru')).not.toMatchObject({ band: 'chat' });
    expect(reply('thanks, the library sounds lovely')).not.toMatchObject({ band: 'chat' });
    // Only an opening: a "later" at the end is part of the message, not a goodbye.
    expect(reply('anyone down for a game later')).not.toMatchObject({ band: 'chat' });
  });

  it('a message opening with a question asked of the bot and asking nothing more is chat; a chat question about the story is not', () => {
    expect(reply('who are you anyway, some kinda ai?')).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    expect(reply('who r u even, a bot or a real person?')).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    // A question after it is a question; so is a story word.
    expect(reply('who are you, and where is the library?')).not.toMatchObject({ band: 'chat' });
    expect(reply('who are you, the librarian?')).not.toMatchObject({ band: 'chat' });
    // "what happened" is a chat phrasing ("what happened?" after a reload), but opening a message it asks about the story.
    expect(reply('what happened to the old mural in the lobby')).not.toMatchObject({ band: 'chat' });
  });

  it('thanks that shares an everyday word with a curated question is still thanks, not that fact', async () => {
    const home = (await KnowledgeStore.open(path.join(ROOT, 'knowledge'))).current;
    // "help" is a word of a curated phrasing ("does iraq still want nato help"), not of the story.
    expect(answerQuestion(home.index, 'thx bot that helped a lot fr')).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    expect(answerQuestion(home.index, 'shukran habibi, that helped a lot')).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    // No curated entry shares a content word with it: never acted on, whatever the other features say.
    expect(answerQuestion(home.index, 'who are you, real person or a bot?')).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    // A word of the story after the thanks makes it a message about the story.
    expect(answerQuestion(home.index, 'thanks, so nato stays in iraq')).not.toMatchObject({ band: 'chat' });
  });

  it('a chat phrase with an everyday word of its own beside it is still chat; a story word or a loose match is not', () => {
    // "super" and "ai" are in no chat phrasing, nor in the story.
    expect(reply('thanks, super helpful!')).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    expect(reply('are you a real person or an ai?')).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    // A word of the story beside it makes it a question about the story.
    expect(reply('thanks, super library!')).not.toMatchObject({ band: 'chat' });
    // Sharing only small words with a phrasing ("what is it about") is not that chat; it is the clock's.
    expect(reply('what time is it in new york')).toMatchObject({ band: 'chat', entryId: 'chat-everyday' });
  });
});

describe('everyday questions no story answers', () => {
  // An article alone that tells the time and the weather: its sentences would otherwise answer the clock.
  let market: KnowledgeSnapshot;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-everyday-'));
    await writeFile(
      path.join(dir, 'article.txt'),
      `Night market opens on the quay

The night market will open at six o'clock on Friday evening, the council said.

Stalls will stay open until midnight whatever the weather, with heaters if it turns cold.

The market will run every Friday through the summer.
`,
    );
    await writeFile(path.join(dir, 'story.yaml'), 'title: Night market opens on the quay\n');
    market = (await KnowledgeStore.open(dir)).current;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const ask = (message: string) => answerQuestion(market.index, message);

  it('the time or the weather asked as a whole message gets the chat reply naming the story, not a quote', () => {
    for (const message of ['what time is it', 'What time is it right now?', 'whats the weather like today', 'what time is it over there'])
      expect(ask(message), message).toMatchObject({ band: 'chat', entryId: 'chat-everyday', quote: null });
    expect(ask('what time is it').answer).toContain('"Night market opens on the quay"');
  });

  it('the clock asked of a place the story names, right now, is still the clock', () => {
    // "market" is the story's word, but no story tells the time now.
    for (const message of ['what time is it in the night market right now', 'wat time is it in the market rn'])
      expect(ask(message), message).toMatchObject({ band: 'chat', entryId: 'chat-everyday', quote: null });
    // Without "now" it may ask about the story ("what time is it in the market": when it opens).
    expect(ask('what time is it in the market').band).not.toBe('chat');
  });

  it("everyone's plans for the summer are chat; the market's summer is the story's", () => {
    for (const message of ["what's everyone doing this summer", 'what are we doing this summer lol'])
      expect(ask(message), message).toMatchObject({ band: 'chat', entryId: 'chat-everyday', quote: null });
    for (const question of ['what is the summer plan for the market?', 'will the market run through the summer?']) {
      const result = ask(question);
      expect(result.band, question).not.toBe('chat');
      expect(result.why.passage?.paragraph, question).toBe(3);
    }
  });

  it('the same words asking about the story are questions about it', () => {
    // Questions the passage model weighs (whether it answers them is its call), on the sentence that tells.
    for (const [question, paragraph] of [
      ['what time will the night market open on friday?', 1],
      ['will the stalls stay open whatever the weather?', 2],
    ] as const) {
      const result = ask(question);
      expect(result.band, question).not.toBe('chat');
      expect(result.why.passage?.paragraph, question).toBe(paragraph);
    }
    // Nor is the date: "what's the date of this article" asks about the story.
    expect(ask("what's the date of this article")).not.toMatchObject({ band: 'chat' });
  });
});
