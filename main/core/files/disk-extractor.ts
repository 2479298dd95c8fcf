// Unpacks a tar stream onto the local disk as it arrives (the TarReader's sink): every entry is
// checked by the ExtractionGuard before it touches the disk, files are created exclusively ('wx':
// never through an existing file or link), their bytes are written in batches, and their modes and
// times kept. The disk work runs in order on one queue, giving the event loop back every SLICE_MS;
// when more than a few MiB wait for it (data, and ENTRY_WEIGHT an entry), `backpressure(true)` asks
// the caller to stop reading the exec's output until the queue has caught up. Nothing is hashed
// here: the files are hashed from the disk once all is written, beside the container's hashing
// (local-hashes.ts says why).
// A file whose bytes all arrived before it is opened (below one write batch: in a directory of
// small files, nearly all of them) is written in one queued step with synchronous calls: six
// thread-pool round trips per file (mkdir, open, write, chmod, utimes, close), each a promise and a
// wake-up of the loop, cost more than the few microseconds the calls themselves block. Directories
// already made are remembered, so a file's parent is made once, not once per file; and a file is
// created with its own mode, so it needs no chmod unless the umask takes a bit of it (which the
// first small file tells: it is created with every bit asked and read back).
// A larger file's bytes are copied into write buffers reused from batch to batch (a few, as many as
// the queue holds), not kept as views of the received messages: a view kept until its write is done
// keeps the whole message alive past a young-generation collection, and every such message then
// waits for a full collection (memory-pacer.ts); copied, each message is garbage as soon as it was
// read, and the copies make no garbage at all.
// Those batches are written with synchronous calls too, while each takes less than one slice
// (synchronous-while-fast.ts): the queue has one write in flight, and through the thread pool each
// waited for a pool thread to be scheduled on a machine whose two cores the cluster shares. Measured
// in the file-transfer bench (the 1 GiB download, two or three rounds of each): through the pool,
// the queue outgrew its high mark 173-220 times and the exec stood paused 3.1-4.0 s of 8.9-9.2 s,
// main on a CPU 53-64% of the time; synchronous, 0-1 pauses, 7.7-8.2 s, 42-53%, and a median of
// 132 MiB/s against kubectl cp's 131 in the same run (through the pool: 116-119 against 123-125).
import { closeSync, fchmodSync, fstatSync, futimesSync, mkdirSync, openSync, writeSync, writevSync } from 'node:fs';
import { mkdir, open, chmod, link, symlink, utimes, lutimes, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExtractionGuard } from '../../../shared/tar/extraction-guard.ts';
import type { TarEntry, TarSink } from '../../../shared/tar/tar-reader.ts';
import { SynchronousWhileFast } from './synchronous-while-fast.ts';

/** Above this many bytes waiting for the disk, reading stops; below the low mark it resumes. */
export const DISK_QUEUE_HIGH_BYTES = 4 * 1024 * 1024;
const DISK_QUEUE_LOW_BYTES = 1024 * 1024;
/**
 * What an entry weighs in the queue besides its data: its header and padding's share of the stream
 * (1 KiB for a small file), which the views of its bytes keep alive with their message, and its
 * record, closure and promise in the queue. Counted by data alone, 4 MiB could hold 400,000 queued
 * files of 10 bytes; so weighed, at most 2,048 wait, and reading stops for a disk that lags.
 */
const ENTRY_WEIGHT = 2048;
/**
 * The queue gives the event loop back after this much work. Its steps are promises, so one step
 * after another runs as microtasks, and a small file's step is synchronous (see the header): a
 * queue of thousands held the loop (IPC, the other sessions, the keepalive) for as long as the
 * disk took, 24 s of open() in one profiled download of 10,000 files on this machine's busy disk.
 */
const SLICE_MS = 10;
/** A file's pieces are written together once this many wait (fewer, larger writes). */
const WRITE_BATCH_BYTES = 512 * 1024;
/** Read, write and execute for owner, group and others: what a mode given to open() may set, less the umask. */
const PERMISSION_BITS = 0o777;

export interface ExtractedFile {
  /** Its size in the archive's header. */
  readonly size: number;
  /** Where it was written. */
  readonly path: string;
}

export interface DiskExtractorOptions {
  readonly root: string;
  /** Bytes of file data written to disk. */
  readonly progress: (bytes: number) => void;
  readonly fileDone: () => void;
  readonly backpressure: (paused: boolean) => void;
  /** Tests: the longest synchronous write before the rest go through the thread pool; default SYNCHRONOUS_CALL_LIMIT_MS. */
  readonly syncWriteLimitMs?: number;
}

