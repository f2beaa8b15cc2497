// The interaction state machine: an interaction is answered once (callback), within the deadline, with a
// response type its kind allows; only then does its webhook exist for follow-ups and edits of `@original`.
import { InteractionResponseType, RESTJSONErrorCodes, type APIMessage, type APIUser, type InteractionType } from 'discord.js';
import {
  apiError,
  invalidFormBody,
  noContent,
  ok,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
  type RouteResult,
} from './apiErrors.js';
import { isDmPayload, type DmInteractionPayload, type InteractionPayload } from './builders.js';
import type { FakeFixtures } from './fixtures.js';
import type { RecordedFile } from './http.js';
import { numberField, objectField, type JsonObject } from './json.js';
import { ALLOWED_RESPONSES, EPHEMERAL, LOADING, isEnumValue } from './protocol.js';
import { param, type RouteContext } from './router.js';
import { validateAutocompleteChoices, validateMessageBody } from './validators.js';

/** Read-only view of an interaction's lifecycle on the fake. */
export interface InteractionRecord {
  id: string;
  type: InteractionType;
  dispatchedAt: number;
  respondedAt: number | null;
  responseType: InteractionResponseType | null;
  original: APIMessage | null;
  followups: APIMessage[];
}

interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  /** Null for an interaction in a DM. */
  guildId: string | null;
  channelId: string;
  user: APIUser;
  dispatchedAt: number;
  respondedAt: number | null;
  responseType: InteractionResponseType | null;
  sourceMessage: APIMessage | null;
  original: APIMessage | null;
  followups: Map<string, APIMessage>;
}

const ORIGINAL = '@original';

export class InteractionLedger {
  private readonly interactions = new Map<string, InteractionState>();

  /** `callbackDeadlineMs`: callbacks later than this get 10062 Unknown interaction, as Discord's 3 s. */
  constructor(
    private readonly fixtures: FakeFixtures,
    private readonly callbackDeadlineMs: number | undefined,
  ) {}

  /** Starts tracking an interaction the fake is about to dispatch. */
  open(payload: InteractionPayload | DmInteractionPayload): void {
    const dm = isDmPayload(payload);
    this.interactions.set(payload.id, {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      guildId: dm ? null : payload.guild_id,
      channelId: payload.channel_id,
      user: dm ? payload.user : payload.member.user,
      dispatchedAt: Date.now(),
      respondedAt: null,
      responseType: null,
      sourceMessage: payload.message ?? null,
      original: null,
      followups: new Map(),
    });
  }

  record(id: string): InteractionRecord | undefined {
    const state = this.interactions.get(id);
    if (!state) return undefined;
    const { type, dispatchedAt, respondedAt, responseType, original } = state;
    return { id, type, dispatchedAt, respondedAt, responseType, original, followups: [...state.followups.values()] };
  }

  // ------------------------------------------------------------------ POST /interactions/:id/:token/callback

  callback(ctx: RouteContext): RouteResult {
    const state = this.interactions.get(param(ctx, 'id'));
    if (state?.token !== param(ctx, 'token')) return unknownInteraction();
    const late = this.callbackDeadlineMs !== undefined && Date.now() - state.dispatchedAt > this.callbackDeadlineMs;
    if (late) return unknownInteraction();
    if (state.responseType !== null) {
      return apiError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.');
    }
    const rawType = numberField(ctx.body, 'type');
    const type = rawType !== undefined && isEnumValue(InteractionResponseType, rawType) ? rawType : undefined;
    const data = objectField(ctx.body, 'data') ?? {};
    const invalid = this.validateCallback(state, type, rawType, data, ctx.files);
    if (invalid) return invalid;
    state.responseType = type ?? null;
    state.respondedAt = Date.now();
    state.original = this.originalAfterCallback(state, data, ctx.files);
    if (ctx.call.query.with_response !== 'true') return noContent;
    return ok(this.callbackResponse(state));
  }

