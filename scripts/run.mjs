// Runs a compiled entry point of dist/ (`node scripts/run.mjs main`), building first when dist/ is missing or
// older than the sources: `npm start` on a fresh clone works, and every later start runs plain JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.built');

/** The newest modification time among the files that make the build. */
function newestSource() {
  let newest = 0;
  const visit = (entry) => {
    const stats = statSync(entry);
    if (stats.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const entry of ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    if (existsSync(path.join(root, entry))) visit(path.join(root, entry));
  }
  return newest;
}

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs <entry in dist/, e.g. main or cli/askCli>\n');
  process.exit(2);
}
if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource()) {
  process.stderr.write('Building (the sources changed since the last build)...\n');
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// The entry reads its own arguments after the script name, as if run directly.
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(root, 'dist', `${entry}.js`)).href);
