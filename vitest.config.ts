import { configDefaults, defineConfig } from 'vitest/config';

/** Two hosts' worth of processes (2 managers, 4 shards, PostgreSQL): too many to share 2 cores with timing-sensitive tests. */
const SEVERAL_HOSTS = 'tests/severalHosts.e2e.test.ts';

export default defineConfig({
  test: {
    // dist/ is built once here: tests that run `npm start` and the CLIs find it current.
    globalSetup: ['tests/support/buildOnce.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Spawned bots and servers need the cores; keep parallelism modest on 2-core CI machines.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, SEVERAL_HOSTS] } },
      // Runs alone, once the others are done.
      { extends: true, test: { name: 'several-hosts', include: [SEVERAL_HOSTS], sequence: { groupOrder: 1 } } },
    ],
  },
});
