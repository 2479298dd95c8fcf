// Unpacking onto the local disk: files with their bytes, modes and times, symlinks as links, hard
// links to earlier files, and the guard's refusal before anything of the entry is written.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHeader } from '../../../../../shared/tar/tar-header.ts';
import { TarReader } from '../../../../../shared/tar/tar-reader.ts';
import { archiveEnd, entryHeader, entryPadding } from '../../../../../shared/tar/tar-writer.ts';
import { DiskExtractor } from '../../../../../main/core/files/disk-extractor.ts';

const scratch = mkdtempSync(join(tmpdir(), 'porthole-extractor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function extract(name: string, archive: Uint8Array, syncWriteLimitMs?: number): Promise<{ root: string; extractor: DiskExtractor; bytes: number; files: number; error: unknown }> {
  const root = join(scratch, name);
  let bytes = 0;
  let files = 0;
  const extractor = new DiskExtractor({ root, progress: (count) => (bytes += count), fileDone: () => files++, backpressure: () => undefined, ...(syncWriteLimitMs === undefined ? {} : { syncWriteLimitMs }) });
  const reader = new TarReader(extractor);
  let error: unknown = null;
  try {
    for (let at = 0; at < archive.length; at += 1000) reader.push(archive.subarray(at, at + 1000));
    reader.end();
  } catch (thrown) {
    error = thrown;
  }
  if (error === null) await extractor.finish().catch((thrown: unknown) => (error = thrown));
  else await extractor.settle();
  return { root, extractor, bytes, files, error };
}

const file = (name: string, data: Uint8Array, mode = 0o644): Uint8Array[] => [entryHeader({ name, type: 'file', mode, size: data.length, mtime: 1_650_000_000 }), data, entryPadding(data.length)];

describe('DiskExtractor', () => {
  it('writes files with their bytes, modes and times, symlinks as links, hard links to earlier files, and lists each file with its size and place', async () => {
    // Bytes that differ from batch to batch: a write buffer reused too early would show.
    const big = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, index) => (index * 7 + (index >> 19)) & 0xff));
    const archive = Buffer.concat([
      entryHeader({ name: 'item/', type: 'directory', mode: 0o750, size: 0, mtime: 1_650_000_000 }),
      ...file('item/new\nline ü.txt', Buffer.from('odd name'), 0o600),
      ...file('item/sub/big.bin', big, 0o755),
      entryHeader({ name: 'item/link', type: 'symlink', mode: 0o777, size: 0, mtime: 1_650_000_000, linkname: 'sub/big.bin' }),
      encodeHeader({ name: 'item/hard', mode: 0o644, size: 0, mtime: 0, typeFlag: '1', linkname: 'item/sub/big.bin' }),
      archiveEnd(),
    ]);
    const { root, extractor, bytes, files } = await extract('good', archive);
    expect(readFileSync(join(root, 'item', 'new\nline ü.txt'), 'utf8')).toBe('odd name');
    expect(lstatSync(join(root, 'item', 'new\nline ü.txt')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(root, 'item', 'new\nline ü.txt')).mtimeMs).toBe(1_650_000_000_000);
    expect(readFileSync(join(root, 'item', 'sub', 'big.bin')).equals(big)).toBe(true);
    expect(lstatSync(join(root, 'item', 'sub', 'big.bin')).mtimeMs).toBe(1_650_000_000_000);
    expect(readlinkSync(join(root, 'item', 'link'))).toBe('sub/big.bin');
    expect(lstatSync(join(root, 'item', 'hard')).ino).toBe(lstatSync(join(root, 'item', 'sub', 'big.bin')).ino);
    expect(lstatSync(join(root, 'item')).mode & 0o777).toBe(0o750);
    expect(extractor.files.get('item/sub/big.bin')).toEqual({ size: big.length, path: join(root, 'item', 'sub', 'big.bin') });
    expect({ bytes, files }).toEqual({ bytes: big.length + 8, files: 2 });
  });

  it("writes a large file's batches synchronously while the disk keeps up, and through the thread pool after one write took too long", async () => {
    const big = Buffer.from(Array.from({ length: 2 * 1024 * 1024 + 3 }, (_, index) => (index * 13 + (index >> 17)) & 0xff));
    const archive = Buffer.concat([...file('big.bin', big), archiveEnd()]);
    const patient = await extract('sync-writes', archive, 60_000);
    expect(patient.extractor.synchronousWrites).toBe(true);
    expect(readFileSync(join(patient.root, 'big.bin')).equals(big)).toBe(true);
    // Every write "too slow": the first is synchronous, the other four batches go through the pool.
    const hurried = await extract('pool-writes', archive, -1);
    expect(hurried.extractor.synchronousWrites).toBe(false);
    expect(readFileSync(join(hurried.root, 'big.bin')).equals(big)).toBe(true);
    expect(hurried.bytes).toBe(big.length);
  });

  it('writes many small files into directories the archive never names, each parent made once', async () => {
    const names = ['deep/a/one', 'deep/a/two', 'deep/b/three', 'deep/a/four'];
    const archive = Buffer.concat([...names.flatMap((name) => file(name, Buffer.from(name), 0o640)), archiveEnd()]);
    const { root, files, bytes } = await extract('small', archive);
    for (const name of names) {
      expect(readFileSync(join(root, name), 'utf8')).toBe(name);
      expect(lstatSync(join(root, name)).mode & 0o777).toBe(0o640);
    }
    expect({ files, bytes }).toEqual({ files: 4, bytes: names.join('').length });
  });

  it("gives every small file its own mode, bits the umask would take included (a file created with its mode is chmod'ed only when it must be)", async () => {
    // Under the usual umask 022, group and others' write bits are taken at creation and the setuid
    // bit is not a permission bit: 0o666, 0o777, 0o4755 and 0o664 need their chmod, 0o600 and 0o644
    // do not (the first file, 0o640, gets one anyway: it is created with every bit, to learn the umask).
    const modes = [0o640, 0o666, 0o600, 0o777, 0o4755, 0o664, 0o644];
    const archive = Buffer.concat([...modes.flatMap((mode, index) => file(`modes/f${index}`, Buffer.from(`mode ${mode.toString(8)}`), mode)), archiveEnd()]);
    const { root, files } = await extract('modes', archive);
    expect(files).toBe(modes.length);
    expect(modes.map((_, index) => lstatSync(join(root, 'modes', `f${index}`)).mode & 0o7777)).toEqual(modes);
    expect(readFileSync(join(root, 'modes', 'f4'), 'utf8')).toBe('mode 4755');
  });

  it('refuses an entry through a symlink of the same archive before writing anything of it', async () => {
    const archive = Buffer.concat([
      entryHeader({ name: 'item/link', type: 'symlink', mode: 0o777, size: 0, mtime: 0, linkname: '.' }),
      ...file('item/link/evil', Buffer.from('owned')),
      archiveEnd(),
    ]);
    const { root, error } = await extract('through-link', archive);
    expect(String(error)).toContain('Refused the archive entry "item/link/evil": it would be written through the symlink "item/link"');
    expect(readdirSync(join(root, 'item'))).toEqual(['link']);
  });

  it('never writes through a file or link already there (exclusive create)', async () => {
    const archive = Buffer.concat([...file('item/a', Buffer.from('one')), ...file('item/a', Buffer.from('two')), archiveEnd()]);
    const { error, root } = await extract('twice', archive);
    expect(error).toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(root, 'item', 'a'), 'utf8')).toBe('one');
  });
});

