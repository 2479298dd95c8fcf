// Finds the Electron executable the way the `electron` package itself does (path.txt under its
// dist/, or ELECTRON_OVERRIDE_DIST_PATH), without its side effect of downloading on a miss.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly looked: string };

export function locateElectronBinary(packageDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const path = join(distDir, relative);
  return existsSync(path) ? { found: true, path } : { found: false, looked: path };
}

export function electronMissingMessage(looked: string): string {
  return (
    `Porthole cannot start because the Electron binary is not installed (nothing at ${looked}); ` +
    'fix it by running `npx install-electron` on a machine that can reach GitHub ' +
    '(or with ELECTRON_MIRROR set to a mirror you can reach), then `npm start` again.'
  );
}
