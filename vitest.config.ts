import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // dist/ is built once here: tests that run `npm start` and the CLIs find it current.
    globalSetup: ['tests/support/buildOnce.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Spawned bots and servers need the cores; keep parallelism modest on 2-core CI machines.
    maxWorkers: 2,
  },
});
