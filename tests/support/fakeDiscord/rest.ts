// The REST API: the route table, bot-token auth, and the channel, message and guild routes. Commands and
// interaction webhooks are handled by their own modules; every call is recorded (token redacted).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESTJSONErrorCodes, type APIDMChannel, type APIMessage, type APITextChannel } from 'discord.js';
import {
  apiError,
  invalidFormBody,
  noContent,
  ok,
  unauthorized,
  unknownChannel,
  unknownGuild,
  unknownMember,
  unknownMessage,
  unknownRoute,
  type RouteResult,
} from './apiErrors.js';
import type { CommandRegistry } from './commandRegistry.js';
import type { FaultInjector } from './faults.js';
import type { FakeFixtures, GuildFixture } from './fixtures.js';
import type { FakeGateway } from './gateway.js';
import { readRequestBody, recordCall, sendResult, type RecordedCall } from './http.js';
import type { InteractionLedger } from './interactions.js';
import { isObject, objectField, stringField, type JsonObject } from './json.js';
import { compileRoute, matchRoute, param, type Route, type RouteContext, type RouteHandler } from './router.js';
import { validateMessageBody } from './validators.js';

export interface RestOptions {
  /** When set, bot-token routes must carry `Authorization: Bot <token>` (401 otherwise). */
  token: string | undefined;
  /** Send MESSAGE_CREATE for messages the bot posts, as Discord does. */
  echoBotMessages: boolean;
  /** `shards` in GET /gateway/bot (what discord.js uses with `shards: 'auto'`). */
  recommendedShards: number;
}

export interface RestParts {
  fixtures: FakeFixtures;
  commands: CommandRegistry;
  interactions: InteractionLedger;
  gateway: FakeGateway;
  faults: FaultInjector;
}

/** GET /gateway/bot: max_concurrency 16 lets several shards of one client identify without a 5 s throttle. */
const SESSION_START_LIMIT = { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 16 };
const BOT_SELF = '@me';

export class FakeRest {
  private readonly routes: Route[];

