// Application commands the bot registers over REST (global or per guild), kept as Discord stores them, and who
// may use them: default_member_permissions and the overwrites a server admin sets on the Integrations page.
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type APIInteractionGuildMember,
} from 'discord.js';
import { apiError, created, invalidFormBody, noContent, ok, unknownGuild, type RouteResult } from './apiErrors.js';
import type { FakeFixtures } from './fixtures.js';
import { isObject, type JsonObject } from './json.js';
import { param, type RouteContext } from './router.js';
import { commandErrors } from './validators.js';

/**
 * One row of a command's permissions in a guild, as a server admin sets it in Server Settings → Integrations →
 * the bot → the command: this role or member may (or may not) use it, whatever its default_member_permissions.
 */
export interface CommandPermissionOverwrite {
  type: 'role' | 'user';
  id: string;
  permission: boolean;
}

export class CommandRegistry {
  private readonly globalCommands: JsonObject[] = [];
  private readonly guildCommands = new Map<string, JsonObject[]>();
  /** Per guild, per command name: the overwrites set on the Integrations page. */
  private readonly permissions = new Map<string, Map<string, CommandPermissionOverwrite[]>>();

  constructor(private readonly fixtures: FakeFixtures) {}

  /** Commands registered with PUT/POST; pass a guild id for guild commands. */
  registered(guildId?: string): JsonObject[] {
    return guildId ? [...(this.guildCommands.get(guildId) ?? [])] : [...this.globalCommands];
  }

  /** The registered command called `name` (the guild's first, then global), if the bot registered one. */
  find(name: string, guildId: string): JsonObject | undefined {
    return [...this.registered(guildId), ...this.globalCommands].find((command) => command.name === name);
  }

  /**
   * What a server admin does in Server Settings → Integrations → the bot → a command → "Add roles or members".
   * Discord's API for it needs a member's OAuth2 token (applications.commands.permissions.update), never a bot's,
   * so the fake takes it directly, as the admin's clicks would.
   */
  setPermissions(guildId: string, commandName: string, overwrites: readonly CommandPermissionOverwrite[]): void {
    const perGuild = this.permissions.get(guildId) ?? new Map<string, CommandPermissionOverwrite[]>();
    perGuild.set(commandName, [...overwrites]);
    this.permissions.set(guildId, perGuild);
  }

  /**
   * Whether Discord lists the command for this member (and lets them run it), decided as Discord does: members
   * with Administrator always; else the command's overwrite for the member, else for one of their roles (an
   * allow wins over a deny), else for @everyone; else default_member_permissions (null: everyone; otherwise
   * the member needs every bit). Channel overwrites and app-wide overwrites are not modelled.
   */
  memberCanUse(member: APIInteractionGuildMember, commandName: string, guildId: string): boolean {
    const command = this.find(commandName, guildId);
    if (!command) return false;
    const permissions = BigInt(member.permissions);
    if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return true;
    const overwrites = this.permissions.get(guildId)?.get(commandName) ?? [];
    const forUser = overwrites.find((o) => o.type === 'user' && o.id === member.user.id);
    if (forUser) return forUser.permission;
    const forRoles = overwrites.filter((o) => o.type === 'role' && member.roles.includes(o.id));
    if (forRoles.length > 0) return forRoles.some((o) => o.permission);
    // @everyone's role id is the guild id.
    const forEveryone = overwrites.find((o) => o.type === 'role' && o.id === guildId);
    if (forEveryone) return forEveryone.permission;
    const required = command.default_member_permissions;
    if (typeof required !== 'string') return true;
    return (permissions & BigInt(required)) === BigInt(required) && required !== '0';
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