describe('DiskExtractor and the event loop', () => {
  const smallFiles = (count: number, prefix: string): Uint8Array =>
    Buffer.concat([...Array.from({ length: count }, (_, index) => file(`${prefix}/f${index}`, Buffer.from(`file ${index}\n`))).flat(), archiveEnd()]);

  it('asks for reading to stop when many small files wait for the disk, not only many bytes', async () => {
    // A root under a file: the first write fails and the rest of the queue drains without touching
    // the disk, so this weighs the queue, not the disk's speed.
    const blocker = join(scratch, 'not-a-directory');
    writeFileSync(blocker, '');
    const asked: boolean[] = [];
    const extractor = new DiskExtractor({ root: join(blocker, 'root'), progress: () => undefined, fileDone: () => undefined, backpressure: (paused) => asked.push(paused) });
    // All at once, the disk given no turn: 9,000 files of 10 bytes are 90 KB of data but 9,000 entries, far over 2,048.
    const reader = new TarReader(extractor);
    reader.push(smallFiles(9000, 'many'));
    reader.end();
    expect(asked).toEqual([true]);
    await expect(extractor.finish()).rejects.toThrow(/ENOTDIR/);
    expect(asked).toEqual([true, false]);
  });

  it('gives the event loop back while it writes thousands of small files', async () => {
    const root = join(scratch, 'sliced');
    let filesWhenLoopRan = -1;
    let files = 0;
    const extractor = new DiskExtractor({ root, progress: () => undefined, fileDone: () => files++, backpressure: () => undefined });
    setImmediate(() => (filesWhenLoopRan = files));
    const reader = new TarReader(extractor);
    reader.push(smallFiles(1500, 'sliced'));
    reader.end();
    await extractor.finish();
    expect(files).toBe(1500);
    // The loop had its turn before the queue was done (1,500 files take well over one slice).
    expect(filesWhenLoopRan).toBeGreaterThanOrEqual(0);
    expect(filesWhenLoopRan).toBeLessThan(1500);
  }, 30_000);
});
