// Vitest global setup: builds dist/ once, before any test file runs, when the sources are newer. Tests that
// start the compiled bot (`npm start`, the CLIs) then never build it themselves, two at once into one folder.
import { spawnSync } from 'node:child_process';
import { buildIsStale, ROOT } from '../../scripts/buildState.mjs';

export default function setup(): void {
  if (!buildIsStale()) return;
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed before the tests:\n${built.stdout}${built.stderr}`);
}
