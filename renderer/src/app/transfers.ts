// What the transfers drawer says about a transfer (sizes, rate, time left, its result in words),
// and uploading a page's File objects: they have no path, so their bytes go over the bridge, one
// chunk at a time, each awaited (main answers once the chunk is on its way: the flow control).
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import { LIMITS } from '../../../shared/bridge/call-schemas.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { transferFinished, type TransferInfo, type TransferProgress } from '../../../shared/bridge/transfers.ts';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "12.0 MiB of 1.0 GiB · 48.0 MiB/s · 21 s left · 3 of 10 files". */
export function progressText(progress: TransferProgress): string {
  const parts = [progress.bytesTotal === null ? formatBytes(progress.bytesDone) : `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`];
  if (progress.bytesPerSecond > 0) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.etaSeconds !== null && progress.etaSeconds > 0) parts.push(`${formatDuration(progress.etaSeconds)} left`);
  if (progress.filesTotal !== null) parts.push(`${progress.filesDone} of ${files(progress.filesTotal)}`);
  else if (progress.filesDone > 0) parts.push(files(progress.filesDone));
  return parts.join(' · ');
}

function files(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}

/**
 * 0 to 1, or null while it runs and the total is unknown (a download: tar does not say its size
 * ahead), when the bar is indeterminate. A finished transfer's bar stands still: full when done.
 */
export function progressFraction(transfer: TransferInfo): number | null {
  const { progress, state } = transfer;
  if (state.kind === 'done') return 1;
  if (progress.bytesTotal === null) return transferFinished(state) ? 0 : null;
  if (progress.bytesTotal === 0) return 1;
  return Math.min(1, progress.bytesDone / progress.bytesTotal);
}

/** The result in a few words, and its tone. */
export function resultText(transfer: TransferInfo): { readonly text: string; readonly tone: 'ok' | 'warn' | 'error' | 'neutral' } {
  const state = transfer.state;
  switch (state.kind) {
    case 'running':
      return { text: transfer.direction === 'download' ? 'Downloading' : 'Uploading', tone: 'neutral' };
    case 'verifying':
      return { text: 'Verifying', tone: 'neutral' };
    case 'cancelled':
      return { text: 'Cancelled', tone: 'warn' };
    case 'failed':
      return { text: `${state.error.title}: ${state.error.detail}`, tone: 'error' };
    case 'done': {
      const check = state.verification;
      if (check.kind === 'verified') return { text: check.method === 'sha256' ? 'Verified (SHA-256)' : 'Verified (sizes)', tone: 'ok' };
      if (check.kind === 'unchecked') return { text: `Done, not verified: ${check.reason}`, tone: 'warn' };
      return { text: `Differs: ${check.differences.join('; ')}`, tone: 'error' };
    }
  }
}

export type UploadBridge = Pick<PortholeBridge, 'startUpload' | 'uploadChunk'>;

/** Uploads the files into `directory`; resolves once main has every byte (the transfer's events tell the rest). */
export async function uploadFiles(bridge: UploadBridge, target: PodRef, directory: string, files: readonly File[]): Promise<TransferInfo> {
  const transfer = await bridge.startUpload({
    target,
    remoteDirectory: directory,
    files: files.map((file) => ({ path: file.name, size: file.size })),
  });
  for (const file of files) {
    for (let at = 0; at < file.size; at += LIMITS.writeBytes) {
      await bridge.uploadChunk(transfer.id, new Uint8Array(await file.slice(at, at + LIMITS.writeBytes).arrayBuffer()));
    }
  }
  return transfer;
}
