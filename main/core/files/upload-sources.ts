// Local files and directories as an upload's entries (a directory's tree, symlinks kept as links,
// modes kept), and their bytes fed to the Upload one piece at a time: the next piece is read only
// once the previous one is on its way, so the local reading waits while the socket is full. Every
// piece is read into the same buffer (the Upload has copied a piece when its write resolves): a
// fresh buffer per piece would be a GiB of garbage for a GiB sent.
// A directory of small files is walked and read with synchronous calls (lstat, then open, read and
// close of a small file), as the download's extractor writes them: a thread-pool round trip per
// call, each a promise and a wake-up of the loop, cost more than the microseconds the calls block.
// The loop is given a turn every few hundred entries, so a huge tree does not hold it.
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { open, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setImmediate as loopTurn } from 'node:timers/promises';
import type { WriterEntry } from '../../../shared/tar/tar-writer.ts';

export interface LocalEntry extends WriterEntry {
  /** Where the entry is on this machine. */
  readonly localPath: string;
}

const READ_PIECE_BYTES = 1024 * 1024;
/** Files up to this size are read in one synchronous step. */
const SMALL_FILE_BYTES = 64 * 1024;
/** Synchronous calls in a row before the loop gets a turn. */
const SYNC_CALLS_PER_TURN = 256;

/** Counts synchronous calls and gives the loop a turn every SYNC_CALLS_PER_TURN of them. */
function turnTaker(): () => Promise<void> {
  let calls = 0;
  return async () => {
    if (++calls % SYNC_CALLS_PER_TURN === 0) await loopTurn();
  };
}

/** The entries of `sources` (files or directories), each named below its own base name. */
export async function localEntries(sources: readonly string[]): Promise<LocalEntry[]> {
  const entries: LocalEntry[] = [];
  const turn = turnTaker();
  const walk = async (localPath: string, name: string): Promise<void> => {
    await turn();
    const stats = lstatSync(localPath);
    const common = { name, localPath, mode: stats.mode & 0o7777, mtime: Math.floor(stats.mtimeMs / 1000), size: 0 };
    if (stats.isSymbolicLink()) {
      entries.push({ ...common, type: 'symlink', linkname: await readlink(localPath) });
    } else if (stats.isDirectory()) {
      entries.push({ ...common, type: 'directory' });
      for (const child of (await readdir(localPath)).sort()) await walk(join(localPath, child), `${name}/${child}`);
    } else if (stats.isFile()) {
      entries.push({ ...common, type: 'file', size: stats.size });
    }
  };
  for (const source of sources) await walk(source, basename(source));
  return entries;
}

/**
 * Reads every file entry's bytes in order into `write`, awaiting each piece; `write` must be done
 * with a piece when it resolves (the buffer is read into again).
 */
export async function feedLocalFiles(entries: readonly LocalEntry[], write: (bytes: Uint8Array) => Promise<void>, signal: AbortSignal): Promise<void> {
  const buffer = Buffer.allocUnsafe(READ_PIECE_BYTES);
  const turn = turnTaker();
  for (const entry of entries) {
    if (entry.type !== 'file' || entry.size === 0) continue;
    signal.throwIfAborted();
    if (entry.size <= SMALL_FILE_BYTES) {
      await turn();
      await write(buffer.subarray(0, readSmallFile(entry, buffer)));
      continue;
    }
    const file = await open(entry.localPath, 'r');
    try {
      let read = 0;
      // Reading stops at the size announced in the header, should the file grow meanwhile.
      while (read < entry.size) {
        signal.throwIfAborted();
        const { bytesRead } = await file.read(buffer, 0, Math.min(READ_PIECE_BYTES, entry.size - read), read);
        if (bytesRead === 0) break;
        read += bytesRead;
        await write(buffer.subarray(0, bytesRead));
      }
      if (read !== entry.size) throw shrank(entry, read);
    } finally {
      await file.close();
    }
  }
}

/** Reads a small file's announced bytes into `buffer` in one step; answers their count. */
function readSmallFile(entry: LocalEntry, buffer: Buffer): number {
  const descriptor = openSync(entry.localPath, 'r');
  try {
    let read = 0;
    while (read < entry.size) {
      const count = readSync(descriptor, buffer, read, entry.size - read, read);
      if (count === 0) throw shrank(entry, read);
      read += count;
    }
    return read;
  } finally {
    closeSync(descriptor);
  }
}

function shrank(entry: LocalEntry, read: number): Error {
  return new Error(`${entry.localPath} shrank from ${entry.size} to ${read} bytes while it was uploaded`);
}