  private validateCallback(
    state: InteractionState,
    type: InteractionResponseType | undefined,
    rawType: number | undefined,
    data: JsonObject,
    files: readonly RecordedFile[],
  ): RouteResult | null {
    if (type === undefined || !(ALLOWED_RESPONSES[state.type] ?? []).includes(type)) {
      return invalidFormBody([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Interaction response type ${String(rawType)} is invalid for interaction type ${state.type}`,
        },
      ]);
    }
    if (type === InteractionResponseType.ChannelMessageWithSource) return validateMessageBody(data, files, true);
    if (type === InteractionResponseType.UpdateMessage) return validateMessageBody(data, files, false);
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) return validateAutocompleteChoices(data);
    return null;
  }

  /** The message `@original` refers to after the callback (none for autocomplete/modals). */
  private originalAfterCallback(state: InteractionState, data: JsonObject, files: readonly RecordedFile[]): APIMessage | null {
    const { fixtures } = this;
    switch (state.responseType) {
      case InteractionResponseType.ChannelMessageWithSource:
        return fixtures.storeMessage(fixtures.botMessage(state.guildId, state.channelId, data, files, state));
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = LOADING | ((numberField(data, 'flags') ?? 0) & EPHEMERAL);
        return fixtures.storeMessage(fixtures.botMessage(state.guildId, state.channelId, { content: '', flags }, [], state));
      }
      case InteractionResponseType.UpdateMessage:
        return state.sourceMessage ? fixtures.applyEdit(state.sourceMessage, data, files) : null;
      case InteractionResponseType.DeferredMessageUpdate:
        return state.sourceMessage;
      default:
        return null;
    }
  }

  /** The `with_response=true` answer: what the callback created. */
  private callbackResponse(state: InteractionState): JsonObject {
    const original = state.original;
    const hasFlag = (flag: number) => (original ? ((original.flags ?? 0) & flag) !== 0 : undefined);
    return {
      interaction: {
        id: state.id,
        type: state.type,
        response_message_id: original?.id,
        response_message_loading: hasFlag(LOADING),
        response_message_ephemeral: hasFlag(EPHEMERAL),
      },
      resource: { type: state.responseType, message: original ?? undefined },
    };
  }

  // ------------------------------------------------------------------ /webhooks/:appId/:token[/messages/:messageId]

  private byToken(ctx: RouteContext): InteractionState | undefined {
    if (param(ctx, 'appId') !== this.fixtures.applicationId) return undefined;
    const token = param(ctx, 'token');
    return [...this.interactions.values()].find((state) => state.token === token);
  }

  createFollowup(ctx: RouteContext): RouteResult {
    const state = this.byToken(ctx);
    // Why: Discord only creates the interaction webhook once the interaction is acknowledged.
    const acknowledged = state !== undefined && state.responseType !== null;
    if (!acknowledged) return unknownWebhook();
    const invalid = validateMessageBody(ctx.body, ctx.files, true);
    if (invalid) return invalid;
    const message = this.fixtures.storeMessage(this.fixtures.botMessage(state.guildId, state.channelId, ctx.body, ctx.files, state));
    state.followups.set(message.id, message);
    return ctx.call.query.wait === 'false' ? noContent : ok(message);
  }

  getMessage(ctx: RouteContext): RouteResult {
    return this.withMessage(ctx, (message) => ok(message));
  }

  editMessage(ctx: RouteContext): RouteResult {
    return this.withMessage(ctx, (message, state) => {
      const invalid = validateMessageBody(ctx.body, ctx.files, false);
      if (invalid) return invalid;
      const edited = this.fixtures.applyEdit(message, ctx.body, ctx.files);
      if (state.original?.id === edited.id) state.original = edited;
      if (state.followups.has(edited.id)) state.followups.set(edited.id, edited);
      return ok(edited);
    });
  }

  deleteMessage(ctx: RouteContext): RouteResult {
    return this.withMessage(ctx, (message, state) => {
      if (state.original?.id === message.id) state.original = null;
      state.followups.delete(message.id);
      this.fixtures.messages.delete(message.id);
      return noContent;
    });
  }

  private withMessage(ctx: RouteContext, action: (message: APIMessage, state: InteractionState) => RouteResult): RouteResult {
    const state = this.byToken(ctx);
    if (!state) return unknownWebhook();
    const messageId = param(ctx, 'messageId');
    const message = messageId === ORIGINAL ? state.original : state.followups.get(messageId);
    return message ? action(message, state) : unknownMessage();
  }
}
