import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionInfo, SessionKind, SessionState } from '../../../../shared/bridge/sessions.ts';
import { DEFAULT_LOG_QUERY } from '../../../../renderer/src/app/log-query.ts';
import {
  activateTab,
  applySessionState,
  closeTab,
  cycleTab,
  detailPod,
  EMPTY_TABS,
  logsDetail,
  moveTab,
  newTab,
  openTab,
  parseTabDetail,
  rebindTab,
  renameTab,
  restoreDetails,
  restoreTabs,
  saveWorkspace,
  loadWorkspace,
  serializeTabs,
  shellDetail,
  tabSessions,
  TabsError,
  TAB_DETAILS_STORAGE_KEY,
  TABS_STORAGE_KEY,
  Workspace,
  type TabDetail,
  type TabsState,
  type WorkspaceStorage,
} from '../../../../renderer/src/app/workspace.svelte.ts';
import { tabTitle } from '../../../../renderer/src/lib/tabs.ts';
import { FakeBridge } from '../fake-bridge.ts';

const info = (id: string, kind: SessionKind = 'exec', state: SessionState = { kind: 'connecting' }): SessionInfo => ({
  id,
  kind,
  title: `title-${id}`,
  state,
});
const ids = (state: TabsState) => state.tabs.map((tab) => tab.sessionId);
let nextPaneKey = 1;
const paneKey = () => nextPaneKey++;
const tab = (session: SessionInfo, context = 'ctx-a', detail: TabDetail | null = null) => newTab(session, context, detail, paneKey());
const restore = (saved: unknown, sessions: readonly SessionInfo[]) => restoreTabs(saved, {}, sessions, paneKey);

function opened(...names: string[]): TabsState {
  return names.reduce((state, id) => openTab(state, tab(info(id))), EMPTY_TABS);
}

const exec: TabDetail = {
  kind: 'exec',
  request: { context: 'prod', namespace: 'web', pod: 'web-1', container: 'app', command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 80, rows: 24 } },
};
const logs: TabDetail = {
  kind: 'logs',
  target: { kind: 'pod', context: 'prod', namespace: 'web', pod: 'web-1', containers: ['app', 'sidecar'], container: null },
  query: DEFAULT_LOG_QUERY,
  view: { timestamps: true, wrap: false },
  extraSessions: ['s9'],
};

describe('tabs: open, close, activate', () => {
  it('opens after the active tab and activates the new one', () => {
    let state = opened('a', 'b');
    state = activateTab(state, 'a');
    state = openTab(state, tab(info('c', 'logs'), 'ctx-b'));
    expect(ids(state)).toEqual(['a', 'c', 'b']);
    expect(state.activeId).toBe('c');
    expect(state.tabs[1]).toMatchObject({ kind: 'logs', context: 'ctx-b', defaultTitle: 'title-c', status: { kind: 'connecting' } });
  });

  it('activates the existing tab instead of opening a session twice', () => {
    const state = openTab(activateTab(opened('a', 'b'), 'a'), tab(info('b')));
    expect(ids(state)).toEqual(['a', 'b']);
    expect(state.activeId).toBe('b');
  });

  it('refuses a port-forward, which has no tab', () => {
    expect(() => newTab(info('p', 'port-forward'), 'c', null, 1)).toThrow(new TabsError('a port-forward session does not open in a tab'));
  });

  it('activates the right neighbour when the active tab closes, the left one at the end', () => {
    let state = activateTab(opened('a', 'b', 'c'), 'b');
    state = closeTab(state, 'b');
    expect([ids(state), state.activeId]).toEqual([['a', 'c'], 'c']);
    state = closeTab(state, 'c');
    expect([ids(state), state.activeId]).toEqual([['a'], 'a']);
    state = closeTab(state, 'a');
    expect(state).toEqual({ tabs: [], activeId: null });
  });

  it('keeps the active tab when another one closes', () => {
    const state = closeTab(activateTab(opened('a', 'b', 'c'), 'a'), 'c');
    expect([ids(state), state.activeId]).toEqual([['a', 'b'], 'a']);
  });

  it('names an unknown session in its error', () => {
    expect(() => closeTab(opened('a'), 'zz')).toThrow(new TabsError('no tab for session zz'));
    expect(() => activateTab(opened('a'), 'zz')).toThrow(TabsError);
  });
});

