// What the fake Discord knows: the application and its bot user, users, guilds (roles, channels, members),
// DM channels and messages, with the ids it hands out. REST routes and the gateway read and change it here.
import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  InteractionType,
  Locale,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIAttachment,
  APIDMChannel,
  APIEmbed,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildSystemChannelFlags,
} from 'discord.js';
import {
  buildButtonRow,
  buildCategoryChannel,
  buildDmChannel,
  buildGuildMember,
  buildMessage,
  buildRole,
  buildTextChannel,
  buildUser,
  mentionedRoleIds,
  mentionedUserIds,
  mentionsEveryone,
  type UserFields,
} from './builders.js';
import { pngSize, type RecordedFile } from './http.js';
import { arrayField, isObject, numberField, objectField, stringField, type JsonObject } from './json.js';
import {
  BOT_PERMISSIONS,
  EVERYONE_PERMISSIONS,
  GUILD_INSTALL,
  LOADING,
  MODERATOR_PERMISSIONS,
  NO_FLAGS,
  effectivePermissions,
  flagBits,
} from './protocol.js';
import { SnowflakeFactory, shardAlignedGuildId } from './snowflakes.js';

/** The fixture for one fake guild: ids tests need, plus the payloads the fake serves. */
export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  joinedAt: string;
  roles: { everyone: APIRole; moderator: APIRole; member: APIRole; admin: APIRole; bot: APIRole };
  category: APIGuildCategoryChannel;
  /** Text channels; the first one is the guild's main channel. */
  textChannels: APITextChannel[];
  members: Map<string, APIGuildMember>;
}

/** Sample users behind moderatorMember()/plainMember()/adminMember(), and the guilds' owner. */
export interface SampleUsers {
  moderator: APIUser;
  plain: APIUser;
  admin: APIUser;
  owner: APIUser;
}

/** What a bot-authored message needs to know about the interaction it answers. */
export interface InteractionOrigin {
  id: string;
  type: InteractionType;
  guildId: string | null;
  user: APIUser;
}

/** Guild fields that GUILD_CREATE adds to a REST guild object. */
type GuildCreateOnly =
  | 'joined_at'
  | 'large'
  | 'member_count'
  | 'voice_states'
  | 'members'
  | 'channels'
  | 'threads'
  | 'presences'
  | 'stage_instances'
  | 'guild_scheduled_events'
  | 'soundboard_sounds';

const MAX_MEMBERS = 500_000;

export class FakeFixtures {
  readonly snowflakes = new SnowflakeFactory();
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly sampleUsers: SampleUsers;
  readonly guilds: GuildFixture[] = [];
  readonly messages = new Map<string, APIMessage>();
  private readonly users = new Map<string, APIUser>();
  /** DM channels between the bot and a user, by user id. */
  private readonly dmChannels = new Map<string, APIDMChannel>();

  constructor(guildCount: number) {
    this.applicationId = this.snowflakes.next();
    // Why: a bot's user id is its application id.
    this.botUser = this.registerUser({ id: this.applicationId, username: 'story-bot', bot: true });
    this.sampleUsers = {
      owner: this.registerUser({ username: 'guild-owner' }),
      moderator: this.registerUser({ username: 'mod-mia' }),
      plain: this.registerUser({ username: 'reader-ray' }),
      admin: this.registerUser({ username: 'admin-ada' }),
    };
    for (let i = 0; i < guildCount; i++) this.addGuild();
  }

  // ------------------------------------------------------------------ users and members

  /** Creates (or completes) a user and remembers it, so mentions resolve to a full user object. */
  registerUser(fields: UserFields): APIUser {
    const user = buildUser(fields.id ?? this.snowflakes.next(), fields);
    this.users.set(user.id, user);
    return user;
  }

  /** `partial` empty: the fallback sample user; with an id: that user completed; else a new user. */
  userFrom(partial: Partial<APIUser>, fallback: APIUser): APIUser {
    if (Object.keys(partial).length === 0) return fallback;
    const known = partial.id ? this.users.get(partial.id) : undefined;
    return known ? { ...known, ...partial } : this.registerUser({ username: `user-${this.users.size}`, ...partial });
  }

