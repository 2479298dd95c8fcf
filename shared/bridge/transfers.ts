// File transfers between the user's machine and a container: downloads (`tar cf -` over exec
// stdout, unpacked as it streams) and uploads (a tar written as the bytes arrive, over exec stdin to
// `tar xf -`). They belong to main, as sessions do: a reloaded window finds them with listTransfers,
// and every window hears their progress as 'transfer' events.
import type { UserError } from './errors.ts';
import type { PodRef } from './sessions.ts';

export type TransferId = string;
export type TransferDirection = 'download' | 'upload';

/** A file or directory of a container to download, by its absolute path there. */
export interface DownloadRequest {
  readonly target: PodRef;
  readonly remotePath: string;
}

/** One file of an upload: where it goes below the remote directory, and how many bytes will follow. */
export interface UploadFile {
  /** Relative, '/'-separated, no "." or ".." component: "notes.txt", "photos/2024/a.jpg". */
  readonly path: string;
  readonly size: number;
  /** Permission bits (0o644 when absent). */
  readonly mode?: number;
}

/**
 * An upload into a container's directory. The files' bytes follow with uploadChunk, in the order
 * listed, each file's `size` bytes; once the last byte arrived main ends the archive and stdin.
 */
export interface UploadRequest {
  readonly target: PodRef;
  readonly remoteDirectory: string;
  readonly files: readonly UploadFile[];
}

export interface TransferProgress {
  readonly bytesDone: number;
  /** Null while unknown (a download learns a file's size from its tar header). */
  readonly bytesTotal: number | null;
  readonly filesDone: number;
  readonly filesTotal: number | null;
  /** Over the last few seconds. */
  readonly bytesPerSecond: number;
  /** Null while the total or the rate is unknown. */
  readonly etaSeconds: number | null;
}

/** What the check after a transfer found. */
export type TransferVerification =
  /** Sizes matched, and SHA-256 hashes too where the container has sha256sum. */
  | { readonly kind: 'verified'; readonly method: 'sha256' | 'size' }
  /** Each difference in one sentence, naming the file. */
  | { readonly kind: 'differs'; readonly differences: readonly string[] }
  /** Nothing to compare with: the container has no sha256sum, and an upload learns no sizes back. */
  | { readonly kind: 'unchecked'; readonly reason: string };

export type TransferState =
  | { readonly kind: 'running' }
  | { readonly kind: 'verifying' }
  | { readonly kind: 'done'; readonly verification: TransferVerification }
  | { readonly kind: 'failed'; readonly error: UserError }
  | { readonly kind: 'cancelled' };

export interface TransferInfo {
  readonly id: TransferId;
  readonly direction: TransferDirection;
  readonly target: PodRef;
  /** Download: the remote file or directory. Upload: the remote directory. */
  readonly remotePath: string;
  /** Download: where it landed (set once done). Upload: the first file's name (and "+ N more"). */
  readonly localName: string;
  readonly progress: TransferProgress;
  readonly state: TransferState;
  /** A download the browser saves (the web host): localName is the name it was offered under, not a path here. */
  readonly savedByBrowser?: boolean;
  /**
   * Only in startDownload's answer, on the web host: the address (a path on the host, with a
   * one-time secret) the page's browser fetches to save the download; it starts with that fetch.
   */
  readonly fetchPath?: string;
}

/** A transfer started or changed (progress at most a few times a second, every state change). */
export interface TransferEvent {
  readonly kind: 'transfer';
  readonly transfer: TransferInfo;
}

export function transferFinished(state: TransferState): boolean {
  return state.kind === 'done' || state.kind === 'failed' || state.kind === 'cancelled';
}
