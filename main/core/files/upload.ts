// Upload: `tar xf - -C <directory>` in the container, fed a tar written as the bytes arrive. The
// entries are announced first (names, sizes, modes); the files' bytes then come in order, in
// pieces of any size, from the bridge (a page's File objects) or the local disk (upload-sources.ts),
// and each piece waits until the exec's socket has room, so nothing gathers in main. The pieces are
// copied into one frame, reused from send to send, and sent when it is full (a directory of small
// files would otherwise be three frames per file; a large file's pieces would each be copied twice
// more, framed then masked, and the copies' garbage is what grew main by 40-52 MB per GiB). After
// the last byte: the end blocks, then stdin is closed (v5's close frame; under v4, which cannot,
// the exec is closed once the data left, as kubectl does), then the files are hashed in the container
// and, beside it, on this machine: files of this machine's disk are read again (local-hashes.ts says
// why), a page's bytes, which cannot be, are hashed as they pass.
import { createHash, type Hash } from 'node:crypto';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import type { TransferVerification } from '../../../shared/bridge/transfers.ts';
import { archiveEnd, entryHeader, entryPadding, type WriterEntry } from '../../../shared/tar/tar-writer.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { ExecPipe, failureOf } from './exec-pipe.ts';
import { hashLocalFiles, type FileToHash } from './local-hashes.ts';
import type { ProgressMeter } from './progress-meter.ts';
import { remoteHashes } from './remote-hashes.ts';
import { transferFailure, uncheckedUpload } from './transfer-errors.ts';
import { verify, type LocalFile } from './verification.ts';

/**
 * The stdin bytes of one frame: pieces are gathered until this many wait (or the archive ends).
 * The API server takes in a whole frame before it passes it on to the kubelet, so smaller frames keep
 * every hop busy: on the real node (256 MiB, two rounds each, beside kubectl cp) 64 KiB frames
 * uploaded at 69.6 and 80.0 MiB/s, 1 MiB frames at 57.1 and 72.6, 32 KiB frames at 62.3.
 */
export const FRAME_PAYLOAD_BYTES = 64 * 1024;

export interface UploadOptions {
  readonly connection: ClusterConnection;
  readonly target: PodRef;
  readonly remoteDirectory: string;
  /** In archive order; a directory's entries may follow it. Names relative, '/'-separated. */
  readonly entries: readonly WriterEntry[];
  readonly meter: ProgressMeter;
  readonly signal: AbortSignal;
  readonly verifying: () => void;
  /** The files' sources on this machine's disk, hashed after the bytes are across; absent, each file is hashed as it passes. */
  readonly sources?: readonly FileToHash[];
}

export class Upload {
  readonly #options: UploadOptions;
  readonly #pipe: ExecPipe;
  /** Each file's size and hash as its bytes passed: kept only when there are no `sources` to hash after. */
  readonly #passed = new Map<string, LocalFile>();
  #index = -1;
  #remaining = 0;
  #hash: Hash | null = null;
  /** The next frame: its first byte is the channel's (encodeStdinInPlace), the bytes follow. */
  readonly #frame = new Uint8Array(1 + FRAME_PAYLOAD_BYTES);
  #framed = 0;
  #writing: Promise<void> = Promise.resolve();
  readonly #result: Promise<TransferVerification>;
  /** The exec ended (the container's tar finished or failed, or we closed it). */
  #pipeEnded = false;

