// What went wrong talking to PostgreSQL, in words for a log or a moderator, and whether it was the connection
// (worth waiting out) or the statement (retrying won't help). Nothing here repeats the URL or its password.
import type { DatabaseError } from 'pg';

/** Node's socket errors and pg's own words for a connection that went away or never came. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|not queryable/i;

/**
 * SQLSTATEs that mean "the server can't serve you right now": connection exceptions (08…), the server shutting
 * down or starting up (57P01-57P03), too many connections (53300).
 */
const isUnavailableState = (code: string) => code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300';

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableState(code)))) return true;
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** A short description: the SQLSTATE or socket code and pg's message (which never holds the password). */
export function describePostgresError(error: unknown): string {
  const { code } = error as Partial<DatabaseError>;
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionError(error)) return `PostgreSQL can't be reached (${code ? `${code}: ` : ''}${message})`;
  return code ? `PostgreSQL said ${code}: ${message}` : message;
}

/** The URL and its password, for the logger to mask wherever they would appear. */
export function databaseSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [url, password] : [url];
  } catch {
    return [url];
  }
}

/** Where the database is, without user or password: safe to log. */
export function describeDatabaseLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
