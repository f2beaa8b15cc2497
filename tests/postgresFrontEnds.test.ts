// The front ends over the PostgreSQL record (DATABASE_URL): the console records and reports through it,
// knowledge:suggest reads it, and with PostgreSQL out of reach the console still answers, /kb says the record
// is unavailable while the questions are kept, and the URL's password is never printed.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_PASSWORD, postgresUnavailable, startPostgresCluster, type PostgresCluster } from './support/postgresCluster.js';
import { killRunningProcesses, runProcess, TSX } from './support/runProcess.js';

afterEach(killRunningProcesses);

const runConsole = (databaseUrl: string, input: string) =>
  runProcess(TSX, ['src/main.ts'], { input, env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } });

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the console with PostgreSQL out of reach', () => {
  it('answers, /kb says the record is unavailable and that questions are kept, and never prints the password', async () => {
    const url = `postgres://storybot:${CLUSTER_PASSWORD}@127.0.0.1:${await closedPort()}/storybot`;
    const { code, stdout, stderr } = await runConsole(url, 'who is the nato chief?\n/kb unanswered\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Jens Stoltenberg');
    expect(stdout).toMatch(
      /The question record is unavailable \(PostgreSQL can't be reached \(ECONNREFUSED[^)]*\)\)\. The bot still answers; questions asked meanwhile are kept and written when it is back\./,
    );
    expect(stderr).toContain('question record: PostgreSQL unreachable');
    expect(stdout + stderr).not.toContain(CLUSTER_PASSWORD);
  }, 60_000);
});

describe.skipIf(postgresUnavailable())('the console and knowledge:suggest with a PostgreSQL record', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  // Unset if the cluster could not start.
  afterAll(() => (cluster as PostgresCluster | undefined)?.remove());

  it('records console questions there, /kb reads them, and knowledge:suggest prints them as alternates', async () => {
    const url = await cluster.createDatabase('front_ends');
    const asked = await runConsole(url, 'what is the capital of peru\nwhat is the capital of peru\n/kb unanswered\n');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/2× “what is the capital of peru” → closest/);
    const suggest = await runProcess(TSX, ['src/cli/suggestAlternatesCli.ts'], { env: { DATABASE_URL: url, LOG_LEVEL: 'silent' } });
    expect(suggest.code).toBe(0);
    expect(suggest.stdout).toMatch(/- what is the capital of peru {4}# asked 2x/);
    expect(asked.stdout + asked.stderr + suggest.stdout + suggest.stderr).not.toContain(CLUSTER_PASSWORD);
  }, 60_000);
});
