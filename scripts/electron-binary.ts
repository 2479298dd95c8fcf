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

/** One sentence: what is missing, how to get it, and that the web host starts instead. */
export function electronMissingMessage(looked: string): string {
  return (
    `The Electron binary is not installed (nothing at ${looked}; \`npx install-electron\` fetches it ` +
    'on a machine that can reach GitHub, or with ELECTRON_MIRROR set to a mirror you can reach), ' +
    'so Porthole is starting the web host instead.'
  );
}
