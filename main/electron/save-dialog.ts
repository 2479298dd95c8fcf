// The core's question before a download (AskDownloadPlace), answered with the system's save
// dialog: it opens in the downloads directory with the remote name filled in; the folder and name
// picked are where the download lands (never over an existing item: the core adds " (1)").
// Closing the dialog starts no download.
import { dialog, type BrowserWindow } from 'electron';
import { basename, dirname, join } from 'node:path';
import type { AskDownloadPlace } from '../core/files/download-place.ts';

export function askWithSaveDialog(parent: () => BrowserWindow | null): AskDownloadPlace {
  return async (suggested) => {
    const options = { title: `Download ${suggested.name}`, buttonLabel: 'Download', defaultPath: join(suggested.directory, suggested.name) };
    const window = parent();
    const answer = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    if (answer.canceled || answer.filePath === undefined || answer.filePath === '') return null;
    return { directory: dirname(answer.filePath), name: basename(answer.filePath) };
  };
}
