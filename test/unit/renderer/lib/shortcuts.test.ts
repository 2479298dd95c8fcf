import { describe, expect, it } from 'vitest';
import { commandFor, describeShortcuts, platformOf, shortcutKeys, SINCE_SECONDS, type KeyInput } from '../../../../renderer/src/lib/shortcuts.ts';

const key = (k: string, mods: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('app shortcuts', () => {
  it.each([
    ['new-shell', key('t', { metaKey: true }), key('T', { ctrlKey: true, shiftKey: true })],
    ['new-logs', key('l', { metaKey: true }), key('L', { ctrlKey: true, shiftKey: true })],
    ['close-tab', key('w', { metaKey: true }), key('W', { ctrlKey: true, shiftKey: true })],
    ['next-tab', key('}', { metaKey: true, shiftKey: true, code: 'BracketRight' }), key('Tab', { ctrlKey: true })],
    ['previous-tab', key('{', { metaKey: true, shiftKey: true, code: 'BracketLeft' }), key('Tab', { ctrlKey: true, shiftKey: true })],
    ['copy', key('c', { metaKey: true }), key('C', { ctrlKey: true, shiftKey: true })],
    ['paste', key('v', { metaKey: true }), key('V', { ctrlKey: true, shiftKey: true })],
    ['find', key('f', { metaKey: true }), key('F', { ctrlKey: true, shiftKey: true })],
    ['toggle-broadcast', key('B', { metaKey: true, shiftKey: true }), key('B', { ctrlKey: true, shiftKey: true })],
  ])('%s: Cmd on macOS, Ctrl+Shift elsewhere', (command, mac, other) => {
    expect(commandFor(mac, 'mac', 'terminal')).toBe(command);
    expect(commandFor(other, 'other', 'terminal')).toBe(command);
    // And not the other platform's chord.
    expect(commandFor(mac, 'other', 'terminal')).toBeNull();
  });

  it('leaves the plain Ctrl keys to the shell in the pod on Linux and Windows', () => {
    for (const k of ['c', 'v', 'w', 't', 'l', 'f', 'd', 'z']) {
      expect(commandFor(key(k, { ctrlKey: true }), 'other', 'terminal')).toBeNull();
    }
  });

  it('has the extra tab keys and Shift+Insert paste', () => {
    expect(commandFor(key('PageDown', { ctrlKey: true }), 'other', 'other')).toBe('next-tab');
    expect(commandFor(key('PageUp', { ctrlKey: true }), 'other', 'other')).toBe('previous-tab');
    expect(commandFor(key('Tab', { ctrlKey: true }), 'mac', 'other')).toBe('next-tab');
    expect(commandFor(key('Insert', { shiftKey: true }), 'other', 'terminal')).toBe('paste');
  });

  it('finds letters by position on a non-Latin layout, and by character on a Latin one', () => {
    expect(commandFor(key('Е', { ctrlKey: true, shiftKey: true, code: 'KeyT' }), 'other', 'terminal')).toBe('new-shell');
    // Dvorak: the key at QWERTY's T types 'y'; the user pressed the key that says T.
    expect(commandFor(key('y', { metaKey: true, code: 'KeyT' }), 'mac', 'terminal')).toBeNull();
    expect(commandFor(key('t', { metaKey: true, code: 'KeyK' }), 'mac', 'terminal')).toBe('new-shell');
  });

  it('leaves copy and paste to a text box, but not the tab commands', () => {
    expect(commandFor(key('c', { metaKey: true }), 'mac', 'text-input')).toBeNull();
    expect(commandFor(key('v', { metaKey: true }), 'mac', 'text-input')).toBeNull();
    expect(commandFor(key('w', { metaKey: true }), 'mac', 'text-input')).toBe('close-tab');
  });
});

describe('log pane keys (k9s)', () => {
  it.each([
    ['p', 'previous-container'],
    ['0', 'tail'],
    ['2', 'since-1m'],
    ['3', 'since-5m'],
    ['4', 'since-15m'],
    ['5', 'since-30m'],
    ['6', 'since-1h'],
    ['s', 'toggle-follow'],
    ['w', 'toggle-wrap'],
    ['t', 'toggle-timestamps'],
    ['a', 'toggle-all-containers'],
    ['/', 'focus-filter'],
    ['v', 'cycle-level'],
    ['c', 'pick-columns'],
    ['j', 'jump-to-time'],
    ['Enter', 'expand-line'],
  ])('%s → %s in a log pane only', (k, command) => {
    expect(commandFor(key(k), 'other', 'log-pane')).toBe(command);
    expect(commandFor(key(k), 'mac', 'log-pane')).toBe(command);
    expect(commandFor(key(k), 'other', 'terminal')).toBeNull();
    expect(commandFor(key(k), 'other', 'text-input')).toBeNull();
  });

  it('accepts "/" typed with Shift (as on many layouts) but not Shift+letter', () => {
    expect(commandFor(key('/', { shiftKey: true }), 'other', 'log-pane')).toBe('focus-filter');
    expect(commandFor(key('S', { shiftKey: true }), 'other', 'log-pane')).toBeNull();
    expect(commandFor(key('s', { altKey: true }), 'other', 'log-pane')).toBeNull();
  });

  it('saves with Ctrl+S, and with Cmd+S on macOS', () => {
    expect(commandFor(key('s', { ctrlKey: true }), 'other', 'log-pane')).toBe('save');
    expect(commandFor(key('s', { ctrlKey: true }), 'mac', 'log-pane')).toBe('save');
    expect(commandFor(key('s', { metaKey: true }), 'mac', 'log-pane')).toBe('save');
  });

  it('has the since presets in seconds', () => {
    expect(SINCE_SECONDS).toEqual({ 'since-1m': 60, 'since-5m': 300, 'since-15m': 900, 'since-30m': 1800, 'since-1h': 3600 });
  });
});

describe('describing the map', () => {
  it('labels chords the way each platform writes them', () => {
    const mac = describeShortcuts('mac');
    const other = describeShortcuts('other');
    expect(mac.find((s) => s.command === 'new-shell')?.keys).toEqual(['⌘T']);
    expect(mac.find((s) => s.command === 'next-tab')?.keys).toEqual(['⇧⌘]', '⌃Tab']);
    expect(other.find((s) => s.command === 'paste')?.keys).toEqual(['Ctrl+Shift+V', 'Shift+Insert']);
    expect(other.find((s) => s.command === 'toggle-follow')?.keys).toEqual(['S']);
    expect(new Set(other.map((s) => s.command)).size).toBe(other.length);
  });

  it('recognises macOS from navigator.platform', () => {
    expect(platformOf('MacIntel')).toBe('mac');
    expect(platformOf('Linux x86_64')).toBe('other');
    expect(platformOf('Win32')).toBe('other');
  });

  it("writes one command's keys for its tooltip", () => {
    expect(shortcutKeys('close-tab', 'other')).toEqual(['Ctrl+Shift+W']);
    expect(shortcutKeys('close-tab', 'mac')).toEqual(['⌘W']);
    expect(shortcutKeys('toggle-wrap', 'other')).toEqual(['W']);
  });
});

describe('split pane keys', () => {
  it('splits right and down, and moves between panes with Alt (Option) and the arrows', () => {
    expect(commandFor(key('D', { ctrlKey: true, shiftKey: true }), 'other', 'terminal')).toBe('split-right');
    expect(commandFor(key('E', { ctrlKey: true, shiftKey: true }), 'other', 'terminal')).toBe('split-down');
    expect(commandFor(key('d', { metaKey: true }), 'mac', 'terminal')).toBe('split-right');
    expect(commandFor(key('D', { metaKey: true, shiftKey: true }), 'mac', 'terminal')).toBe('split-down');
    expect(commandFor(key('ArrowLeft', { altKey: true }), 'other', 'terminal')).toBe('focus-pane-left');
    expect(commandFor(key('ArrowDown', { altKey: true }), 'mac', 'log-pane')).toBe('focus-pane-down');
    expect(shortcutKeys('focus-pane-up', 'other')).toEqual(['Alt+↑']);
  });

  it('leaves Alt+arrow to a text box, where it moves by word', () => {
    expect(commandFor(key('ArrowRight', { altKey: true }), 'mac', 'text-input')).toBeNull();
    expect(commandFor(key('ArrowRight'), 'other', 'terminal')).toBeNull();
  });
});