describe('tabs: next and previous', () => {
  it('wraps around at both ends', () => {
    let state = activateTab(opened('a', 'b', 'c'), 'c');
    state = cycleTab(state, 1);
    expect(state.activeId).toBe('a');
    state = cycleTab(state, -1);
    expect(state.activeId).toBe('c');
    state = cycleTab(state, -1);
    expect(state.activeId).toBe('b');
  });

  it('does nothing without tabs and picks an end when none is active', () => {
    expect(cycleTab(EMPTY_TABS, 1)).toBe(EMPTY_TABS);
    const none = { ...opened('a', 'b', 'c'), activeId: null };
    expect(cycleTab(none, 1).activeId).toBe('a');
    expect(cycleTab(none, -1).activeId).toBe('c');
  });
});

describe('tabs: reorder and rename', () => {
  it('moves a tab to any position, clamped to the strip', () => {
    const state = opened('a', 'b', 'c', 'd');
    expect(ids(moveTab(state, 'a', 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveTab(state, 'd', 0))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(moveTab(state, 'b', 99))).toEqual(['a', 'c', 'd', 'b']);
    expect(ids(moveTab(state, 'c', -5))).toEqual(['c', 'a', 'b', 'd']);
    expect(moveTab(state, 'b', 1)).toBe(state);
    expect(() => moveTab(state, 'b', 1.5)).toThrow(/whole number/);
  });

  it('keeps every tab exactly once whatever the moves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2, max: 7 }))), (moves) => {
        let state = opened('a', 'b', 'c', 'd', 'e');
        for (const [from, to] of moves) state = moveTab(state, ids(state)[from] as string, to);
        expect([...ids(state)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      }),
    );
  });

  it('renames, cleans the title, and goes back to the session title when cleared', () => {
    let state = opened('a');
    state = renameTab(state, 'a', '  prod\u0007 shell \n');
    expect(tabTitle(state.tabs[0]!)).toBe('prod shell');
    state = renameTab(state, 'a', '   ');
    expect(state.tabs[0]).not.toHaveProperty('customTitle');
    expect(tabTitle(state.tabs[0]!)).toBe('title-a');
    expect(() => renameTab(state, 'a', 'x'.repeat(121))).toThrow(/at most 120 characters, this one has 121/);
  });
});

describe('tabs: a new session in an existing tab', () => {
  it('keeps the position, the user title and the activation, and takes the new session', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my shell');
    state = activateTab(state, 'b');
    const next = rebindTab(state, 'b', { ...info('b2'), title: 'new title', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } }, null);
    expect(ids(next)).toEqual(['a', 'b2', 'c']);
    expect(next.activeId).toBe('b2');
    expect(next.tabs[1]).toMatchObject({ customTitle: 'my shell', defaultTitle: 'new title', status: { kind: 'live' } });
  });

  it('leaves another active tab active', () => {
    const state = activateTab(opened('a', 'b'), 'a');
    expect(rebindTab(state, 'b', info('b2'), null).activeId).toBe('a');
  });

  it('refuses a session that already has a tab, or of another kind', () => {
    const state = opened('a', 'b');
    expect(() => rebindTab(state, 'a', info('b'), null)).toThrow(/session b already has a tab/);
    expect(() => rebindTab(state, 'a', info('x', 'logs'), null)).toThrow(/a terminal tab cannot show a logs session/);
    expect(() => rebindTab(state, 'nope', info('x'), null)).toThrow(/no tab for session nope/);
  });
});

describe('tabs: state from main', () => {
  it('updates the tab of a session and ignores sessions without a tab', () => {
    const state = opened('a');
    const next = applySessionState(state, 'a', { kind: 'exited', exitCode: 3 });
    expect(next.tabs[0]?.status).toEqual({ kind: 'exited', exitCode: 3 });
    expect(applySessionState(state, 'other-window', { kind: 'closed' })).toBe(state);
  });
});

