// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../../../shared/bridge/sessions.ts';
import { LOG_ACKNOWLEDGEMENT } from '../../../../shared/flow/flow-budget.ts';
import LogTab from '../../../../renderer/src/components/LogTab.svelte';
import { DEFAULT_LOG_QUERY } from '../../../../renderer/src/app/log-query.ts';
import { SessionRouter } from '../../../../renderer/src/app/session-router.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/src/app/settings.ts';
import type { TabDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { FakeBridge } from '../fake-bridge.ts';

type LogsDetail = Extract<TabDetail, { kind: 'logs' }>;

const saved = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('role') === 'log' ? 360 : 0;
    },
  });
});
afterAll(() => {
  if (saved) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved);
});

const line = (text: string): LogLine => ({ timestamp: '2024-05-01T12:00:00.5Z', text });
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
const texts = () => [...document.querySelectorAll('[role="log"] .row')].map((row) => row.textContent);

function detail(extra: Partial<LogsDetail> = {}): LogsDetail {
  return {
    kind: 'logs',
    target: { kind: 'pod', context: 'dev', namespace: 'default', pod: 'web-1', containers: ['app', 'sidecar'], container: 'app' },
    query: DEFAULT_LOG_QUERY,
    view: { timestamps: false, wrap: false },
    ...extra,
  };
}

function setup(logsDetail = detail(), before: (bridge: FakeBridge) => void = () => undefined) {
  const bridge = new FakeBridge();
  const router = new SessionRouter(bridge);
  before(bridge);
  const subscribe = vi.spyOn(router, 'subscribe');
  const callbacks = { onRebind: vi.fn(), onDetail: vi.fn(), onCloseTab: vi.fn() };
  const result = render(LogTab, {
    props: { bridge, router, sessionId: 's1', detail: logsDetail, title: 'web-1/app', status: { kind: 'live' }, settings: DEFAULT_SETTINGS, platform: 'other', ...callbacks },
  });
  return { bridge, router, subscribe, ...callbacks, ...result };
}

