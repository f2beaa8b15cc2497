// Whether dist/ is older than the sources that make it: shared by `scripts/run.mjs` and the tests' setup.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(ROOT, 'dist', '.built');
const SOURCES = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time among the files that make the build. */
function newestSource() {
  let newest = 0;
  const visit = (entry) => {
    const stats = statSync(entry);
    if (stats.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const entry of SOURCES) if (existsSync(path.join(ROOT, entry))) visit(path.join(ROOT, entry));
  return newest;
}

export function buildIsStale() {
  return !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource();
}
