import { describe, expect, it } from 'vitest';
import { actionKeys, applies, APP_ACTIONS, runCommand, shortcutTable, type AppAction, type AppActionHost } from '../../../../renderer/src/app/app-actions.ts';
import { shellDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

/** A window that records what the actions asked of it. */
function host(): AppActionHost & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    workspace: new Workspace(new FakeBridge(), { forget: () => undefined }),
    newShell: () => calls.push('newShell'),
    newLogs: () => calls.push('newLogs'),
    toggleDrawer: (drawer) => calls.push(`drawer:${drawer}`),
    openPalette: () => calls.push('openPalette'),
    paletteOpen: false,
    notice: (message) => calls.push(`notice:${message}`),
  };
}

async function withTabs(count: number): Promise<ReturnType<typeof host>> {
  const window = host();
  for (let i = 0; i < count; i += 1) await window.workspace.open(shellDetail({ context: 'dev', namespace: 'default', pod: `web-${i}`, container: 'main' }));
  return window;
}

const action = (id: string) => APP_ACTIONS.find((candidate) => candidate.id === id)!;

describe('the app action table', () => {
  it('runs the action a key press or menu command names, and takes the key', () => {
    const window = host();
    expect(runCommand(APP_ACTIONS, 'new-shell', window)).toBe(true);
    expect(runCommand(APP_ACTIONS, 'new-logs', window)).toBe(true);
    expect(runCommand(APP_ACTIONS, 'command-palette', window)).toBe(true);
    expect(window.calls).toEqual(['newShell', 'newLogs', 'openPalette']);
  });

  it('leaves copy, paste and find to the focused terminal or text box', () => {
    const window = host();
    for (const command of ['copy', 'paste', 'find'] as const) expect(runCommand(APP_ACTIONS, command, window)).toBe(false);
    expect(window.calls).toEqual([]);
  });

  it('takes the key of an action that does not apply now but does nothing', async () => {
    const window = await withTabs(1);
    expect(applies(action('next-tab'), window)).toBe(false);
    expect(runCommand(APP_ACTIONS, 'next-tab', window)).toBe(true);
    expect(window.workspace.tabs).toHaveLength(1);
  });

  it('closes and cycles the workspace\'s tabs, applying only when there are tabs to act on', async () => {
    const empty = host();
    expect(applies(action('close-tab'), empty)).toBe(false);
    const window = await withTabs(2);
    expect(applies(action('next-tab'), window)).toBe(true);
    const [first, second] = window.workspace.tabs.map((tab) => tab.sessionId);
    expect(window.workspace.activeId).toBe(second);
    runCommand(APP_ACTIONS, 'next-tab', window);
    expect(window.workspace.activeId).toBe(first);
    runCommand(APP_ACTIONS, 'previous-tab', window);
    expect(window.workspace.activeId).toBe(second);
    runCommand(APP_ACTIONS, 'close-tab', window);
    expect(window.workspace.tabs.map((tab) => tab.sessionId)).toEqual([first]);
  });

  it('toggles the drawers, which have no keys, and hides the palette command while the palette is open', () => {
    const window = host();
    for (const id of ['port-forwards', 'other-sessions', 'settings']) action(id).run(window);
    expect(window.calls).toEqual(['drawer:ports', 'drawer:sessions', 'drawer:settings']);
    expect(actionKeys(action('port-forwards'), 'other')).toEqual([]);
    expect(applies(action('command-palette'), { ...window, paletteOpen: true })).toBe(false);
  });

  it('writes an action\'s keys the platform\'s way', () => {
    expect(actionKeys(action('new-shell'), 'other')).toEqual(['Ctrl+Shift+T']);
    expect(actionKeys(action('command-palette'), 'other')).toEqual(['Ctrl+Shift+P']);
    expect(actionKeys(action('command-palette'), 'mac')).toEqual(['⇧⌘P']);
  });

  it('draws the shortcut table from the actions with keys, then the focused element\'s copy, paste and find', () => {
    expect(shortcutTable(APP_ACTIONS, 'other').map((line) => `${line.label}: ${line.keys.join(' or ')}`)).toEqual([
      'New shell: Ctrl+Shift+T',
      'New logs: Ctrl+Shift+L',
      'Close tab: Ctrl+Shift+W',
      'Next tab: Ctrl+Tab or Ctrl+PageDown',
      'Previous tab: Ctrl+Shift+Tab or Ctrl+PageUp',
      'Command palette: Ctrl+Shift+P',
      'Copy: Ctrl+Shift+C',
      'Paste: Ctrl+Shift+V or Shift+Insert',
      'Find in the terminal: Ctrl+Shift+F',
    ]);
  });

  it('gives a new entry its key and its help line with nothing else to change', () => {
    const window = host();
    const added: AppAction = { id: 'reopen', label: 'Reopen', help: 'Opens it again', command: 'find', run: (h) => h.notice('reopened') };
    const actions = [...APP_ACTIONS, added];
    expect(runCommand(actions, 'find', window)).toBe(true);
    expect(window.calls).toEqual(['notice:reopened']);
    expect(shortcutTable(actions, 'other').filter((line) => line.id === 'reopen')).toEqual([{ id: 'reopen', label: 'Reopen', keys: ['Ctrl+Shift+F'] }]);
  });
});
