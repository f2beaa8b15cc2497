// The real bot (child process, real discord.js) against the fake Discord API: what users and moderators see.
// One bot for the file, on the tests' own second story; each test sets up what it needs (a guild of its own
// where the question record matters, its own members) and leaves the knowledge as it found it, so the tests
// pass in any order and alone.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GatewayIntentBits, InteractionResponseType, PermissionFlagsBits, type APIInteractionGuildMember } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ASK_BUTTON_PREFIX, parseFeedbackButtonId } from '../src/discord/renderDiscord.js';
import { startFakeDiscord, subcommand, type CommandOptionsInput, type FakeDiscord, type GuildFixture } from './support/fakeDiscord.js';
import { EPHEMERAL } from './support/fakeDiscord/protocol.js';
import {
  buttonsOf,
  callbackType,
  embedField,
  firstEmbed,
  mentionPolicy,
  messageText,
  sendsMessage,
  sentMessage,
  type SentMessage,
} from './support/fakeDiscord/sentMessages.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, TOKEN_SECRET, type BotProcess } from './support/botProcess.js';
import { BOOKS_VALUE, SECOND_STORY_DIR } from './support/secondStoryWith.js';

/** Answers stay quick on a 2-core machine running other test files; this is a hang guard, not a speed check. */
const ANSWER_MS = 15_000;
const NO_PINGS = { parse: [], replied_user: false };

let fake: FakeDiscord;
let bot: BotProcess;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN });
  const knowledgeDir = await copyKnowledge(SECOND_STORY_DIR);
  await mkdir(path.join(knowledgeDir, 'qa'));
  await writeFile(path.join(knowledgeDir, 'qa', 'not-in-story.yaml'), BOOKS_VALUE);
  dataDir = await mkdtemp(path.join(tmpdir(), 'story-bot-data-'));
  bot = startBotProcess({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });
  await fake.waitForReady(1, 60_000);
}, 90_000);

afterAll(async () => {
  // Unset if beforeAll failed before starting them.
  const code = await (bot as BotProcess | undefined)?.stop('SIGTERM');
  await (fake as FakeDiscord | undefined)?.stop();
  expect(code).toBe(0);
});

// Every test's messages are checked: none may ping anyone but the one user an /ask names, and the token
// never shows in what the bot sent or logged.
let firstCallOfTest = 0;
beforeEach(() => {
  firstCallOfTest = fake.mark();
});
afterEach(() => {
  for (const call of fake.calls.slice(firstCallOfTest).filter(sendsMessage)) {
    const policy = mentionPolicy(sentMessage(call));
    expect(policy, `${call.method} ${call.path}`).toMatchObject({ everyone: false, roles: [], repliedUser: false });
    expect(policy.users === 'all' ? Infinity : policy.users.length, `${call.method} ${call.path}`).toBeLessThanOrEqual(1);
    expect(JSON.stringify(call.body)).not.toContain(TOKEN_SECRET);
  }
  expect(bot.output()).not.toContain(TOKEN_SECRET);
});

/** A user of their own, so no test shares a cooldown or a vote with another. */
function newMember(name: string, guild: GuildFixture | null = null, moderator = false): APIInteractionGuildMember {
  const user = fake.registerUser({ username: name });
  const guildId = guild?.id ?? fake.guildId;
  return moderator ? fake.moderatorMember(user, guildId) : fake.plainMember(user, guildId);
}

/** A slash command answered in its callback; returns the callback and the message it carried. */
async function command(name: string, options: CommandOptionsInput, member: APIInteractionGuildMember, guild: GuildFixture | null = null) {
  const where = guild ? { guildId: guild.id, channelId: guild.textChannels[0]!.id } : {};
  const sent = fake.slashCommand(name, options, { member, ...where });
  const call = await fake.waitForCallback(sent, ANSWER_MS);
  return { sent, call, message: sentMessage(call) };
}

const ask = (options: CommandOptionsInput, member = newMember('asker')) => command('ask', options, member);

/** A deferred command (/kb, /reload): the message is the first edit of its reply. */
async function deferred(name: string, options: CommandOptionsInput, member: APIInteractionGuildMember, guild: GuildFixture | null = null) {
  const where = guild ? { guildId: guild.id, channelId: guild.textChannels[0]!.id } : {};
  const sent = fake.slashCommand(name, options, { member, ...where });
  const edit = await fake.waitForOriginalEdit(sent, ANSWER_MS);
  return { edit, message: sentMessage(edit) };
}

const isEphemeral = (message: SentMessage) => ((message.flags ?? 0) & EPHEMERAL) !== 0;

