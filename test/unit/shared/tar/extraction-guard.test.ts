// The kubectl cp CVEs as archive entries: "../" (CVE-2018-1002100), absolute paths, a symlink that
// points out and a file then written through it (CVE-2019-1002101, CVE-2019-11246). Each is refused
// with the entry named; what stays inside passes.
import { describe, expect, it } from 'vitest';
import { ExtractionGuard, entryComponents, linkStaysInside, type GuardedEntry } from '../../../../shared/tar/extraction-guard.ts';

const file = (name: string): GuardedEntry => ({ name, type: 'file', linkname: '' });
const symlink = (name: string, linkname: string): GuardedEntry => ({ name, type: 'symlink', linkname });

describe('ExtractionGuard', () => {
  it.each([
    ['../evil', 'its ".." would land outside'],
    ['a/../../evil', 'its ".." would land outside'],
    ['a/b/../c', 'its ".." would land outside'],
    ['/etc/passwd', 'it is an absolute path'],
  ])('refuses %j, naming it', (name, why) => {
    expect(() => new ExtractionGuard().check(file(name))).toThrow(`Refused the archive entry ${JSON.stringify(name)}: ${why}`);
  });

  it.each([
    ['/etc', 'dir/link'],
    ['../outside', 'link'],
    ['a/../../../outside', 'dir/link'],
    ['../../..', 'dir/sub/link'],
  ])('refuses a symlink to %j at %j, which points out', (target, name) => {
    expect(() => new ExtractionGuard().check(symlink(name, target))).toThrow(`it is a symlink to ${JSON.stringify(target)}, outside the chosen directory`);
  });

  it('refuses a file written through a symlink the archive made, even one pointing inside', () => {
    const guard = new ExtractionGuard();
    guard.check(symlink('dir/link', '../other'));
    expect(() => guard.check(file('dir/link/passwd'))).toThrow('Refused the archive entry "dir/link/passwd": it would be written through the symlink "dir/link" made by the same archive');
    expect(() => guard.check(file('dir/link'))).toThrow('would replace the symlink "dir/link"');
  });

  it('refuses a hard link to a path outside', () => {
    expect(() => new ExtractionGuard().check({ name: 'h', type: 'hardlink', linkname: '../../etc/shadow' })).toThrow(
      'Refused the archive entry "h": it is a hard link to "../../etc/shadow", outside the chosen directory',
    );
  });

  it('passes what stays inside: "./" prefixes, links to siblings, hard links to earlier files', () => {
    const guard = new ExtractionGuard();
    expect(guard.check(file('./dir/a b/ü.txt')).components).toEqual(['dir', 'a b', 'ü.txt']);
    expect(guard.check(symlink('dir/sub/link', '../a b/ü.txt')).components).toEqual(['dir', 'sub', 'link']);
    expect(guard.check({ name: 'dir/hard', type: 'hardlink', linkname: 'dir/a b/ü.txt' }).target).toEqual(['dir', 'a b', 'ü.txt']);
    expect(guard.check(file('./')).components).toEqual([]);
  });
});

describe('path helpers', () => {
  it('keeps names with dots that are not "..", spaces and newlines', () => {
    expect(entryComponents('a/..b/c..\n')).toEqual(['a', '..b', 'c..\n']);
  });

  it('resolves a link against its own directory', () => {
    expect(linkStaysInside(['a', 'b', 'link'], '../../x')).toBe(true);
    expect(linkStaysInside(['a', 'b', 'link'], '../../../x')).toBe(false);
    expect(linkStaysInside(['link'], '.')).toBe(true);
  });
});
