import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRecordingsDirectory } from '../../../../../main/core/recordings/recordings-directory.ts';

describe('defaultRecordingsDirectory: beside Electron\'s userData', () => {
  it('Linux: $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultRecordingsDirectory('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/me')).toBe(join('/xdg', 'Porthole', 'recordings'));
    expect(defaultRecordingsDirectory('linux', { XDG_CONFIG_HOME: '' }, '/home/me')).toBe(join('/home/me', '.config', 'Porthole', 'recordings'));
    expect(defaultRecordingsDirectory('linux', {}, '/home/me')).toBe(join('/home/me', '.config', 'Porthole', 'recordings'));
  });

  it('macOS: ~/Library/Application Support', () => {
    expect(defaultRecordingsDirectory('darwin', {}, '/Users/me')).toBe(join('/Users/me', 'Library', 'Application Support', 'Porthole', 'recordings'));
  });

  it('Windows: %APPDATA%', () => {
    expect(defaultRecordingsDirectory('win32', { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'C:\\Users\\me')).toBe(
      join('C:\\Users\\me\\AppData\\Roaming', 'Porthole', 'recordings'),
    );
  });
});
