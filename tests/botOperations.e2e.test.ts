// What server admins configure and rely on, with the real bot against the fake Discord: answer channels
// (and the Message Content intent they need), moderator roles, the per-user cooldown, SIGHUP reload, and
// that a failing handler still answers and never stops the bot. On the tests' second story: what is tested is
// the configuration, not the home story's wording; each test uses members of its own and leaves the knowledge
// as it found it.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GatewayIntentBits, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { deployCommands } from '../src/discord/deployCommands.js';
import { startFakeDiscord, subcommand, type FakeDiscord, type RecordedCall } from './support/fakeDiscord.js';
import { firstEmbed, messageText, sentMessage, type SentMessage } from './support/fakeDiscord/sentMessages.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, type BotProcess } from './support/botProcess.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

let fake: FakeDiscord;
let bot: BotProcess;

/** The text a reader sees in the message a call sent. */
const bodyText = (call: RecordedCall) => messageText(sentMessage(call));
const channelReplies = (from: number) =>
  fake.calls.slice(from).filter((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN });
  const knowledgeDir = await copyKnowledge(SECOND_STORY_DIR);
  bot = startBotProcess({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_BASE: fake.apiBase,
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: path.join(knowledgeDir, 'data'),
    ANSWER_CHANNEL_IDS: fake.channelId,
    MOD_ROLE_IDS: fake.guilds[0]!.roles.member.id,
    QUESTION_COOLDOWN_SECONDS: '60',
    QUESTIONS_PER_COOLDOWN: '3',
  });
  await fake.waitForReady(1, 60_000);
}, 90_000);

afterAll(async () => {
  // Unset if beforeAll failed before starting them.
  await (bot as BotProcess | undefined)?.stop('SIGTERM');
  await (fake as FakeDiscord | undefined)?.stop();
});

const newMember = (name: string) => fake.plainMember(fake.registerUser({ username: name }));

/** Sends SIGHUP to the bot's node process (not tsx's) and waits for its next "knowledge reloaded" line. */
async function reloadOnSighup(): Promise<void> {
  const reloads = () => bot.output().match(/knowledge reloaded/g)?.length ?? 0;
  const before = reloads();
  const pid = Number(/"pid":(\d+)[^\n]*connected to Discord/.exec(bot.output())?.[1]);
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGHUP');
  await expect.poll(reloads, { timeout: 15_000 }).toBeGreaterThan(before);
}