describe('tabs: persistence', () => {
  it('round-trips through JSON and re-binds to the sessions main still has', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my logs');
    state = activateTab(state, 'b');
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).tabs));
    const result = restore(saved, [info('c', 'exec', { kind: 'live', protocol: 'v5' }), info('b', 'exec', { kind: 'exited', exitCode: 0 })]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(ids(result.state)).toEqual(['b', 'c']);
    expect(result.state.activeId).toBe('b');
    expect(tabTitle(result.state.tabs[0]!)).toBe('my logs');
    expect(result.state.tabs.map((tab) => tab.status.kind)).toEqual(['exited', 'live']);
    expect(result.gone.map((tab) => tab.sessionId)).toEqual(['a']);
  });

  it('activates the first surviving tab when the active one is gone', () => {
    const saved = serializeTabs(activateTab(opened('a', 'b'), 'a')).tabs;
    const result = restore(saved, [info('b')]);
    expect(result.ok && result.state.activeId).toBe('b');
    const none = restore(saved, []);
    expect(none.ok && none.state).toEqual({ tabs: [], activeId: null });
  });

  it.each<[unknown, string]>([
    [null, 'saved tabs are not an object'],
    [{ version: 2, tabs: [], activeId: null }, 'saved tabs have format version 2, expected 1'],
    [{ version: 1, activeId: null }, 'saved tabs have no tab list'],
    [{ version: 1, tabs: [], activeId: 3 }, 'saved tabs have an invalid active tab'],
    [{ version: 1, tabs: ['x'], activeId: null }, 'tab 0 is not an object'],
    [{ version: 1, tabs: [{ sessionId: '', kind: 'logs', context: 'c', defaultTitle: 't' }], activeId: null }, 'tab 0 has no session id'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'pf', context: 'c', defaultTitle: 't' }], activeId: null }, 'tab 0 has an unknown kind "pf"'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', defaultTitle: 't' }], activeId: null }, 'tab 0 has no context'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', context: 'c' }], activeId: null }, 'tab 0 has no title'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't', customTitle: 5 }], activeId: null }, 'tab 0 has an invalid custom title'],
    [
      {
        version: 1,
        tabs: [
          { sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't' },
          { sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't' },
        ],
        activeId: null,
      },
      'session s is saved twice',
    ],
  ])('refuses damaged saved data %j', (saved, error) => {
    expect(restore(saved, [])).toEqual({ ok: false, error });
  });
});

describe('tab details', () => {
  it('round-trip through JSON with their tabs', () => {
    const state = [tab(info('s1'), 'prod', exec), tab(info('s2', 'logs'), 'prod', logs), tab(info('s3'))].reduce(openTab, EMPTY_TABS);
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).details));
    expect(Object.entries(restoreDetails(saved))).toEqual([['s1', exec], ['s2', logs]]);
  });

  it('drop entries that do not validate, and everything of another format', () => {
    const broken = { kind: 'exec', request: { ...exec.request, tty: 'yes' } };
    const saved = { version: 1, details: { s1: exec, s2: broken, s3: { kind: 'logs', target: { kind: 'pod' } } } };
    expect(Object.keys(restoreDetails(saved))).toEqual(['s1']);
    expect(restoreDetails({ version: 2, details: { s1: exec } })).toEqual({});
    expect(restoreDetails('nonsense')).toEqual({});
    const attach = { kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true } };
    expect(parseTabDetail(attach)).toEqual(attach);
    expect(parseTabDetail({ ...logs, target: { kind: 'session', title: 'web-1/app' } })).toEqual({ ...logs, target: { kind: 'session', title: 'web-1/app' } });
    expect(parseTabDetail({ ...logs, target: { kind: 'session' } })).toBeNull();
  });

  it('check exec and attach requests with the bridge schema main checks calls with', () => {
    // Names main would refuse in a URL, and fields the bridge does not know, are refused here too.
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, pod: '../../secrets' } })).toBeNull();
    expect(parseTabDetail({ kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true, extra: 1 } })).toBeNull();
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, command: { kind: 'argv', argv: [] } } })).toBeNull();
  });

  it('are replaced whole, and kept only for the tabs that came back', () => {
    const one = openTab(EMPTY_TABS, tab(info('s1'), 'prod', exec));
    const moved = rebindTab(one, 's1', info('s2'), exec);
    expect(one.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['s1', exec]]);
    expect(moved.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['s2', exec]]);
    const saved = serializeTabs(opened('a', 'b')).tabs;
    const result = restoreTabs(saved, { a: exec, b: logs }, [info('b'), info('c')], paneKey);
    expect(result.ok && result.state.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['b', logs]]);
  });

  it('name the pod a tab runs in and every session it reads', () => {
    expect(detailPod(exec)).toMatchObject({ pod: 'web-1', container: 'app' });
    expect(detailPod(logs)).toEqual({ context: 'prod', namespace: 'web', pod: 'web-1' });
    expect(tabSessions({ sessionId: 's2', detail: logs })).toEqual(['s2', 's9']);
    expect(tabSessions({ sessionId: 's1', detail: exec })).toEqual(['s1']);
  });

  it('have one factory per kind: a shell, and a log tab with the default query and view', () => {
    expect(shellDetail({ context: 'c', namespace: 'n', pod: 'p' })).toEqual({ kind: 'exec', request: { context: 'c', namespace: 'n', pod: 'p', command: { kind: 'shell' }, tty: true, stdin: true } });
    expect(logsDetail({ kind: 'session', title: 't' })).toEqual({ kind: 'logs', target: { kind: 'session', title: 't' }, query: DEFAULT_LOG_QUERY, view: { timestamps: false, wrap: false }, extraSessions: [] });
  });
});