  private constructor(options: UploadOptions, pipe: ExecPipe) {
    this.#options = options;
    this.#pipe = pipe;
    const cancel = (): void => pipe.close();
    options.signal.addEventListener('abort', cancel, { once: true });
    this.#result = this.#run().finally(() => options.signal.removeEventListener('abort', cancel));
    // Its rejection is the transfer's failure, read by whoever awaits `result`; none may be waiting yet.
    this.#result.catch(() => undefined);
    void pipe.ended.then(() => (this.#pipeEnded = true));
  }

  static async open(options: UploadOptions): Promise<Upload> {
    const pipe = await ExecPipe.open({
      connection: options.connection,
      target: options.target,
      argv: ['tar', 'xf', '-', '-C', options.remoteDirectory],
      stdin: true,
      signal: options.signal,
      onStdout: () => undefined,
    });
    return new Upload(options, pipe);
  }

  /** Resolves with the check's verdict once the container unpacked everything; rejects with a CoreError. */
  get result(): Promise<TransferVerification> {
    return this.#result;
  }

  /** Stops the upload (its bytes' source failed): the exec is closed. */
  abandon(): void {
    this.#pipe.close();
  }

  /**
   * The next bytes of the files, in order. Resolves when they are on their way (one call at a
   * time); `bytes` was copied by then and may be reused.
   */
  write(bytes: Uint8Array): Promise<void> {
    this.#writing = this.#writing.then(() => this.#write(bytes));
    return this.#writing;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      if (this.#pipeEnded) {
        throw new CoreError({ kind: 'invalid-request', title: 'The upload has ended', detail: 'The container stopped reading the upload before all its bytes arrived.' });
      }
      if (this.#index >= this.#options.entries.length) {
        throw new CoreError({ kind: 'invalid-request', title: 'More bytes than announced', detail: `The upload received ${bytes.length - at} bytes after its last file was complete.` });
      }
      const take = Math.min(this.#remaining, bytes.length - at);
      const piece = bytes.subarray(at, at + take);
      this.#hash?.update(piece);
      await this.#send(piece);
      this.#options.meter.add(take);
      this.#remaining -= take;
      at += take;
      if (this.#remaining === 0) await this.#next();
    }
  }

  /** Finishes the current file (if any), then writes headers up to the next file with data, or the end. */
  async #next(): Promise<void> {
    const entries = this.#options.entries;
    const current = entries[this.#index];
    if (current !== undefined && current.type === 'file') {
      await this.#send(entryPadding(current.size));
      if (this.#hash !== null) this.#passed.set(current.name, { size: current.size, sha256: this.#hash.digest('hex') });
      this.#options.meter.fileDone();
    }
    this.#hash = null;
    for (;;) {
      this.#index++;
      const entry = entries[this.#index];
      if (entry === undefined) {
        await this.#send(archiveEnd());
        await this.#flush();
        await this.#endInput();
        return;
      }
      await this.#send(entryHeader(entry));
      if (entry.type !== 'file') continue;
      this.#hash = this.#options.sources === undefined ? createHash('sha256') : null;
      this.#remaining = entry.size;
      if (entry.size > 0) return;
      if (this.#hash !== null) this.#passed.set(entry.name, { size: 0, sha256: this.#hash.digest('hex') });
      this.#options.meter.fileDone();
      this.#hash = null;
    }
  }

  async #send(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      const take = Math.min(FRAME_PAYLOAD_BYTES - this.#framed, bytes.length - at);
      this.#frame.set(bytes.subarray(at, at + take), 1 + this.#framed);
      this.#framed += take;
      at += take;
      if (this.#framed === FRAME_PAYLOAD_BYTES) await this.#flush();
    }
  }

  async #flush(): Promise<void> {
    if (this.#framed === 0) return;
    const frame = this.#frame.subarray(0, 1 + this.#framed);
    this.#framed = 0;
    // The socket copies the frame as it sends it: the next bytes may fill it again at once.
    await this.#pipe.writeFrame(frame);
  }

  async #endInput(): Promise<void> {
    if (this.#pipe.closeStdin()) return;
    await this.#pipe.flushed();
    this.#pipe.close();
  }

  async #run(): Promise<TransferVerification> {
    const { target, remoteDirectory, signal } = this.#options;
    this.#writing = this.#next();
    await this.#writing.catch(() => undefined);
    const end = await this.#pipe.ended;
    signal.throwIfAborted();
    const failure = failureOf(end);
    const v4Close = !this.#pipe.canCloseStdin && end.end.kind === 'closed' && this.#index >= this.#options.entries.length;
    if (failure !== null && !v4Close) throw new CoreError(transferFailure('upload', target, remoteDirectory, failure.message));
    await this.#writing;
    this.#options.verifying();
    const topLevel = [...new Set(this.#options.entries.map((entry) => entry.name.split('/')[0] ?? entry.name))];
    const sources = this.#options.sources;
    const [local, remote] = await Promise.all([
      sources === undefined
        ? this.#passed
        : hashLocalFiles(sources, signal).catch((error: unknown) => {
            throw signal.aborted ? error : new CoreError(uncheckedUpload(error));
          }),
      remoteHashes(this.#options.connection, target, remoteDirectory, topLevel),
    ]);
    return verify(local, remote, null);
  }
}
