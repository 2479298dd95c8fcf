import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../../../shared/bridge/file-listing.ts';
import {
  breadcrumbs,
  browserActionFor,
  childPath,
  displayName,
  modeText,
  modifiedText,
  newNameProblem,
  nextSort,
  parentPath,
  sizeText,
  sortEntries,
} from '../../../../renderer/src/app/file-browser.ts';

const file = (name: string, extra: Partial<FileEntry> = {}): FileEntry => ({ name, kind: 'file', ...extra });

describe('paths', () => {
  it('goes up to the root and no further', () => {
    expect(parentPath('/var/log')).toBe('/var');
    expect(parentPath('/var')).toBe('/');
    expect(parentPath('/')).toBeNull();
  });

  it('joins a name to a directory, the root included', () => {
    expect(childPath('/', 'etc')).toBe('/etc');
    expect(childPath('/var', 'a b')).toBe('/var/a b');
  });

  it('makes a breadcrumb whose parts open their own path', () => {
    expect(breadcrumbs('/')).toEqual([{ label: '/', path: '/' }]);
    expect(breadcrumbs('/var/log')).toEqual([
      { label: '/', path: '/' },
      { label: 'var', path: '/var' },
      { label: 'log', path: '/var/log' },
    ]);
  });

  it('takes a name for a new folder, never a path', () => {
    expect(newNameProblem('new folder 🙂')).toBeNull();
    expect(newNameProblem('')).toBe('Type a name.');
    expect(newNameProblem('..')).toBe('".." is not a name a folder can have.');
    expect(newNameProblem('a/b')).toBe('A name cannot contain "/".');
  });
});

describe('sortEntries', () => {
  const entries = [
    file('b10', { size: 5, modifiedMs: 3 }),
    file('B2', { size: 50, modifiedMs: 1 }),
    { name: 'zdir', kind: 'directory', size: 4096 } as FileEntry,
    file('a', { size: 500, modifiedMs: 2 }),
  ];

  it('lists folders first, then names in natural order, case aside', () => {
    expect(sortEntries(entries, { key: 'name', descending: false }).map((entry) => entry.name)).toEqual(['zdir', 'a', 'B2', 'b10']);
    expect(sortEntries(entries, { key: 'name', descending: true }).map((entry) => entry.name)).toEqual(['zdir', 'b10', 'B2', 'a']);
  });

  it('sorts by size and by modification time', () => {
    expect(sortEntries(entries, { key: 'size', descending: true }).map((entry) => entry.name)).toEqual(['zdir', 'a', 'B2', 'b10']);
    expect(sortEntries(entries, { key: 'modified', descending: false }).map((entry) => entry.name)).toEqual(['zdir', 'B2', 'a', 'b10']);
  });

  it('turns the order round on a second click of the same column', () => {
    expect(nextSort({ key: 'name', descending: false }, 'name')).toEqual({ key: 'name', descending: true });
    expect(nextSort({ key: 'name', descending: true }, 'size')).toEqual({ key: 'size', descending: false });
  });
});

describe('column texts', () => {
  it('writes sizes for humans, and none for folders or unknown sizes', () => {
    expect(sizeText(file('a', { size: 512 }))).toBe('512 B');
    expect(sizeText(file('a', { size: 1536 }))).toBe('1.5 KiB');
    expect(sizeText(file('a', { size: 300 * 1024 * 1024 }))).toBe('300.0 MiB');
    expect(sizeText(file('a', { size: 2 ** 30 }))).toBe('1.0 GiB');
    expect(sizeText({ name: 'd', kind: 'directory', size: 4096 })).toBe('');
    expect(sizeText(file('a'))).toBe('');
  });

  it('writes modes as ls does, set-id and sticky bits included', () => {
    expect(modeText({ name: 'd', kind: 'directory', mode: 0o755 })).toBe('drwxr-xr-x');
    expect(modeText(file('a', { mode: 0o644 }))).toBe('-rw-r--r--');
    expect(modeText(file('a', { mode: 0o4755 }))).toBe('-rwsr-xr-x');
    expect(modeText(file('a', { mode: 0o2644 }))).toBe('-rw-r-Sr--');
    expect(modeText({ name: 't', kind: 'directory', mode: 0o1777 })).toBe('drwxrwxrwt');
    expect(modeText({ name: 'l', kind: 'symlink', mode: 0o777 })).toBe('lrwxrwxrwx');
    expect(modeText(file('a'))).toBe('');
  });

  it('writes the modification time in local time, to the minute', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(modifiedText(file('a', { modifiedMs: ms }))).toBe('2026-01-02 03:04');
    expect(modifiedText(file('a'))).toBe('');
  });

  it('shows a newline and other control characters in a name as visible marks', () => {
    expect(displayName('new\nline')).toBe('new⏎line');
    expect(displayName('tab\there')).toBe('tab␉here');
    expect(displayName("q'uote é🙂 -n")).toBe("q'uote é🙂 -n");
  });
});

describe('browserActionFor', () => {
  const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    browserActionFor({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

  it('reads the pane\'s own keys, letters in either case', () => {
    expect(press('Enter')).toBe('open');
    expect(press('Backspace')).toBe('up');
    expect(press('Delete')).toBe('delete');
    expect(press('F5')).toBe('refresh');
    expect(press('n')).toBe('new-folder');
    expect(press('U')).toBe('upload');
    expect(press('d')).toBe('download');
  });

  it('refreshes on Ctrl+R and Cmd+R, and leaves other chords alone', () => {
    expect(press('r', { ctrlKey: true })).toBe('refresh');
    expect(press('R', { metaKey: true })).toBe('refresh');
    expect(press('d', { ctrlKey: true })).toBeNull();
    expect(press('Enter', { altKey: true })).toBeNull();
    expect(press('x')).toBeNull();
  });
});