interface OpenFile {
  /** Its path in the archive, '/'-separated. */
  readonly key: string;
  readonly entry: TarEntry;
  readonly path: string;
  /** A file of a batch or more: opened at its first batch, written from reused buffers (see the header). */
  handle: Promise<FileHandle> | null;
  /** A smaller file: views of its pieces, written whole at its end. */
  batch: Uint8Array[];
  batchBytes: number;
  /** A larger file: the write buffer being filled, and how far. */
  buffer: Buffer | null;
  filled: number;
}

export class DiskExtractor implements TarSink {
  readonly #options: DiskExtractorOptions;
  readonly #guard = new ExtractionGuard();
  /** Regular files by their path in the archive (normalised, '/'-separated). */
  readonly files = new Map<string, ExtractedFile>();
  readonly #directories: { readonly path: string; readonly entry: TarEntry }[] = [];
  #queue: Promise<void> = Promise.resolve();
  #queuedBytes = 0;
  #paused = false;
  /** When the queue's work last gave the loop back. */
  #sliceStarted = performance.now();
  #failure: unknown = null;
  #file: OpenFile | null = null;
  /** Directories this extraction made (absolute paths): a file's parent is made once. */
  readonly #madeDirectories = new Set<string>();
  /** Write buffers whose bytes are on disk, for the next batches. */
  readonly #spareBuffers: Buffer[] = [];
  readonly #writes: SynchronousWhileFast;
  /** The permission bits the umask takes from a new file, read back from the first small file; null before. */
  #umask: number | null = null;

  constructor(options: DiskExtractorOptions) {
    this.#options = options;
    this.#writes = new SynchronousWhileFast(options.syncWriteLimitMs);
  }

  /** Whether a larger file's batches are still written synchronously (false once one write took longer than the limit). */
  get synchronousWrites(): boolean {
    return this.#writes.synchronous;
  }

  /** The first disk failure, if any (the caller stops the exec on it). */
  get failure(): unknown {
    return this.#failure;
  }

