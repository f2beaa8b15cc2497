// The real bot against the fake Discord with two servers: each server's moderators see only their own
// questions, DMs are answered and belong to no server, and a mention is answered whatever else it pings.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, subcommand, type FakeDiscord, type RecordedCall } from './support/fakeDiscord.js';
import { messageText, sentMessage } from './support/fakeDiscord/sentMessages.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, type BotProcess } from './support/botProcess.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

let fake: FakeDiscord;
let bot: BotProcess;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN, guildCount: 2 });
  const knowledgeDir = await copyKnowledge(SECOND_STORY_DIR);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'story-bot-data-'));
  bot = startBotProcess({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });
  await fake.waitForReady(1, 60_000);
}, 90_000);

afterAll(async () => {
  // Unset if beforeAll failed before starting them.
  const code = await (bot as BotProcess | undefined)?.stop('SIGTERM');
  await (fake as FakeDiscord | undefined)?.stop();
  expect(code).toBe(0);
});

/** The text a reader sees in the message a call sent. */
const bodyText = (call: RecordedCall) => messageText(sentMessage(call));

async function messagePosted(channelId: string, from: number): Promise<RecordedCall> {
  return fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`, 15_000, from);
}

async function kbUnanswered(guildId: string): Promise<string> {
  const sent = fake.slashCommand('kb', [subcommand('unanswered', { days: 7 })], {
    guildId,
    channelId: fake.guilds.find((g) => g.id === guildId)!.textChannels[0]!.id,
    member: fake.moderatorMember({}, guildId),
  });
  return bodyText(await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 15_000));
}

describe('privacy across servers, and DMs', () => {
  const [first, second] = [0, 1];

  it('answers a DM without a mention, as a reply in the DM that pings no one', async () => {
    const from = fake.mark();
    const question = fake.dispatchDirectMessage('when did the library reopen?');
    const dm = fake.dmChannelFor();
    const reply = await messagePosted(dm.id, from);
    const body = reply.body as { message_reference?: { message_id: string }; allowed_mentions?: unknown };
    expect(body.message_reference?.message_id).toBe(question.id);
    expect(bodyText(reply)).toContain('Saturday');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers a DM that mentions the bot, without the mention in the question', async () => {
    const from = fake.mark();
    fake.dispatchDirectMessage(`<@${fake.botUserId}> how many books were damaged?`);
    const reply = await messagePosted(fake.dmChannelFor().id, from);
    expect(bodyText(reply)).toContain('12,000');
  });

  it('answers a mention that also pings @everyone, and lets neither ping through', async () => {
    const from = fake.mark();
    fake.dispatchMessage(`@everyone <@${fake.botUserId}> why did the library close?`);
    const reply = await messagePosted(fake.channelId, from);
    expect(bodyText(reply)).toContain('Harlow River');
    expect((reply.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('says the real length of an overlong mention', async () => {
    const from = fake.mark();
    fake.dispatchMessage(`<@${fake.botUserId}> ${'why did the library close '.repeat(4000)}`.trim());
    const reply = await messagePosted(fake.channelId, from);
    expect(bodyText(reply)).toContain('That question is 103,999 characters long');
  });

  it("shows each server's moderators only that server's questions: not another server's, hidden or not, and no DM", async () => {
    const [guildA, guildB] = [fake.guilds[first]!.id, fake.guilds[second]!.id];
    const askIn = async (guildId: string, question: string, hide: boolean) => {
      const sent = fake.slashCommand(
        'ask',
        { question, hide },
        { guildId, channelId: fake.guilds.find((g) => g.id === guildId)!.textChannels[0]!.id, member: fake.plainMember({}, guildId) },
      );
      await fake.waitForCallback(sent, 15_000);
    };
    await askIn(guildA, 'what is the wifi password at the harbour cafe', true);
    await askIn(guildB, 'who painted the mural at the old pier', false);
    const from = fake.mark();
    fake.dispatchDirectMessage('what is my secret dm question about volcanoes');
    await messagePosted(fake.dmChannelFor().id, from);

    const seenInA = await kbUnanswered(guildA);
    expect(seenInA).toContain('wifi password');
    expect(seenInA).not.toContain('mural');
    expect(seenInA).not.toContain('volcanoes');
    const seenInB = await kbUnanswered(guildB);
    expect(seenInB).toContain('mural');
    expect(seenInB).not.toContain('wifi password');
    expect(seenInB).not.toContain('volcanoes');
  });

  it('/kb in a DM shows nothing: a DM has no moderators', async () => {
    const sent = fake.dmSlashCommand('kb', [subcommand('unanswered')], fake.sampleUsers.moderator);
    const reply = bodyText(await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 15_000));
    expect(reply).toContain('Only moderators');
    expect(reply).not.toContain('volcanoes');
  });
});
