// The real bot (child process, real discord.js) against the fake Discord API: what users and moderators see.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_BUTTON_PREFIX } from '../src/discord/renderDiscord.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from './support/fakeDiscord.js';
import { copyKnowledge, startBotProcess, TEST_TOKEN, TOKEN_SECRET, type BotProcess } from './support/botProcess.js';

interface Embed {
  title?: string;
  description?: string;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
}
interface CallbackData {
  content?: string;
  embeds?: Embed[];
  flags?: number;
  allowed_mentions?: { parse: string[]; users?: string[] };
  components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
  choices?: Array<{ name: string; value: string }>;
}
const EPHEMERAL = 64;

let fake: FakeDiscord;
let bot: BotProcess;
let dataDir: string;

const dataOf = (call: RecordedCall) => (call.body as { type: number; data: CallbackData }).data;
const typeOf = (call: RecordedCall) => (call.body as { type: number }).type;
const text = (data: CallbackData) => JSON.stringify(data.embeds ?? []) + (data.content ?? '');

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TEST_TOKEN });
  const knowledgeDir = await copyKnowledge();
  dataDir = await mkdtemp(path.join(tmpdir(), 'story-bot-data-'));
  bot = startBotProcess({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir });
  await fake.waitForReady(1, 60_000);
}, 90_000);

afterAll(async () => {
  const code = await bot?.stop('SIGTERM');
  await fake?.stop();
  expect(code).toBe(0);
});

async function ask(name: string, options: Record<string, string | number | boolean>, member = fake.plainMember()) {
  const sent = fake.slashCommand(name, options, { member });
  const call = await fake.waitForCallback(sent, 15_000);
  return { sent, call, data: dataOf(call) };
}

