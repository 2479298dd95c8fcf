// The transfers main runs: each one's id, progress (reported a few times a second while it runs)
// and end, for every window (TransferEvent), and the work itself: download.ts, upload.ts. Like
// sessions, transfers belong to main and are named by id; finished ones stay listed until main
// restarts, with their verdict.
import { randomBytes } from 'node:crypto';
import { checkPodRef } from '../sessions/pod-target.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import {
  transferFinished,
  type DownloadRequest,
  type TransferEvent,
  type TransferId,
  type TransferInfo,
  type TransferState,
  type TransferVerification,
  type UploadRequest,
} from '../../../shared/bridge/transfers.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { BROWSER_DOWNLOAD_PATH } from '../../../shared/bridge/web-link.ts';
import { downloadToBrowser, type BrowserDownloadResponse } from './browser-download.ts';
import { download, remoteName } from './download.ts';
import type { AskDownloadPlace, DownloadPlace } from './download-place.ts';
import type { FileToHash } from './local-hashes.ts';
import { ProgressMeter } from './progress-meter.ts';
import { Upload } from './upload.ts';
import { feedLocalFiles, localEntries } from './upload-sources.ts';
import type { WriterEntry } from '../../../shared/tar/tar-writer.ts';

/** How often a running transfer reports its progress. */
export const PROGRESS_INTERVAL_MS = 250;

export interface TransfersOptions {
  readonly connectionFor: (context: string) => ClusterConnection;
  /** Where downloads land unless askDownloadPlace picks elsewhere; without one, downloading is off. */
  readonly downloadsDirectory: string | null;
  /** The host's question before each download (Electron: the save dialog); without one, the directory above. */
  readonly askDownloadPlace: AskDownloadPlace | null;
  /** Downloads go to the page's browser, which fetches each one's address once (the web host); the two above are unused. */
  readonly browserDownloads: boolean;
  readonly emit: (event: TransferEvent) => void;
}

interface Transfer {
  info: TransferInfo;
  readonly meter: ProgressMeter;
  readonly abort: AbortController;
  readonly finished: Promise<TransferInfo>;
  /** Uploads fed over the bridge: the upload once its exec is open. */
  upload?: Promise<Upload>;
}

/** How long a browser download waits for its fetch: the page asks for it at once, so only a page gone meanwhile misses it. */
export const BROWSER_FETCH_TIMEOUT_MS = 60_000;

/** An upload's files on this machine: what feeds their bytes, and the files hashed again after. */
interface LocalSource {
  readonly feed: (upload: Upload, signal: AbortSignal) => Promise<void>;
  readonly sources: readonly FileToHash[];
}

export class Transfers {
  readonly #options: TransfersOptions;
  readonly #transfers = new Map<TransferId, Transfer>();
  /** Browser downloads waiting for their one fetch, by the secret in their address. */
  readonly #browserFetches = new Map<string, (response: BrowserDownloadResponse) => void>();
  #lastId = 0;

  constructor(options: TransfersOptions) {
    this.#options = options;
  }

