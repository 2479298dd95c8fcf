// Local files as an upload's entries and bytes: a tree walked in name order with its links and
// modes, every file's bytes fed in order (small ones in one piece, large ones in pieces of one
// reused buffer), and a file that shrank after the walk named.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SynchronousWhileFast } from '../../../../../main/core/files/synchronous-while-fast.ts';
import { feedLocalFiles, localEntries } from '../../../../../main/core/files/upload-sources.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(): { big: Buffer; small: Buffer } {
  root = mkdtempSync(join(tmpdir(), 'upload-sources-'));
  const big = Buffer.from(Array.from({ length: 2_500_000 }, (_, index) => (index * 13 + (index >> 16)) & 0xff));
  const small = Buffer.from('small file\n');
  mkdirSync(join(root, 'top', 'sub'), { recursive: true });
  writeFileSync(join(root, 'top', 'sub', 'big.bin'), big);
  writeFileSync(join(root, 'top', 'a.txt'), small);
  chmodSync(join(root, 'top', 'a.txt'), 0o640);
  writeFileSync(join(root, 'top', 'empty'), '');
  symlinkSync('a.txt', join(root, 'top', 'link'));
  return { big, small };
}

describe('localEntries and feedLocalFiles', () => {
  it('walks a tree in name order and feeds every file whole, whatever the reused buffer held before', async () => {
    const { big, small } = tree();
    const entries = await localEntries([join(root, 'top')]);
    expect(entries.map((entry) => [entry.name, entry.type, entry.size])).toEqual([
      ['top', 'directory', 0],
      ['top/a.txt', 'file', small.length],
      ['top/empty', 'file', 0],
      ['top/link', 'symlink', 0],
      ['top/sub', 'directory', 0],
      ['top/sub/big.bin', 'file', big.length],
    ]);
    expect(entries[1]?.mode).toBe(0o640);
    expect(entries[3]?.linkname).toBe('a.txt');
    const fed: Buffer[] = [];
    await feedLocalFiles(entries, async (bytes) => void fed.push(Buffer.from(bytes)), new AbortController().signal);
    expect(Buffer.compare(Buffer.concat(fed), Buffer.concat([small, big]))).toBe(0);
    expect(fed[0]).toEqual(small);
  });

  it("reads a large file's pieces synchronously while the disk keeps up, and through the thread pool after one read took too long", async () => {
    const { big, small } = tree();
    const entries = await localEntries([join(root, 'top')]);
    for (const limitMs of [60_000, -1]) {
      const reads = new SynchronousWhileFast(limitMs);
      const fed: Buffer[] = [];
      await feedLocalFiles(entries, async (bytes) => void fed.push(Buffer.from(bytes)), new AbortController().signal, reads);
      // 2.5 MB in 1 MiB pieces: three reads, the last two through the pool when every read is "too slow".
      expect(reads.synchronous).toBe(limitMs > 0);
      expect(Buffer.compare(Buffer.concat(fed), Buffer.concat([small, big]))).toBe(0);
    }
  });

  it('names a file that shrank after the walk, small or large', async () => {
    tree();
    const entries = await localEntries([join(root, 'top')]);
    const ignore = async (): Promise<void> => undefined;
    truncateSync(join(root, 'top', 'a.txt'), 3);
    await expect(feedLocalFiles(entries, ignore, new AbortController().signal)).rejects.toThrow(`${join(root, 'top', 'a.txt')} shrank from 11 to 3 bytes`);
    writeFileSync(join(root, 'top', 'a.txt'), 'small file\n');
    truncateSync(join(root, 'top', 'sub', 'big.bin'), 1_500_000);
    await expect(feedLocalFiles(entries, ignore, new AbortController().signal)).rejects.toThrow('shrank from 2500000 to 1500000 bytes');
  });

  it('stops at an abort', async () => {
    tree();
    const entries = await localEntries([join(root, 'top')]);
    const abort = new AbortController();
    abort.abort(new Error('cancelled'));
    await expect(feedLocalFiles(entries, async () => undefined, abort.signal)).rejects.toThrow('cancelled');
  });
});
