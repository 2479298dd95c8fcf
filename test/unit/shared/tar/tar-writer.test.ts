// The writer's archives as the machine's GNU tar reads them: odd and long names (PAX), symlinks,
// modes and times, byte for byte.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK } from '../../../../shared/tar/tar-header.ts';
import { archiveEnd, entryHeader, entryPadding, type WriterEntry } from '../../../../shared/tar/tar-writer.ts';

const scratch = mkdtempSync(join(tmpdir(), 'porthole-tar-writer-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function archive(entries: readonly (WriterEntry & { data?: Uint8Array })[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(entryHeader(entry));
    if (entry.data !== undefined) parts.push(entry.data, entryPadding(entry.data.length));
  }
  parts.push(archiveEnd());
  return Buffer.concat(parts);
}

describe('tar writer', () => {
  const names = ['plain.txt', 'with space.txt', 'new\nline', 'tab\there', 'ünïcödé ☃ 日本語.txt', 'x'.repeat(240), '-starts-with-dash'];

  it('writes archives GNU tar extracts byte for byte, with names, links, modes and times', () => {
    const entries: (WriterEntry & { data?: Uint8Array })[] = [{ name: 'tree/', type: 'directory', mode: 0o750, size: 0, mtime: 1_600_000_000 }];
    names.forEach((name, index) => {
      const data = Buffer.alloc(index * 700 + 1, index + 1);
      entries.push({ name: `tree/${name}`, type: 'file', mode: 0o600 + index, size: data.length, mtime: 1_600_000_000 + index, data });
    });
    entries.push({ name: 'tree/link ☃', type: 'symlink', mode: 0o777, size: 0, mtime: 1_600_000_000, linkname: `${'y'.repeat(120)}/ünïcödé` });
    const target = join(scratch, 'out');
    mkdirSync(target);
    execFileSync('tar', ['xf', '-', '-C', target], { input: archive(entries) });
    names.forEach((name, index) => {
      const path = join(target, 'tree', name);
      expect(readFileSync(path).equals(Buffer.alloc(index * 700 + 1, index + 1)), name).toBe(true);
      expect(lstatSync(path).mode & 0o777, name).toBe(0o600 + index);
      expect(lstatSync(path).mtimeMs, name).toBe((1_600_000_000 + index) * 1000);
    });
    expect(readlinkSync(join(target, 'tree', 'link ☃'))).toBe(`${'y'.repeat(120)}/ünïcödé`);
    expect(lstatSync(join(target, 'tree')).mode & 0o777).toBe(0o750);
  });

  it('writes a PAX header only where ustar cannot hold the entry', () => {
    expect(entryHeader({ name: 'short.txt', type: 'file', mode: 0o644, size: 3, mtime: 0 })).toHaveLength(BLOCK);
    expect(entryHeader({ name: 'ü.txt', type: 'file', mode: 0o644, size: 3, mtime: 0 }).length).toBeGreaterThan(BLOCK);
    expect(entryHeader({ name: 'big', type: 'file', mode: 0o644, size: 9 * 1024 ** 3, mtime: 0 }).length).toBeGreaterThan(BLOCK);
  });

  it('announces a file larger than 8 GiB in a PAX size GNU tar reads', () => {
    const header = entryHeader({ name: 'huge.bin', type: 'file', mode: 0o644, size: 9 * 1024 ** 3, mtime: 0 });
    // tar lists the header before it reads the (absent) data and complains only then.
    const listing = execFileSync('sh', ['-c', 'tar tvf - 2>/dev/null || true'], { input: header }).toString();
    expect(listing).toContain(String(9 * 1024 ** 3));
  });
});
