// The save dialog answering the core's "where does this download go?": it opens in the downloads
// directory with the remote name filled in, modal to the window that asked when there is one; the
// folder and name picked are the answer; a closed dialog answers null (no download).
import { join } from 'node:path';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askWithSaveDialog } from '../../../../main/electron/save-dialog.ts';
import { BrowserWindow, dialog, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const suggested = { directory: join('/home', 'me', 'Downloads'), name: 'app.log' };

describe('askWithSaveDialog', () => {
  beforeEach(() => resetFakeElectron());

  it('opens on the suggested place, modal to the window, and answers with the folder and name picked', async () => {
    const window = new BrowserWindow({ webPreferences: {} });
    dialog.savePath = join('/srv', 'logs', 'renamed ☃.log');
    const place = await askWithSaveDialog(() => window as unknown as ElectronWindow)(suggested);
    expect(place).toEqual({ directory: join('/srv', 'logs'), name: 'renamed ☃.log' });
    expect(dialog.shown).toHaveLength(1);
    expect(dialog.shown[0]?.window).toBe(window);
    expect(dialog.shown[0]?.options).toMatchObject({ defaultPath: join(suggested.directory, 'app.log'), buttonLabel: 'Download', title: 'Download app.log' });
  });

  it('stands alone without a window, and a closed dialog starts no download', async () => {
    expect(await askWithSaveDialog(() => null)(suggested)).toBeNull();
    expect(dialog.shown[0]?.window).toBeNull();
  });
});