describe('story-bot as a server admin configures it', () => {
  it('asks for Message Content only because answer channels are set', async () => {
    const [identify] = await fake.waitForIdentify(1);
    expect(identify!.intents & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
  });

  it('answers a confident question in an answer channel without a mention, and stays silent otherwise', async () => {
    const from = fake.mark();
    fake.dispatchMessage('lol this channel is so quiet', { member: newMember('chatter') });
    fake.dispatchMessage('how do i get the mod role?', { member: newMember('newcomer') });
    const question = fake.dispatchMessage('when did the library reopen?', { member: newMember('reader') });
    const reply = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`, 15_000, from);
    expect(sentMessage(reply).message_reference?.message_id).toBe(question.id);
    expect(bodyText(reply)).toContain('On Saturday');
    // A later mention is answered too; by then the two earlier messages have had their turn and got nothing.
    const mention = fake.dispatchMessage(`<@${fake.botUserId}> how many books were damaged?`, { member: newMember('asker') });
    const answer = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path.endsWith('/messages') && sentMessage(c).message_reference?.message_id === mention.id,
      15_000,
      from,
    );
    expect(firstEmbed(sentMessage(answer)).description).toContain('About 12,000 were damaged');
    expect(channelReplies(from)).toHaveLength(2);
  });

  it('in an answer channel, reads a follow-up with the last question it answered, not one it let pass', async () => {
    const reader = newMember('regular');
    const from = fake.mark();
    const replyTo = (sent: { id: string }) =>
      fake.waitForCall(
        (c) => c.method === 'POST' && c.path.endsWith('/messages') && sentMessage(c).message_reference?.message_id === sent.id,
        15_000,
        from,
      );
    const first = fake.dispatchMessage('who is rosa delgado?', { member: reader });
    expect(bodyText(await replyTo(first))).toContain('Rosa Delgado');
    // Not about the story: the bot lets it pass, and it is no subject "she" can point back to.
    fake.dispatchMessage('what is the weather like in paris this week?', { member: reader });
    const followUp = fake.dispatchMessage('what did she say?', { member: reader });
    const answer = sentMessage(await replyTo(followUp));
    expect(firstEmbed(answer).description).toContain('we didn’t lose this community');
    expect(firstEmbed(answer).footer?.text).toContain('read with your last question');
    expect(channelReplies(from)).toHaveLength(2);
  });

  it('lets a member with a MOD_ROLE_IDS role reload, without Manage Server', async () => {
    const sent = fake.slashCommand('reload', {}, { member: newMember('role-moderator') });
    const done = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 15_000);
    expect(bodyText(done)).toContain('Knowledge reloaded');
  });

  it('shows /reload and /kb to a MOD_ROLE_IDS role without Manage Server through the path the README documents', async () => {
    await deployCommands({ token: TEST_TOKEN, apiBase: fake.apiBase, guildId: fake.guildId, clientId: fake.applicationId });
    const modRoleId = fake.guilds[0]!.roles.member.id;
    const roleModerator = newMember('role-moderator-integrations');
    expect(BigInt(roleModerator.permissions) & PermissionFlagsBits.ManageGuild).toBe(0n);
    // Registered for Manage Server, so Discord hides them from the role (the runtime check alone would let it in).
    for (const name of ['reload', 'kb']) {
      expect(fake.registeredCommands(fake.guildId).find((c) => c.name === name)?.default_member_permissions).toBe(
        String(PermissionFlagsBits.ManageGuild),
      );
      expect(fake.memberCanUseCommand(roleModerator, name)).toBe(false);
      expect(fake.memberCanUseCommand(fake.moderatorMember(), name)).toBe(true);
    }

    // The README's steps, as the admin clicks them: Server Settings → Integrations → the bot → each command → the role.
    const readme = readFileSync(path.resolve('README.md'), 'utf8');
    const steps = /Server Settings → Integrations → [^\n]*/.exec(readme)?.[0] ?? '';
    expect(steps).toMatch(/\/reload/);
    expect(steps).toMatch(/\/kb/);
    expect(steps).toMatch(/role/);
    for (const name of ['reload', 'kb'])
      fake.setCommandPermissions(fake.guildId, name, [{ type: 'role', id: modRoleId, permission: true }]);
    expect(fake.memberCanUseCommand(roleModerator, 'reload')).toBe(true);
    expect(fake.memberCanUseCommand(roleModerator, 'kb')).toBe(true);

    // And when the role's member runs them, the bot's own check (MOD_ROLE_IDS) accepts it.
    const reload = fake.slashCommand('reload', {}, { member: roleModerator });
    expect(bodyText(await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(reload.token), 15_000))).toContain(
      'Knowledge reloaded',
    );
    const kb = fake.slashCommand('kb', [subcommand('unanswered')], { member: roleModerator });
    const report = bodyText(await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(kb.token), 15_000));
    expect(report).not.toContain('Only moderators');
  });

  it('slows down a user who asks too fast, with a private note, while others are answered', async () => {
    const eager = newMember('eager');
    const replies: SentMessage[] = [];
    for (let i = 0; i < 4; i++) {
      const sent = fake.slashCommand('ask', { question: 'who is the head librarian' }, { member: eager });
      replies.push(sentMessage(await fake.waitForCallback(sent, 15_000)));
    }
    const texts = replies.map(messageText);
    for (const answered of texts.slice(0, 3)) expect(answered).toContain('Rosa Delgado');
    expect(texts[3]).toMatch(/asking quickly; try again in \d+ s/);
    expect(replies[3]!.flags).toBe(MessageFlags.Ephemeral);
    const other = fake.slashCommand('ask', { question: 'who is the head librarian' }, { member: newMember('patient') });
    expect(bodyText(await fake.waitForCallback(other, 15_000))).toContain('Rosa Delgado');
  });

  it('answers long and empty questions with a clear message', async () => {
    const long = fake.slashCommand('ask', { question: 'why '.repeat(200) }, { member: newMember('verbose') });
    expect(bodyText(await fake.waitForCallback(long, 15_000))).toMatch(/characters long; please keep it under 500/);
    const empty = fake.slashCommand('ask', { question: '   ' }, { member: newMember('silent') });
    expect(bodyText(await fake.waitForCallback(empty, 15_000))).toContain('Ask me a question about the story');
  });

  it('reloads on SIGHUP', async () => {
    const qa = path.join(bot.knowledgeDir, 'qa.yaml');
    const original = await readFile(qa, 'utf8');
    const edited = original.replace(
      'answer: On Saturday, six months after the flood closed it.',
      'answer: Saturday, half a year after the flood.',
    );
    expect(edited).not.toBe(original);
    await writeFile(qa, edited);
    onTestFinished(async () => {
      await writeFile(qa, original);
      await reloadOnSighup();
    });
    await reloadOnSighup();
    const sent = fake.slashCommand('ask', { question: 'when did the library reopen' }, { member: newMember('after-hup') });
    expect(bodyText(await fake.waitForCallback(sent, 15_000))).toContain('Saturday, half a year after the flood.');
  });

  it('still answers when sending a reply fails, and keeps running', async () => {
    const from = fake.mark();
    fake.failNext((c) => c.method === 'POST' && c.path.endsWith('/callback'), {
      status: 400,
      body: { message: 'Invalid Form Body', code: RESTJSONErrorCodes.InvalidFormBodyOrContentType },
    });
    const sent = fake.slashCommand('story', {}, { member: newMember('unlucky') });
    const second = await fake.waitForCall((c) => c.path.includes(sent.token) && c.status < 300, 15_000, from);
    expect(bodyText(second)).toContain('Something went wrong');
    await expect.poll(() => bot.output(), { timeout: 15_000 }).toMatch(/interaction failed/);
    const after = fake.slashCommand('story', {}, { member: newMember('next') });
    expect(bodyText(await fake.waitForCallback(after, 15_000))).toContain('Millbrook library reopens');
    expect(bot.child.exitCode).toBeNull();
  });
});
