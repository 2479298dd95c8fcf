import { describe, expect, it } from 'vitest';
import { loadWorkspace, saveWorkspace, serializeTabs, TAB_DETAILS_STORAGE_KEY, TABS_STORAGE_KEY, type WorkspaceStorage } from '../../../../../renderer/src/app/workspace/saved-workspace.ts';
import { logsDetail, shellDetail } from '../../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../../fake-bridge.ts';
import { info, opened } from './fixtures.ts';

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
  it('opens a recording in a tab of its own: a playback pane with no session, kept across a reload when it is one of main\'s', async () => {
    const { bridge, ws } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main' }));
    ws.openPlayback({ kind: 'playback', title: 'picked', source: { kind: 'file', id: 'file-1' } });
    ws.openPlayback({ kind: 'playback', title: 'demo', source: { kind: 'recording', name: 'demo.cast' } });
    expect(ws.focusedPane).toMatchObject({ kind: 'playback', sessionId: null, title: 'demo', context: '', detail: { source: { kind: 'recording', name: 'demo.cast' } } });
    expect(ws.tabs).toHaveLength(3);
    expect(ws.sessions).toEqual(['s1']);
    expect(bridge.calls.filter((call) => call.method.startsWith('open:'))).toHaveLength(1);

    const saved = ws.serialize();
    expect(Object.values(saved.tabs.panes)).toEqual([
      { sessionId: 's1', kind: 'terminal', context: 'dev', title: 'web-1: shell' },
      { kind: 'playback', recording: 'demo.cast', title: 'demo' },
    ]);
    const reloaded = workspace(bridge).ws;
    await reloaded.restore(saved, () => undefined);
    expect(reloaded.panes.map((pane) => [pane.kind, pane.title, pane.sessionId])).toEqual([
      ['terminal', 'web-1: shell', 's1'],
      ['playback', 'demo', null],
    ]);
    expect(reloaded.panes[1]?.detail).toEqual({ kind: 'playback', title: 'demo', source: { kind: 'recording', name: 'demo.cast' } });
  });

  it('opens a shell at the last terminal size, keyed by a pane key of its own', async () => {
    const { bridge, ws } = workspace();
    ws.terminalSize = { cols: 120, rows: 40 };
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main' }));
    expect(bridge.callsOf('open:exec')[0]?.args[0]).toMatchObject({ pod: 'web-1', size: { cols: 120, rows: 40 } });
    expect(ws.tabs).toHaveLength(1);
    expect(ws.active).toMatchObject({ id: 't1', sessionId: 's1', kind: 'terminal', context: 'dev', focused: 'p1' });
    expect(ws.focusedPane).toMatchObject({ id: 'p1', tabId: 't1', sessionId: 's1', detail: { kind: 'exec' } });
  });

  it('sends what is typed in a tab to that tab\'s session, and only there', async () => {
    const { bridge, ws } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-2' }));
    ws.input('s1', new TextEncoder().encode('ls\r'));
    expect(bridge.callsOf('write').map((call) => call.args)).toEqual([['s1', new TextEncoder().encode('ls\r')]]);
    bridge.write = () => Promise.reject(new Error('session ended'));
    expect(() => ws.input('s2', new Uint8Array([1]))).not.toThrow();
  });

  it('sends what is typed into a broadcast member to every live member, one write each, a failing one not stopping the others', async () => {
    const { bridge, ws } = workspace();
    await ws.openGrid('web', ['web-1', 'web-2', 'web-3', 'web-4'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
    ws.applyState('s4', { kind: 'exited', exitCode: 0 });
    expect(await ws.broadcast.start(['s1', 's2', 's3', 's4'])).toBe(true);
    const write = bridge.write.bind(bridge);
    const attempted: string[] = [];
    bridge.write = (id, data) => (attempted.push(id), id === 's1' ? Promise.reject(new Error('session ended')) : write(id, data));
    ws.input('s2', new TextEncoder().encode('hostname\r'));
    await settle();
    expect(attempted).toEqual(['s1', 's2', 's3']);
    expect(bridge.callsOf('write').map((call) => call.args[0])).toEqual(['s2', 's3']);
    ws.broadcast.optOut('s3');
    ws.input('s3', new Uint8Array([1]));
    expect(bridge.callsOf('write').at(-1)?.args).toEqual(['s3', new Uint8Array([1])]);
  });

  it("tells each other member's terminal that input reached it, not the one typed into, until it stops listening", async () => {
    const { ws } = workspace();
    await ws.openGrid('web', ['web-1', 'web-2', 'web-3'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
    const told: string[] = [];
    const stops = ['s1', 's2', 's3'].map((id) => ws.onRelayedInput(id, () => told.push(id)));
    ws.input('s2', new Uint8Array([0x61]));
    expect(told).toEqual([]); // no group yet: the input is the pane's own
    expect(await ws.broadcast.start(['s1', 's2', 's3'])).toBe(true);
    ws.input('s2', new Uint8Array([0x61]));
    expect(told).toEqual(['s1', 's3']);
    stops[2]?.();
    ws.input('s1', new Uint8Array([0x62]));
    expect(told).toEqual(['s1', 's3', 's2']);
  });

  it("holds a broadcast keystroke's echoes until every member's came, and a lone pane's not at all", async () => {
    const { ws } = workspace();
    await ws.openGrid('web', ['web-1', 'web-2', 'web-3'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
    const drawn: string[] = [];
    const echo = (id: string): void => ws.deliverSessionEvent(id, true, () => drawn.push(id));
    ws.input('s1', new Uint8Array([0x61]));
    echo('s1');
    expect(drawn).toEqual(['s1']);
    expect(await ws.broadcast.start(['s1', 's2', 's3'])).toBe(true);
    ws.input('s2', new Uint8Array([0x62]));
    echo('s3');
    echo('s2');
    expect(drawn).toEqual(['s1']);
    echo('s1');
    expect(drawn).toEqual(['s1', 's3', 's2', 's1']);
  });

  it('asks through its hook before broadcast input reaches a production session, and sends nothing when refused', async () => {
    const bridge = new FakeBridge();
    const asked: string[][] = [];
    const ws = new Workspace(bridge, {
      forget: () => undefined,
      broadcast: { isProduction: (id) => id === 's2', confirm: (request) => (asked.push([...request.production]), Promise.resolve(false)) },
    });
    await ws.openGrid('web', ['web-1', 'web-2'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
    expect(await ws.broadcast.start(['s1', 's2'])).toBe(false);
    expect(asked).toEqual([['s2']]);
    ws.input('s1', new Uint8Array([1]));
    expect(bridge.callsOf('write').map((call) => call.args[0])).toEqual(['s1']);
  });

  it('opens a log tab of all containers as one merged session, titled by what it reads', async () => {
    const { bridge, ws } = workspace();
    await ws.open(podLogs);
    expect(bridge.callsOf('open:merged-logs').map((call) => call.args[0])).toEqual([{ context: 'dev', namespace: 'default', pod: 'web-1', follow: true, tailLines: 1000 }]);
    expect(ws.active).toMatchObject({ sessionId: 's1', defaultTitle: 'web-1 (all)' });
    expect(ws.sessions).toEqual(['s1']);
  });

  it('shows an open main refused as a pane without a session, with the error, which is not saved', async () => {
    const { bridge, ws } = workspace();
    bridge.refuse.set('exec', { kind: 'not-found', title: 'Pod not found', detail: 'pods "web-1" not found' });
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    expect(ws.active).toMatchObject({ sessionId: null, defaultTitle: 'web-1: shell', status: { kind: 'error', error: { title: 'Pod not found' } } });
    const storage = new MemoryStorage();
    saveWorkspace(storage, ws.serialize());
    expect(JSON.parse(storage.getItem(TABS_STORAGE_KEY) ?? 'null')).toEqual({ version: 2, tabs: [], panes: {}, activeId: null });
    expect(JSON.parse(storage.getItem(TAB_DETAILS_STORAGE_KEY) ?? 'null')).toEqual({ version: 1, details: {} });
  });

  it('closes every session of a tab, but only once its panes have unmounted', async () => {
    const { bridge, ws, forgotten, unmount } = workspace();
    await ws.openGrid('web', ['web-1', 'web-2'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
    ws.close('t1');
    expect(ws.tabs).toHaveLength(0);
    expect(forgotten).toEqual(['s1', 's2']);
    await settle();
    expect(bridge.callsOf('close')).toHaveLength(0);
    unmount();
    await settle();
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1', 's2']);
  });

  it('runs a pane again in place: same pane and title, new session, the old one closed', async () => {
    const { bridge, ws, forgotten, unmount } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    ws.rename('t1', 'mine');
    const before = ws.focusedPane;
    await ws.runAgain('p1');
    expect(ws.active).toMatchObject({ sessionId: 's2', customTitle: 'mine', focused: 'p1' });
    expect(ws.focusedPane?.detail).toEqual(before?.detail);
    expect(forgotten).toEqual(['s1']);
    unmount();
    await settle();
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1']);
  });

  it('shows a failed run again in the pane, and runs a failed open again', async () => {
    const { bridge, ws } = workspace();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    bridge.refuse.set('exec', { kind: 'forbidden', title: 'Exec denied', detail: 'no' });
    await ws.runAgain('p1');
    expect(ws.active).toMatchObject({ sessionId: 's1', status: { kind: 'error', error: { title: 'Exec denied' } } });
    bridge.refuse.set('exec', { kind: 'forbidden', title: 'Exec denied', detail: 'no' });
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-2' }));
    expect(ws.focusedPane).toMatchObject({ id: 'p2', sessionId: null });
    await ws.runAgain('p2');
    expect(ws.focusedPane).toMatchObject({ id: 'p2', sessionId: 's2', status: { kind: 'connecting' } });
  });

  it('moves a log pane to the sessions of its new options, and keeps its new view', async () => {
    const { ws, forgotten } = workspace();
    await ws.open(podLogs);
    ws.rebind('p1', info('s7', 'logs'), { ...podLogs, target: { ...podLogs.target, container: 'main' } as typeof podLogs.target });
    expect(ws.active).toMatchObject({ sessionId: 's7', defaultTitle: 'web-1/main', focused: 'p1' });
    expect(forgotten).toEqual(['s1']);
    ws.setDetail('p1', { ...podLogs, view: { timestamps: true, wrap: true } });
    expect(ws.focusedPane?.detail).toMatchObject({ view: { timestamps: true, wrap: true } });
  });

  it('takes over a session from elsewhere: a log session shows without options, a shell without "run again"', async () => {
    const { bridge, ws } = workspace();
    bridge.sessions = [info('x1', 'merged-logs'), info('x2', 'exec')];
    await ws.openHere('x1');
    await ws.openHere('x2');
    expect(ws.panes.map((p) => [p.sessionId, p.kind, p.detail?.kind ?? null])).toEqual([['x1', 'logs', 'logs'], ['x2', 'terminal', null]]);
    expect(ws.panes[0]?.detail).toMatchObject({ target: { kind: 'session', title: 'title-x1' } });
  });

  it('saves and restores its tabs, re-binding each session and naming the ones that ended', async () => {
    const first = workspace();
    await first.ws.open(podLogs);
    await first.ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-2' }));
    first.ws.rename('t2', 'my shell');
    first.ws.activate('t1');
    const storage = new MemoryStorage();
    saveWorkspace(storage, first.ws.serialize());

    const bridge = new FakeBridge();
    bridge.sessions = [info('s1', 'merged-logs', { kind: 'live', protocol: 'http' })];
    const { ws } = workspace(bridge);
    const notices: string[] = [];
    await ws.restore(loadWorkspace(storage), (message) => notices.push(message));
    expect(ws.tabs.map((t) => t.sessionId)).toEqual(['s1']);
    expect(ws.active).toMatchObject({ status: { kind: 'live' } });
    expect(ws.focusedPane).toMatchObject({ detail: { target: podLogs.target } });
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['s1']);
    expect(notices).toEqual(['1 pane was not restored: web-2: shell ended meanwhile.']);
  });

  it('says why saved tabs were not restored', async () => {
    const storage = new MemoryStorage();
    storage.setItem(TABS_STORAGE_KEY, JSON.stringify({ version: 9, tabs: [], activeId: null }));
    const { ws } = workspace();
    const notices: string[] = [];
    await ws.restore(loadWorkspace(storage), (message) => notices.push(message));
    expect(notices).toEqual(['Tabs not restored: saved tabs have format version 9, expected 2']);
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

  describe('split panes', () => {
    const web1 = shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main' });

    it('splits the focused pane with a new shell in its pod and container, and focuses the new pane', async () => {
      const { bridge, ws } = workspace();
      await ws.open(web1);
      expect(await ws.split('right')).toBe(true);
      expect(bridge.callsOf('open:exec').map((call) => call.args[0])).toMatchObject([{ pod: 'web-1', container: 'main' }, { pod: 'web-1', container: 'main', command: { kind: 'shell' } }]);
      expect(ws.tabs).toHaveLength(1);
      expect(ws.panes.map((p) => [p.id, p.tabId, p.sessionId])).toEqual([['p1', 't1', 's1'], ['p2', 't1', 's2']]);
      expect(ws.focusedPane?.id).toBe('p2');
      expect(ws.active).toMatchObject({ panes: 2, sessionId: 's2' });
    });

    it('splits a log pane with the same logs, a given detail as asked, and nothing beside a taken-over shell', async () => {
      const { bridge, ws } = workspace();
      await ws.open(podLogs);
      await ws.split('down');
      expect(bridge.callsOf('open:merged-logs')).toHaveLength(2);
      expect(ws.focusedPane).toMatchObject({ kind: 'logs', detail: { target: podLogs.target } });
      await ws.split('right', web1);
      expect(ws.focusedPane).toMatchObject({ kind: 'terminal' });
      bridge.sessions = [...bridge.sessions, info('x1', 'exec')];
      await ws.openHere('x1');
      expect(await ws.split('right')).toBe(false);
      expect(await workspace().ws.split('right')).toBe(false);
    });

    it('moves the focus between panes, closes a pane with its session, and the last pane with its tab', async () => {
      const { bridge, ws, forgotten, unmount } = workspace();
      await ws.open(web1);
      await ws.split('right');
      ws.focusPane('left');
      expect(ws.focusedPane?.id).toBe('p1');
      ws.focus('p2');
      expect(ws.focusedPane?.id).toBe('p2');
      ws.closePane('p2');
      expect([ws.panes.map((p) => p.id), ws.focusedPane?.id, forgotten]).toEqual([['p1'], 'p1', ['s2']]);
      unmount();
      await settle();
      expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s2']);
      ws.closePane('p1');
      expect(ws.tabs).toHaveLength(0);
    });

    it('opens a grid of panes in one tab, moves a tab into a pane and resizes its splits', async () => {
      const { ws } = workspace();
      await ws.openGrid('web: 3 pods', ['web-1', 'web-2', 'web-3'].map((pod) => shellDetail({ context: 'dev', namespace: 'default', pod })));
      expect(ws.active).toMatchObject({ customTitle: 'web: 3 pods', panes: 3, focused: 'p1' });
      await ws.open(podLogs);
      ws.moveTabInto('t2', 'p3', 'right');
      expect(ws.tabs.map((t) => t.id)).toEqual(['t1']);
      expect(ws.focusedPane).toMatchObject({ id: 'p4', tabId: 't1', kind: 'logs' });
      ws.resizeSplit('t1', [], 0, 0.1);
      expect(ws.active?.layout).toMatchObject({ kind: 'split', direction: 'column', sizes: [0.6, 0.4] });
    });

    it('saves the layout and restores it, each pane bound to its session again', async () => {
      const first = workspace();
      await first.ws.open(web1);
      await first.ws.split('down');
      const storage = new MemoryStorage();
      saveWorkspace(storage, first.ws.serialize());
      const bridge = new FakeBridge();
      bridge.sessions = [info('s1'), info('s2')];
      const { ws } = workspace(bridge);
      await ws.restore(loadWorkspace(storage), () => undefined);
      expect(ws.active?.layout).toEqual(first.ws.active?.layout);
      expect(ws.panes.map((p) => p.sessionId)).toEqual(['s1', 's2']);
      expect(ws.focusedPane?.sessionId).toBe('s2');
      expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['s1', 's2']);
    });
  });
});
