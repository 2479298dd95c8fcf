// `npm run web` serves out/renderer; on a fresh checkout that does not exist yet, so it is built
// first with the project's own build (electron-vite), its output shown as it runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function rendererIsBuilt(rendererDir: string): boolean {
  return existsSync(join(rendererDir, 'index.html'));
}

/** Runs `npm run build` in the project; true when it succeeded. */
export function buildRenderer(projectRoot: string): boolean {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  return result.status === 0;
}