  /** Starts a download once the host said where it goes; null when the user declined to pick a place. */
  async startDownload(request: DownloadRequest): Promise<TransferInfo | null> {
    checkPodRef(request.target);
    const name = remoteName(request.remotePath);
    if (this.#options.browserDownloads) return this.#startBrowserDownload(request, name);
    const directory = this.#options.downloadsDirectory;
    if (directory === null) {
      throw new CoreError({ kind: 'invalid-request', title: 'Downloads are off', detail: 'This host was started without a downloads directory.' });
    }
    const suggested: DownloadPlace = { directory, name };
    const ask = this.#options.askDownloadPlace;
    const place = ask === null ? suggested : await ask(suggested);
    if (place === null) return null;
    return this.#start('download', request.target, request.remotePath, place.name, null, async (transfer, verifying) => {
      const result = await download({
        connection: this.#options.connectionFor(request.target.context),
        target: request.target,
        remotePath: request.remotePath,
        destinationDirectory: place.directory,
        localName: place.name,
        transferId: transfer.info.id,
        meter: transfer.meter,
        signal: transfer.abort.signal,
        verifying,
      });
      transfer.info = { ...transfer.info, localName: result.location };
      return result.verification;
    });
  }

  /**
   * The one fetch of a browser download's address: streams the item into `response`. False when
   * the secret names no waiting download (unknown, already fetched, or given up).
   */
  serveBrowserDownload(secret: string, response: BrowserDownloadResponse): boolean {
    const deliver = this.#browserFetches.get(secret);
    if (deliver === undefined) return false;
    this.#browserFetches.delete(secret);
    deliver(response);
    return true;
  }

  /** An upload whose files' bytes follow with uploadChunk. */
  startUpload(request: UploadRequest): TransferInfo {
    checkPodRef(request.target);
    const entries: WriterEntry[] = request.files.map((file) => ({ name: file.path, type: 'file', mode: file.mode ?? 0o644, size: file.size, mtime: Date.now() / 1000 }));
    const more = request.files.length > 1 ? ` + ${request.files.length - 1} more` : '';
    return this.#startUpload(request.target, request.remoteDirectory, `${request.files[0]?.path ?? ''}${more}`, entries, null);
  }

  /** Uploads files and directories of this machine (the Electron host's dropped files, tests, benchmarks). */
  async uploadLocal(target: PodRef, remoteDirectory: string, sources: readonly string[]): Promise<TransferInfo> {
    checkPodRef(target);
    const entries = await localEntries(sources);
    const more = sources.length > 1 ? ` + ${sources.length - 1} more` : '';
    const files = entries.filter((entry) => entry.type === 'file');
    return this.#startUpload(target, remoteDirectory, `${sources[0] ?? ''}${more}`, entries, {
      feed: (upload, signal) => feedLocalFiles(entries, (bytes) => upload.write(bytes), signal),
      sources: files,
    });
  }

  async uploadChunk(id: TransferId, data: Uint8Array): Promise<void> {
    const transfer = this.#transfer(id);
    if (transfer.upload === undefined) {
      throw new CoreError({ kind: 'invalid-request', title: 'Not an upload fed by chunks', detail: `Transfer "${id}" takes no bytes.` });
    }
    if (transferFinished(transfer.info.state)) {
      const state = transfer.info.state;
      if (state.kind === 'failed') throw new CoreError(state.error);
      throw new CoreError({ kind: 'invalid-request', title: 'The upload has ended', detail: `Transfer "${id}" is ${state.kind}; it takes no more bytes.` });
    }
    await (await transfer.upload).write(data);
  }

  cancelTransfer(id: TransferId): void {
    const transfer = this.#transfer(id);
    if (!transferFinished(transfer.info.state)) transfer.abort.abort(new Error('cancelled'));
  }

  listTransfers(): readonly TransferInfo[] {
    return [...this.#transfers.values()].map((transfer) => transfer.info);
  }

  /** The transfer's info once it finished (done, failed or cancelled). */
  finished(id: TransferId): Promise<TransferInfo> {
    return this.#transfer(id).finished;
  }

  dispose(): void {
    for (const transfer of this.#transfers.values()) transfer.abort.abort(new Error('main is shutting down'));
  }

  /** A download whose address the page's browser fetches (fetchPath); it starts with that fetch. */
  #startBrowserDownload(request: DownloadRequest, name: string): TransferInfo {
    const secret = randomBytes(24).toString('base64url');
    const fetched = new Promise<BrowserDownloadResponse>((resolve) => this.#browserFetches.set(secret, resolve));
    const info = this.#start('download', request.target, request.remotePath, name, null, async (transfer, verifying) => {
      const signal = transfer.abort.signal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const response = await new Promise<BrowserDownloadResponse>((resolve, reject) => {
        timer = setTimeout(() => reject(new CoreError({ kind: 'invalid-request', title: 'The browser did not fetch the download', detail: `No fetch of its address came within ${BROWSER_FETCH_TIMEOUT_MS / 1000} s; start it again.` })), BROWSER_FETCH_TIMEOUT_MS);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        void fetched.then(resolve);
      }).finally(() => {
        clearTimeout(timer);
        this.#browserFetches.delete(secret);
      });
      // The browser giving up (its download cancelled, the page closed) is a cancel.
      response.body.once('close', () => {
        if (!response.body.writableFinished) transfer.abort.abort(new Error('cancelled in the browser'));
      });
      const result = await downloadToBrowser({
        connection: this.#options.connectionFor(request.target.context),
        target: request.target,
        remotePath: request.remotePath,
        response,
        meter: transfer.meter,
        signal,
        verifying,
      });
      transfer.info = { ...transfer.info, localName: result.fileName };
      return result.verification;
    });
    const transfer = this.#transfer(info.id);
    transfer.info = { ...transfer.info, savedByBrowser: true };
    // The address goes to the one page that asked, not into the info every window hears.
    return { ...transfer.info, fetchPath: `${BROWSER_DOWNLOAD_PATH}${secret}` };
  }

  #startUpload(
    target: PodRef,
    remoteDirectory: string,
    localName: string,
    entries: readonly WriterEntry[],
    local: LocalSource | null,
  ): TransferInfo {
    const bytesTotal = entries.reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0);
    const filesTotal = entries.filter((entry) => entry.type === 'file').length;
    let opened!: (upload: Promise<Upload>) => void;
    const opening = new Promise<Promise<Upload>>((resolve) => (opened = resolve));
    // A refused exec is the transfer's failure (its state); uploadChunk hears it through transfer.upload.
    opening.catch(() => undefined);
    const info = this.#start('upload', target, remoteDirectory, localName, { bytes: bytesTotal, files: filesTotal }, async (transfer, verifying) => {
      const upload = Upload.open({
        connection: this.#options.connectionFor(target.context),
        target,
        remoteDirectory,
        entries,
        meter: transfer.meter,
        signal: transfer.abort.signal,
        verifying,
        ...(local === null ? {} : { sources: local.sources }),
      });
      opened(upload);
      const running = await upload;
      if (local !== null) {
        // The container may stop first (read-only, full): its failure is the answer, not the feed's.
        const fed = local.feed(running, transfer.abort.signal).then(
          () => null,
          (error: unknown) => ({ error }),
        );
        const first = await Promise.race([fed, running.result.then(() => null, () => null)]);
        if (first !== null) {
          running.abandon();
          throw first.error;
        }
      }
      return running.result;
    });
    const transfer = this.#transfer(info.id);
    if (local === null) {
      transfer.upload = opening.then((upload) => upload);
      transfer.upload.catch(() => undefined);
    }
    return info;
  }

  #start(
    direction: TransferInfo['direction'],
    target: PodRef,
    remotePath: string,
    localName: string,
    totals: { bytes: number; files: number } | null,
    run: (transfer: Transfer, verifying: () => void) => Promise<TransferVerification>,
  ): TransferInfo {
    const id = `transfer-${++this.#lastId}`;
    const meter = new ProgressMeter();
    if (totals !== null) meter.totals(totals.bytes, totals.files);
    const abort = new AbortController();
    let settle!: (info: TransferInfo) => void;
    const transfer: Transfer = {
      info: { id, direction, target, remotePath, localName, progress: meter.snapshot(), state: { kind: 'running' } },
      meter,
      abort,
      finished: new Promise((resolve) => (settle = resolve)),
    };
    this.#transfers.set(id, transfer);
    const timer = setInterval(() => this.#update(transfer, transfer.info.state), PROGRESS_INTERVAL_MS);
    const verifying = (): void => this.#update(transfer, { kind: 'verifying' });
    this.#emit(transfer);
    void run(transfer, verifying)
      .then(
        (verification): TransferState => ({ kind: 'done', verification }),
        (error: unknown): TransferState => (abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', error: userErrorOf(error, target.context) }),
      )
      .then((state) => {
        clearInterval(timer);
        meter.close();
        this.#update(transfer, state);
        settle(transfer.info);
      });
    return transfer.info;
  }

  #update(transfer: Transfer, state: TransferState): void {
    transfer.info = { ...transfer.info, progress: transfer.meter.snapshot(), state };
    this.#emit(transfer);
  }

  #emit(transfer: Transfer): void {
    this.#options.emit({ kind: 'transfer', transfer: transfer.info });
  }

  #transfer(id: TransferId): Transfer {
    const transfer = this.#transfers.get(id);
    if (transfer === undefined) {
      throw new CoreError({ kind: 'invalid-request', title: 'No such transfer', detail: `No transfer has the id "${id}".` });
    }
    return transfer;
  }
}

function userErrorOf(error: unknown, context: string): UserError {
  if (error instanceof CoreError) return error.userError;
  return { kind: 'server-error', title: 'Transfer failed', detail: error instanceof Error ? error.message : String(error), context };
}
