// Reads one knowledge file safely: only a regular file, at most a set size, within a time limit. A named pipe,
// a device or a huge file in the folder is refused with its name instead of hanging or filling memory.
import { constants, type Stats } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';

/** What one read of the knowledge folder may take; every limit is refused with a message naming the file. */
export interface KnowledgeReadLimits {
  /** Largest article.txt, in bytes. */
  readonly articleBytes: number;
  /** Largest YAML file (story.yaml, qa.yaml, aliases.yaml, each file in qa/), in bytes. */
  readonly yamlBytes: number;
  /** Most bytes all the files together may hold. */
  readonly totalBytes: number;
  /** Most .yaml files in qa/. */
  readonly qaFiles: number;
  /** How long opening and reading one file (or listing qa/) may take. */
  readonly timeoutMs: number;
}

/**
 * A story of any ordinary length fits many times over: the real article is 2 KB and its Q&A 60 KB; the
 * 100x synthetic knowledge of `npm run bench -- --scale 100` is about 7 MB in 100 files of at most 230 KB.
 * A 1 MB YAML file (about 600 entries) parses in well under a second; split a bigger Q&A by topic in qa/.
 */
export const KNOWLEDGE_READ_LIMITS: KnowledgeReadLimits = {
  articleBytes: 1024 * 1024,
  yamlBytes: 1024 * 1024,
  totalBytes: 32 * 1024 * 1024,
  qaFiles: 1_000,
  timeoutMs: 5_000,
};

export type FileRead =
  | { readonly ok: true; readonly text: string; readonly bytes: number }
  /** The file does not exist. */
  | { readonly ok: false; readonly missing: true }
  /** It exists but is refused or unreadable: the message says why and what to do, without the file name. */
  | { readonly ok: false; readonly missing: false; readonly message: string };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export class TimeLimitExceeded extends Error {}

/** The promise's value, or TimeLimitExceeded after `ms`; `onLate` gets a value that arrives after the limit. */
export function withinTime<T>(promise: Promise<T>, ms: number, onLate?: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new TimeLimitExceeded());
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (late) onLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

const closeQuietly = (handle: FileHandle) => void handle.close().catch(() => undefined);

/** Reads `file` as UTF-8 if it is a regular file of at most `maxBytes`, within `timeoutMs`. */
export async function readKnowledgeFile(file: string, maxBytes: number, timeoutMs: number): Promise<FileRead> {
  const deadline = Date.now() + timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  let handle: FileHandle;
  try {
    // Non-blocking: opening a named pipe for reading would otherwise wait for a writer, holding one of libuv's
    // few file threads (and the reload) forever. Regular files ignore the flag.
    handle = await withinTime(open(file, constants.O_RDONLY | constants.O_NONBLOCK), timeoutMs, closeQuietly);
  } catch (error) {
    return failed(error, timeoutMs);
  }
  try {
    const stats = await withinTime(handle.stat(), remaining());
    if (!stats.isFile()) {
      return {
        ok: false,
        missing: false,
        message: `this is ${kindOf(stats)}, not a regular file; only regular files are read, so replace it with a plain file or remove it`,
      };
    }
    if (stats.size > maxBytes) return tooLarge(stats.size, maxBytes);
    // Read at most one byte more than allowed: a file that grew after the size check is refused too.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await withinTime(handle.read(buffer, length, buffer.length - length, length), remaining());
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return tooLarge(length, maxBytes);
    return { ok: true, text: buffer.toString('utf8', 0, length), bytes: length };
  } catch (error) {
    return failed(error, timeoutMs);
  } finally {
    closeQuietly(handle);
  }
}

function tooLarge(size: number, maxBytes: number): FileRead {
  return {
    ok: false,
    missing: false,
    message: `the file is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} a knowledge file may hold; split it into smaller files (Q&A can go in several files in qa/) or remove what is not needed`,
  };
}

function failed(error: unknown, timeoutMs: number): FileRead {
  if (error instanceof TimeLimitExceeded) {
    return {
      ok: false,
      missing: false,
      message: `reading the file took more than ${timeoutMs / 1000} s, so it was given up; check the disk or the file system it is on`,
    };
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, missing: true };
  return { ok: false, missing: false, message: `the file can't be read (${code ?? String(error)})` };
}

/** The names in a folder, within the time limit; null when it does not exist or is not a folder. */
export async function listFolder(folder: string, timeoutMs: number): Promise<string[] | null | 'timeout'> {
  try {
    return await withinTime(readdir(folder), timeoutMs);
  } catch (error) {
    return error instanceof TimeLimitExceeded ? 'timeout' : null;
  }
}