  addGuildMember(guild: GuildFixture, user: APIUser, roles: readonly APIRole[]): APIGuildMember {
    const member = buildGuildMember(
      user,
      roles.map((role) => role.id),
      guild.joinedAt,
    );
    guild.members.set(user.id, member);
    return member;
  }

  /** The member as an interaction carries it, with the permissions Discord computes; joins the guild first if new. */
  interactionMember(guild: GuildFixture, user: APIUser, roles: readonly APIRole[]): APIInteractionGuildMember {
    const member = guild.members.get(user.id) ?? this.addGuildMember(guild, user, roles);
    const memberRoles = [guild.roles.everyone, ...Object.values(guild.roles).filter((role) => member.roles.includes(role.id))];
    return { ...member, user, permissions: effectivePermissions(memberRoles).toString() };
  }

  // ------------------------------------------------------------------ guilds and channels

  /** A new guild with the bot and the owner in it; its id puts it on a predictable shard (see shardAlignedGuildId). */
  addGuild(name?: string): GuildFixture {
    const index = this.guilds.length;
    const id = shardAlignedGuildId(index);
    const role = (roleName: string, permissions: bigint, position: number, extra: Partial<APIRole> = {}) =>
      buildRole(this.snowflakes.next(), roleName, permissions, position, extra);
    const roles = {
      // Why: @everyone's role id is the guild id.
      everyone: role('@everyone', EVERYONE_PERMISSIONS, 0, { id }),
      member: role('Reader', 0n, 1),
      moderator: role('Moderator', MODERATOR_PERMISSIONS, 2, { hoist: true, mentionable: true }),
      admin: role('Admin', PermissionFlagsBits.Administrator, 3),
      bot: role(this.botUser.username, BOT_PERMISSIONS, 4, { managed: true, tags: { bot_id: this.botUser.id } }),
    };
    const category = buildCategoryChannel(this.snowflakes.next(), id, 'Text Channels');
    const guild: GuildFixture = {
      id,
      name: name ?? (index === 0 ? 'Story Test Guild' : `Story Test Guild ${index + 1}`),
      ownerId: this.sampleUsers.owner.id,
      joinedAt: new Date().toISOString(),
      roles,
      category,
      textChannels: [],
      members: new Map(),
    };
    this.addTextChannel(guild, 'news-desk');
    this.addTextChannel(guild, 'general');
    this.addGuildMember(guild, this.botUser, [roles.bot]);
    this.addGuildMember(guild, this.sampleUsers.owner, [roles.admin]);
    this.guilds.push(guild);
    return guild;
  }

  addTextChannel(guild: GuildFixture, name: string): APITextChannel {
    const channel = buildTextChannel(this.snowflakes.next(), guild.id, name, guild.category.id, guild.textChannels.length);
    guild.textChannels.push(channel);
    return channel;
  }

  primaryGuild(): GuildFixture {
    const guild = this.guilds[0];
    if (!guild) throw new Error('FakeDiscord has no guilds');
    return guild;
  }

  findGuild(guildId: string): GuildFixture | undefined {
    return this.guilds.find((guild) => guild.id === guildId);
  }

