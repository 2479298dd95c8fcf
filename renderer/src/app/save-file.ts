// Downloads: what a log tab has loaded (the buffer's bytes as a Blob, no giant string is built) and
// recordings, offered through a temporary link, the way a browser page saves a file. Electron shows
// its save dialog for the same download.
import type { LogBuffer } from '../lib/log-buffer.ts';

/** Long enough for the browser to start reading the Blob; the URL is freed afterwards. */
const REVOKE_AFTER_MS = 60_000;

/** A file name from a tab title: no path separators or characters Windows refuses. */
export function logFileName(title: string, now: Date): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 100) || 'logs';
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${base} ${stamp}.log`;
}

export function saveLogs(buffer: LogBuffer, options: { readonly timestamps: boolean; readonly name: string }): void {
  const chunks = buffer.exportChunks({ timestamps: options.timestamps }) as Uint8Array<ArrayBuffer>[];
  offerDownload(new Blob(chunks, { type: 'text/plain;charset=utf-8' }), logFileName(options.name, new Date()));
}

/** Offers a Blob as a download named `fileName` (Electron asks where with its save dialog). */
export function offerDownload(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