describe('LogTab', () => {
  it('shows the lines that arrive and acknowledges their weight', async () => {
    const { bridge } = setup();
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('one'), line('two')], bytes: 70 });
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('three')], bytes: 35 });
    await nextFrame();
    await waitFor(() => expect(texts()).toEqual(['one', 'two', 'three']));
    expect(screen.getByRole('status', { name: 'Loaded lines' }).textContent).toBe('3 lines');
    // In the buffer means processed: below a batch, every byte is acknowledged once the lines settle.
    expect(bridge.acknowledged('s1')).toBe(0);
    await waitFor(() => expect(bridge.acknowledged('s1')).toBe(105));
  });

  it('acknowledges a batch at once, and everything it received by the time it goes away', () => {
    const { bridge, unmount } = setup();
    const half = LOG_ACKNOWLEDGEMENT.batchBytes / 2;
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('one')], bytes: half });
    expect(bridge.acknowledged('s1')).toBe(0);
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('two')], bytes: half });
    expect(bridge.acknowledged('s1')).toBe(2 * half);
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('three')], bytes: 10 });
    unmount();
    expect(bridge.acknowledged('s1')).toBe(2 * half + 10);
  });

  it('takes over what arrived before it mounted, and a later notice does not restart its subscription', async () => {
    const { bridge, subscribe } = setup(detail(), (early) => {
      early.emit({ kind: 'notice', id: 's1', message: 'first notice' });
      early.emit({ kind: 'lines', id: 's1', lines: [line('early')], bytes: 100 });
    });
    await nextFrame();
    await waitFor(() => expect(texts()).toEqual(['early']));
    bridge.emit({ kind: 'notice', id: 's1', message: 'second notice' });
    await waitFor(() => expect(screen.getByText('second notice')).toBeTruthy());
    expect(subscribe).toHaveBeenCalledTimes(1);
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('late')], bytes: 10 });
    await nextFrame();
    await waitFor(() => expect(texts()).toEqual(['early', 'late']));
  });

  it('keeps its subscriptions when the owner hands in an equal detail (new object, same sessions)', async () => {
    const first = detail();
    const { bridge, rerender, subscribe } = setup(first);
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('kept')], bytes: 100 });
    await rerender({ detail: { ...first, view: { timestamps: true, wrap: false } }, status: { kind: 'live' } });
    expect(subscribe).toHaveBeenCalledTimes(1);
    await nextFrame();
    await waitFor(() => expect(texts()).toHaveLength(1));
  });

  it('shows all containers from their one merged log, each line labelled with the container it carries', async () => {
    const { bridge } = setup(detail({ target: { kind: 'pod', context: 'dev', namespace: 'default', pod: 'web-1', containers: ['app', 'sidecar'], container: null } }));
    const from = (container: string, text: string): LogLine => ({ ...line(text), pod: 'web-1', container });
    bridge.emit({ kind: 'lines', id: 's1', lines: [from('sidecar', 'from sidecar'), from('app', 'from app')], bytes: 20 });
    await nextFrame();
    await waitFor(() => expect(texts()).toEqual(['web-1/sidecar from sidecar', 'web-1/app from app']));
  });

  it('opens a new session for other options, moves the tab to it and closes the old one', async () => {
    const { bridge, onRebind } = setup();
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('old')], bytes: 10 });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Tail' }), { target: { value: '100' } });
    await waitFor(() => expect(onRebind).toHaveBeenCalled());
    expect(bridge.callsOf('open:logs')[0]?.args[0]).toMatchObject({ pod: 'web-1', container: 'app', tailLines: 100, follow: true });
    const [info, next] = onRebind.mock.calls[0] as [{ id: string }, LogsDetail];
    expect(info.id).toBe(bridge.sessions[0]?.id);
    expect(next.query.tailLines).toBe(100);
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1']);
    await nextFrame();
    expect(texts()).toEqual([]);
  });

  it('switches to all containers with the container picker', async () => {
    const { bridge, onRebind } = setup();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Container' }), { target: { value: '' } });
    await waitFor(() => expect(onRebind).toHaveBeenCalled());
    expect(bridge.callsOf('open:merged-logs').map((call) => call.args[0])).toEqual([{ context: 'dev', namespace: 'default', pod: 'web-1', follow: true, tailLines: 1000 }]);
    const next = onRebind.mock.calls[0]?.[1] as LogsDetail;
    expect(next.target).toMatchObject({ container: null });
    expect(bridge.callsOf('close').map((call) => call.args[0])).toEqual(['s1']);
  });

  it('keeps the old session when the new one cannot open, and says why', async () => {
    const { bridge, onRebind } = setup();
    bridge.refuse.set('logs', { kind: 'bad-request', title: 'Previous logs not found', detail: 'previous terminated container "app" in pod "web-1" not found' });
    await fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(screen.getByText(/Previous logs not found: previous terminated container/)).toBeTruthy());
    expect(onRebind).not.toHaveBeenCalled();
    expect(bridge.callsOf('close')).toEqual([]);
  });

  it("shows each toolbar button's key in its tooltip", () => {
    setup();
    expect(screen.getByRole('button', { name: 'Timestamps' }).title).toBe('Timestamps (T)');
    expect(screen.getByRole('button', { name: 'Wrap' }).title).toBe('Wrap long lines (W)');
    expect(screen.getByRole('button', { name: 'Download' }).title).toBe('Download the loaded lines (Ctrl+S)');
  });

  it('toggles timestamps and wrap through the owner, and shows notices', async () => {
    const { bridge, onDetail } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Timestamps' }));
    expect(onDetail).toHaveBeenLastCalledWith(expect.objectContaining({ view: { timestamps: true, wrap: false } }));
    await fireEvent.click(screen.getByRole('button', { name: 'Wrap' }));
    expect(onDetail).toHaveBeenLastCalledWith(expect.objectContaining({ view: { timestamps: false, wrap: true } }));
    bridge.emit({ kind: 'notice', id: 's1', message: 'Pod web-2 has no container "app"' });
    await waitFor(() => expect(screen.getByText('Pod web-2 has no container "app"')).toBeTruthy());
  });

  it('downloads what is loaded, with timestamps when they are shown', async () => {
    const { bridge } = setup(detail({ view: { timestamps: true, wrap: false } }));
    bridge.emit({ kind: 'lines', id: 's1', lines: [line('one'), line('two')], bytes: 10 });
    const blobs: Blob[] = [];
    const create = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await blobs[0]?.text()).toBe('2024-05-01T12:00:00.5Z one\n2024-05-01T12:00:00.5Z two\n');
    click.mockRestore();
  });
});
