// Environment → one typed, validated config object; each bad value gets a message naming the variable.
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const snowflake = /^\d{17,20}$/;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflakeList = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => snowflake.test(id)), {
      error: `${name} must be a comma-separated list of Discord ids (17-20 digits each)`,
    });

const optionalSnowflake = (name: string) =>
  optionalText.refine((v) => v === undefined || snowflake.test(v), { error: `${name} must be a Discord id (17-20 digits)` });

const positiveNumber = (name: string, fallback: number) =>
  optionalText
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isFinite(n) && n >= 0, { error: `${name} must be a number of 0 or more` });

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_CLIENT_ID: optionalSnowflake('DISCORD_CLIENT_ID'),
  DISCORD_GUILD_ID: optionalSnowflake('DISCORD_GUILD_ID'),
  DISCORD_API_BASE: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    error: 'DISCORD_API_BASE must be an http(s) URL such as http://127.0.0.1:8080/api (no version segment)',
  }),
  MOD_ROLE_IDS: snowflakeList('MOD_ROLE_IDS'),
  ANSWER_CHANNEL_IDS: snowflakeList('ANSWER_CHANNEL_IDS'),
  KNOWLEDGE_DIR: optionalText.transform((v) => path.resolve(v ?? 'knowledge')),
  DATA_DIR: optionalText.transform((v) => path.resolve(v ?? 'data')),
  RETENTION_DAYS: positiveNumber('RETENTION_DAYS', 90),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  QUESTION_COOLDOWN_SECONDS: positiveNumber('QUESTION_COOLDOWN_SECONDS', 5),
  QUESTIONS_PER_COOLDOWN: positiveNumber('QUESTIONS_PER_COOLDOWN', 3),
  SHUTDOWN_TIMEOUT_SECONDS: positiveNumber('SHUTDOWN_TIMEOUT_SECONDS', 10),
  SHARD_COUNT: optionalText.refine((v) => v === undefined || v === 'auto' || /^[1-9]\d*$/.test(v), {
    error: 'SHARD_COUNT must be a whole number of 1 or more, or "auto"',
  }),
  SHARD_IDS: optionalText,
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), {
    // The value is never repeated: it may hold a password.
    error: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@db.example:5432/storybot',
  }),
  HOST_NAME: optionalText.refine((v) => v === undefined || /^[\w.:-]{1,64}$/.test(v), {
    error: 'HOST_NAME must be 1-64 letters, digits, dots, dashes, colons or underscores, e.g. bot-host-1',
  }),
  // Set by discord.js's ShardingManager in the shard processes it spawns (with SHARDS and SHARD_COUNT).
  SHARDING_MANAGER: z.string().optional(),
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * "0-3", "0,1,2", "0-1,4-5" → the sorted shard ids, or a message saying what is wrong. Each id must be below
 * the total (SHARD_COUNT), since Discord routes a guild to shard (guild_id >> 22) % total.
 */
export function parseShardIds(text: string, total: number): number[] | string {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!match) return `SHARD_IDS: "${part}" is not a shard id or a range such as 0-3`;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return `SHARD_IDS: the range ${part} runs backwards; write it as ${to}-${from}`;
    if (to >= total)
      return `SHARD_IDS: shard ${to} does not exist with SHARD_COUNT=${total} (ids run from 0 to ${total - 1}); SHARD_COUNT is the total across every host`;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Which shards this host runs: all of them, or the SHARD_IDS part of SHARD_COUNT. */
function shardSelection(count: string | undefined, ids: string | undefined): { ids: number[] | undefined; problem?: string } {
  if (ids === undefined) return { ids: undefined };
  if (count === undefined || count === 'auto')
    return {
      ids: undefined,
      problem:
        'SHARD_IDS needs SHARD_COUNT set to the total number of shards across every host (a number, not "auto"), e.g. SHARD_COUNT=8 SHARD_IDS=0-3',
    };
  const parsed = parseShardIds(ids, Number(count));
  return typeof parsed === 'string' ? { ids: undefined, problem: parsed } : { ids: parsed };
}

export interface Config {
  readonly discordToken: string | undefined;
  readonly discordClientId: string | undefined;
  readonly discordGuildId: string | undefined;
  readonly discordApiBase: string | undefined;
  readonly modRoleIds: readonly string[];
  readonly answerChannelIds: readonly string[];
  readonly knowledgeDir: string;
  readonly dataDir: string;
  readonly retentionDays: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly cooldown: { readonly seconds: number; readonly questions: number };
  /** On SIGTERM/SIGINT, how long the answers already under way may take before the bot exits anyway. */
  readonly shutdownTimeoutMs: number;
  readonly shardCount: number | 'auto' | undefined;
  /** The shards this host runs (SHARD_IDS); undefined: every shard of shardCount. */
  readonly shardIds: readonly number[] | undefined;
  /** PostgreSQL for the question record and reloads across hosts; undefined: SQLite in dataDir. Never logged. */
  readonly databaseUrl: string | undefined;
  /** This host's name in /reload replies (HOST_NAME, default the machine's host name). */
  readonly hostName: string;
  /** This process is one shard spawned by the sharding manager, not the manager or a single bot. */
  readonly isShardProcess: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The configuration has ${problems.length === 1 ? 'a problem' : 'problems'}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: a .env copied from .env.example has blank values.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = envSchema.safeParse(set);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) =>
        i.path.length > 0 && !i.message.includes(String(i.path[0])) ? `${String(i.path[0])}: ${i.message}` : i.message,
      ),
    );
  }
  const e = result.data;
  const shards = shardSelection(e.SHARD_COUNT, e.SHARD_IDS);
  if (shards.problem) throw new ConfigError([shards.problem]);
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiBase: e.DISCORD_API_BASE?.replace(/\/+$/, ''),
    modRoleIds: e.MOD_ROLE_IDS,
    answerChannelIds: e.ANSWER_CHANNEL_IDS,
    knowledgeDir: e.KNOWLEDGE_DIR,
    dataDir: e.DATA_DIR,
    retentionDays: e.RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
    cooldown: { seconds: e.QUESTION_COOLDOWN_SECONDS, questions: Math.max(1, Math.floor(e.QUESTIONS_PER_COOLDOWN)) },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    shardCount: e.SHARD_COUNT === undefined ? undefined : e.SHARD_COUNT === 'auto' ? 'auto' : Number(e.SHARD_COUNT),
    shardIds: shards.ids,
    databaseUrl: e.DATABASE_URL,
    hostName: e.HOST_NAME ?? hostname(),
    isShardProcess: e.SHARDING_MANAGER === 'true',
  };
}
