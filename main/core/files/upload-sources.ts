// Local files and directories as an upload's entries (a directory's tree, symlinks kept as links,
// modes kept), and their bytes fed to the Upload one piece at a time: the next piece is read only
// once the previous one is on its way, so the local reading waits while the socket is full.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { WriterEntry } from '../../../shared/tar/tar-writer.ts';

export interface LocalEntry extends WriterEntry {
  /** Where the entry is on this machine. */
  readonly localPath: string;
}

const READ_PIECE_BYTES = 1024 * 1024;

/** The entries of `sources` (files or directories), each named below its own base name. */
export async function localEntries(sources: readonly string[]): Promise<LocalEntry[]> {
  const entries: LocalEntry[] = [];
  const walk = async (localPath: string, name: string): Promise<void> => {
    const stats = await lstat(localPath);
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

/** Reads every file entry's bytes in order into `write`, awaiting each piece. */
export async function feedLocalFiles(entries: readonly LocalEntry[], write: (bytes: Uint8Array) => Promise<void>, signal: AbortSignal): Promise<void> {
  for (const entry of entries) {
    if (entry.type !== 'file' || entry.size === 0) continue;
    let read = 0;
    // `end` holds the read to the size announced in the header, should the file grow meanwhile.
    for await (const piece of createReadStream(entry.localPath, { highWaterMark: READ_PIECE_BYTES, end: entry.size - 1, signal })) {
      const bytes = piece as Buffer;
      read += bytes.length;
      await write(bytes);
    }
    if (read !== entry.size) throw new Error(`${entry.localPath} shrank from ${entry.size} to ${read} bytes while it was uploaded`);
  }
}
