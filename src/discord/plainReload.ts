// A reload's results as JSON, the way they cross a process (IPC) or a host (PostgreSQL NOTIFY): a KnowledgeError
// travels as its problems and is rebuilt on arrival. What comes from another host is checked before it is used.
import { z } from 'zod';
import type { HostReloadResult, ReloadReport, ShardReloadResult } from '../commands/commandDefinition.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import type { ReloadOutcome } from '../store/knowledgeStore.js';

const problemSchema = z.object({
  file: z.string(),
  line: z.number().nullable(),
  entry: z.string().nullable(),
  message: z.string(),
});

const diffSchema = z.object({
  added: z.array(z.string()).readonly(),
  removed: z.array(z.string()).readonly(),
  changed: z.array(z.string()).readonly(),
  paragraphsBefore: z.number(),
  paragraphsAfter: z.number(),
  storyChanged: z.boolean(),
  newStory: z.object({ titleBefore: z.string(), titleAfter: z.string() }).optional(),
});

export const plainOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), diff: diffSchema, ms: z.number() }),
  z.object({ ok: z.literal(false), problems: z.array(problemSchema).readonly() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export const plainShardResultSchema = z.object({
  shard: z.number().int().min(0),
  outcome: plainOutcomeSchema,
  version: z.string().optional(),
});

export type PlainReloadOutcome = z.infer<typeof plainOutcomeSchema>;
export type PlainShardResult = z.infer<typeof plainShardResultSchema>;

export type PlainHostResult = HostReloadResult<PlainShardResult>;
export type PlainReloadReport = ReloadReport<PlainShardResult>;

export function toPlainOutcome(outcome: ReloadOutcome): PlainReloadOutcome {
  if (outcome.ok) return { ok: true, diff: outcome.diff, ms: outcome.ms };
  if (outcome.error instanceof KnowledgeError) return { ok: false, problems: outcome.error.problems.map((p) => ({ ...p })) };
  return { ok: false, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) };
}

/** Rebuilds the KnowledgeError, so the reply describes the problems exactly as a single process would. */
export function fromPlainOutcome(plain: PlainReloadOutcome): ReloadOutcome {
  if (plain.ok) return plain;
  if ('problems' in plain) return { ok: false, error: new KnowledgeError(plain.problems) };
  return { ok: false, error: new Error(plain.message) };
}

export const toPlainShard = (r: ShardReloadResult): PlainShardResult => ({
  shard: r.shard,
  outcome: toPlainOutcome(r.outcome),
  ...(r.version ? { version: r.version } : {}),
});

export const fromPlainShard = (r: PlainShardResult): ShardReloadResult => ({
  shard: r.shard,
  outcome: fromPlainOutcome(r.outcome),
  ...(r.version ? { version: r.version } : {}),
});

const toPlainHost = (h: HostReloadResult): PlainHostResult => ({
  host: h.host,
  shards: h.shards.map(toPlainShard),
  ...(h.noAnswer ? { noAnswer: h.noAnswer } : {}),
});

const fromPlainHost = (h: PlainHostResult): HostReloadResult => ({
  host: h.host,
  shards: h.shards.map(fromPlainShard),
  ...(h.noAnswer ? { noAnswer: h.noAnswer } : {}),
});

export const toPlainReport = (r: ReloadReport): PlainReloadReport => ({
  hosts: r.hosts.map(toPlainHost),
  ...(r.note ? { note: r.note } : {}),
});

export const fromPlainReport = (r: PlainReloadReport): ReloadReport => ({
  hosts: r.hosts.map(fromPlainHost),
  ...(r.note ? { note: r.note } : {}),
});