  guildById(guildId: string): GuildFixture {
    const guild = this.findGuild(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return guild;
  }

  mainChannel(guild: GuildFixture): APITextChannel {
    const channel = guild.textChannels[0];
    if (!channel) throw new Error(`FakeDiscord: guild ${guild.id} has no text channel`);
    return channel;
  }

  channelById(guild: GuildFixture, channelId: string): APITextChannel {
    const channel = guild.textChannels.find((candidate) => candidate.id === channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId} in guild ${guild.id}`);
    return channel;
  }

  /** A guild text channel or a DM channel, with its guild (null for a DM). */
  findChannel(channelId: string): { channel: APITextChannel | APIDMChannel; guild: GuildFixture | null } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.textChannels.find((candidate) => candidate.id === channelId);
      if (channel) return { channel, guild };
    }
    const dm = [...this.dmChannels.values()].find((candidate) => candidate.id === channelId);
    return dm ? { channel: dm, guild: null } : undefined;
  }

  /** The DM channel between the bot and `user`, created on first use. */
  dmChannelFor(user: APIUser): APIDMChannel {
    const existing = this.dmChannels.get(user.id);
    if (existing) return existing;
    const channel = buildDmChannel(this.snowflakes.next(), user);
    this.dmChannels.set(user.id, channel);
    return channel;
  }

  guildObject(guild: GuildFixture): Omit<GatewayGuildCreateDispatchData, GuildCreateOnly> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      roles: Object.values(guild.roles),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: this.mainChannel(guild).id,
      system_channel_flags: flagBits<GuildSystemChannelFlags>(NO_FLAGS),
      rules_channel_id: null,
      max_presences: null,
      max_members: MAX_MEMBERS,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
  }

  guildChannels(guild: GuildFixture): Array<APIGuildCategoryChannel | APITextChannel> {
    return [guild.category, ...guild.textChannels];
  }

  guildCreatePayload(guild: GuildFixture): GatewayGuildCreateDispatchData {
    return {
      ...this.guildObject(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      // Why: Discord always includes the bot's own member, which discord.js needs for guild.members.me.
      members: [...guild.members.values()].filter((member) => member.user.id === this.botUser.id),
      channels: this.guildChannels(guild),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  applicationObject(): JsonObject {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: 'Fake application for tests',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: 'f'.repeat(64),
      flags: 0,
      owner: this.sampleUsers.owner,
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // ------------------------------------------------------------------ messages

  storeMessage(message: APIMessage): APIMessage {
    this.messages.set(message.id, message);
    return message;
  }

  /** Mentioned users carry a partial `member`, as in Discord's guild messages (none in a DM). */
  mentionedUsers(guild: GuildFixture | null, content: string): APIUser[] {
    return mentionedUserIds(content).map((id) => {
      const user = this.users.get(id) ?? { id, username: `user-${id}`, discriminator: '0', global_name: null, avatar: null };
      const member = guild?.members.get(id);
      if (!member) return user;
      const { user: _user, ...partialMember } = member;
      return { ...user, member: partialMember };
    });
  }

  /** A message a guild member wrote; `<@id>` mentions resolve to users, `replyTo` makes it a reply. */
  userMessage(guild: GuildFixture, channelId: string, member: APIInteractionGuildMember, content: string, replyTo?: string): APIMessage {
    const { user, permissions: _permissions, ...partialMember } = member;
    const message: APIMessage & { guild_id: string; member: Omit<APIGuildMember, 'user'> } = {
      ...buildMessage(this.snowflakes.next(), channelId, user, content),
      guild_id: guild.id,
      member: partialMember,
      mentions: this.mentionedUsers(guild, content),
      mention_roles: mentionedRoleIds(content),
      mention_everyone: mentionsEveryone(content),
    };
    if (replyTo) {
      message.type = MessageType.Reply;
      message.message_reference = { type: MessageReferenceType.Default, message_id: replyTo, channel_id: channelId, guild_id: guild.id };
      message.referenced_message = this.messages.get(replyTo) ?? null;
    }
    return message;
  }

  /** A message a user sent the bot in their DM. */
  directMessage(channel: APIDMChannel, user: APIUser, content: string): APIMessage {
    return {
      ...buildMessage(this.snowflakes.next(), channel.id, user, content),
      mentions: this.mentionedUsers(null, content),
      mention_everyone: mentionsEveryone(content),
    };
  }

  /** A message authored by the bot from a REST body (channel message, interaction reply or follow-up). */
  botMessage(
    guildId: string | null,
    channelId: string,
    body: JsonObject,
    files: readonly RecordedFile[],
    interaction: InteractionOrigin | null,
  ): APIMessage {
    const message: APIMessage & { guild_id?: string } = {
      ...buildMessage(this.snowflakes.next(), channelId, this.botUser, stringField(body, 'content') ?? ''),
      ...(guildId ? { guild_id: guildId } : {}),
      embeds: (arrayField(body, 'embeds') ?? []) as APIEmbed[],
      components: (arrayField(body, 'components') ?? []) as NonNullable<APIMessage['components']>,
      attachments: this.attachmentsFrom(channelId, body, files),
      flags: flagBits<MessageFlags>(numberField(body, 'flags') ?? NO_FLAGS),
      tts: body.tts === true,
    };
    const reference = objectField(body, 'message_reference');
    const referenced = reference ? this.messages.get(stringField(reference, 'message_id') ?? '') : undefined;
    if (reference && referenced) {
      message.type = MessageType.Reply;
      message.message_reference = {
        type: MessageReferenceType.Default,
        message_id: referenced.id,
        channel_id: referenced.channel_id,
        ...(guildId ? { guild_id: guildId } : {}),
      };
      message.referenced_message = referenced;
    }
    if (interaction) this.markAsInteractionMessage(message, interaction);
    return message;
  }

  /** The bot message a button click comes from when a test doesn't give one: one row with that button. */
  buttonMessage(guildId: string, channelId: string, customId: string): APIMessage {
    return this.botMessage(
      guildId,
      channelId,
      { content: 'Pick one', components: [buildButtonRow([{ customId, label: 'Button' }])] },
      [],
      null,
    );
  }

  private markAsInteractionMessage(message: APIMessage, interaction: InteractionOrigin): void {
    message.webhook_id = this.applicationId;
    message.application_id = this.applicationId;
    if (interaction.type === InteractionType.ApplicationCommand) message.type = MessageType.ChatInputCommand;
    message.interaction_metadata = {
      id: interaction.id,
      type: interaction.type,
      user: interaction.user,
      authorizing_integration_owners: { [GUILD_INSTALL]: interaction.guildId },
    } as NonNullable<APIMessage['interaction_metadata']>;
  }

  /** Attachments for uploaded files, named from `attachments[n].filename` in payload_json when given. */
  attachmentsFrom(channelId: string, body: JsonObject, files: readonly RecordedFile[]): APIAttachment[] {
    const declared = (arrayField(body, 'attachments') ?? []).filter(isObject);
    return files.map((file, index) => {
      const declaration = declared.find((entry) => String(entry.id) === String(index)) ?? {};
      const filename = stringField(declaration, 'filename') ?? file.filename;
      const id = this.snowflakes.next();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      const attachment: APIAttachment = { id, filename, size: file.size, url, proxy_url: url };
      if (file.contentType) attachment.content_type = file.contentType;
      const description = stringField(declaration, 'description');
      if (description) attachment.description = description;
      const size = pngSize(file.data);
      if (size) Object.assign(attachment, size);
      return attachment;
    });
  }

  /** Edits keep the id; clears the "loading" flag a deferred reply had. */
  applyEdit(message: APIMessage, body: JsonObject, files: readonly RecordedFile[]): APIMessage {
    const edited: APIMessage = {
      ...message,
      edited_timestamp: new Date().toISOString(),
      flags: flagBits<MessageFlags>((message.flags ?? NO_FLAGS) & ~LOADING),
    };
    if (typeof body.content === 'string' || body.content === null) edited.content = body.content ?? '';
    if (Array.isArray(body.embeds)) edited.embeds = body.embeds as APIEmbed[];
    if (Array.isArray(body.components)) edited.components = body.components as NonNullable<APIMessage['components']>;
    const keptIds = arrayField(body, 'attachments')
      ?.filter(isObject)
      .map((entry) => entry.id);
    const kept = keptIds ? message.attachments.filter((attachment) => keptIds.includes(attachment.id)) : message.attachments;
    edited.attachments = [...kept, ...this.attachmentsFrom(message.channel_id, body, files)];
    return this.storeMessage(edited);
  }
}