  entry(entry: TarEntry): void {
    const { components, target } = this.#guard.check(entry);
    if (components.length === 0) return;
    const path = join(this.#options.root, ...components);
    // Released by the step that finishes the entry.
    this.#addQueued(ENTRY_WEIGHT);
    switch (entry.type) {
      case 'directory':
        this.#directories.push({ path, entry });
        this.#enqueue(() => this.#makeDirectory(path), ENTRY_WEIGHT);
        return;
      case 'symlink':
        this.#enqueue(async () => {
          await this.#makeDirectory(dirname(path));
          await symlink(entry.linkname, path);
          await lutimes(path, entry.mtime, entry.mtime);
        }, ENTRY_WEIGHT);
        return;
      case 'hardlink': {
        const existing = join(this.#options.root, ...(target ?? []));
        this.#enqueue(async () => {
          await this.#makeDirectory(dirname(path));
          await link(existing, path);
        }, ENTRY_WEIGHT);
        return;
      }
      case 'file':
        this.#file = { key: components.join('/'), entry, path, handle: null, batch: [], batchBytes: 0, buffer: null, filled: 0 };
        return;
    }
  }

  data(bytes: Uint8Array): void {
    const file = this.#file;
    if (file === null) return;
    if (file.entry.size < WRITE_BATCH_BYTES) {
      file.batch.push(bytes);
      file.batchBytes += bytes.length;
    } else {
      this.#copy(file, bytes);
    }
    this.#addQueued(bytes.length);
  }

  /** Counts `weight` more waiting for the disk; past the high mark, asks for reading to stop. */
  #addQueued(weight: number): void {
    this.#queuedBytes += weight;
    if (!this.#paused && this.#queuedBytes > DISK_QUEUE_HIGH_BYTES) {
      this.#paused = true;
      this.#options.backpressure(true);
    }
  }

  entryEnd(entry: TarEntry): void {
    const file = this.#file;
    if (file === null || entry.type !== 'file') return;
    this.#file = null;
    this.files.set(file.key, { size: entry.size, path: file.path });
    if (entry.size < WRITE_BATCH_BYTES) {
      this.#writeWhole(file);
      return;
    }
    this.#writeBatch(file);
    const opened = file.handle ?? this.#open(file.path);
    this.#enqueue(async () => {
      const handle = await opened;
      await handle.chmod(entry.mode);
      await handle.utimes(entry.mtime, entry.mtime);
      await handle.close();
      this.#options.fileDone();
    }, ENTRY_WEIGHT);
  }

  /** Waits for the disk; then sets the directories' modes (last: a read-only one would refuse its files). */
  async finish(): Promise<void> {
    await this.#queue;
    if (this.#failure !== null) throw this.#failure;
    for (const { path, entry } of this.#directories.reverse()) {
      await chmod(path, entry.mode);
      await utimes(path, entry.mtime, entry.mtime);
    }
  }

  /** Waits for the queued work to stop, after a failure or cancel, so the temporary tree can go. */
  async settle(): Promise<void> {
    await this.#queue;
    await this.#file?.handle?.then((handle) => handle.close()).catch(() => undefined);
  }

  /** Makes a directory (and its parents) unless this extraction made it already. */
  async #makeDirectory(path: string): Promise<void> {
    if (this.#madeDirectories.has(path)) return;
    await mkdir(path, { recursive: true });
    this.#madeDirectories.add(path);
  }

  /** A file not opened yet, all its bytes in its batch: created, written and closed in one step. */
  #writeWhole(file: OpenFile): void {
    const { batch, batchBytes: bytes, entry, path } = file;
    file.batch = [];
    this.#enqueue(async () => {
      const parent = dirname(path);
      if (!this.#madeDirectories.has(parent)) {
        mkdirSync(parent, { recursive: true });
        this.#madeDirectories.add(parent);
      }
      const umask = this.#umask;
      const descriptor = openSync(path, 'wx', umask === null ? PERMISSION_BITS : entry.mode & PERMISSION_BITS);
      try {
        let pieces = batch;
        for (let written = 0; written < bytes; ) {
          const count = writevSync(descriptor, pieces);
          written += count;
          pieces = rest(pieces, count);
        }
        if (umask === null) this.#umask = PERMISSION_BITS & ~fstatSync(descriptor).mode;
        if (umask === null || !createdWith(entry.mode, umask)) fchmodSync(descriptor, entry.mode);
        futimesSync(descriptor, entry.mtime, entry.mtime);
      } finally {
        closeSync(descriptor);
      }
      this.#options.progress(bytes);
      this.#options.fileDone();
    }, bytes + ENTRY_WEIGHT);
  }

  /** Copies a larger file's bytes into its write buffer, writing each buffer once it is full. */
  #copy(file: OpenFile, bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      file.buffer ??= this.#spareBuffers.pop() ?? Buffer.allocUnsafe(WRITE_BATCH_BYTES);
      const take = Math.min(WRITE_BATCH_BYTES - file.filled, bytes.length - at);
      file.buffer.set(bytes.subarray(at, at + take), file.filled);
      file.filled += take;
      at += take;
      if (file.filled === WRITE_BATCH_BYTES) this.#writeBatch(file);
    }
  }

  #writeBatch(file: OpenFile): void {
    const buffer = file.buffer;
    const bytes = file.filled;
    if (buffer === null || bytes === 0) return;
    file.handle ??= this.#open(file.path);
    const opened = file.handle;
    file.buffer = null;
    file.filled = 0;
    this.#enqueue(async () => {
      const handle = await opened;
      // A write may take less than asked; the rest goes again.
      await this.#writes.run(
        () => {
          for (let written = 0; written < bytes; ) written += writeSync(handle.fd, buffer, written, bytes - written);
        },
        async () => {
          for (let written = 0; written < bytes; ) written += (await handle.write(buffer, written, bytes - written)).bytesWritten;
        },
      );
      this.#spareBuffers.push(buffer);
      this.#options.progress(bytes);
    }, bytes);
  }

  /** Opens a file for writing, in the queue's order: never through an existing file or link. */
  #open(path: string): Promise<FileHandle> {
    let resolveHandle!: (handle: FileHandle) => void;
    let rejectHandle!: (error: unknown) => void;
    const handle = new Promise<FileHandle>((resolve, reject) => {
      resolveHandle = resolve;
      rejectHandle = reject;
    });
    // A failed open is the queue's failure, reported there; the handle's own rejection is not another.
    handle.catch(() => undefined);
    this.#enqueue(async () => {
      await this.#makeDirectory(dirname(path));
      await open(path, 'wx', 0o600).then(resolveHandle, (error: unknown) => {
        rejectHandle(error);
        throw error;
      });
    });
    return handle;
  }

  #enqueue(work: () => Promise<void>, weight = 0): void {
    this.#queue = this.#queue.then(async () => {
      try {
        if (this.#failure === null) await work();
      } catch (error) {
        this.#failure ??= error;
      } finally {
        this.#queuedBytes -= weight;
        if (this.#paused && this.#queuedBytes < DISK_QUEUE_LOW_BYTES) {
          this.#paused = false;
          this.#options.backpressure(false);
        }
      }
      if (performance.now() - this.#sliceStarted > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        this.#sliceStarted = performance.now();
      }
    });
  }
}

/** Whether a file created with `mode` (its permission bits) under `umask` already has all of `mode`. */
function createdWith(mode: number, umask: number): boolean {
  return (mode & ~PERMISSION_BITS) === 0 && (mode & umask) === 0;
}

/** The pieces after the first `skip` bytes. */
function rest(pieces: readonly Uint8Array[], skip: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let left = skip;
  for (const piece of pieces) {
    if (left >= piece.length) {
      left -= piece.length;
      continue;
    }
    out.push(left === 0 ? piece : piece.subarray(left));
    left = 0;
  }
  return out;
}
