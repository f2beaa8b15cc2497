// Environment → one typed, validated config object; each bad value gets a message naming the variable.
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
  // Set by discord.js's ShardingManager in the shard processes it spawns (with SHARDS and SHARD_COUNT).
  SHARDING_MANAGER: z.string().optional(),
});

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
    isShardProcess: e.SHARDING_MANAGER === 'true',
  };
}
