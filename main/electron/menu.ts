// The native menu, as data: the usual roles plus the app's commands. A command item asks main to
// send the command to the focused window's page (bridge-ipc.ts); New Window is main's own.
//
// Keys: on macOS every item has its usual Cmd chord; the page sees the key first and a page that
// handles it calls preventDefault, so nothing happens twice. On Linux and Windows a registered
// accelerator takes the key before the page, and a plain Ctrl+letter belongs to the shell in the
// pod (Ctrl+C interrupt, Ctrl+W delete word, Ctrl+R history search, …), so there the edit items and
// the app's commands only show their chords (the renderer's keyboard shortcuts handle those keys),
// and only chords no shell needs are registered. Roles have default accelerators (close is Ctrl+W),
// so every item states its accelerator, or that it registers none.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/bridge/app-commands.ts';

export type MenuPlatform = 'mac' | 'other';

export interface MenuActions {
  command(command: AppCommand): void;
  newWindow(): void;
}

export interface MenuOptions {
  readonly platform: MenuPlatform;
  /** Developer tools are offered only in an unpackaged (development) build. */
  readonly devTools: boolean;
}

const COMMANDS: Readonly<Record<AppCommand, { label: string; mac: string; other: string }>> = {
  'new-shell': { label: 'New Shell', mac: 'Command+T', other: 'Ctrl+Shift+T' },
  'new-logs': { label: 'New Logs', mac: 'Command+L', other: 'Ctrl+Shift+L' },
  'next-tab': { label: 'Next Tab', mac: 'Command+Shift+]', other: 'Ctrl+Tab' },
  'previous-tab': { label: 'Previous Tab', mac: 'Command+Shift+[', other: 'Ctrl+Shift+Tab' },
  'close-tab': { label: 'Close Tab', mac: 'Command+W', other: 'Ctrl+Shift+W' },
};

/** An item whose chord is shown; registered on macOS only (see above). */
function shown(platform: MenuPlatform, item: MenuItemConstructorOptions): MenuItemConstructorOptions {
  return platform === 'mac' ? item : { ...item, registerAccelerator: false };
}

function commandItem(command: AppCommand, platform: MenuPlatform, actions: MenuActions): MenuItemConstructorOptions {
  const { label, mac, other } = COMMANDS[command];
  return shown(platform, { label, accelerator: platform === 'mac' ? mac : other, click: () => actions.command(command) });
}

function editMenu(platform: MenuPlatform): MenuItemConstructorOptions {
  if (platform === 'mac') return { role: 'editMenu' };
  const item = (role: MenuItemConstructorOptions['role'], accelerator: string) => shown(platform, { role, accelerator });
  return {
    label: 'Edit',
    submenu: [
      item('undo', 'Ctrl+Z'),
      item('redo', 'Ctrl+Y'),
      { type: 'separator' },
      item('cut', 'Ctrl+X'),
      item('copy', 'Ctrl+Shift+C'),
      item('paste', 'Ctrl+Shift+V'),
      item('selectAll', 'Ctrl+A'),
    ],
  };
}

function viewMenu(platform: MenuPlatform, devTools: boolean): MenuItemConstructorOptions {
  const mac = platform === 'mac';
  return {
    label: 'View',
    submenu: [
      { role: 'reload', accelerator: mac ? 'Command+R' : 'F5' },
      { role: 'forceReload', accelerator: mac ? 'Command+Shift+R' : 'Ctrl+F5' },
      ...(devTools ? [{ role: 'toggleDevTools', accelerator: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom', accelerator: 'CommandOrControl+0' },
      { role: 'zoomIn', accelerator: 'CommandOrControl+Plus' },
      { role: 'zoomOut', accelerator: 'CommandOrControl+-' },
      { type: 'separator' },
      { role: 'togglefullscreen', accelerator: mac ? 'Control+Command+F' : 'F11' },
    ],
  };
}

function windowMenu(platform: MenuPlatform, actions: MenuActions): MenuItemConstructorOptions {
  const newWindow: MenuItemConstructorOptions = { label: 'New Window', accelerator: 'CommandOrControl+Shift+N', click: () => actions.newWindow() };
  if (platform === 'mac') {
    return {
      role: 'windowMenu',
      submenu: [
        { role: 'minimize', accelerator: 'Command+M' },
        { role: 'zoom' },
        { type: 'separator' },
        newWindow,
        // Cmd+W closes a tab, so closing the window takes Shift as well.
        { role: 'close', accelerator: 'Command+Shift+W' },
        { type: 'separator' },
        { role: 'front' },
      ],
    };
  }
  return {
    label: 'Window',
    submenu: [newWindow, { role: 'minimize', registerAccelerator: false }, { role: 'close', accelerator: 'Alt+F4', registerAccelerator: false }],
  };
}

export function applicationMenu(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const { platform } = options;
  const commands = (names: readonly AppCommand[]) => names.map((name) => commandItem(name, platform, actions));
  const shellMenu: MenuItemConstructorOptions = {
    label: 'Shell',
    submenu: [
      ...commands(['new-shell', 'new-logs']),
      { type: 'separator' },
      ...commands(['next-tab', 'previous-tab']),
      { type: 'separator' },
      ...commands(['close-tab']),
      ...(platform === 'mac' ? [] : [{ type: 'separator' } as const, { role: 'quit', accelerator: 'Ctrl+Shift+Q' } as const]),
    ],
  };
  return [
    ...(platform === 'mac' ? [{ role: 'appMenu' } as const] : []),
    shellMenu,
    editMenu(platform),
    viewMenu(platform, options.devTools),
    windowMenu(platform, actions),
    { role: 'help', submenu: [{ role: 'about', registerAccelerator: false }] },
  ];
}

/** Right-click in a page: the clipboard, through the page's own copy and paste events. */
export function contextMenu(): MenuItemConstructorOptions[] {
  return [{ role: 'copy' }, { role: 'paste' }, { type: 'separator' }, { role: 'selectAll' }];
}
