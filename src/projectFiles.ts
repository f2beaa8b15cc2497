// Where the project's own files are, whether the code runs as TypeScript from src/ (tsx, tests) or compiled
// from dist/: the folder holding package.json, found once from this module's place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the project, e.g. projectPath('lexicon', 'small-talk.yaml'). */
export const projectPath = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);

/** Whether this code runs compiled (dist/*.js) rather than as TypeScript: a sibling module has the same extension. */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');
