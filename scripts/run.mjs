// Runs a compiled entry point of dist/ (`node scripts/run.mjs main`), building first when dist/ is missing or
// older than the sources: `npm start` on a fresh clone works, and every later start runs plain JavaScript.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIsStale, ROOT } from './buildState.mjs';

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs <entry in dist/, e.g. main or cli/askCli>\n');
  process.exit(2);
}
if (buildIsStale()) {
  process.stderr.write('Building (the sources changed since the last build)...\n');
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// The entry reads its own arguments after the script name, as if run directly.
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(ROOT, 'dist', `${entry}.js`)).href);
