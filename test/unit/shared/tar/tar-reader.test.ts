// The streaming reader against archives made by the writer, by hand and by the machine's GNU tar,
// fed in pieces of every size: entries, data, long and Unicode names, and the specific errors of
// malformed streams.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK, TarError, encodeHeader } from '../../../../shared/tar/tar-header.ts';
import { TarReader, type TarEntry } from '../../../../shared/tar/tar-reader.ts';
import { archiveEnd, entryHeader, entryPadding, type WriterEntry } from '../../../../shared/tar/tar-writer.ts';

interface ReadEntry {
  readonly entry: TarEntry;
  readonly data: Buffer;
}

function read(archive: Uint8Array, pieceSize = archive.length): ReadEntry[] {
  const out: { entry: TarEntry; parts: Buffer[] }[] = [];
  const reader = new TarReader({
    entry: (entry) => out.push({ entry, parts: [] }),
    data: (bytes) => out.at(-1)?.parts.push(Buffer.from(bytes)),
    entryEnd: () => undefined,
  });
  for (let at = 0; at < archive.length; at += pieceSize) reader.push(archive.subarray(at, at + pieceSize));
  reader.end();
  return out.map(({ entry, parts }) => ({ entry, data: Buffer.concat(parts) }));
}

function archive(entries: readonly (WriterEntry & { data?: Uint8Array })[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(entryHeader(entry));
    if (entry.data !== undefined) parts.push(entry.data, entryPadding(entry.data.length));
  }
  parts.push(archiveEnd());
  return Buffer.concat(parts);
}

const file = (name: string, text: string, mode = 0o644): WriterEntry & { data: Uint8Array } => {
  const data = Buffer.from(text);
  return { name, type: 'file', mode, size: data.length, mtime: 1_700_000_000, data };
};

