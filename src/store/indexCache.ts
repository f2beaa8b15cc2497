// The built index kept between starts: the same knowledge files, read by the same build of the bot, give the
// same index, so a start loads it (a few milliseconds) instead of parsing and indexing again. Keyed by a hash
// of the files' text, the build and the word vectors; only compiled builds (dist/) keep one.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { IndexData } from '../engine/answerIndex.js';
import type { KnowledgeSources } from '../knowledge/validateKnowledge.js';
import { projectPath, RUNNING_COMPILED } from '../projectFiles.js';

const CACHE_DIR = projectPath('dist', 'cache');
const BUILD_STAMP = projectPath('dist', '.built');
const WORD_VECTORS = projectPath('lexicon', 'word-vectors', 'vectors.bin');
/** Indexes of other knowledge kept besides the newest (a moderator switching between two stories). */
const KEPT = 3;

/** The cache key of these knowledge files for this build, or null when nothing is cached (development, tests). */
export function indexCacheKey(sources: KnowledgeSources): string | null {
  if (!RUNNING_COMPILED) return null;
  try {
    const hash = createHash('sha256');
    hash.update(readFileSync(BUILD_STAMP, 'utf8'));
    hash.update(String(statSync(WORD_VECTORS).mtimeMs));
    for (const text of [
      sources.article,
      sources.story,
      sources.qa,
      sources.aliases,
      ...(sources.qaParts ?? []).flatMap((p) => [p.name, p.text]),
    ])
      hash.update(`\u0000${text ?? ''}`);
    return hash.digest('hex').slice(0, 32);
  } catch {
    return null;
  }
}

const fileOf = (key: string) => path.join(CACHE_DIR, `index-${key}.v8`);

export function readCachedIndex(key: string): IndexData | null {
  try {
    return deserialize(readFileSync(fileOf(key))) as IndexData;
  } catch {
    return null;
  }
}

/** Keeps the index for `key`, and the few most recent others; a cache that can't be written is skipped. */
export function writeCachedIndex(key: string, data: IndexData): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(fileOf(key), serialize(data));
    const others = readdirSync(CACHE_DIR)
      .filter((name) => name.startsWith('index-') && name !== path.basename(fileOf(key)))
      .map((name) => ({ name, at: statSync(path.join(CACHE_DIR, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { name } of others.slice(KEPT)) rmSync(path.join(CACHE_DIR, name), { force: true });
  } catch {
    // A read-only install indexes at every start instead.
  }
}
