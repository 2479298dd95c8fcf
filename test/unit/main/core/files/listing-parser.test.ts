// The listing parser on what the script printed on this machine's busybox (ash + busybox stat) and
// GNU (bash + coreutils stat) for a directory of odd names, and on output that breaks the format.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../../../../shared/bridge/file-listing.ts';
import { ListingFormatError, parseListing } from '../../../../../main/core/files/listing-parser.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

// The fixture directory: touch -- -n 'a b' "q'uote" 'é🙂' $'new\nline'; 'a b' holds "hello";
// ln -s /etc/passwd link; ln -s nowhere broken; mkdir dir .hidden; chmod 4755 dir; every mtime
// 2026-01-02T03:04:05Z.
const MTIME = Date.parse('2026-01-02T03:04:05Z');
const file = (name: string, size = 0): FileEntry => ({ name, kind: 'file', size, mode: 0o644, modifiedMs: MTIME, owner: 'root' });
const WITH_STAT: readonly FileEntry[] = [
  file('-n'),
  file('a b', 5),
  { name: 'broken', kind: 'symlink', linkTarget: 'nowhere', size: 7, mode: 0o777, modifiedMs: MTIME, owner: 'root' },
  { name: 'dir', kind: 'directory', size: 4096, mode: 0o4755, modifiedMs: MTIME, owner: 'root' },
  { name: 'link', kind: 'symlink', linkTarget: '/etc/passwd', size: 11, mode: 0o777, modifiedMs: MTIME, owner: 'root' },
  file('new\nline'),
  file("q'uote"),
  file('é🙂'),
  { name: '.hidden', kind: 'directory', size: 4096, mode: 0o755, modifiedMs: MTIME, owner: 'root' },
];

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseListing', () => {
  it.each(['listing-busybox.bin', 'listing-gnu.bin'])('lists every odd name of %s exactly, with its metadata', (name) => {
    expect(parseListing(fixture(name))).toEqual({ tool: 'stat', entries: WITH_STAT });
  });

  it('lists names and kinds where the container has no stat (nor readlink)', () => {
    expect(parseListing(fixture('listing-shell-only.bin'))).toEqual({
      tool: 'shell',
      entries: WITH_STAT.map(({ name, kind }) => ({ name, kind })),
    });
  });

  it('lists an empty directory as no entries', () => {
    expect(parseListing(bytes('porthole-list 1 stat\n'))).toEqual({ tool: 'stat', entries: [] });
  });

  it('shows the uid where the user has no name, and other kinds as other', () => {
    const output = bytes('porthole-list 1 stat\nnfifo\0nsock\0\x001180 0 10 1000 UNKNOWN\nc1ed 0 10 0 \n');
    expect(parseListing(output).entries).toEqual([
      { name: 'fifo', kind: 'other', size: 0, mode: 0o600, modifiedMs: 10_000, owner: '1000' },
      { name: 'sock', kind: 'other', size: 0, mode: 0o755, modifiedMs: 10_000, owner: '0' },
    ]);
  });

  it('keeps bytes that are not UTF-8 visible as U+FFFD', () => {
    const output = Buffer.concat([bytes('porthole-list 1 shell\nn'), Buffer.of(0x61, 0xff), bytes('\0\0- f\n')]);
    expect(parseListing(output).entries).toEqual([{ name: 'a\uFFFD', kind: 'file' }]);
  });

  it.each([
    ['another program answered', 'total 0\n', 'expected "porthole-list 1 stat"'],
    ['the output stops inside the names', 'porthole-list 1 stat\nna', 'the output ended inside a name record'],
    ['a metadata line is missing', 'porthole-list 1 stat\nna\0nb\0\x0081a4 0 1 0 root\n', 'the output ended inside the metadata line of "b"'],
    ['a metadata line is not stat\'s', 'porthole-list 1 stat\nna\0\0-rw-r--r-- 1 root\n', 'the metadata of "a" is not "mode size mtime uid user"'],
    ['a name record has no marker', 'porthole-list 1 stat\nxa\0\0', 'a name record starts with "n" or "l"'],
    ['a name holds a slash', 'porthole-list 1 stat\nna/b\0\0', '"a/b" is not a file name'],
    ['a shell kind is unknown', 'porthole-list 1 shell\nna\0\0- q\n', 'the kind of "a" is not "- d|f|l|o"'],
  ])('refuses output where %s', (_what, output, problem) => {
    expect(() => parseListing(bytes(output))).toThrow(ListingFormatError);
    expect(() => parseListing(bytes(output))).toThrow(problem);
  });
});