const scratch = mkdtempSync(join(tmpdir(), 'porthole-tar-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('TarReader', () => {
  const odd = ['plain.txt', 'with space.txt', 'new\nline', 'ünïcödé ☃ 日本語.txt', `${'long-directory-name/'.repeat(12)}deep file.txt`];

  it.each([1, 7, 511, 512, 513, 4096])('reads files, directories and symlinks fed %i bytes at a time', (pieceSize) => {
    const bytes = archive([
      { name: 'dir/', type: 'directory', mode: 0o755, size: 0, mtime: 1_700_000_000 },
      ...odd.map((name, index) => file(`dir/${name}`, `content ${index}\n`.repeat(index * 100), 0o600 + index)),
      { name: 'dir/link', type: 'symlink', mode: 0o777, size: 0, mtime: 1_700_000_000, linkname: 'ünïcödé ☃ 日本語.txt' },
    ]);
    const entries = read(bytes, pieceSize);
    expect(entries.map(({ entry }) => entry.name)).toEqual(['dir/', ...odd.map((name) => `dir/${name}`), 'dir/link']);
    odd.forEach((_, index) => {
      const entry = entries[index + 1];
      expect(entry?.data.toString()).toBe(`content ${index}\n`.repeat(index * 100));
      expect(entry?.entry.mode).toBe(0o600 + index);
    });
    expect(entries.at(-1)?.entry).toMatchObject({ type: 'symlink', linkname: 'ünïcödé ☃ 日本語.txt' });
    expect(entries[0]?.entry).toMatchObject({ type: 'directory', mode: 0o755, mtime: 1_700_000_000 });
  });

  it("reads GNU tar's own archive: long names (GNU 'L' headers), Unicode, symlinks, hard links", () => {
    const root = join(scratch, 'gnu');
    mkdirSync(join(root, 'tree', 'sub'), { recursive: true });
    for (const name of odd.slice(0, 4)) writeFileSync(join(root, 'tree', name), `gnu ${name}`);
    const long = 'x'.repeat(150);
    writeFileSync(join(root, 'tree', 'sub', long), 'long one');
    symlinkSync('../plain.txt', join(root, 'tree', 'sub', 'link'));
    execFileSync('ln', [join(root, 'tree', 'plain.txt'), join(root, 'tree', 'hard')]);
    for (const format of ['gnu', 'posix', 'ustar']) {
      if (format === 'ustar') rmSync(join(root, 'tree', 'sub', long));
      const bytes = execFileSync('tar', ['cf', '-', `--format=${format}`, '--sort=name', '-C', root, 'tree']);
      const entries = read(bytes, 1000);
      const byName = new Map(entries.map((item) => [item.entry.name.replace(/\/$/, ''), item]));
      expect(byName.get('tree/ünïcödé ☃ 日本語.txt')?.data.toString(), format).toBe('gnu ünïcödé ☃ 日本語.txt');
      expect(byName.get('tree/new\nline')?.data.toString(), format).toBe('gnu new\nline');
      expect(byName.get('tree/sub/link')?.entry, format).toMatchObject({ type: 'symlink', linkname: '../plain.txt' });
      // Sorted by name, "hard" comes first and holds the data; "plain.txt" links to it.
      expect(byName.get('tree/hard')?.data.toString(), format).toBe('gnu plain.txt');
      expect(byName.get('tree/plain.txt')?.entry, format).toMatchObject({ type: 'hardlink', linkname: 'tree/hard' });
      if (format !== 'ustar') expect(byName.get(`tree/sub/${long}`)?.data.toString(), format).toBe('long one');
    }
  });

  it('reads a PAX size and path over the header fields', () => {
    const data = Buffer.from('pax sized');
    const bytes = archive([{ ...file('ü'.repeat(120), 'pax sized'), data }]);
    expect(read(bytes)[0]?.entry.name).toBe('ü'.repeat(120));
  });

  it('refuses a header whose checksum is wrong, saying where', () => {
    const bytes = archive([file('a.txt', 'hello')]);
    bytes[BLOCK + 0] = 0x41; // the data block is fine to change; the header is not:
    bytes[0] = 0x62;
    expect(() => read(bytes)).toThrow(/Bad tar header checksum at byte 0/);
  });

  it('refuses a stream cut off inside a file, naming the file and what is missing', () => {
    const bytes = archive([file('big.bin', 'x'.repeat(2000))]);
    expect(() => read(bytes.subarray(0, BLOCK + 1000))).toThrow(new TarError('The tar stream was cut off inside the data of "big.bin" (1000 bytes missing)'));
  });

  it('refuses a stream cut off inside a header', () => {
    const bytes = archive([file('a', 'x'), file('b', 'y')]);
    expect(() => read(bytes.subarray(0, 2 * BLOCK + 100))).toThrow(/cut off after "a"/);
  });

  it('accepts a stream that ends between entries without the end blocks (some tars omit them)', () => {
    const bytes = archive([file('a', 'x')]);
    expect(read(bytes.subarray(0, 2 * BLOCK)).map((entry) => entry.entry.name)).toEqual(['a']);
  });

  it('refuses devices and FIFOs by name', () => {
    const header = encodeHeader({ name: 'dev/null', mode: 0o666, size: 0, mtime: 0, typeFlag: '3', linkname: '' });
    expect(() => read(Buffer.concat([header, archiveEnd()]))).toThrow('The archive entry "dev/null" is a character device, which cannot be transferred');
  });

  it('refuses a size field that is not octal', () => {
    const header = encodeHeader({ name: 'a', mode: 0o644, size: 0, mtime: 0, typeFlag: '0', linkname: '' });
    header.set(Buffer.from('12z4\0'), 124);
    // Recompute the checksum so the size is what fails.
    header.fill(0x20, 148, 156);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    expect(() => read(Buffer.concat([header, archiveEnd()]))).toThrow(`The header's size is not an octal number: "12z4"`);
  });

  it('refuses a malformed PAX record', () => {
    const pax = encodeHeader({ name: 'PaxHeaders/x', mode: 0o644, size: 12, mtime: 0, typeFlag: 'x', linkname: '' });
    const data = Buffer.alloc(BLOCK);
    data.write('99 path=abc\n');
    expect(() => read(Buffer.concat([pax, data, archiveEnd()]))).toThrow(/Malformed PAX record at byte 0/);
  });
});
