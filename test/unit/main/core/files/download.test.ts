import { describe, expect, it } from 'vitest';
import type { TarEntry, TarSink } from '../../../../../shared/tar/tar-reader.ts';
import { announcingTotals, isTheFile, remoteName, splitRemotePath } from '../../../../../main/core/files/download.ts';
import { ProgressMeter } from '../../../../../main/core/files/progress-meter.ts';

const entry = (name: string, type: TarEntry['type'] = 'file', size = 10): TarEntry => ({ name, type, mode: 0o644, size, mtime: 0, linkname: '' });

describe("a remote path's name and parent", () => {
  it('takes the last part, trailing slashes ignored', () => {
    expect(remoteName('/var/log/')).toBe('log');
    expect(remoteName('/tmp/a b.txt')).toBe('a b.txt');
    expect(remoteName('relative')).toBe('relative');
    expect(remoteName('/')).toBe('');
    expect(splitRemotePath('/var/log//')).toEqual({ parent: '/var', name: 'log' });
  });

  it('refuses a path with nothing to download', () => {
    for (const path of ['/', '', '/tmp/..', '.']) expect(() => splitRemotePath(path)).toThrow('Nothing to download');
  });
});

describe('isTheFile (is a download one regular file?)', () => {
  it('knows the item itself, however tar wrote its name', () => {
    expect(isTheFile(entry('./a b.txt'), 'a b.txt')).toBe(true);
    expect(isTheFile(entry('a b.txt'), 'a b.txt')).toBe(true);
    expect(isTheFile(entry('.//a b.txt'), 'a b.txt')).toBe(true);
  });

  it('is false for a directory, a link, or anything below or beside the item', () => {
    expect(isTheFile(entry('./logs/', 'directory', 0), 'logs')).toBe(false);
    expect(isTheFile(entry('./a', 'symlink', 0), 'a')).toBe(false);
    expect(isTheFile(entry('./logs/a.txt'), 'logs')).toBe(false);
    expect(isTheFile(entry('./other.txt'), 'a.txt')).toBe(false);
  });
});

describe('announcingTotals', () => {
  function run(entries: readonly TarEntry[], name: string): { progress: ReturnType<ProgressMeter['snapshot']>; seen: string[] } {
    const meter = new ProgressMeter();
    const seen: string[] = [];
    const sink: TarSink = { entry: (e) => seen.push(`entry ${e.name}`), data: (bytes) => seen.push(`data ${bytes.length}`), entryEnd: (e) => seen.push(`end ${e.name}`) };
    const announcing = announcingTotals(sink, name, meter);
    for (const e of entries) {
      announcing.entry(e);
      announcing.data(new Uint8Array(e.size));
      announcing.entryEnd(e);
    }
    return { progress: meter.snapshot(), seen };
  }

  it('gives the meter the whole when the archive is the one file, and passes everything on unchanged', () => {
    const { progress, seen } = run([entry('./big.bin', 'file', 1234)], 'big.bin');
    expect(progress).toMatchObject({ bytesTotal: 1234, filesTotal: 1 });
    expect(seen).toEqual(['entry ./big.bin', 'data 1234', 'end ./big.bin']);
  });

  it('leaves the whole unknown for a directory, even when a file of the same name comes later', () => {
    const { progress } = run([entry('./logs/', 'directory', 0), entry('./logs', 'file', 5)], 'logs');
    expect(progress).toMatchObject({ bytesTotal: null, filesTotal: null });
  });
});