/** Every message-sending call the bot made locks mentions down (except the one user an /ask names). */
function sendingCalls(): RecordedCall[] {
  return fake.calls.filter((c) => /\/callback$|\/channels\/\d+\/messages$|\/webhooks\//.test(c.path) && c.method !== 'GET');
}

describe('story-bot on Discord', () => {
  it('registers its commands through npm run deploy-commands, with /reload hidden from non-moderators', async () => {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/discord/deployCommandsCli.ts'], {
        env: {
          ...process.env,
          DISCORD_TOKEN: TEST_TOKEN,
          DISCORD_API_BASE: fake.apiBase,
          DISCORD_GUILD_ID: fake.guildId,
          DISCORD_CLIENT_ID: fake.applicationId,
        },
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    const put = fake.callsTo('PUT', `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put).toHaveLength(1);
    const commands = put[0]!.body as Array<{
      name: string;
      default_member_permissions: string | null;
      options: Array<{ name: string; autocomplete?: boolean }>;
    }>;
    expect(commands.map((c) => c.name).sort()).toEqual(['ask', 'help', 'kb', 'quote', 'reload', 'story']);
    expect(commands.find((c) => c.name === 'kb')?.default_member_permissions).toBe('32');
    expect(commands.find((c) => c.name === 'reload')?.default_member_permissions).toBe('32');
    expect(commands.find((c) => c.name === 'ask')?.options.find((o) => o.name === 'question')?.autocomplete).toBe(true);
  });

  it('identifies with the least intents: no Message Content without answer channels', async () => {
    const [identify] = await fake.waitForIdentify(1);
    expect(identify!.intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(identify!.intents & GatewayIntentBits.Guilds).toBe(GatewayIntentBits.Guilds);
  });

  it('/ask answers with the short answer, the verbatim quote, its context and the paragraph', async () => {
    const { call, data } = await ask('ask', { question: 'did irak let nato stay in the country?' });
    expect(typeOf(call)).toBe(4);
    const embed = data.embeds![0]!;
    expect(embed.description).toContain('> The Iraqi government has granted Nato permission to stay in the country');
    expect(embed.fields?.find((f) => f.name === 'In context')?.value).toContain('**The Iraqi government has granted Nato permission');
    expect(embed.footer?.text).toMatch(/^Paragraph 1 · match \d+%/);
    expect(data.flags ?? 0).toBe(0);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('puts feedback buttons on an answer; one vote per user, kept without the user id', async () => {
    const { data } = await ask('ask', { question: 'how many more bases will nato train at' });
    const buttons = data.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.label)).toEqual(['Helpful', 'Not helpful']);
    const voter = fake.plainMember();
    const first = dataOf(await fake.waitForCallback(fake.buttonClick(buttons[1]!.custom_id, {}, { member: voter }), 15_000));
    expect(first.flags).toBe(EPHEMERAL);
    expect(text(first)).toContain('Thanks');
    const again = dataOf(await fake.waitForCallback(fake.buttonClick(buttons[1]!.custom_id, {}, { member: voter }), 15_000));
    expect(text(again)).toContain('one vote per person');
    const kb = fake.slashCommand('kb', [{ name: 'feedback', type: 1, options: [] }], { member: fake.moderatorMember() });
    const report = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(kb.token), 15_000);
    expect(JSON.stringify(report.body)).toMatch(/1 not helpful, 0 helpful: how-many-more-bases/);
    const db = await readFile(path.join(dataDir, 'questions.sqlite'));
    expect(db.includes(Buffer.from(voter.user.id))).toBe(false);
  });

  it('/kb shows moderators what was missed, how a question is read, and a stats chart', async () => {
    await ask('ask', { question: 'what is the capital of peru' });
    const mod = fake.moderatorMember();
    const unanswered = fake.slashCommand('kb', [{ name: 'unanswered', type: 1, options: [{ name: 'days', type: 4, value: 7 }] }], {
      member: mod,
    });
    const list = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(unanswered.token), 15_000);
    expect(JSON.stringify(list.body)).toContain('what is the capital of peru');
    const test = fake.slashCommand('kb', [{ name: 'test', type: 1, options: [{ name: 'question', type: 3, value: 'who got killed' }] }], {
      member: mod,
    });
    const view = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(test.token), 15_000);
    expect(JSON.stringify(view.body)).toContain('who-was-killed');
    const stats = fake.slashCommand('kb', [{ name: 'stats', type: 1, options: [] }], { member: mod });
    const chart = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(stats.token), 15_000);
    expect(chart.files?.[0]?.filename).toBe('kb-stats.png');
    expect(chart.files?.[0]?.contentType).toBe('image/png');
    expect(JSON.stringify(chart.body)).toContain('attachment://kb-stats.png');
    const refused = fake.slashCommand('kb', [{ name: 'stats', type: 1, options: [] }], { member: fake.plainMember() });
    const no = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(refused.token), 15_000);
    expect(JSON.stringify(no.body)).toContain('Only moderators');
  });

  it('/ask offers "did you mean" buttons on a close call, and a click answers that question', async () => {
    const { data } = await ask('ask', { question: 'suleimani killed' });
    expect(data.flags).toBe(EPHEMERAL);
    const buttons = data.components?.[0]?.components ?? [];
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.length).toBeLessThanOrEqual(3);
    const click = fake.buttonClick(buttons[0]!.custom_id);
    const clicked = await fake.waitForCallback(click, 15_000);
    expect(typeOf(clicked)).toBe(7);
    expect(text(dataOf(clicked))).toMatch(/Paragraph \d+/);
    expect(dataOf(clicked).components).toEqual([]);
  });

  it('/ask declines honestly, privately, with questions it can answer', async () => {
    const { data } = await ask('ask', { question: 'how do i get the mod role in this server' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(text(data)).toContain('doesn’t say');
    expect(data.components?.[0]?.components.length).toBeGreaterThan(0);
  });

  it('/ask declines a question the story is known not to answer in the moderators’ words, with related facts', async () => {
    const { data } = await ask('ask', { question: 'who killed suleimani?' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(text(data)).toContain("The story doesn't say who killed him");
    expect(text(data)).toContain('What the story does say:');
    const buttons = data.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.custom_id)).toContain(`${ASK_BUTTON_PREFIX}who-was-killed`);
  });

  it('/ask with hide is ephemeral, and with mention pings only that user', async () => {
    const hidden = await ask('ask', { question: 'who is the nato chief', hide: true });
    expect(hidden.data.flags).toBe(EPHEMERAL);
    const target = fake.registerUser({ username: 'friend' });
    const sent = fake.dispatchInteraction({
      type: 2,
      data: {
        id: fake.nextSnowflake(),
        name: 'ask',
        type: 1,
        options: [
          { name: 'question', type: 3, value: 'who is the nato chief' },
          { name: 'mention', type: 6, value: target.id },
        ],
        resolved: { users: { [target.id]: target } },
      },
      member: fake.plainMember(),
    });
    const data = dataOf(await fake.waitForCallback(sent, 15_000));
    expect(data.content).toBe(`<@${target.id}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [target.id], replied_user: false });
  });

  it('autocompletes questions: at most 25 choices of at most 100 characters, typed text first', async () => {
    const sent = fake.autocomplete('ask', { question: 'who is the nato ch' }, 'question');
    const call = await fake.waitForCallback(sent, 15_000);
    expect(typeOf(call)).toBe(8);
    const choices = dataOf(call).choices!;
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]!.value).toBe('who is the nato ch');
    expect(choices.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
    const empty = await fake.waitForCallback(fake.autocomplete('ask', { question: '' }, 'question'), 15_000);
    expect(dataOf(empty).choices!.length).toBeGreaterThan(0);
  });

  it('/quote gives paragraph n verbatim, the sentence about a topic, or a notable quote', async () => {
    const byNumber = await ask('quote', { paragraph: 4 });
    expect(byNumber.data.embeds![0]!.description).toContain('We will only stay in Iraq as long as we are welcome');
    const about = await ask('quote', { about: 'three more bases' });
    expect(about.data.embeds![0]!.description).toContain('three more bases in central Iraq');
    const notable = await ask('quote', {});
    expect(notable.data.embeds![0]!.footer?.text).toMatch(/^Paragraph \d+$/);
  });

  it('/story and /help describe the story and the bot', async () => {
    const story = await ask('story', {});
    expect(story.data.embeds![0]!.title).toBe('Nato chief: Iraq gives permission for training mission');
    expect(story.data.embeds![0]!.fields?.find((f) => f.name === 'Paragraphs')?.value).toBe('15');
    const help = await ask('help', {});
    expect(help.data.flags).toBe(EPHEMERAL);
    expect(text(help.data)).toContain('/ask');
  });

  it('answers a mention in a threaded reply and stays silent on unrelated chatter', async () => {
    const from = fake.mark();
    fake.dispatchMessage('anyone up for a training session tonight?');
    const question = fake.dispatchMessage(`<@${fake.botUserId}> who was killed near Baghdad?`);
    const reply = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`, 15_000, from);
    const body = reply.body as CallbackData & { message_reference?: { message_id: string } };
    expect(body.message_reference?.message_id).toBe(question.id);
    expect(text(body)).toContain('Qassem Suleimani');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // The unrelated message came first and got nothing.
    expect(fake.calls.slice(from).filter((c) => c.method === 'POST' && c.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('lets no mention through from what a user typed', async () => {
    const { data } = await ask('ask', { question: '@everyone <@&123456789012345678> who was killed?' });
    expect(data.allowed_mentions?.parse).toEqual([]);
    expect(data.embeds![0]!.title).toContain('@everyone');
  });

  it('/reload is refused for a member without permission and accepted for a moderator', async () => {
    const refused = fake.slashCommand('reload', {}, { member: fake.plainMember() });
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(refused.token), 15_000);
    expect(JSON.stringify(edit.body)).toContain('Only moderators');

    const qa = path.join(bot.knowledgeDir, 'qa.yaml');
    const original = await readFile(qa, 'utf8');
    await writeFile(qa, original.replace('answer: Iranian general Qassem Suleimani.', 'answer: Qassem Suleimani, an Iranian general.'));
    const accepted = fake.slashCommand('reload', {}, { member: fake.moderatorMember() });
    const done = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(accepted.token), 15_000);
    expect(JSON.stringify(done.body)).toContain('Knowledge reloaded');
    expect(JSON.stringify(done.body)).toMatch(/1 changed/);
    const after = await ask('ask', { question: 'who was killed near baghdad' });
    expect(text(after.data)).toContain('Qassem Suleimani, an Iranian general.');
  });

  it('refuses a broken knowledge file on /reload, names file and line, and keeps answering', async () => {
    const qa = path.join(bot.knowledgeDir, 'qa.yaml');
    const good = await readFile(qa, 'utf8');
    await writeFile(
      qa,
      good.replace('quote: the killing of Iranian general Qassem Suleimani', 'quote: the killing of a general somewhere'),
    );
    const sent = fake.slashCommand('reload', {}, { member: fake.moderatorMember() });
    const refused = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(sent.token), 15_000);
    const body = JSON.stringify(refused.body);
    expect(body).toContain('Reload refused');
    expect(body).toMatch(/qa\.yaml:\d+/);
    expect(body).toContain('who-was-killed');
    const still = await ask('ask', { question: 'who was killed near baghdad' });
    expect(text(still.data)).toContain('Qassem Suleimani');
    await writeFile(qa, good);
  });

  it('answers a burst of 500 interactions exactly once each', async () => {
    const from = fake.mark();
    const questions = ['who is the nato chief', 'how many more bases', 'what did trump want', 'welcome to the server!', 'nato stay'];
    const sent = Array.from({ length: 500 }, (_, i) =>
      fake.slashCommand('ask', { question: questions[i % questions.length]! }, { member: fake.plainMember() }),
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

  it('never sends a reply that lets a mention through, and never writes the token', () => {
    const sends = sendingCalls();
    expect(sends.length).toBeGreaterThan(500);
    for (const call of sends) {
      const data = (call.body as { data?: CallbackData } & CallbackData).data ?? (call.body as CallbackData);
      if (!data || (call.body as { type?: number }).type === 8 || (call.body as { type?: number }).type === 5) continue;
      expect(data.allowed_mentions?.parse ?? []).toEqual([]);
    }
    expect(bot.output()).not.toContain(TOKEN_SECRET);
    expect(JSON.stringify(fake.calls.map((c) => c.body))).not.toContain(TOKEN_SECRET);
  });
});