class MemoryStorage implements WorkspaceStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

function workspace(bridge = new FakeBridge()) {
  const forgotten: string[] = [];
  let unmount: () => void = () => undefined;
  const ws = new Workspace(bridge, {
    forget: (id) => forgotten.push(id),
    afterPanesUnmount: () => new Promise<void>((resolve) => (unmount = resolve)),
  });
  return { bridge, ws, forgotten, unmount: () => unmount() };
}

const podLogs = logsDetail({ kind: 'pod', context: 'dev', namespace: 'default', pod: 'web-1', containers: ['main', 'side'], container: null });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the workspace', () => {
  it('opens a shell at the last terminal size, keyed by a pane key of its own', async () => {
    const { bridge, ws } = workspace();
    ws.terminalSize = { cols: 120, rows: 40 };
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main' }));
    expect(bridge.callsOf('open:exec')[0]?.args[0]).toMatchObject({ pod: 'web-1', size: { cols: 120, rows: 40 } });
    expect(ws.tabs).toHaveLength(1);
    expect(ws.active).toMatchObject({ sessionId: 's1', kind: 'terminal', context: 'dev', detail: { kind: 'exec' } });
  });

  it('opens a log tab of all containers with one session each, titled by what it reads', async () => {
    const { bridge, ws } = workspace();
    await ws.open(podLogs);
    expect(bridge.callsOf('open:logs')).toHaveLength(2);
    expect(ws.active).toMatchObject({ sessionId: 's1', defaultTitle: 'web-1 (all)', detail: { extraSessions: ['s2'] } });
    expect(ws.sessions).toEqual(['s1', 's2']);
  });

  it('shows an open main refused as a local tab with the error, which is not saved', async () => {
    const { bridge, ws } = workspace();
    bridge.refuse.set('exec', { kind: 'not-found', title: 'Pod not found', detail: 'pods "web-1" not found' });
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    expect(ws.active).toMatchObject({ sessionId: 'local-1', defaultTitle: 'web-1: shell', status: { kind: 'error', error: { title: 'Pod not found' } } });
    const storage = new MemoryStorage();
    saveWorkspace(storage, ws.serialize());
    expect(JSON.parse(storage.getItem(TABS_STORAGE_KEY) ?? 'null')).toEqual({ version: 1, tabs: [], activeId: null });
    expect(JSON.parse(storage.getItem(TAB_DETAILS_STORAGE_KEY) ?? 'null')).toEqual({ version: 1, details: {} });
  });

  it('closes every session of a tab, but only once its panes have unmounted', async () => {
    const { bridge, ws, forgotten, unmount } = workspace();
    await ws.open(podLogs);
    ws.close('s1');
    expect(ws.tabs).toHaveLength(0);
    expect(forgotten).toEqual(['s1', 's2']);
    await settle();
    expect(bridge.callsOf('close')).toHaveLength(0);
    unmount();
    await settle();
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1', 's2']);
  });

  it('runs a tab again in place: same pane and title, new session, the old one closed', async () => {
    const { bridge, ws, forgotten, unmount } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    ws.rename('s1', 'mine');
    const before = ws.active;
    await ws.runAgain('s1');
    expect(ws.active).toMatchObject({ sessionId: 's2', customTitle: 'mine', paneKey: before?.paneKey, detail: before?.detail });
    expect(forgotten).toEqual(['s1']);
    unmount();
    await settle();
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1']);
  });

  it('shows a failed run again in the tab', async () => {
    const { bridge, ws } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    bridge.refuse.set('exec', { kind: 'forbidden', title: 'Exec denied', detail: 'no' });
    await ws.runAgain('s1');
    expect(ws.active).toMatchObject({ sessionId: 's1', status: { kind: 'error', error: { title: 'Exec denied' } } });
  });

  it('moves a log tab to the sessions of its new options, and keeps its new view', async () => {
    const { ws, forgotten } = workspace();
    await ws.open(podLogs);
    const key = ws.active?.paneKey;
    ws.rebind('s1', info('s7', 'logs'), { ...podLogs, target: { ...podLogs.target, container: 'main' } as typeof podLogs.target });
    expect(ws.active).toMatchObject({ sessionId: 's7', defaultTitle: 'web-1/main', paneKey: key });
    expect(forgotten).toEqual(['s1']);
    ws.setDetail('s7', { ...podLogs, view: { timestamps: true, wrap: true } });
    expect(ws.active?.detail).toMatchObject({ view: { timestamps: true, wrap: true } });
  });

  it('takes over a session from elsewhere: a log session shows without options, a shell without "run again"', async () => {
    const { bridge, ws } = workspace();
    bridge.sessions = [info('x1', 'merged-logs'), info('x2', 'exec')];
    await ws.openHere('x1');
    await ws.openHere('x2');
    expect(ws.tabs.map((t) => [t.sessionId, t.kind, t.detail?.kind ?? null])).toEqual([['x1', 'logs', 'logs'], ['x2', 'terminal', null]]);
    expect(ws.tabs[0]?.detail).toMatchObject({ target: { kind: 'session', title: 'title-x1' } });
  });

  it('saves and restores its tabs, re-binding each session and naming the ones that ended', async () => {
    const first = workspace();
    await first.ws.open(podLogs);
    await first.ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-2' }));
    first.ws.rename('s3', 'my shell');
    first.ws.activate('s1');
    const storage = new MemoryStorage();
    saveWorkspace(storage, first.ws.serialize());

    const bridge = new FakeBridge();
    bridge.sessions = [info('s1', 'logs', { kind: 'live', protocol: 'http' }), info('s2', 'logs', { kind: 'live', protocol: 'http' })];
    const { ws } = workspace(bridge);
    const notices: string[] = [];
    await ws.restore(loadWorkspace(storage), (message) => notices.push(message));
    expect(ws.tabs.map((t) => t.sessionId)).toEqual(['s1']);
    expect(ws.active).toMatchObject({ detail: { extraSessions: ['s2'] }, status: { kind: 'live' } });
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['s1', 's2']);
    expect(notices).toEqual(['1 tab was not restored: my shell ended meanwhile.']);
  });

  it('says why saved tabs were not restored', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TABS_STORAGE_KEY, JSON.stringify({ version: 9, tabs: [], activeId: null }));
    const { ws } = workspace();
    const notices: string[] = [];
    await ws.restore(loadWorkspace(storage), (message) => notices.push(message));
    expect(notices).toEqual(['Tabs not restored: saved tabs have format version 9, expected 1']);
    await ws.restore(loadWorkspace(new MemoryStorage()), (message) => notices.push(message));
    expect(notices).toHaveLength(1);
  });

  it('shows a session it cannot bind again as failed, and says when main cannot list its sessions', async () => {
    const saved = { tabs: serializeTabs(opened('a')).tabs, details: null };
    const bridge = new FakeBridge();
    bridge.listSessions = async () => [info('a')];
    const { ws } = workspace(bridge);
    await ws.restore(saved, () => undefined);
    expect(ws.active?.status).toMatchObject({ kind: 'error', error: { title: 'Unknown session', detail: 'a' } });

    const down = new FakeBridge();
    down.listSessions = () => Promise.reject(new Error('link down'));
    const notices: string[] = [];
    await workspace(down).ws.restore(saved, (message) => notices.push(message));
    expect(notices).toEqual(['Tabs not restored: Porthole failed while listing sessions: Error: link down']);
  });
});