/** Edits the bot's qa.yaml for one test; the original is back (and reloaded, if changed) when the test ends. */
async function editKnowledge(edit: (qa: string) => string): Promise<void> {
  const file = path.join(bot.knowledgeDir, 'qa.yaml');
  const original = await readFile(file, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  await writeFile(file, edited);
  onTestFinished(async () => {
    await writeFile(file, original);
    const { message } = await deferred('reload', {}, newMember('restorer', null, true));
    expect(messageText(message)).toMatch(/Knowledge reloaded|unchanged/i);
  });
}

describe('story-bot on Discord', () => {
  it('registers its commands through npm run deploy-commands, with /reload and /kb hidden from non-moderators', async () => {
    const guild = fake.addGuild();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/cli/deployCommandsCli.ts'], {
        env: {
          ...process.env,
          DISCORD_TOKEN: TEST_TOKEN,
          DISCORD_API_BASE: fake.apiBase,
          DISCORD_GUILD_ID: guild.id,
          DISCORD_CLIENT_ID: fake.applicationId,
        },
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    const put = fake.callsTo('PUT', `/applications/${fake.applicationId}/guilds/${guild.id}/commands`);
    expect(put).toHaveLength(1);
    const commands = put[0]!.body as Array<{
      name: string;
      default_member_permissions: string | null;
      options: Array<{ name: string; autocomplete?: boolean }>;
    }>;
    const byName = new Map(commands.map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(['ask', 'help', 'kb', 'quote', 'reload', 'story']);
    const manageGuild = PermissionFlagsBits.ManageGuild.toString();
    expect(byName.get('kb')?.default_member_permissions).toBe(manageGuild);
    expect(byName.get('reload')?.default_member_permissions).toBe(manageGuild);
    expect(byName.get('ask')?.options.find((o) => o.name === 'question')?.autocomplete).toBe(true);
    expect(fake.registeredCommands(guild.id)).toHaveLength(6);
  });

  it('identifies with the least intents: no Message Content without answer channels', async () => {
    const [identify] = await fake.waitForIdentify(1);
    expect(identify!.intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(identify!.intents & GatewayIntentBits.Guilds).toBe(GatewayIntentBits.Guilds);
  });

  it('/ask answers with the short answer, the verbatim quote, its context and the paragraph', async () => {
    const { call, message } = await ask({ question: 'when did the libary reopen?' });
    expect(callbackType(call)).toBe(InteractionResponseType.ChannelMessageWithSource);
    const embed = firstEmbed(message);
    expect(embed.description).toContain('On Saturday, six months after the flood closed it.');
    expect(embed.description).toContain('> Millbrook Public Library reopened on Saturday, six months after the Harlow River flooded');
    expect(embedField(embed, 'In context')).toContain('**Millbrook Public Library reopened on Saturday');
    expect(embed.footer?.text).toMatch(/^Paragraph 1 · match \d+%/);
    expect(isEphemeral(message)).toBe(false);
    expect(message.allowed_mentions).toEqual(NO_PINGS);
  });

  it('puts feedback buttons on an answer; one vote per user, kept without the user id', async () => {
    const guild = fake.addGuild();
    const { message } = await command('ask', { question: 'how many books were damaged' }, newMember('reader', guild), guild);
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
    const notHelpful = buttons[1]!.customId;
    const voter = newMember('voter', guild);
    const vote = async () => {
      const click = fake.buttonClick(notHelpful, {}, { member: voter, guildId: guild.id });
      return sentMessage(await fake.waitForCallback(click, ANSWER_MS));
    };

    const first = await vote();
    expect(isEphemeral(first)).toBe(true);
    expect(messageText(first)).toContain('Thanks');
    expect(messageText(await vote())).toContain('one vote per person');

    const report = await deferred('kb', [subcommand('feedback')], newMember('moderator', guild, true), guild);
    expect(messageText(report.message)).toMatch(/1 not helpful, 0 helpful: books-damaged/);
    const db = await readFile(path.join(dataDir, 'questions.sqlite'));
    expect(db.includes(Buffer.from(voter.user.id))).toBe(false);
  });

  it('/kb shows moderators what was missed, how a question is read, and a stats chart; no one else', async () => {
    const guild = fake.addGuild();
    await command('ask', { question: 'what is the capital of peru' }, newMember('traveller', guild), guild);
    const moderator = newMember('moderator', guild, true);

    const unanswered = await deferred('kb', [subcommand('unanswered', { days: 7 })], moderator, guild);
    expect(messageText(unanswered.message)).toContain('what is the capital of peru');
    const test = await deferred('kb', [subcommand('test', { question: 'who dried the books' })], moderator, guild);
    expect(messageText(test.message)).toContain('books-saved-how');
    const stats = await deferred('kb', [subcommand('stats')], moderator, guild);
    expect(stats.edit.files?.map(({ filename, contentType }) => ({ filename, contentType }))).toEqual([
      { filename: 'kb-stats.png', contentType: 'image/png' },
    ]);
    expect(firstEmbed(stats.message).image?.url).toBe('attachment://kb-stats.png');

    const refused = await deferred('kb', [subcommand('stats')], newMember('reader', guild), guild);
    expect(messageText(refused.message)).toContain('Only moderators');
  });

  it('/ask offers "did you mean" buttons on a close call, and a click answers that question, recorded like one asked', async () => {
    const asker = newMember('unsure');
    const { message } = await ask({ question: 'first floor' }, asker);
    expect(isEphemeral(message)).toBe(true);
    const buttons = buttonsOf(message);
    expect(buttons.length).toBeGreaterThanOrEqual(1);
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(buttons.map((b) => b.customId)).toContain(`${ASK_BUTTON_PREFIX}childrens-section`);

    const click = fake.buttonClick(`${ASK_BUTTON_PREFIX}childrens-section`, {}, { member: asker });
    const clicked = await fake.waitForCallback(click, ANSWER_MS);
    expect(callbackType(clicked)).toBe(InteractionResponseType.UpdateMessage);
    const answer = sentMessage(clicked);
    expect(messageText(answer)).toContain('It moved upstairs to the first floor so it stays dry if the river rises again.');
    expect(firstEmbed(answer).footer?.text).toMatch(/^Paragraph 5\b/);
    // The chosen question went into the record: its answer takes votes like any other.
    expect(buttonsOf(answer).map((b) => parseFeedbackButtonId(b.customId)?.helpful)).toEqual([true, false]);
  });

  it('/ask reads a follow-up with the asker’s own last question, and no one else’s', async () => {
    const asker = newMember('follower');
    await ask({ question: 'who is rosa delgado' }, asker);
    const { message } = await ask({ question: 'what did she say?' }, asker);
    const embed = firstEmbed(message);
    expect(embed.description).toContain('we didn’t lose this community');
    expect(embed.footer?.text).toMatch(/^Paragraph 3 · .*read with your last question/);
    // Another member asking the same follow-up has no last question: it stands alone and is declined.
    const { message: alone } = await ask({ question: 'what did she say?' }, newMember('stranger'));
    expect(isEphemeral(alone)).toBe(true);
    expect(messageText(alone)).toContain('doesn’t say');
  });

  it('/ask declines honestly, privately, with questions it can answer', async () => {
    const { message } = await ask({ question: 'how do i get the mod role in this server' });
    expect(isEphemeral(message)).toBe(true);
    expect(messageText(message)).toContain('doesn’t say');
    expect(buttonsOf(message).length).toBeGreaterThan(0);
  });

  it('/ask declines a question the story is known not to answer in the moderators’ words, with related facts', async () => {
    const { message } = await ask({ question: 'how much were the damaged books worth?' });
    expect(isEphemeral(message)).toBe(true);
    expect(messageText(message)).toContain("The story doesn't put a value on the books");
    expect(messageText(message)).toContain('What the story does say:');
    expect(buttonsOf(message).map((b) => b.customId)).toEqual([`${ASK_BUTTON_PREFIX}books-damaged`, `${ASK_BUTTON_PREFIX}repair-cost`]);
  });

  it('/ask with hide is ephemeral, and with mention pings only that user', async () => {
    const hidden = await ask({ question: 'when did the library reopen', hide: true });
    expect(isEphemeral(hidden.message)).toBe(true);

    const friend = fake.registerUser({ username: 'friend' });
    const { message } = await ask({ question: 'when did the library reopen', mention: friend });
    expect(message.content).toBe(`<@${friend.id}>`);
    expect(message.allowed_mentions).toEqual({ parse: [], users: [friend.id], replied_user: false });
  });

  it('autocompletes questions: at most 25 choices of at most 100 characters, typed text first', async () => {
    const typing = fake.autocomplete('ask', { question: 'how many bo' }, 'question', { member: newMember('typist') });
    const call = await fake.waitForCallback(typing, ANSWER_MS);
    expect(callbackType(call)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = sentMessage(call).choices ?? [];
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]!.value).toBe('how many bo');
    expect(choices.map((c) => c.name)).toContain('How many books were damaged?');
    expect(choices.every((c) => c.name.length <= 100 && String(c.value).length <= 100)).toBe(true);

    const empty = await fake.waitForCallback(fake.autocomplete('ask', { question: '' }, 'question'), ANSWER_MS);
    expect(sentMessage(empty).choices?.length).toBeGreaterThan(0);
  });

  it('/quote gives paragraph n verbatim, the sentence about a topic, or a notable quote', async () => {
    const reader = newMember('quoter');
    const byNumber = await command('quote', { paragraph: 4 }, reader);
    expect(firstEmbed(byNumber.message).description).toContain(
      'The repairs cost £340,000, most of it covered by insurance and the rest raised by a town bake sale and an online appeal.',
    );
    const about = await command('quote', { about: 'flood wall' }, reader);
    expect(firstEmbed(about.message).description).toContain('build a flood wall along the riverbank before next winter');
    const notable = await command('quote', {}, reader);
    expect(firstEmbed(notable.message).footer?.text).toMatch(/^Paragraph \d+$/);
  });

  it('/story and /help describe the story and the bot', async () => {
    const reader = newMember('newcomer');
    const story = firstEmbed((await command('story', {}, reader)).message);
    expect(story.title).toBe('Millbrook library reopens six months after flood');
    expect(embedField(story, 'Paragraphs')).toBe('7');
    const help = (await command('help', {}, reader)).message;
    expect(isEphemeral(help)).toBe(true);
    expect(messageText(help)).toContain('/ask');
  });

  it('answers a mention in a threaded reply and stays silent on unrelated chatter', async () => {
    const guild = fake.addGuild();
    const channel = guild.textChannels[0]!;
    const postsInChannel = (c: { method: string; path: string }) => c.method === 'POST' && c.path === `/channels/${channel.id}/messages`;
    const where = { guildId: guild.id, channelId: channel.id };
    fake.dispatchMessage('anyone up for a library trip tonight?', { ...where, member: newMember('chatter', guild) });
    const question = fake.dispatchMessage(`<@${fake.botUserId}> when did the library reopen?`, {
      ...where,
      member: newMember('curious', guild),
    });

    const reply = sentMessage(await fake.waitForCall(postsInChannel, ANSWER_MS));
    expect(reply.message_reference?.message_id).toBe(question.id);
    expect(messageText(reply)).toContain('On Saturday');
    expect(reply.allowed_mentions).toEqual(NO_PINGS);
    // The unrelated message came first and got nothing.
    expect(fake.calls.filter(postsInChannel)).toHaveLength(1);
  });

  it('lets no mention through from what a user typed', async () => {
    const { message } = await ask({ question: '@everyone <@&123456789012345678> when did the library reopen?' });
    expect(message.allowed_mentions?.parse).toEqual([]);
    expect(firstEmbed(message).title).toContain('@everyone');
    expect(mentionPolicy(message)).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });
  });

  it('/reload is refused for a member without permission', async () => {
    const { message } = await deferred('reload', {}, newMember('not-a-moderator'));
    expect(messageText(message)).toContain('Only moderators');
  });

  it('/reload by a moderator swaps in the edited knowledge and says what changed', async () => {
    await editKnowledge((qa) =>
      qa.replace(
        'answer: On Saturday, six months after the flood closed it.',
        'answer: It reopened on Saturday, half a year after the flood.',
      ),
    );
    const { message } = await deferred('reload', {}, newMember('editor', null, true));
    expect(messageText(message)).toContain('Knowledge reloaded');
    expect(messageText(message)).toMatch(/0 added, 0 removed, 1 changed/);
    const after = await ask({ question: 'when did the library reopen' });
    expect(firstEmbed(after.message).description).toContain('It reopened on Saturday, half a year after the flood.');
  });

  it('refuses a broken knowledge file on /reload, names file, line and entry, and keeps answering', async () => {
    await editKnowledge((qa) =>
      qa.replace(
        'quote: Millbrook Public Library reopened on Saturday, six months after the Harlow River flooded its ground floor',
        'quote: Millbrook Public Library reopened on a sunny Sunday',
      ),
    );
    const { message } = await deferred('reload', {}, newMember('editor', null, true));
    const text = messageText(message);
    expect(text).toContain('Reload refused');
    expect(text).toMatch(/qa\.yaml:\d+/);
    expect(text).toContain('reopened-when');
    const still = await ask({ question: 'when did the library reopen' });
    expect(firstEmbed(still.message).description).toContain('On Saturday, six months after the flood closed it.');
  });

  it('answers a burst of 500 interactions exactly once each', async () => {
    const from = fake.mark();
    const questions = [
      'when did the library reopen',
      'how many books were damaged',
      'who cut the ribbon',
      'welcome to the server!',
      'library hours?',
    ];
    const member = newMember('burst');
    const sent = Array.from({ length: 500 }, (_, i) =>
      fake.slashCommand('ask', { question: questions[i % questions.length]! }, { member }),
    );
    await Promise.all(sent.map((s) => fake.waitForCallback(s, 60_000)));
    const callbacks = fake.calls.slice(from).filter((c) => c.path.endsWith('/callback'));
    const perInteraction = new Map<string, number>();
    for (const c of callbacks) {
      const id = c.path.split('/')[2]!;
      perInteraction.set(id, (perInteraction.get(id) ?? 0) + 1);
    }
    expect(perInteraction.size).toBe(500);
    expect([...perInteraction.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
