// Electron entry point: the only process-level wiring. Everything it calls lives behind the thin
// adapter in main/electron/ so the rest of main/ runs (and is tested) in plain Node.
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import { APP_INFO_CHANNEL } from './ipc-channels.ts';

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Porthole',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function appInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), host: 'electron' };
}

void app.whenReady().then(() => {
  ipcMain.handle(APP_INFO_CHANNEL, () => appInfo());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
