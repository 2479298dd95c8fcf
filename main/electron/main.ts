// Electron entry point: the app's lifecycle and the wiring of the thin adapter around the core.
// Everything with logic lives in the other files of main/electron/ (tested with Electron replaced)
// or in main/ proper (tested in plain Node).
import { app, BrowserWindow, Menu, session } from 'electron';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import { BridgeServer } from '../bridge/bridge-server.ts';
import { createCore } from '../core/create-core.ts';
import { adoptLoginShellEnvironment } from '../environment/adopt-login-shell-environment.ts';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { BridgeIpc } from './bridge-ipc.ts';
import { applicationMenu, contextMenu } from './menu.ts';
import { askWithSaveDialog } from './save-dialog.ts';
import { denyPermissions, hardenWebContents } from './web-contents-policy.ts';
import { AppWindows } from './windows.ts';

const log = (message: string): void => console.error(message);

// Before anything else: the sandbox for every renderer, the app scheme's privileges (only
// possible before 'ready'), and one instance per user (sessions live in main; a second
// instance would be a second, separate set of them).
app.enableSandbox();
registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Started from Finder, the Dock or a launcher, the app lacks the shell profile's PATH and
  // KUBECONFIG; reading them overlaps Electron's start and is bounded by a timeout.
  const environment = adoptLoginShellEnvironment(process.env, process.execPath, process.platform);
  // Every web contents, ours or any other, is held to the same navigation policy.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(() => start(environment))
    .catch((error: unknown) => {
      log(`Porthole could not start: ${String(error)}`);
      app.exit(1);
    });
}

async function start(environment: Promise<string | null>): Promise<void> {
  const builtDir = join(import.meta.dirname, '..');
  const environmentProblem = await environment;
  if (environmentProblem !== null) log(environmentProblem);
  denyPermissions(session.defaultSession);
  serveAppProtocol(join(builtDir, 'renderer'));

  // Opening and saving .cast files needs no code here: Electron shows its own open dialog for the
  // page's file input and its save dialog for a download that no will-download handler placed.
  const core = await createCore({
    recordingsDirectory: join(app.getPath('userData'), 'recordings'),
    stateDirectory: app.getPath('userData'),
    // Each download asks where it goes, starting where the user's browser downloads land; the
    // transfers drawer names each file.
    downloadsDirectory: app.getPath('downloads'),
    askDownloadPlace: askWithSaveDialog(() => windows.focused()),
  });
  const appInfo: AppInfo = { name: app.getName(), version: app.getVersion(), host: 'electron' };
  const server = new BridgeServer({ core, appInfo });
  const windows: AppWindows = new AppWindows({
    preload: join(builtDir, 'preload', 'index.cjs'),
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    log,
    onCreated: (window) => {
      ipc.watch(window.webContents);
      window.webContents.on('context-menu', () => Menu.buildFromTemplate(contextMenu()).popup({ window }));
    },
  });
  const ipc = new BridgeIpc({ server, isOurWindow: (contents) => windows.isOurs(contents), log });
  ipc.install();

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenu(
        { platform: process.platform === 'darwin' ? 'mac' : 'other', devTools: !app.isPackaged },
        {
          command: (command) => {
            const window = windows.focused();
            if (window !== null) ipc.sendCommand(window.webContents, command);
          },
          newWindow: () => windows.create(),
        },
      ),
    ),
  );

  app.on('second-instance', () => windows.create());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) windows.create();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping) return;
    // Close every session and pod watch cleanly before the process goes.
    stopping = true;
    event.preventDefault();
    ipc.dispose();
    server.close();
    core.dispose().then(
      () => app.quit(),
      (error: unknown) => {
        log(`Porthole could not close its sessions cleanly: ${String(error)}`);
        app.quit();
      },
    );
  });

  windows.create();
}
