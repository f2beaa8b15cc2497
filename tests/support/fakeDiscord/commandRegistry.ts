// Application commands the bot registers over REST (global or per guild), kept as Discord stores them.
import { ApplicationCommandType, ApplicationIntegrationType, RESTJSONErrorCodes } from 'discord.js';
import { apiError, created, invalidFormBody, noContent, ok, unknownGuild, type RouteResult } from './apiErrors.js';
import type { FakeFixtures } from './fixtures.js';
import { isObject, type JsonObject } from './json.js';
import { param, type RouteContext } from './router.js';
import { commandErrors } from './validators.js';

export class CommandRegistry {
  private readonly globalCommands: JsonObject[] = [];
  private readonly guildCommands = new Map<string, JsonObject[]>();

  constructor(private readonly fixtures: FakeFixtures) {}

  /** Commands registered with PUT/POST; pass a guild id for guild commands. */
  registered(guildId?: string): JsonObject[] {
    return guildId ? [...(this.guildCommands.get(guildId) ?? [])] : [...this.globalCommands];
  }

  /** The registered command called `name` (the guild's first, then global), if the bot registered one. */
  find(name: string, guildId: string): JsonObject | undefined {
    return [...this.registered(guildId), ...this.globalCommands].find((command) => command.name === name);
  }

  list(ctx: RouteContext, guildId: string | null): RouteResult {
    return this.checkApplication(ctx, guildId) ?? ok(this.commandList(guildId));
  }

  /** PUT: replaces every command at once, keeping the ids of those re-registered under the same name. */
  overwrite(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    const inputs = Array.isArray(ctx.call.body) ? (ctx.call.body as unknown[]).filter(isObject) : [];
    const errors = inputs.flatMap((command, i) => commandErrors(command, i));
    if (errors.length > 0) return invalidFormBody(errors);
    const list = this.commandList(guildId);
    const replaced = inputs.map((input) =>
      this.storedCommand(
        input,
        guildId,
        list.find((old) => old.name === input.name),
      ),
    );
    list.splice(0, list.length, ...replaced);
    return ok(replaced);
  }

  /** POST: creates a command (201) or replaces the one with the same name (200). */
  upsert(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    // One command, not a list: drop the list index commandErrors puts first in each path.
    const errors = commandErrors(ctx.body, 0).map((error) => ({ ...error, path: error.path.slice(1) }));
    if (errors.length > 0) return invalidFormBody(errors);
    const list = this.commandList(guildId);
    const index = list.findIndex((old) => old.name === ctx.body.name);
    const command = this.storedCommand(ctx.body, guildId, list[index]);
    if (index === -1) {
      list.push(command);
      return created(command);
    }
    list[index] = command;
    return ok(command);
  }

  delete(ctx: RouteContext, guildId: string | null): RouteResult {
    const denied = this.checkApplication(ctx, guildId);
    if (denied) return denied;
    const list = this.commandList(guildId);
    const index = list.findIndex((command) => command.id === param(ctx, 'commandId'));
    if (index === -1) return apiError(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command');
    list.splice(index, 1);
    return noContent;
  }

  private checkApplication(ctx: RouteContext, guildId: string | null): RouteResult | null {
    if (param(ctx, 'appId') !== this.fixtures.applicationId) {
      return apiError(
        403,
        RESTJSONErrorCodes.NotAuthorizedToPerformThisActionOnThisApplication,
        'You are not authorized to perform this action on this application',
      );
    }
    if (guildId !== null && !this.fixtures.findGuild(guildId)) return unknownGuild();
    return null;
  }

  private commandList(guildId: string | null): JsonObject[] {
    if (guildId === null) return this.globalCommands;
    const existing = this.guildCommands.get(guildId);
    if (existing) return existing;
    const list: JsonObject[] = [];
    this.guildCommands.set(guildId, list);
    return list;
  }

  private storedCommand(input: JsonObject, guildId: string | null, previous: JsonObject | undefined): JsonObject {
    const { snowflakes, applicationId } = this.fixtures;
    const command: JsonObject = {
      type: ApplicationCommandType.ChatInput,
      description: '',
      options: [],
      default_member_permissions: null,
      dm_permission: guildId === null,
      nsfw: false,
      contexts: null,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      ...input,
      // Why: Discord keeps a command's id when it is re-registered under the same name.
      id: previous?.id ?? snowflakes.next(),
      application_id: applicationId,
      version: snowflakes.next(),
    };
    if (guildId !== null) command.guild_id = guildId;
    return command;
  }
}