  /** `record` keeps each answered call; `gatewayUrl` is where GET /gateway points. */
  constructor(
    private readonly parts: RestParts,
    private readonly options: RestOptions,
    private readonly gatewayUrl: () => string,
    private readonly record: (call: RecordedCall) => void,
  ) {
    this.routes = this.buildRoutes();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const call = recordCall(req, await readRequestBody(req));
      const result = this.respondTo(call, req.headers.authorization);
      call.status = result.status;
      call.response = result.body;
      this.record(call);
      sendResult(res, result);
    } catch (error) {
      sendResult(res, apiError(500, 0, `FakeDiscord error: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  private respondTo(call: RecordedCall, authorization: string | undefined): RouteResult {
    const injected = this.parts.faults.take(call);
    if (injected) return injected;
    for (const route of this.routes) {
      const params = matchRoute(route, call.method, call.path);
      if (!params) continue;
      if (route.needsAuth && !this.isAuthorized(authorization)) return unauthorized();
      const body = isObject(call.body) ? call.body : {};
      return route.handle({ call, params, body, files: call.files ?? [] });
    }
    return unknownRoute();
  }

  private isAuthorized(authorization: string | undefined): boolean {
    if (!authorization?.startsWith('Bot ')) return false;
    return this.options.token === undefined || authorization === `Bot ${this.options.token}`;
  }

  private buildRoutes(): Route[] {
    const { fixtures, commands, interactions } = this.parts;
    const authed = (method: string, path: string, handle: RouteHandler) => compileRoute(method, path, true, handle);
    const open = (method: string, path: string, handle: RouteHandler) => compileRoute(method, path, false, handle);
    const guildOf = (ctx: RouteContext) => param(ctx, 'guildId');
    const webhookMessage = '/webhooks/:appId/:token/messages/:messageId';
    const reaction = '/channels/:channelId/messages/:messageId/reactions/:emoji/@me';
    return [
      authed('GET', '/gateway/bot', () =>
        ok({ url: this.gatewayUrl(), shards: this.options.recommendedShards, session_start_limit: SESSION_START_LIMIT }),
      ),
      open('GET', '/gateway', () => ok({ url: this.gatewayUrl() })),
      authed('GET', '/users/@me', () => ok(fixtures.botUser)),
      authed('GET', '/applications/@me', () => ok(fixtures.applicationObject())),
      authed('GET', '/oauth2/applications/@me', () => ok(fixtures.applicationObject())),
      authed('GET', '/applications/:appId/commands', (ctx) => commands.list(ctx, null)),
      authed('PUT', '/applications/:appId/commands', (ctx) => commands.overwrite(ctx, null)),
      authed('POST', '/applications/:appId/commands', (ctx) => commands.upsert(ctx, null)),
      authed('DELETE', '/applications/:appId/commands/:commandId', (ctx) => commands.delete(ctx, null)),
      authed('GET', '/applications/:appId/guilds/:guildId/commands', (ctx) => commands.list(ctx, guildOf(ctx))),
      authed('PUT', '/applications/:appId/guilds/:guildId/commands', (ctx) => commands.overwrite(ctx, guildOf(ctx))),
      authed('POST', '/applications/:appId/guilds/:guildId/commands', (ctx) => commands.upsert(ctx, guildOf(ctx))),
      authed('DELETE', '/applications/:appId/guilds/:guildId/commands/:commandId', (ctx) => commands.delete(ctx, guildOf(ctx))),
      open('POST', '/interactions/:id/:token/callback', (ctx) => interactions.callback(ctx)),
      open('POST', '/webhooks/:appId/:token', (ctx) => interactions.createFollowup(ctx)),
      open('GET', webhookMessage, (ctx) => interactions.getMessage(ctx)),
      open('PATCH', webhookMessage, (ctx) => interactions.editMessage(ctx)),
      open('DELETE', webhookMessage, (ctx) => interactions.deleteMessage(ctx)),
      authed('GET', '/channels/:channelId', (ctx) => this.withChannel(ctx, (channel) => ok(channel))),
      authed('POST', '/channels/:channelId/messages', (ctx) => this.createChannelMessage(ctx)),
      authed('GET', '/channels/:channelId/messages/:messageId', (ctx) => this.withChannelMessage(ctx, (message) => ok(message))),
      authed('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => this.editChannelMessage(ctx)),
      authed('DELETE', '/channels/:channelId/messages/:messageId', (ctx) =>
        this.withChannelMessage(ctx, (message) => {
          fixtures.messages.delete(message.id);
          return noContent;
        }),
      ),
      authed('POST', '/channels/:channelId/typing', (ctx) => this.withChannel(ctx, () => noContent)),
      authed('PUT', reaction, (ctx) => this.withChannelMessage(ctx, () => noContent)),
      authed('DELETE', reaction, (ctx) => this.withChannelMessage(ctx, () => noContent)),
      authed('GET', '/guilds/:guildId', (ctx) => this.withGuild(ctx, (guild) => ok(fixtures.guildObject(guild)))),
      authed('GET', '/guilds/:guildId/channels', (ctx) => this.withGuild(ctx, (guild) => ok(fixtures.guildChannels(guild)))),
      authed('GET', '/guilds/:guildId/roles', (ctx) => this.withGuild(ctx, (guild) => ok(Object.values(guild.roles)))),
      authed('GET', '/guilds/:guildId/members/:userId', (ctx) =>
        this.withGuild(ctx, (guild) => this.guildMember(guild, param(ctx, 'userId'))),
      ),
    ];
  }

  // ------------------------------------------------------------------ channels and messages

  private withChannel(
    ctx: RouteContext,
    action: (channel: APITextChannel | APIDMChannel, guild: GuildFixture | null) => RouteResult,
  ): RouteResult {
    const found = this.parts.fixtures.findChannel(param(ctx, 'channelId'));
    return found ? action(found.channel, found.guild) : unknownChannel();
  }

  private withChannelMessage(ctx: RouteContext, action: (message: APIMessage) => RouteResult): RouteResult {
    return this.withChannel(ctx, (channel) => {
      const message = this.parts.fixtures.messages.get(param(ctx, 'messageId'));
      return message?.channel_id === channel.id ? action(message) : unknownMessage();
    });
  }

  private createChannelMessage(ctx: RouteContext): RouteResult {
    const { fixtures, gateway } = this.parts;
    return this.withChannel(ctx, (channel, guild) => {
      const invalid = validateMessageBody(ctx.body, ctx.files, true) ?? this.checkMessageReference(ctx.body, channel.id);
      if (invalid) return invalid;
      const message = fixtures.storeMessage(fixtures.botMessage(guild?.id ?? null, channel.id, ctx.body, ctx.files, null));
      if (this.options.echoBotMessages && guild) gateway.dispatchMessageCreate(guild.id, message);
      return ok(message);
    });
  }

  /** Discord rejects replies to unknown messages unless `fail_if_not_exists` is false. */
  private checkMessageReference(body: JsonObject, channelId: string): RouteResult | null {
    const reference = objectField(body, 'message_reference');
    if (!reference) return null;
    const target = this.parts.fixtures.messages.get(stringField(reference, 'message_id') ?? '');
    if (target?.channel_id === (stringField(reference, 'channel_id') ?? channelId)) return null;
    if (reference.fail_if_not_exists === false) return null;
    return invalidFormBody([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
  }

  private editChannelMessage(ctx: RouteContext): RouteResult {
    const { fixtures } = this.parts;
    return this.withChannelMessage(ctx, (message) => {
      if (message.author.id !== fixtures.botUser.id) {
        return apiError(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user');
      }
      return validateMessageBody(ctx.body, ctx.files, false) ?? ok(fixtures.applyEdit(message, ctx.body, ctx.files));
    });
  }

  // ------------------------------------------------------------------ guilds

  private withGuild(ctx: RouteContext, action: (guild: GuildFixture) => RouteResult): RouteResult {
    const guild = this.parts.fixtures.findGuild(param(ctx, 'guildId'));
    return guild ? action(guild) : unknownGuild();
  }

  private guildMember(guild: GuildFixture, userId: string): RouteResult {
    const member = guild.members.get(userId === BOT_SELF ? this.parts.fixtures.botUser.id : userId);
    return member ? ok(member) : unknownMember();
  }
}
