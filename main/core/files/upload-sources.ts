// Local files and directories as an upload's entries (a directory's tree, symlinks kept as links,
// modes kept), and their bytes fed to the Upload one piece at a time: the next piece is read only
// once the previous one is on its way, so the local reading waits while the socket is full. Every
// piece is read into the same buffer (the Upload has copied a piece when its write resolves): a
// fresh buffer per piece would be a GiB of garbage for a GiB sent. A directory of small files is
// walked and read with synchronous calls (local-reading.ts says why), and a larger file's pieces
// too while each read is fast (synchronous-while-fast.ts): each piece is read only when the last
// one has left, so a read through the thread pool was a wait on the upload's one path.
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { open, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { WriterEntry } from '../../../shared/tar/tar-writer.ts';
import { READ_PIECE_BYTES, SMALL_FILE_BYTES, turnTaker } from './local-reading.ts';
import { SynchronousWhileFast } from './synchronous-while-fast.ts';

export interface LocalEntry extends WriterEntry {
  /** Where the entry is on this machine. */
  readonly localPath: string;
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
export async function feedLocalFiles(
  entries: readonly LocalEntry[],
  write: (bytes: Uint8Array) => Promise<void>,
  signal: AbortSignal,
  reads = new SynchronousWhileFast(),
): Promise<void> {
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
        const length = Math.min(READ_PIECE_BYTES, entry.size - read);
        const bytesRead = await reads.run(
          () => readSync(file.fd, buffer, 0, length, read),
          async () => (await file.read(buffer, 0, length, read)).bytesRead,
        );
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
