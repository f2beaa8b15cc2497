/**
 * Proves the fake Discord works with the REAL discord.js client (in-process): login, interactions,
 * messages, REST command registration, multipart uploads, sharding, resume, and Discord's rules.
 */
import { once } from 'node:events';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import {
  ApplicationCommandOptionType,
  AttachmentBuilder,
  Client,
  DiscordAPIError,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  RESTJSONErrorCodes,
  Routes,
  type ClientOptions,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, shardForGuild, startFakeDiscord, type RecordedCall } from './support/fakeDiscord.js';
import { DEFAULT_HEARTBEAT_INTERVAL_MS } from './support/fakeDiscord/protocol.js';

// Shaped like a real token (id.timestamp.hmac); only the last part is secret.
const TOKEN = 'MTQwMDAwMDAwMDAwMDAwMDAw.GfAkEt.fake-secret-part-do-not-log';
const SECRET_PART = 'fake-secret-part-do-not-log';

/** A 1×1 transparent PNG. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const fakes: FakeDiscord[] = [];
const clients: Client[] = [];

/** Errors thrown by the tests' discord.js listeners, whose promises discord.js ignores. */
const listenerErrors: unknown[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()));
  expect(listenerErrors.splice(0)).toEqual([]);
});

/** An async event listener whose failure fails the test instead of vanishing. */
function listener<T>(handle: (value: T) => Promise<unknown>): (value: T) => void {
  return (value) => {
    handle(value).catch((error: unknown) => listenerErrors.push(error));
  };
}

async function newFake(options: ConstructorParameters<typeof FakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ token: TOKEN, ...options });
  fakes.push(fake);
  return fake;
}

function newClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: fake.apiBase },
    ...options,
  });
  clients.push(client);
  return client;
}

/** Logs in and resolves once discord.js emits clientReady (all shards ready, guilds cached). */
async function loginClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = newClient(fake, options);
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return client;
}

function isPost(path: string) {
  return (call: RecordedCall) => call.method === 'POST' && call.path === path;
}

