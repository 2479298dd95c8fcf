// The native menu as data: the usual roles, every app command reaching the focused window, and
// on Linux and Windows no registered key that a shell in the pod needs.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, type AppCommand } from '../../../../shared/bridge/app-commands.ts';
import { applicationMenu, contextMenu, type MenuPlatform } from '../../../../main/electron/menu.ts';

function build(platform: MenuPlatform, devTools = false) {
  const commands: AppCommand[] = [];
  let newWindows = 0;
  const menu = applicationMenu({ platform, devTools }, { command: (command) => commands.push(command), newWindow: () => (newWindows += 1) });
  return { menu, commands, newWindows: () => newWindows };
}

function items(menu: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions): void {
  (item.click ?? expect.unreachable(`${item.label} has no click`))(undefined as never, undefined, undefined as never);
}

function byLabel(menu: readonly MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  return items(menu).find((item) => item.label === label) ?? expect.unreachable(`no menu item "${label}"`);
}

/** A chord a shell needs: Ctrl with a letter or [ \ ] _ and no Shift or Alt. */
function takesFromShell(accelerator: string): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const ctrl = parts.some((part) => /^(Ctrl|Control|CommandOrControl|CmdOrCtrl)$/.test(part));
  return ctrl && !parts.includes('Shift') && !parts.includes('Alt') && /^([A-Za-z]|\[|\]|\\|_)$/.test(key);
}

describe.each(['mac', 'other'] as const)('on %s', (platform) => {
  it('has the usual menus', () => {
    const { menu } = build(platform);
    const tops = menu.map((item) => item.role ?? item.label);
    expect(tops).toEqual(
      platform === 'mac' ? ['appMenu', 'Shell', 'editMenu', 'View', 'windowMenu', 'help'] : ['Shell', 'Edit', 'View', 'Window', 'help'],
    );
  });

  it('sends every app command to the focused window, one item each', () => {
    const { menu, commands } = build(platform);
    const labels: Record<AppCommand, string> = {
      'new-shell': 'New Shell',
      'new-logs': 'New Logs',
      'next-tab': 'Next Tab',
      'previous-tab': 'Previous Tab',
      'close-tab': 'Close Tab',
    };
    for (const command of APP_COMMANDS) click(byLabel(menu, labels[command]));
    expect(commands).toEqual([...APP_COMMANDS]);
  });

  it('opens a new window itself', () => {
    const { menu, newWindows, commands } = build(platform);
    click(byLabel(menu, 'New Window'));
    expect(newWindows()).toBe(1);
    expect(commands).toEqual([]);
  });

  it('offers developer tools only when asked to (unpackaged builds)', () => {
    expect(items(build(platform).menu).some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(items(build(platform, true).menu).some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('has reload, zoom and full screen', () => {
    const roles = items(build(platform).menu).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close', 'about']));
  });
});

describe('keys on macOS', () => {
  it('are the usual Cmd chords, with Cmd+W for the tab and Cmd+Shift+W for the window', () => {
    const { menu } = build('mac');
    expect(byLabel(menu, 'New Shell').accelerator).toBe('Command+T');
    expect(byLabel(menu, 'Close Tab').accelerator).toBe('Command+W');
    const close = items(menu).find((item) => item.role === 'close');
    expect(close?.accelerator).toBe('Command+Shift+W');
    expect(items(menu).filter((item) => item.registerAccelerator === false && item.role !== 'about')).toEqual([]);
  });
});

describe('keys on Linux and Windows', () => {
  const all = items(build('other').menu).filter((item) => item.type !== 'separator' && item.submenu === undefined);

  it('never register a chord the shell needs, and every item says what it registers', () => {
    for (const item of all) {
      const name = item.label ?? item.role;
      if (item.registerAccelerator === false) continue;
      // A role without an explicit accelerator would register its default (close: Ctrl+W).
      expect(item.accelerator, `${name} must state its accelerator`).toBeDefined();
      expect(takesFromShell(item.accelerator as string), `${name}: ${item.accelerator}`).toBe(false);
    }
  });

  it('only show the app commands’ and edit chords, leaving the keys to the renderer', () => {
    const { menu } = build('other');
    for (const label of ['New Shell', 'New Logs', 'Next Tab', 'Previous Tab', 'Close Tab']) {
      expect(byLabel(menu, label).registerAccelerator, label).toBe(false);
    }
    const edit = items(menu).filter((item) => ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'].includes(item.role ?? ''));
    expect(edit).toHaveLength(6);
    for (const item of edit) expect(item.registerAccelerator, item.role).toBe(false);
    expect(byLabel(menu, 'New Shell').accelerator).toBe('Ctrl+Shift+T');
  });

  it('the checker itself recognises the chords it guards against', () => {
    expect(['Ctrl+W', 'CommandOrControl+R', 'Ctrl+C', 'Control+[', 'Ctrl+M'].every(takesFromShell)).toBe(true);
    expect(['Ctrl+Shift+W', 'F5', 'Ctrl+Tab', 'CommandOrControl+0', 'Alt+F4', 'Ctrl+Shift+I'].some(takesFromShell)).toBe(false);
  });
});

describe('the context menu', () => {
  it('is copy, paste and select all', () => {
    expect(contextMenu().map((item) => item.role ?? item.type)).toEqual(['copy', 'paste', 'separator', 'selectAll']);
  });
});
