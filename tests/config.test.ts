// The environment → config: defaults, parsing, and a clear message naming each bad variable.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const configError = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has working defaults for an empty environment (the console)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      discordToken: undefined,
      knowledgeDir: path.resolve('knowledge'),
      dataDir: path.resolve('data'),
      retentionDays: 90,
      logLevel: 'info',
      cooldown: { seconds: 5, questions: 3 },
      modRoleIds: [],
      answerChannelIds: [],
      shardCount: undefined,
    });
  });

  it('treats empty values as unset, as a .env copied from .env.example has them', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', KNOWLEDGE_DIR: '', LOG_LEVEL: '' }).discordToken).toBeUndefined();
  });

  it('parses id lists, numbers, the API base and the shard count', () => {
    const config = loadConfig({
      MOD_ROLE_IDS: '123456789012345678, 223456789012345678',
      ANSWER_CHANNEL_IDS: '323456789012345678',
      QUESTION_COOLDOWN_SECONDS: '10',
      QUESTIONS_PER_COOLDOWN: '4',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      SHARD_COUNT: 'auto',
      LOG_LEVEL: 'debug',
    });
    expect(config.modRoleIds).toEqual(['123456789012345678', '223456789012345678']);
    expect(config.answerChannelIds).toEqual(['323456789012345678']);
    expect(config.cooldown).toEqual({ seconds: 10, questions: 4 });
    expect(config.discordApiBase).toBe('http://127.0.0.1:8080/api');
    expect(config.shardCount).toBe('auto');
    expect(loadConfig({ SHARD_COUNT: '2' }).shardCount).toBe(2);
    expect(loadConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '2.5' }).shutdownTimeoutMs).toBe(2_500);
  });

  it.each([
    ['MOD_ROLE_IDS', 'moderators', /MOD_ROLE_IDS must be a comma-separated list of Discord ids/],
    ['ANSWER_CHANNEL_IDS', '12,34', /ANSWER_CHANNEL_IDS must be a comma-separated list/],
    ['DISCORD_GUILD_ID', 'my-server', /DISCORD_GUILD_ID must be a Discord id/],
    ['DISCORD_API_BASE', 'localhost:8080', /DISCORD_API_BASE must be an http\(s\) URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['QUESTION_COOLDOWN_SECONDS', 'soon', /QUESTION_COOLDOWN_SECONDS must be a number of 0 or more/],
    ['RETENTION_DAYS', '-1', /RETENTION_DAYS must be a number of 0 or more/],
    ['SHARD_COUNT', '0', /SHARD_COUNT must be a whole number of 1 or more, or "auto"/],
    ['SHUTDOWN_TIMEOUT_SECONDS', 'later', /SHUTDOWN_TIMEOUT_SECONDS must be a number of 0 or more/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    const error = configError({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(message);
  });

  it('reads SHARD_IDS as a list or ranges of this host’s shards out of SHARD_COUNT', () => {
    expect(loadConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' }).shardIds).toEqual([0, 1, 2, 3]);
    expect(loadConfig({ SHARD_COUNT: '8', SHARD_IDS: '6, 4-5,7' }).shardIds).toEqual([4, 5, 6, 7]);
    expect(loadConfig({ SHARD_COUNT: '8' }).shardIds).toBeUndefined();
  });

  it.each([
    [{ SHARD_IDS: '0-3' }, /SHARD_IDS needs SHARD_COUNT set to the total number of shards across every host/],
    [{ SHARD_COUNT: 'auto', SHARD_IDS: '0-3' }, /SHARD_IDS needs SHARD_COUNT .*\(a number, not "auto"\)/],
    [{ SHARD_COUNT: '4', SHARD_IDS: '2-5' }, /SHARD_IDS: shard 5 does not exist with SHARD_COUNT=4 \(ids run from 0 to 3\)/],
    [{ SHARD_COUNT: '4', SHARD_IDS: '3-1' }, /SHARD_IDS: the range 3-1 runs backwards; write it as 1-3/],
    [{ SHARD_COUNT: '4', SHARD_IDS: 'first two' }, /SHARD_IDS: "first two" is not a shard id or a range such as 0-3/],
  ])('rejects SHARD_IDS %j with a message saying what to do', (env, message) => {
    expect(configError(env).problems).toEqual([expect.stringMatching(message)]);
  });

  it('takes a PostgreSQL DATABASE_URL and a HOST_NAME, and never repeats the URL (it may hold a password) in an error', () => {
    const url = 'postgres://bot:s3cret-pass@db.example:5432/storybot';
    expect(loadConfig({ DATABASE_URL: url, HOST_NAME: 'bot-host-1' })).toMatchObject({ databaseUrl: url, hostName: 'bot-host-1' });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const error = configError({ DATABASE_URL: 'mysql://bot:s3cret-pass@db.example/storybot' });
    expect(error.problems).toEqual([expect.stringMatching(/DATABASE_URL must be a PostgreSQL URL such as postgres:\/\/user:password@/)]);
    expect(error.message).not.toContain('s3cret-pass');
    expect(configError({ HOST_NAME: 'two words' }).problems[0]).toMatch(/HOST_NAME must be 1-64 letters/);
  });

  it('reports every bad variable at once', () => {
    expect(configError({ LOG_LEVEL: 'loud', SHARD_COUNT: 'many' }).problems).toHaveLength(2);
  });

  it('never puts the token in an error message', () => {
    const error = configError({ DISCORD_TOKEN: 'secret-token-value', LOG_LEVEL: 'loud' });
    expect(error.message).not.toContain('secret-token-value');
  });
});
