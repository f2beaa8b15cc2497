// A throwaway PostgreSQL cluster for tests: initdb and pg_ctl in a temp folder, on a free loopback port, as an
// unprivileged user when the tests run as root (the server refuses root), removed afterwards. One per test file.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** nobody:nogroup on Debian: the server runs as this user when the tests run as root. */
const UNPRIVILEGED_ID = 65534;
export const CLUSTER_PASSWORD = 'pg-secret-never-logged';

/** initdb's folder: on PATH (a symlink in /usr/local/bin here), else where Debian's postgresql-NN puts it. */
export function findPostgresBin(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && existsSync(path.join(dir, 'initdb'))) return dir;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(debian, versions[0], 'bin') : null;
}

/** Why no cluster can be started here, or null when one can: tests skip with this message. */
export function postgresUnavailable(): string | null {
  return findPostgresBin()
    ? null
    : 'no PostgreSQL server binaries (initdb, pg_ctl): install the Debian package postgresql-15 (.ci/run does) to run these tests';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  readonly port: number;
  /** A URL for `database` (with the password, as DATABASE_URL would be). */
  url(database?: string): string;
  /** A new, empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** A connection as the superuser, for a test to look at or change what the bot wrote. */
  connect(database?: string): Promise<pg.Client>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops the server and removes its folder. */
  remove(): void;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable()!);
  const root = process.getuid?.() === 0;
  const asUser = root ? ['setpriv', `--reuid=${UNPRIVILEGED_ID}`, `--regid=${UNPRIVILEGED_ID}`, '--clear-groups'] : [];
  const folder = mkdtempSync(path.join(tmpdir(), 'story-bot-pg-'));
  const dataDir = path.join(folder, 'data');
  const pwfile = path.join(folder, 'pwfile');
  writeFileSync(pwfile, CLUSTER_PASSWORD + '\n');
  if (root) {
    chownSync(folder, UNPRIVILEGED_ID, UNPRIVILEGED_ID);
    chownSync(pwfile, UNPRIVILEGED_ID, UNPRIVILEGED_ID);
  }
  chmodSync(folder, 0o700);
  const run = (command: string, args: string[]) => {
    const [file, ...rest] = [...asUser, path.join(bin, command), ...args];
    // cwd: the unprivileged user may not be able to enter the test's own working directory.
    execFileSync(file!, rest, { stdio: 'pipe', cwd: folder, env: { ...process.env, LC_ALL: 'C' } });
  };
  run('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const port = await freePort();
  // fsync off: a throwaway cluster need not survive a power cut, and tests get faster.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  const pgCtl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-l', path.join(folder, 'server.log'), ...args]);
  const start = () => pgCtl(['-o', options, '-w', '-t', '30', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => pgCtl(['-m', mode, '-w', '-t', '30', 'stop']);
  start();
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    const [file, ...rest] = [...asUser, path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'];
    spawnSync(file, rest, { stdio: 'ignore', cwd: folder });
    rmSync(folder, { recursive: true, force: true });
  };
  // A test run that ends early (a failed hook, ^C) still leaves no server behind.
  process.once('exit', remove);
  const url = (database = 'postgres') => `postgres://postgres:${CLUSTER_PASSWORD}@127.0.0.1:${port}/${database}`;
  const connect = async (database = 'postgres') => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    return client;
  };
  return {
    port,
    url,
    async createDatabase(name) {
      const client = await connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    connect,
    stop,
    start,
    remove,
  };
}
