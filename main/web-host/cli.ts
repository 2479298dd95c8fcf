// `npm run web`: the app in a browser. Builds the renderer if it is missing, starts the core and
// the web host on 127.0.0.1, and prints the one-time link. Ctrl+C stops it.
// `npm run web -- --recordings DIR` keeps terminal recordings in DIR instead of the desktop app's folder.
// `npm run web -- --state DIR` keeps the app's state (kept port-forwards) in DIR instead of the desktop
// app's folder (the recordings directory's parent: Electron's userData), which it otherwise shares.
// Downloads are saved by the browser, as any download it makes.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import { createCore } from '../core/create-core.ts';
import { defaultRecordingsDirectory } from '../core/recordings/recordings-directory.ts';
import { buildRenderer, rendererIsBuilt } from './renderer-build.ts';
import { startWebHost } from './web-host.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(projectRoot, 'out', 'renderer');

function commandLine(): { recordings?: string; state?: string } {
  try {
    return parseArgs({ options: { recordings: { type: 'string' }, state: { type: 'string' } } }).values;
  } catch (error) {
    console.error(`Porthole web host: ${(error as Error).message}. Usage: npm run web [-- --recordings DIR] [--state DIR]`);
    process.exit(2);
  }
}

const options = commandLine();

if (!rendererIsBuilt(rendererDir)) {
  console.log('Building the renderer first (out/renderer is missing)…');
  if (!buildRenderer(projectRoot)) {
    console.error('Porthole web host: the renderer build failed (see above); fix it and run `npm run web` again.');
    process.exit(1);
  }
}

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { productName?: string; name: string; version: string };
const appInfo: AppInfo = { name: manifest.productName ?? manifest.name, version: manifest.version, host: 'web' };

const recordingsDirectory = options.recordings === undefined ? defaultRecordingsDirectory(process.platform, process.env, homedir()) : resolve(options.recordings);

const stateDirectory = options.state === undefined ? dirname(defaultRecordingsDirectory(process.platform, process.env, homedir())) : resolve(options.state);

const core = await createCore({ recordingsDirectory, stateDirectory, browserDownloads: true });
const host = await startWebHost({ core, appInfo, rendererDir, downloads: core.transfers });
console.log(`Porthole is running at ${host.url}`);
console.log(`Terminal recordings are kept in ${recordingsDirectory}, the app's state (kept port-forwards) in ${stateDirectory}; downloads are saved by the browser`);
console.log('Open that link in a browser on this machine. It works once; the page then keeps its own session. Ctrl+C stops Porthole.');

function stop(): void {
  void host.close().then(() => process.exit(0));
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
