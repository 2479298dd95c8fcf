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
  it('opens a shell at the last terminal size, keyed by a pane key of its own', async () => {
    const { bridge, ws } = workspace();
    ws.terminalSize = { cols: 120, rows: 40 };
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main' }));
    expect(bridge.callsOf('open:exec')[0]?.args[0]).toMatchObject({ pod: 'web-1', size: { cols: 120, rows: 40 } });
    expect(ws.tabs).toHaveLength(1);
    expect(ws.active).toMatchObject({ sessionId: 's1', kind: 'terminal', context: 'dev', detail: { kind: 'exec' } });
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
