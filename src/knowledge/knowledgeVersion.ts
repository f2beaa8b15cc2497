// The knowledge version: a short content hash of what was loaded from the knowledge files (story, entries,
// aliases), so a /reload across hosts shows at a glance whether every shard serves the same knowledge.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Knowledge } from './types.js';

const versions = new WeakMap<Knowledge, string>();

/**
 * 12 hex digits of SHA-256. Where the folder is doesn't count (hosts keep it in different places), only what
 * its files say, line numbers included; comments and spacing that change nothing loaded don't count either.
 */
export function knowledgeVersion(knowledge: Knowledge): string {
  const known = versions.get(knowledge);
  if (known) return known;
  const where = (file: string) =>
    file.startsWith(knowledge.dir + path.sep) ? path.relative(knowledge.dir, file).split(path.sep).join('/') : path.basename(file);
  const content = JSON.stringify({
    story: knowledge.story,
    entries: knowledge.entries.map((entry) => ({ ...entry, file: where(entry.file) })),
    aliases: [...knowledge.aliases],
  });
  const version = createHash('sha256').update(content).digest('hex').slice(0, 12);
  versions.set(knowledge, version);
  return version;
}
