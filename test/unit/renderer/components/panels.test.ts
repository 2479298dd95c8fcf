// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import PortForwards from '../../../../renderer/src/components/PortForwards.svelte';
import SessionBanner from '../../../../renderer/src/components/SessionBanner.svelte';
import SettingsPanel from '../../../../renderer/src/components/SettingsPanel.svelte';
import { SessionRouter } from '../../../../renderer/src/app/session-router.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/src/app/settings.ts';
import type { TabStatus } from '../../../../renderer/src/lib/tabs.ts';
import { FakeBridge } from '../fake-bridge.ts';

describe('PortForwards', () => {
  function setup(bridge = new FakeBridge()) {
    const router = new SessionRouter(bridge);
    const onDismiss = vi.fn();
    render(PortForwards, { props: { bridge, router, target: { context: 'dev', namespace: 'default', pod: 'web-1' }, onDismiss } });
    return { bridge, router, onDismiss };
  }

  it('starts a forward from the selected pod and shows its state and local address', async () => {
    const { bridge } = setup();
    expect((screen.getByRole('textbox', { name: 'Pod' }) as HTMLInputElement).value).toBe('web-1');
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '8080' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Local port' }), { target: { value: '18080' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start forwarding' }));
    await waitFor(() => expect(screen.getByLabelText('Local address').textContent).toBe('127.0.0.1:18080'));
    expect(bridge.callsOf('open:port-forward')[0]?.args[0]).toEqual({ context: 'dev', namespace: 'default', pod: 'web-1', remotePort: 8080, localPort: 18080 });
    const id = bridge.sessions[0]?.id as string;
    bridge.emit({ kind: 'state', id, state: { kind: 'live', protocol: 'v4.channel.k8s.io' } });
    await waitFor(() => expect(screen.getByText('forwarding')).toBeTruthy());
  });

  it('stops a forward and removes it once main closed it', async () => {
    const { bridge } = setup();
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '8080' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start forwarding' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop web-1:8080' })).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Stop web-1:8080' }));
    await waitFor(() => expect(screen.getByText('No port-forwards running.')).toBeTruthy());
    expect(bridge.callsOf('close')).toHaveLength(1);
  });

  it('lists the forwards main already runs (another window’s too) and binds to them', async () => {
    const bridge = new FakeBridge();
    bridge.sessions = [
      { id: 'pf1', kind: 'port-forward', title: 'db-0:5432', state: { kind: 'live', protocol: 'v4.channel.k8s.io' }, localAddress: '127.0.0.1:5432' },
      { id: 'x1', kind: 'exec', title: 'web-1: shell', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } },
    ];
    setup(bridge);
    await waitFor(() => expect(screen.getByText('db-0:5432')).toBeTruthy());
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['pf1']);
  });

  it('says precisely what is wrong with the form or what main refused', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await fireEvent.click(screen.getByRole('button', { name: 'Start forwarding' }));
    expect(screen.getByRole('alert').textContent).toContain('Remote port missing');
    bridge.refuse.set('port-forward', { kind: 'forbidden', title: 'Denied by RBAC', detail: 'cannot create resource "pods/portforward"' });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '80' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Start forwarding' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('cannot create resource "pods/portforward"'));
  });
});

describe('SettingsPanel', () => {
  it('applies a valid change and refuses an invalid one with the reason', async () => {
    const onChange = vi.fn();
    render(SettingsPanel, { props: { settings: DEFAULT_SETTINGS, onChange, onDismiss: vi.fn() } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, theme: 'dark' });
    await fireEvent.change(screen.getByRole('spinbutton', { name: 'Font size' }), { target: { value: '99' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toBe('fontSize: expected a whole number from 8 to 32, got 99');
    await fireEvent.change(screen.getByRole('spinbutton', { name: 'Terminal scrollback' }), { target: { value: '5000' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, scrollback: 5000 });
  });
});

describe('SessionBanner', () => {
  function show(status: TabStatus, canRunAgain = true) {
    const callbacks = { onRunAgain: vi.fn(), onCloseTab: vi.fn() };
    render(SessionBanner, { props: { status, canRunAgain, what: 'shell', ...callbacks } });
    return callbacks;
  }

  it('says nothing while connecting or live', () => {
    show({ kind: 'live' });
    expect(document.querySelector('.banner')).toBeNull();
  });

  it('shows the exit code with "Run again"', async () => {
    const { onRunAgain } = show({ kind: 'exited', exitCode: 3 });
    expect(screen.getByRole('status').textContent).toContain('Exited with code 3');
    await fireEvent.click(screen.getByRole('button', { name: 'Run again' }));
    expect(onRunAgain).toHaveBeenCalled();
  });

  it('shows the core’s error in full, as an alert', () => {
    show({ kind: 'error', error: { kind: 'forbidden', title: 'Denied by RBAC', detail: 'pods "web-1" is forbidden: cannot get resource "pods/exec"' } });
    expect(screen.getByRole('alert').textContent).toContain('Denied by RBAC');
    expect(screen.getByRole('alert').textContent).toContain('pods "web-1" is forbidden: cannot get resource "pods/exec"');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('says a shell whose connection was lost cannot be resumed, and offers Reconnect with its key', async () => {
    const callbacks = { onRunAgain: vi.fn(), onCloseTab: vi.fn() };
    const status: TabStatus = { kind: 'connection-lost', error: { kind: 'connection-lost', title: 'Connection lost', detail: 'no pong within 30 s' } };
    render(SessionBanner, { props: { status, canRunAgain: true, what: 'shell', againKey: 'Enter', ...callbacks } });
    const alert = screen.getByRole('alert').textContent ?? '';
    expect(alert).toContain('this shell cannot be resumed');
    expect(alert).toContain('Press Enter or Reconnect for a new shell in the same pod and container.');
    const reconnect = screen.getByRole('button', { name: 'Reconnect' });
    expect(reconnect.getAttribute('title')).toBe('Start a new shell in the same pod and container (Enter)');
    expect(reconnect.getAttribute('aria-keyshortcuts')).toBe('Enter');
    await fireEvent.click(reconnect);
    expect(callbacks.onRunAgain).toHaveBeenCalledTimes(1);
  });

  it('shows a lost connection with "Reconnect", and no restart when the tab cannot start one', () => {
    show({ kind: 'connection-lost', error: { kind: 'connection-lost', title: 'No pong', detail: 'no pong within 30 s' } }, false);
    expect(screen.getByRole('alert').textContent).toContain('Connection lost');
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close tab' })).toBeTruthy();
  });
});