describe('FakeDiscord with the real discord.js client', () => {
  it('logs in, identifies with intents and sees the guild, its roles and channel in cache', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);

    await fake.waitForReady(1);
    const [identify] = await fake.waitForIdentify(1);
    expect(identify?.shard).toEqual([0, 1]);
    expect(identify?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);

    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.roles.cache.get(fake.moderatorRoleId)?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.botUserId);
    const channel = client.channels.cache.get(fake.channelId);
    expect(channel?.isTextBased()).toBe(true);
    expect(fake.callsTo('GET', '/gateway/bot')).toHaveLength(1);
  });

  it('records a slash command reply as callback type 4 with the content', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const seen: Array<{ topic: string | null; canManageGuild: boolean | undefined }> = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        seen.push({
          topic: interaction.options.getString('topic'),
          canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
        });
        await interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
      }),
    );

    const sent = fake.slashCommand('ask', { topic: 'budget' }, { member: fake.moderatorMember() });
    const callback = await fake.waitForCallback(sent);

    expect(sent.deliveredTo).toBe(1);
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: 'pong', allowed_mentions: { parse: [] } },
    });
    expect(seen).toEqual([{ topic: 'budget', canManageGuild: true }]);
    expect(fake.interaction(sent.id)?.original?.content).toBe('pong');
  });

  it('reports a plain member without Manage Guild', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const permissions: Array<boolean | undefined> = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        permissions.push(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
        await interaction.reply({ content: 'no', flags: MessageFlags.Ephemeral });
      }),
    );

    const callback = await fake.waitForCallback(fake.slashCommand('admin', {}, { member: fake.plainMember() }));

    expect(permissions).toEqual([false]);
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
  });

  it('records deferReply + editReply as callback type 5 and PATCH @original', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const edited: string[] = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        const message = await interaction.editReply({ content: 'the answer' });
        edited.push(message.content);
      }),
    );

    const sent = fake.slashCommand('ask', { question: 'who?' });
    const callback = await fake.waitForCallback(sent);
    const patch = await fake.waitForCall(
      (call) => call.method === 'PATCH' && call.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`,
    );

    expect(callback.body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    expect(patch.body).toMatchObject({ content: 'the answer' });
    expect(patch.status).toBe(200);
    await expect.poll(() => edited).toEqual(['the answer']);
  });

  it('records an autocomplete answer as callback type 8 with the choices', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isAutocomplete()) return;
        const typed = interaction.options.getFocused();
        await interaction.respond([{ name: `Topic ${typed}`, value: typed }]);
      }),
    );

    const sent = fake.autocomplete('ask', { topic: 'bud', other: 'x' }, 'topic');
    const callback = await fake.waitForCallback(sent);

    expect(callback.body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'Topic bud', value: 'bud' }] },
    });
  });

  it('records a button click answered with update as callback type 7', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const clickedOn: string[] = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isButton()) return;
        clickedOn.push(interaction.message.id);
        await interaction.update({ content: `You chose ${interaction.customId}`, components: [] });
      }),
    );

    const sent = fake.buttonClick('vote:yes');
    const callback = await fake.waitForCallback(sent);

    expect(callback.body).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: 'You chose vote:yes', components: [] },
    });
    expect(clickedOn).toEqual([sent.payload.message?.id]);
  });

  it('delivers a message mentioning the bot and records message.reply with message_reference', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const received: string[] = [];
    client.on(
      Events.MessageCreate,
      listener(async (message) => {
        if (message.author.bot || !client.user || !message.mentions.has(client.user)) return;
        received.push(message.content);
        await message.reply({ content: 'here is the quote', allowedMentions: { repliedUser: false } });
      }),
    );

    const question = fake.dispatchMessage(`<@${fake.botUserId}> what happened?`);
    const post = await fake.waitForCall(isPost(`/channels/${fake.channelId}/messages`));

    // Without the MessageContent intent, content still arrives because the bot is mentioned.
    expect(received).toEqual([`<@${fake.botUserId}> what happened?`]);
    expect(post.body).toMatchObject({ content: 'here is the quote', message_reference: { message_id: question.id } });
    expect(post.status).toBe(200);
  });

  it('blanks content of messages that do not mention the bot when MessageContent is not requested', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const received: string[] = [];
    client.on(Events.MessageCreate, (message) => received.push(message.content));

    fake.dispatchMessage('just chatting');
    fake.dispatchMessage(`<@${fake.botUserId}> ping`);

    await expect.poll(() => received).toEqual(['', `<@${fake.botUserId}> ping`]);
  });

  it('records a REST command registration and echoes the commands with ids', async () => {
    const fake = await newFake();
    const rest = new REST({ api: fake.apiBase }).setToken(TOKEN);
    const body = [
      {
        name: 'ask',
        description: 'Ask about the story',
        options: [{ name: 'question', description: 'Your question', type: ApplicationCommandOptionType.String, required: true }],
      },
    ];

    const registered: unknown = await rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), { body });
    const response = registered as Array<{ id: string; name: string }>;

    const [call] = fake.callsTo('PUT', `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(call?.body).toEqual(body);
    expect(call?.headers.authorization).toBe('Bot [redacted]');
    expect(response.map((command) => command.name)).toEqual(['ask']);
    expect(response[0]?.id).toMatch(/^\d{17,19}$/);
    expect(fake.registeredCommands(fake.guildId)).toHaveLength(1);
    // A later slash command carries the registered id, like Discord.
    expect(fake.slashCommand('ask').payload.data?.id).toBe(response[0]?.id);
  });

  it('rejects commands Discord would reject (required option after optional one)', async () => {
    const fake = await newFake();
    const rest = new REST({ api: fake.apiBase, retries: 0 }).setToken(TOKEN);
    const options = [
      { name: 'optional', description: 'o', type: ApplicationCommandOptionType.String },
      { name: 'required', description: 'r', type: ApplicationCommandOptionType.String, required: true },
    ];

    const attempt = rest.put(Routes.applicationCommands(fake.applicationId), {
      body: [{ name: 'ask', description: 'd', options }],
    });

    await expect(attempt).rejects.toMatchObject({ code: RESTJSONErrorCodes.InvalidFormBodyOrContentType, status: 400 });
  });

  it('parses multipart uploads: payload_json as body, PNG parts as files', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;

    const sent = await channel.send({
      content: 'chart',
      files: [new AttachmentBuilder(PNG_1X1, { name: 'chart.png' })],
    });

    const [call] = fake.callsTo('POST', `/channels/${fake.channelId}/messages`);
    // discord.js declares the attachment by index only; the file name comes from the multipart part.
    expect(call?.body).toMatchObject({ content: 'chart', attachments: [{ id: '0' }] });
    expect(call?.files?.map(({ field, filename, size, contentType }) => ({ field, filename, size, contentType }))).toEqual([
      { field: 'files[0]', filename: 'chart.png', size: PNG_1X1.length, contentType: 'image/png' },
    ]);
    expect(call?.files?.[0]?.data.equals(PNG_1X1)).toBe(true);
    expect(sent.attachments.first()).toMatchObject({ name: 'chart.png', width: 1, height: 1 });
  });

  it('answers a second response to the same interaction with 40060, like Discord', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const errors: unknown[] = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply('first');
        // Bypass discord.js's own "already replied" guard to hit the API twice.
        await client.rest
          .post(Routes.interactionCallback(interaction.id, interaction.token), {
            body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'second' } },
            auth: false,
          })
          .catch((error: unknown) => errors.push(error));
      }),
    );

    fake.slashCommand('ask');

    await expect.poll(() => errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged });
  });

  it('lets a test inject a failure; discord.js REST retries a 500', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    fake.failNext((call) => call.method === 'POST' && call.path.endsWith('/messages'), {
      status: 500,
      body: { message: 'boom', code: 0 },
    });

    await channel.send('hello');

    expect(fake.callsTo('POST', `/channels/${fake.channelId}/messages`).map((call) => call.status)).toEqual([500, 200]);
  });

  it('routes guilds to shards: two clients (shard 0/2 and 1/2) each identify and get their guild', async () => {
    const fake = await newFake({ guildCount: 2 });
    const [first, second] = fake.guilds;
    expect(first && shardForGuild(first.id, 2)).toBe(0);
    expect(second && shardForGuild(second.id, 2)).toBe(1);

    const [shard0, shard1] = await Promise.all([
      loginClient(fake, { shards: [0], shardCount: 2 }),
      loginClient(fake, { shards: [1], shardCount: 2 }),
    ]);
    const identifies = await fake.waitForIdentify(2);

    expect(identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...shard0.guilds.cache.keys()]).toEqual([first?.id]);
    expect([...shard1.guilds.cache.keys()]).toEqual([second?.id]);

    const answeredBy: string[] = [];
    for (const [name, client] of [
      ['shard0', shard0],
      ['shard1', shard1],
    ] as const) {
      client.on(
        Events.InteractionCreate,
        listener(async (interaction) => {
          answeredBy.push(name);
          if (interaction.isRepliable()) await interaction.reply('ok');
        }),
      );
    }
    const sent = fake.slashCommand('ask', {}, { guildId: second?.id ?? '', member: fake.plainMember({}, second?.id) });
    await fake.waitForCallback(sent);
    expect(sent.deliveredTo).toBe(1);
    expect(answeredBy).toEqual(['shard1']);
  });

  it('resumes after the gateway drops the connection and keeps delivering events', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (interaction.isRepliable()) await interaction.reply('still here');
      }),
    );

    const resumed = once(fake.events, 'resumed');
    // Any close but a normal one (1000/1001) leaves the session resumable.
    expect(fake.disconnectShard(0, GatewayCloseCodes.UnknownError)).toBe(1);
    await resumed;

    expect(fake.identifies).toHaveLength(1);
    expect(fake.resumeCount).toBe(1);
    const callback = await fake.waitForCallback(fake.slashCommand('ask'));
    expect(callback.status).toBe(204);
  });

  it('refuses a wrong token (login rejects) and never records any token', async () => {
    const fake = await newFake();
    const wrong = newClient(fake);
    await expect(wrong.login('wrong.token.value')).rejects.toThrow();
    expect(fake.callsTo('GET', '/gateway/bot')[0]?.status).toBe(401);

    const client = newClient(fake);
    const debugLines: string[] = [];
    client.on(Events.Debug, (line) => debugLines.push(line));
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (interaction.isRepliable()) await interaction.reply('ok');
      }),
    );
    await fake.waitForCallback(fake.slashCommand('ask'));

    // discord.js censors only the third token part in its debug log ("Provided token: …").
    expect(debugLines.some((line) => line.startsWith('Provided token:'))).toBe(true);
    expect(debugLines.join('\n')).not.toContain(SECRET_PART);
    const recorded = JSON.stringify({ calls: fake.calls, identifies: fake.identifies, gateway: fake.gatewayPayloads });
    expect(recorded).not.toContain(SECRET_PART);
    expect(recorded).not.toContain('wrong.token.value');
    expect(fake.calls.every((call) => call.headers.authorization === undefined || call.headers.authorization === 'Bot [redacted]')).toBe(
      true,
    );
  });

  it('sends GUILD_CREATE for a guild added after READY; the client caches it and its channels', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const joined = once(client, Events.GuildCreate);

    const guild = fake.addGuild('A guild of its own');
    await joined;

    expect(client.guilds.cache.get(guild.id)?.name).toBe('A guild of its own');
    expect(client.channels.cache.get(guild.textChannels[0]!.id)?.isTextBased()).toBe(true);
    expect(guild.id).not.toBe(fake.guildId);
  });

  it('gives a user option its user in resolved, as Discord does', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const named: Array<string | undefined> = [];
    client.on(
      Events.InteractionCreate,
      listener(async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        named.push(interaction.options.getUser('mention')?.username);
        await interaction.reply({ content: 'ok', allowedMentions: { parse: [] } });
      }),
    );
    const friend = fake.registerUser({ username: 'friend' });

    await fake.waitForCallback(fake.slashCommand('ask', { question: 'who?', mention: friend }));

    expect(named).toEqual(['friend']);
  });

  it('rejects allowed_mentions Discord would reject: parse users together with a users list', async () => {
    const fake = await newFake();
    const client = await loginClient(fake);
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const user = fake.registerUser({ username: 'someone' });

    const attempt = channel.send({ content: `<@${user.id}>`, allowedMentions: { parse: ['users'], users: [user.id] } });

    await expect(attempt).rejects.toMatchObject({ code: RESTJSONErrorCodes.InvalidFormBodyOrContentType, status: 400 });
    const [call] = fake.callsTo('POST', `/channels/${fake.channelId}/messages`);
    expect(call?.response).toMatchObject({
      errors: { allowed_mentions: { _errors: [{ code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE' }] } },
    });
  });

  it('speaks zlib-stream when a client asks for it (discord.js does only if zlib-sync is installed)', async () => {
    const fake = await newFake();
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const frames: Buffer[] = [];
    const firstMessage = new Promise<Buffer>((resolve) => {
      socket.on('message', (data: Buffer) => {
        frames.push(data);
        const joined = Buffer.concat(frames);
        // A zlib-stream message ends with the sync-flush suffix; it may span several frames.
        if (joined.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff]))) resolve(joined);
      });
    });
    const compressed = await firstMessage;
    socket.close();

    const hello = JSON.parse(inflateSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8')) as unknown;
    expect(hello).toMatchObject({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: DEFAULT_HEARTBEAT_INTERVAL_MS } });
  });
});
