// Matching a recorded call to a REST route (`/channels/:channelId/messages`) and handing it its parameters.
import type { RouteResult } from './apiErrors.js';
import type { RecordedCall, RecordedFile } from './http.js';
import type { JsonObject } from './json.js';

export interface RouteContext {
  call: RecordedCall;
  params: Record<string, string>;
  /** The JSON body when it is an object, else `{}` (bulk command overwrites read `call.body`, an array). */
  body: JsonObject;
  files: RecordedFile[];
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;

export interface Route {
  method: string;
  pattern: RegExp;
  paramNames: string[];
  /** Bot-token routes need `Authorization: Bot …`; webhook/interaction routes are token-in-URL. */
  needsAuth: boolean;
  handle: RouteHandler;
}

export function compileRoute(method: string, path: string, needsAuth: boolean, handle: RouteHandler): Route {
  const paramNames: string[] = [];
  const source = path.replace(/:(\w+)/g, (_match, name: string) => {
    paramNames.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), paramNames, needsAuth, handle };
}

export function matchRoute(route: Route, method: string, path: string): Record<string, string> | null {
  if (route.method !== method) return null;
  const match = route.pattern.exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  route.paramNames.forEach((name, i) => {
    params[name] = match[i + 1] ?? '';
  });
  return params;
}

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}
