// @vitest-environment jsdom
// The window as a whole, with log tabs (xterm needs a real browser: terminals are covered end to end).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { DEFAULT_LOG_QUERY } from '../../../renderer/src/app/log-query.ts';
import { POD_ACTIONS, podActionKeys } from '../../../renderer/src/app/pod-actions.ts';
import { SETTINGS_STORAGE_KEY } from '../../../renderer/src/app/settings.ts';
import { TAB_DETAILS_STORAGE_KEY, TABS_STORAGE_KEY } from '../../../renderer/src/app/workspace/saved-workspace.ts';
import type { TabDetail } from '../../../renderer/src/app/workspace/tab-kinds.ts';
import { FakeBridge, pod } from './fake-bridge.ts';

// Loading xterm probes a canvas, before any hook runs; jsdom has none (terminals are tested in
// Chromium, end to end).
vi.hoisted(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
});

const logsDetail: TabDetail = {
  kind: 'logs',
  target: { kind: 'pod', context: 'dev', namespace: 'default', pod: 'web-1', containers: ['main'], container: 'main' },
  query: DEFAULT_LOG_QUERY,
  view: { timestamps: false, wrap: false },
};

beforeEach(() => {
  window.matchMedia = vi.fn().mockReturnValue({ matches: true, addEventListener: vi.fn(), removeEventListener: vi.fn() });
});

afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

async function openLogsOfWeb1(bridge: FakeBridge): Promise<void> {
  await waitFor(() => expect(bridge.watches).toHaveLength(1));
  bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1')] });
  const row = await waitFor(() => {
    const found = document.querySelector<HTMLElement>('[role="treeitem"][data-path="dev/default/web-1"]');
    if (!found) throw new Error('no row yet');
    return found;
  });
  await fireEvent.click(row);
  await fireEvent.keyDown(screen.getByRole('tree'), { key: 'l' });
  await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
}

