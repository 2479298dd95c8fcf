// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SessionBanner from '../../../../renderer/src/components/SessionBanner.svelte';
import SettingsPanel from '../../../../renderer/src/components/SettingsPanel.svelte';
import { DEFAULT_SETTINGS } from '../../../../renderer/src/app/settings.ts';
import type { TabStatus } from '../../../../renderer/src/lib/tabs.ts';

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
