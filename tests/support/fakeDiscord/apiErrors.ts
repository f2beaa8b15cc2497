// What the fake answers an HTTP call with, and Discord's error shapes (codes from discord-api-types).
import { RESTJSONErrorCodes } from 'discord.js';
import { arrayField, isObject, type JsonObject } from './json.js';

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One entry of a 50035 Invalid Form Body: where in the body, Discord's code, and its message. */
export interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

export const noContent: RouteResult = { status: 204 };

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

export function created(body: unknown): RouteResult {
  return { status: 201, body };
}

/** `code` 0 is what Discord sends for errors without a JSON code (401, 404 on unknown routes). */
export function apiError(status: number, code: RESTJSONErrorCodes | 0, message: string, errors?: JsonObject): RouteResult {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

export const unauthorized = (): RouteResult => apiError(401, 0, '401: Unauthorized');
export const unknownRoute = (): RouteResult => apiError(404, 0, 'Unknown');
export const unknownChannel = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
export const unknownGuild = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
export const unknownMember = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member');
export const unknownMessage = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
export const unknownWebhook = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
export const unknownInteraction = (): RouteResult => apiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');

/** 50035 Invalid Form Body, with Discord's nested `errors` shape. */
export function invalidFormBody(fieldErrors: readonly FieldError[]): RouteResult {
  const errors: JsonObject = {};
  for (const { path, code, message } of fieldErrors) {
    let node = errors;
    for (const key of path) {
      const child = node[String(key)];
      const next: JsonObject = isObject(child) ? child : {};
      node[String(key)] = next;
      node = next;
    }
    const list = arrayField(node, '_errors') ?? [];
    list.push({ code, message });
    node._errors = list;
  }
  return apiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);
}

export function maxLength(path: FieldError['path'], value: unknown, max: number): FieldError[] {
  if (typeof value !== 'string' || value.length <= max) return [];
  return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }];
}

export function maxItems(path: FieldError['path'], items: readonly unknown[], max: number): FieldError[] {
  if (items.length <= max) return [];
  return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }];
}

export function lengthBetween(path: FieldError['path'], value: string, min: number, max: number): FieldError[] {
  if (value.length >= min && value.length <= max) return [];
  return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` }];
}