describe('App', () => {
  it('welcomes with the pod keys of the sidebar\'s action table', async () => {
    render(App, { props: { bridge: new FakeBridge() } });
    const welcome = (await screen.findByRole('heading', { name: 'Open a shell or logs' })).parentElement!;
    const podKeys = within(welcome).getByRole('table', { name: 'Keys on a pod' });
    const rows = within(podKeys).getAllByRole('row').map((row) => row.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(podActionKeys(POD_ACTIONS).map(({ key, help }) => `${key}${help}`));
    expect(rows.slice(0, 3)).toEqual(['Enteropens a shell', 'Lits logs', 'Ga shell in every pod of its workload']);
  });

  it('re-binds saved tabs to the sessions main still has, and says which ones ended', async () => {
    sessionStorage.setItem(
      TABS_STORAGE_KEY,
      JSON.stringify({
        version: 2,
        tabs: [
          { id: 't1', layout: { kind: 'pane', pane: 'p1' }, focused: 'p1', customTitle: 'web logs' },
          { id: 't2', layout: { kind: 'pane', pane: 'p2' }, focused: 'p2' },
        ],
        panes: { p1: { sessionId: 's1', kind: 'logs', context: 'dev', title: 'web-1/main' }, p2: { sessionId: 's0', kind: 'terminal', context: 'dev', title: 'old shell' } },
        activeId: 't1',
      }),
    );
    sessionStorage.setItem(TAB_DETAILS_STORAGE_KEY, JSON.stringify({ version: 1, details: { s1: logsDetail } }));
    const bridge = new FakeBridge();
    bridge.sessions = [{ id: 's1', kind: 'logs', title: 'web-1/main', state: { kind: 'live', protocol: 'http' } }];
    render(App, { props: { bridge } });
    await waitFor(() => expect(screen.getByRole('tab', { name: /web logs/ })).toBeTruthy());
    expect(screen.getByRole('tab', { name: /web logs/ }).textContent).toContain('live');
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['s1']);
    expect(screen.getByText(/1 pane was not restored: old shell ended meanwhile/)).toBeTruthy();
    bridge.emit({ kind: 'lines', id: 's1', lines: [{ timestamp: '2024-05-01T00:00:00Z', text: 'replayed line' }], bytes: 14 });
    await waitFor(() => expect(screen.getByText('replayed line')).toBeTruthy());
  });

  it('offers a new, empty window the last workspace whose panes still run, and restores it in one click', async () => {
    const saved = {
      version: 2,
      tabs: [{ id: 't1', layout: { kind: 'split', direction: 'row', children: [{ kind: 'pane', pane: 'p1' }, { kind: 'pane', pane: 'p2' }], sizes: [0.5, 0.5] }, focused: 'p1' }],
      panes: { p1: { sessionId: 's1', kind: 'logs', context: 'dev', title: 'web-1/main' }, p2: { sessionId: 's0', kind: 'logs', context: 'dev', title: 'gone' } },
      activeId: 't1',
    };
    localStorage.setItem(TABS_STORAGE_KEY, JSON.stringify(saved));
    localStorage.setItem(TAB_DETAILS_STORAGE_KEY, JSON.stringify({ version: 1, details: { s1: logsDetail } }));
    const bridge = new FakeBridge();
    bridge.sessions = [{ id: 's1', kind: 'logs', title: 'web-1/main', state: { kind: 'live', protocol: 'http' } }];
    render(App, { props: { bridge } });
    expect((await screen.findByText(/The last workspace has 1 pane still running/)).textContent).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Restore the last workspace' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: /web-1\/main/ })).toBeTruthy());
    expect(document.querySelectorAll('[data-pane]')).toHaveLength(1);
    expect(screen.getByText(/1 pane was not restored: gone ended meanwhile/)).toBeTruthy();
  });

  it('opens a log tab from the sidebar, keeps it in sessionStorage, and closes its session with the tab', async () => {
    const bridge = new FakeBridge();
    render(App, { props: { bridge } });
    await openLogsOfWeb1(bridge);
    const id = bridge.sessions[0]?.id as string;
    expect(bridge.callsOf('open:logs')[0]?.args[0]).toMatchObject({ context: 'dev', namespace: 'default', pod: 'web-1', container: 'main', follow: true });
    const saved = JSON.parse(sessionStorage.getItem(TABS_STORAGE_KEY) ?? 'null');
    expect(saved).toMatchObject({ tabs: [{ id: 't1', layout: { kind: 'pane', pane: 'p1' } }], panes: { p1: { sessionId: id, kind: 'logs' } }, activeId: 't1' });
    expect(JSON.parse(sessionStorage.getItem(TAB_DETAILS_STORAGE_KEY) ?? 'null').details[id]).toMatchObject({ kind: 'logs' });

    bridge.emit({ kind: 'state', id, state: { kind: 'live', protocol: 'http' } });
    await waitFor(() => expect(screen.getByRole('tab').textContent).toContain('live'));
    await fireEvent.click(screen.getByRole('button', { name: /^Close web-1/ }));
    expect(screen.queryAllByRole('tab')).toHaveLength(0);
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual([id]);
  });

  it('shows a selected pod\'s details until a drawer opens, and brings them back with their key', async () => {
    const bridge = new FakeBridge();
    render(App, { props: { bridge } });
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1')] });
    const row = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[role="treeitem"][data-path="dev/default/web-1"]');
      if (!found) throw new Error('no row yet');
      return found;
    });
    await fireEvent.click(row);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Pod details' })).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.queryByRole('region', { name: 'Pod details' })).toBeNull();
    await fireEvent.keyDown(window, { key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Pod details' })).toBeTruthy());
    expect(screen.queryByRole('region', { name: 'Settings' })).toBeNull();
  });

  it('shows an open that main refused as a tab with the precise error, kept out of storage', async () => {
    const bridge = new FakeBridge();
    bridge.refuse.set('logs', { kind: 'not-found', title: 'Pod not found', detail: 'pods "web-1" not found' });
    render(App, { props: { bridge } });
    await openLogsOfWeb1(bridge);
    expect(screen.getByRole('tab').textContent).toContain('error');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('pods "web-1" not found'));
    expect(JSON.parse(sessionStorage.getItem(TABS_STORAGE_KEY) ?? 'null')).toMatchObject({ tabs: [], activeId: null });
  });

  it('closes the active tab with its shortcut and cycles tabs', async () => {
    const bridge = new FakeBridge();
    render(App, { props: { bridge } });
    await openLogsOfWeb1(bridge);
    await fireEvent.keyDown(screen.getByRole('tree'), { key: 'l' });
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(2));
    const selected = () => screen.getAllByRole('tab').findIndex((tab) => tab.getAttribute('aria-selected') === 'true');
    expect(selected()).toBe(1);
    await fireEvent.keyDown(document.body, { key: 'Tab', ctrlKey: true });
    expect(selected()).toBe(0);
    await fireEvent.keyDown(document.body, { key: 'W', ctrlKey: true, shiftKey: true });
    expect(screen.getAllByRole('tab')).toHaveLength(1);
  });

  it('opens the command palette with its key over the sidebar\'s pods, and runs a pod action from it', async () => {
    const bridge = new FakeBridge();
    render(App, { props: { bridge } });
    await waitFor(() => expect(bridge.watches).toHaveLength(1));
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1'), pod('api-1')] });
    await fireEvent.keyDown(document.body, { key: 'P', ctrlKey: true, shiftKey: true });
    const input = await screen.findByRole('combobox', { name: 'Find a command or a pod' });
    await fireEvent.input(input, { target: { value: 'logs api' } });
    expect(screen.getAllByRole('option')[0]?.textContent).toContain('Open logs: api-1 (default · dev)');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
    expect(bridge.callsOf('open:logs')[0]?.args[0]).toMatchObject({ pod: 'api-1' });
  });

  it('follows the OS theme until overridden, and keeps the choice', async () => {
    const bridge = new FakeBridge();
    render(App, { props: { bridge } });
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark')); // matchMedia says dark
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'light' } });
    expect(document.documentElement.dataset['theme']).toBe('light');
    expect(JSON.parse(localStorage.getItem(SETTINGS_STORAGE_KEY) ?? '{}').theme).toBe('light');
  });

  it('offers the sessions main runs without a tab here (another window’s, a closed one’s) and opens them', async () => {
    const bridge = new FakeBridge();
    bridge.sessions = [
      { id: 'x1', kind: 'logs', title: 'web-1/main', state: { kind: 'live', protocol: 'http' } },
      { id: 'pf1', kind: 'port-forward', title: 'web-1:80', state: { kind: 'live', protocol: 'v4.channel.k8s.io' } },
    ];
    render(App, { props: { bridge } });
    await waitFor(() => expect(screen.getByText(/1 session is still running in Porthole without a tab here/)).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Show it' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open web-1/main here' }));
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['x1']);
    // What it reads is not known here: it shows, but offers no options to read it differently.
    expect(screen.queryByRole('combobox', { name: 'Tail' })).toBeNull();
    bridge.emit({ kind: 'lines', id: 'x1', lines: [{ timestamp: '2024-05-01T00:00:00Z', text: 'from elsewhere' }], bytes: 15 });
    await waitFor(() => expect(screen.getByText('from elsewhere')).toBeTruthy());
    expect(screen.getByText('Every running session has a tab in this window.')).toBeTruthy();
  });
});
