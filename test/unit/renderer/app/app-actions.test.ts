import { describe, expect, it, vi } from 'vitest';
import { actionKeys, applies, APP_ACTIONS, runCommand, shortcutTable, type AppAction } from '../../../../renderer/src/app/app-actions.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';
import { fakeActionHost, hostWithTabs } from './fake-action-host.ts';

const action = (id: string) => APP_ACTIONS.find((candidate) => candidate.id === id)!;

describe('the app action table', () => {
  it('runs the action a key press or menu command names, and takes the key', () => {
    const window = fakeActionHost();
    expect(runCommand(APP_ACTIONS, 'new-shell', window)).toBe(true);
    expect(runCommand(APP_ACTIONS, 'new-logs', window)).toBe(true);
    expect(runCommand(APP_ACTIONS, 'command-palette', window)).toBe(true);
    expect(window.calls).toEqual(['newShell', 'newLogs', 'openPalette']);
  });

  it('leaves copy, paste and find to the focused terminal or text box', () => {
    const window = fakeActionHost();
    for (const command of ['copy', 'paste', 'find'] as const) expect(runCommand(APP_ACTIONS, command, window)).toBe(false);
    expect(window.calls).toEqual([]);
  });

  it('takes the key of an action that does not apply now but does nothing', async () => {
    const window = await hostWithTabs(1);
    expect(applies(action('next-tab'), window)).toBe(false);
    expect(runCommand(APP_ACTIONS, 'next-tab', window)).toBe(true);
    expect(window.workspace.tabs).toHaveLength(1);
  });

  it('closes and cycles the workspace\'s tabs, applying only when there are tabs to act on', async () => {
    const empty = fakeActionHost();
    expect(applies(action('close-tab'), empty)).toBe(false);
    const window = await hostWithTabs(2);
    expect(applies(action('next-tab'), window)).toBe(true);
    const [first, second] = window.workspace.tabs.map((tab) => tab.id);
    expect(window.workspace.activeId).toBe(second);
    runCommand(APP_ACTIONS, 'next-tab', window);
    expect(window.workspace.activeId).toBe(first);
    runCommand(APP_ACTIONS, 'previous-tab', window);
    expect(window.workspace.activeId).toBe(second);
    runCommand(APP_ACTIONS, 'close-tab', window);
    expect(window.workspace.tabs.map((tab) => tab.id)).toEqual([first]);
  });

  it('toggles broadcast for a focused terminal pane, and offers the opt-out only to a member of a group', async () => {
    const empty = fakeActionHost();
    expect(applies(action('toggle-broadcast'), empty)).toBe(false);
    const window = await hostWithTabs(1);
    expect(runCommand(APP_ACTIONS, 'toggle-broadcast', window)).toBe(true);
    expect(window.calls).toEqual(['toggleBroadcast']);
    expect(actionKeys(action('toggle-broadcast'), 'other')).toEqual(['Ctrl+Shift+B']);
    expect(applies(action('broadcast-opt-out'), window)).toBe(false);
    await window.workspace.broadcast.start([window.workspace.focusedPane?.sessionId as string]);
    expect(applies(action('broadcast-opt-out'), window)).toBe(true);
    action('broadcast-opt-out').run(window);
    expect(window.calls).toEqual(['toggleBroadcast', 'toggleBroadcastOptOut']);
  });

  it('splits the focused pane, moves the focus between panes and closes the focused pane', async () => {
    const window = await hostWithTabs(1);
    expect(applies(action('focus-pane-left'), window)).toBe(false);
    runCommand(APP_ACTIONS, 'split-right', window);
    await vi.waitFor(() => expect(window.workspace.active?.panes).toBe(2));
    const [left, right] = window.workspace.panes.map((pane) => pane.id);
    expect(window.workspace.focusedPane?.id).toBe(right);
    runCommand(APP_ACTIONS, 'focus-pane-left', window);
    expect(window.workspace.focusedPane?.id).toBe(left);
    runCommand(APP_ACTIONS, 'close-tab', window);
    expect([window.workspace.tabs.length, window.workspace.panes.map((pane) => pane.id)]).toEqual([1, [right]]);
    expect(actionKeys(action('split-down'), 'mac')).toEqual(['⇧⌘D']);
    expect(actionKeys(action('focus-pane-up'), 'mac')).toEqual(['⌥↑']);
  });

  it('says so when the focused pane has nothing to start beside it', async () => {
    const bridge = new FakeBridge();
    bridge.sessions = [{ id: 'x1', kind: 'exec', title: 'elsewhere', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } }];
    const window = { ...fakeActionHost(), workspace: new Workspace(bridge, { forget: () => undefined }) };
    expect(applies(action('split-right'), window)).toBe(false);
    await window.workspace.openHere('x1');
    runCommand(APP_ACTIONS, 'split-right', window);
    await vi.waitFor(() => expect(window.calls).toEqual([expect.stringMatching(/^notice:This pane cannot be split/)]));
  });

  it('toggles the drawers, the port-forwards one by its key, and hides the palette command while the palette is open', () => {
    const window = fakeActionHost();
    for (const id of ['port-forwards', 'other-sessions', 'settings']) action(id).run(window);
    expect(runCommand(APP_ACTIONS, 'toggle-forwards', window)).toBe(true);
    expect(window.calls).toEqual(['drawer:ports', 'drawer:sessions', 'drawer:settings', 'drawer:ports']);
    expect(actionKeys(action('port-forwards'), 'other')).toEqual(['Ctrl+Shift+Y']);
    expect(actionKeys(action('port-forwards'), 'mac')).toEqual(['⇧⌘Y']);
    expect(actionKeys(action('settings'), 'other')).toEqual([]);
    expect(applies(action('command-palette'), { ...window, paletteOpen: true })).toBe(false);
  });

  it('records the focused terminal, opens a recording, and toggles the recordings drawer', async () => {
    const empty = fakeActionHost();
    expect(applies(action('toggle-recording'), empty)).toBe(false);
    expect(runCommand(APP_ACTIONS, 'toggle-recording', empty)).toBe(true);
    expect(empty.calls).toEqual([]);
    const window = await hostWithTabs(1);
    expect(runCommand(APP_ACTIONS, 'toggle-recording', window)).toBe(true);
    expect(runCommand(APP_ACTIONS, 'open-recording', window)).toBe(true);
    action('recordings').run(window);
    expect(window.calls).toEqual(['toggleRecording', 'openRecording', 'drawer:recordings']);
    expect(actionKeys(action('toggle-recording'), 'other')).toEqual(['Ctrl+Shift+X']);
    expect(actionKeys(action('toggle-recording'), 'mac')).toEqual(['⇧⌘X']);
    expect(actionKeys(action('open-recording'), 'other')).toEqual(['Ctrl+Shift+O']);
    expect(actionKeys(action('open-recording'), 'mac')).toEqual(['⌘O']);
  });

  it('writes an action\'s keys the platform\'s way', () => {
    expect(actionKeys(action('new-shell'), 'other')).toEqual(['Ctrl+Shift+T']);
    expect(actionKeys(action('command-palette'), 'other')).toEqual(['Ctrl+Shift+P']);
    expect(actionKeys(action('command-palette'), 'mac')).toEqual(['⇧⌘P']);
  });

  it('draws the shortcut table from the actions with keys, then the focused element\'s copy, paste and find', () => {
    const actions: AppAction[] = [action('next-tab'), action('port-forwards'), action('command-palette')];
    expect(shortcutTable(actions, 'other').map((line) => `${line.label}: ${line.keys.join(' or ')}`)).toEqual([
      'Next tab: Ctrl+Tab or Ctrl+PageDown',
      'Port-forwards: Ctrl+Shift+Y',
      'Command palette: Ctrl+Shift+P',
      'Copy: Ctrl+Shift+C',
      'Paste: Ctrl+Shift+V or Shift+Insert',
      'Find in the terminal: Ctrl+Shift+F',
    ]);
  });

  it('gives a new entry its key and its help line with nothing else to change', () => {
    const window = fakeActionHost();
    const added: AppAction = { id: 'reopen', label: 'Reopen', help: 'Opens it again', command: 'find', run: (h) => h.notice('reopened') };
    const actions = [...APP_ACTIONS, added];
    expect(runCommand(actions, 'find', window)).toBe(true);
    expect(window.calls).toEqual(['notice:reopened']);
    expect(shortcutTable(actions, 'other').filter((line) => line.id === 'reopen')).toEqual([{ id: 'reopen', label: 'Reopen', keys: ['Ctrl+Shift+F'] }]);
  });
});
