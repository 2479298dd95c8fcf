// @vitest-environment jsdom
import '../lib/terminal/jsdom-for-xterm.ts';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Asciicast } from '../../../../shared/asciicast/asciicast.ts';
import PlaybackPane from '../../../../renderer/src/components/PlaybackPane.svelte';
import type { LoadResult } from '../../../../renderer/src/app/playback-source.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/src/app/settings.ts';

const CAST: Asciicast = {
  header: { version: 2, width: 40, height: 10, title: 'demo' },
  events: [
    { time: 0, code: 'o', data: 'first\r\n' },
    { time: 65, code: 'o', data: 'second\r\n' },
  ],
};

function setup(result: LoadResult = { ok: true, recording: { title: 'demo', cast: CAST } }, visible = true) {
  const { rerender } = render(PlaybackPane, { props: { load: () => Promise.resolve(result), visible, settings: DEFAULT_SETTINGS, theme: 'dark' } });
  return { pane: screen.getByRole('region', { name: 'Recording player' }), rerender };
}

const time = (): string => screen.getByLabelText('Time').textContent ?? '';
const rows = (): string => document.querySelector('.xterm-rows')?.textContent ?? '';

describe('PlaybackPane', () => {
  it('plays at once when shown, with the time and the length', async () => {
    setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy());
    expect(time()).toBe('0:00 / 1:05');
    await waitFor(() => expect(rows()).toContain('first'));
    expect(rows()).not.toContain('second');
  });

  it('waits, paused, when loaded in a pane that is not shown, and plays once shown', async () => {
    const { rerender } = setup(undefined, false);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' }).hasAttribute('disabled')).toBe(false));
    await rerender({ visible: true });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy());
    await rerender({ visible: false });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy());
  });

  it('Space pauses and plays; Right and the slider seek; - and + change the speed', async () => {
    const { pane } = setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy());
    await fireEvent.keyDown(pane, { key: ' ' });
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    await fireEvent.keyDown(pane, { key: 'ArrowRight' });
    expect(time()).toBe('0:05 / 1:05');
    await fireEvent.input(screen.getByRole('slider', { name: 'Position' }), { target: { value: '65' } });
    expect(time()).toBe('1:05 / 1:05');
    await waitFor(() => expect(rows()).toContain('second'));
    await fireEvent.keyDown(pane, { key: 'ArrowLeft' });
    expect(time()).toBe('1:00 / 1:05');
    await waitFor(() => expect(rows()).not.toContain('second'));
    expect(screen.getByRole('button', { name: '1×' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.keyDown(pane, { key: '+' });
    expect(screen.getByRole('button', { name: '2×' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.keyDown(pane, { key: '-' });
    await fireEvent.keyDown(pane, { key: '-' });
    expect(screen.getByRole('button', { name: '0.5×' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: '4×' }));
    expect(screen.getByRole('button', { name: '4×' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('the buttons tell their keys', async () => {
    setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Pause' }).getAttribute('title')).toBe('Pause (Space)');
    expect(screen.getByRole('button', { name: 'Back 5 seconds' }).getAttribute('title')).toBe('Back 5 seconds (←)');
    expect(screen.getByRole('group', { name: 'Speed' }).getAttribute('title')).toBe('Speed (- slower, + faster)');
  });

  it('a recording that cannot be loaded says why, and the controls stay off', async () => {
    setup({ ok: false, error: { kind: 'file', title: 'Cannot play bad.cast', detail: 'line 3: time goes backwards: 0.5 s comes after 1 s.' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Cannot play bad.cast line 3: time goes backwards: 0.5 s comes after 1 s.'));
    expect(screen.getByRole('button', { name: 'Play' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('slider', { name: 'Position' }).hasAttribute('disabled')).toBe(true);
  });
});
