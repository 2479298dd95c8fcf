// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RecordingSummary } from '../../../../shared/bridge/recordings.ts';
import RecordingsPanel from '../../../../renderer/src/components/RecordingsPanel.svelte';
import { Recordings } from '../../../../renderer/src/app/recordings.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const DONE: RecordingSummary = {
  name: '2026-12-06_06-30-00_web-0-shell.cast',
  title: 'web-0: shell',
  bytes: 2048,
  duration: 75,
  started: '2026-12-06T06:30:00.000Z',
  input: true,
  recording: null,
  problem: null,
};
const RUNNING: RecordingSummary = { ...DONE, name: '2026-12-06_07-00-00_seq-attach.cast', title: 'seq: attach', input: false, recording: 's7' };
const BROKEN: RecordingSummary = { ...DONE, name: 'broken.cast', title: 'broken.cast', input: false, started: null, problem: 'line 1: is not JSON: "hello"' };

function setup(list: RecordingSummary[] = [DONE, RUNNING, BROKEN]) {
  const bridge = new FakeBridge();
  bridge.recordings = list;
  const recordings = new Recordings(bridge);
  const onPlay = vi.fn();
  const onOpenFile = vi.fn();
  render(RecordingsPanel, { props: { bridge, recordings, onPlay, onOpenFile, openKey: 'Ctrl+Shift+O', onDismiss: vi.fn() } });
  return { bridge, onPlay, onOpenFile };
}

describe('RecordingsPanel', () => {
  it('lists each recording with its length, size and marks; a broken one says why and cannot play', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    const [done, running, broken] = screen.getAllByRole('listitem') as [HTMLElement, HTMLElement, HTMLElement];
    expect(done.textContent).toContain('1 min 15 s');
    expect(done.textContent).toContain('2.0 KiB');
    expect(done.textContent).toContain('keystrokes');
    expect(running.textContent).toContain('● REC');
    expect(broken.textContent).toContain('line 1: is not JSON: "hello"');
    expect(screen.getByRole('button', { name: 'Play broken.cast' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: `Delete ${RUNNING.name}` }).hasAttribute('disabled')).toBe(true);
  });

  it('plays, opens a file (its key in the tooltip) and stops a running recording', async () => {
    const { bridge, onPlay, onOpenFile } = setup();
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    await fireEvent.click(screen.getByRole('button', { name: 'Play web-0: shell' }));
    expect(onPlay).toHaveBeenCalledWith(DONE);
    const open = screen.getByRole('button', { name: 'Open recording…' });
    expect(open.getAttribute('title')).toBe('Open recording… (Ctrl+Shift+O)');
    await fireEvent.click(open);
    expect(onOpenFile).toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Stop recording seq: attach' }));
    expect(bridge.callsOf('stopRecording')).toEqual([{ method: 'stopRecording', args: ['s7'] }]);
  });

  it('deletes on the second press only', async () => {
    const { bridge } = setup([DONE]);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: `Delete ${DONE.name}` }));
    expect(bridge.callsOf('deleteRecording')).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: `Really delete ${DONE.name}` }));
    await waitFor(() => expect(screen.getByText('No recordings yet.')).toBeTruthy());
    expect(bridge.callsOf('deleteRecording')).toEqual([{ method: 'deleteRecording', args: [DONE.name] }]);
  });

  it('saves a recording as a .cast download of its text', async () => {
    const { bridge } = setup([DONE]);
    bridge.recordingTexts.set(DONE.name, '{"version":2,"width":80,"height":24}\n');
    const blobs: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (blobs.push(blob), 'blob:recording');
    URL.revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: `Save ${DONE.name}` }));
    await waitFor(() => expect(clicked).toEqual([DONE.name]));
    expect(await blobs[0]?.text()).toBe('{"version":2,"width":80,"height":24}\n');
  });

  it('a save main refuses shows its error', async () => {
    setup([DONE]);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: `Save ${DONE.name}` }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(`No such recording ${DONE.name}`));
  });
});
