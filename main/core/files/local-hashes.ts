// The SHA-256 of files of this machine, read back once a transfer's bytes are across: a download's
// files as they landed on the disk, an upload's sources as they are now. It runs while the
// container hashes its side (remote-hashes.ts, the slower part: busybox's sha256sum took about 5.5 s
// for 1 GiB on the real node, this about 0.7 s), so the check ends no later, and the transfer itself
// carries no hashing: with a busy loop holding one of the two cores, as the API server, kubelet and
// containerd do in a full benchmark run, a 1 GiB download took 11.7-13.4 s hashing each piece as it
// arrived and 10.8-12.1 s without (3 rounds each, alternating, on the real node). Each file is read
// to its end, whatever size was announced, so a size that differs is seen.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { READ_PIECE_BYTES, SMALL_FILE_BYTES, turnTaker } from './local-reading.ts';
import type { LocalFile } from './verification.ts';

export interface FileToHash {
  /** Its path in the transfer ('/'-separated, as the container's hashes name it). */
  readonly name: string;
  /** Where it is on this machine. */
  readonly localPath: string;
  /** The size it should have: small files are read in one synchronous step. */
  readonly size: number;
}

/** Every file's size and hash by its name; rejects with the first file that cannot be read. */
export async function hashLocalFiles(files: Iterable<FileToHash>, signal: AbortSignal): Promise<Map<string, LocalFile>> {
  const buffer = Buffer.allocUnsafe(READ_PIECE_BYTES);
  const turn = turnTaker();
  const hashes = new Map<string, LocalFile>();
  for (const file of files) {
    signal.throwIfAborted();
    const hash = createHash('sha256');
    let size = 0;
    if (file.size <= SMALL_FILE_BYTES) {
      await turn();
      const descriptor = openSync(file.localPath, 'r');
      try {
        for (;;) {
          const count = readSync(descriptor, buffer, 0, READ_PIECE_BYTES, size);
          if (count === 0) break;
          hash.update(buffer.subarray(0, count));
          size += count;
        }
      } finally {
        closeSync(descriptor);
      }
    } else {
      const handle = await open(file.localPath, 'r');
      try {
        for (;;) {
          signal.throwIfAborted();
          const { bytesRead } = await handle.read(buffer, 0, READ_PIECE_BYTES, size);
          if (bytesRead === 0) break;
          hash.update(buffer.subarray(0, bytesRead));
          size += bytesRead;
        }
      } finally {
        await handle.close();
      }
    }
    hashes.set(file.name, { size, sha256: hash.digest('hex') });
  }
  return hashes;
}
