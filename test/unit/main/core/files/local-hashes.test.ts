// Hashing files of this machine after a transfer: small files read in one step and large ones in
// pieces give the same hashes as hashing the bytes whole; each file is read to its end whatever
// size was announced; a missing file and an abort reject.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashLocalFiles } from '../../../../../main/core/files/local-hashes.ts';
import { READ_PIECE_BYTES, SMALL_FILE_BYTES } from '../../../../../main/core/files/local-reading.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function files(contents: Record<string, Uint8Array>): void {
  root = mkdtempSync(join(tmpdir(), 'local-hashes-'));
  for (const [name, bytes] of Object.entries(contents)) writeFileSync(join(root, name), bytes);
}

describe('hashLocalFiles', () => {
  it('hashes small files and files of several pieces as their whole bytes', async () => {
    // Bytes that differ from piece to piece: a piece hashed twice or skipped would show.
    const big = Buffer.from(Array.from({ length: 2 * READ_PIECE_BYTES + 77 }, (_, index) => (index * 11 + (index >> 20)) & 0xff));
    const small = Buffer.from('a small file\n');
    files({ big, small, empty: Buffer.alloc(0) });
    const hashes = await hashLocalFiles(
      [
        { name: 'dir/big.bin', localPath: join(root, 'big'), size: big.length },
        { name: 'dir/small.txt', localPath: join(root, 'small'), size: small.length },
        { name: 'dir/empty', localPath: join(root, 'empty'), size: 0 },
      ],
      new AbortController().signal,
    );
    expect(Object.fromEntries(hashes)).toEqual({
      'dir/big.bin': { size: big.length, sha256: sha(big) },
      'dir/small.txt': { size: small.length, sha256: sha(small) },
      'dir/empty': { size: 0, sha256: sha(new Uint8Array()) },
    });
  });

  it('reads each file to its end, whatever size was announced, so a grown file shows', async () => {
    const grown = Buffer.alloc(SMALL_FILE_BYTES + 10, 7);
    files({ grown });
    // Announced small: the one-step reading still reads past the first piece's worth.
    const hashes = await hashLocalFiles([{ name: 'grown', localPath: join(root, 'grown'), size: 10 }], new AbortController().signal);
    expect(hashes.get('grown')).toEqual({ size: grown.length, sha256: sha(grown) });
  });

  it('rejects with the file that cannot be read, and on an abort', async () => {
    files({ here: Buffer.from('x') });
    await expect(hashLocalFiles([{ name: 'gone', localPath: join(root, 'gone'), size: 1 }], new AbortController().signal)).rejects.toThrow(/ENOENT.*gone/);
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await expect(hashLocalFiles([{ name: 'here', localPath: join(root, 'here'), size: 1 }], abort.signal)).rejects.toThrow('cancelled');
  });
});
