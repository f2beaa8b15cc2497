// The HTTP side: reading a request (JSON or multipart/form-data, as discord.js sends files) into a
// RecordedCall with the token redacted, and writing a RouteResult back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteResult } from './apiErrors.js';
import { parseJson } from './json.js';

/** A file part of a multipart/form-data request (discord.js sends attachments as `files[n]`). */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string | undefined;
  size: number;
  data: Buffer;
}

/** One HTTP request the bot made, as the fake saw it. */
export interface RecordedCall {
  method: string;
  /** Path without the `/api/v10` prefix and without the query string, e.g. `/channels/1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` part of a multipart body; `undefined` if none. */
  body: unknown;
  /** Lower-cased request headers; `authorization` is redacted to `Bot [redacted]`. */
  headers: Record<string, string>;
  files?: RecordedFile[];
  /** HTTP status the fake answered with. */
  status: number;
  /** Response body the fake sent (for 2xx JSON answers, e.g. the created message). */
  response: unknown;
  at: number;
}

interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

const API_PREFIX = /^\/api\/v10(?=\/)/;

export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseMultipartPart(chunk: Buffer): MultipartPart | null {
  const headerEnd = chunk.indexOf('\r\n\r\n');
  if (headerEnd === -1) return null;
  const headers = chunk.subarray(0, headerEnd).toString('utf8');
  const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return null;
  return {
    name,
    filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
    contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
    data: chunk.subarray(headerEnd + 4),
  };
}

/** Splits a multipart body on its boundary; each part ends with CRLF before the next delimiter. */
function parseMultipart(raw: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = parseMultipartPart(raw.subarray(start + delimiter.length + 2, next - 2));
    if (part) parts.push(part);
    start = next;
  }
  return parts;
}

function parseRequestBody(raw: Buffer, contentType: string | undefined): { body: unknown; files: RecordedFile[] | undefined } {
  if (raw.length === 0) return { body: undefined, files: undefined };
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (!boundary) return { body: parseJson(raw.toString('utf8')), files: undefined };
  const parts = parseMultipart(raw, boundary);
  const payload = parts.find((part) => part.name === 'payload_json');
  const files = parts
    .filter((part) => part.filename !== undefined)
    .map((part) => ({
      field: part.name,
      filename: part.filename ?? part.name,
      contentType: part.contentType,
      size: part.data.length,
      data: part.data,
    }));
  return { body: payload ? parseJson(payload.data.toString('utf8')) : undefined, files };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Why: recorded calls end up in test output; the token must never be stored.
  if (headers.authorization !== undefined) headers.authorization = headers.authorization.replace(/^(\S+)\s.*$/, '$1 [redacted]');
  return headers;
}

/** `%40original` → `@original`, emoji in reaction paths → the emoji (segment by segment, so `/` stays a separator). */
function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** The call as recorded before it is answered (`status` 0 until then). */
export function recordCall(req: IncomingMessage, raw: Buffer): RecordedCall {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const { body, files } = parseRequestBody(raw, req.headers['content-type']);
  const call: RecordedCall = {
    method: req.method ?? 'GET',
    path: decodePath(url.pathname).replace(API_PREFIX, ''),
    query: Object.fromEntries(url.searchParams),
    body,
    headers: flattenHeaders(req),
    status: 0,
    response: undefined,
    at: Date.now(),
  };
  if (files) call.files = files;
  return call;
}

export function sendResult(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, headers).end();
    return;
  }
  res.writeHead(result.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(result.body));
}

const PNG_SIGNATURE = 0x89504e47;

/** PNG width/height from the IHDR chunk, so attachments look like Discord's. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  const isPng = data.length >= 24 && data.readUInt32BE(0) === PNG_SIGNATURE && data.subarray(12, 16).toString('latin1') === 'IHDR';
  return isPng ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } : null;
}
