// `npm start`: builds the app and opens it in Electron. When the Electron binary is missing and
// cannot be fetched, it says so in one sentence and starts the web host instead: the same app, in
// a browser, from a link it prints (main/web-host/cli.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { preview } from 'electron-vite';
import { electronMissingMessage, locateElectronBinary } from './electron-binary.ts';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function tryDownloadElectron(): void {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return;
  // electron's own installer; quiet, because on failure our sentence below says what happens.
  spawnSync(process.execPath, [`${electronDir}/install.js`], { stdio: 'ignore' });
}

let binary = locateElectronBinary(electronDir);
if (!binary.found) {
  tryDownloadElectron();
  binary = locateElectronBinary(electronDir);
}
if (binary.found) {
  // Builds main, preload and renderer, then runs the binary found above on the result.
  process.env.ELECTRON_EXEC_PATH = binary.path;
  await preview({}, { skipBuild: false });
} else {
  console.error(electronMissingMessage(binary.looked));
  await import('../main/web-host/cli.ts');
}
