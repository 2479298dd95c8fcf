import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import type { RecordingSummary } from '../../../../shared/bridge/recordings.ts';
import { PaneRecordings, type RecordingInput } from '../../../../renderer/src/app/pane-recordings.svelte.ts';
import type { PickedFile } from '../../../../renderer/src/app/playback-source.ts';
import { Recordings } from '../../../../renderer/src/app/recordings.svelte.ts';
import type { PlaybackDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { shellDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const CAST = '{"version":2,"width":80,"height":24,"title":"Demo"}\n[0.1,"o","hi"]\n';

function setup() {
  const bridge = new FakeBridge();
  const ws = new Workspace(bridge, { forget: () => undefined });
  const recordings = new Recordings(bridge);
  const notices: string[] = [];
  const panes = new PaneRecordings(bridge, ws, recordings, (message) => notices.push(message));
  return { bridge, ws, recordings, panes, notices };
}

/** A file input holding one file, or none. */
function input(file?: PickedFile): RecordingInput {
  return { files: file === undefined ? [] : [file], value: 'C:\\fakepath\\demo.cast' };
}
const file = (name: string, text: string): PickedFile => ({ name, size: text.length, text: () => Promise.resolve(text) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('recording and playing in panes', () => {
  it('records the focused terminal, with its keystrokes once its box is ticked, and stops it the second time', async () => {
    const { bridge, ws, recordings, panes } = setup();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    const paneId = ws.focusedPane?.id ?? '';
    expect(panes.withKeys(paneId)).toBe(false);
    panes.setWithKeys(paneId, true);
    expect(panes.withKeys(paneId)).toBe(true);
    panes.toggle();
    await settle();
    expect(bridge.callsOf('startRecording')).toEqual([{ method: 'startRecording', args: ['s1', { input: true }] }]);
    expect(recordings.markOf('s1')).toBeDefined();
    panes.toggle(paneId);
    await settle();
    expect(bridge.callsOf('stopRecording')).toHaveLength(1);
  });

  it('says what to do when what would be recorded is no terminal, and what main refused', async () => {
    const { bridge, ws, panes, notices } = setup();
    panes.toggle();
    ws.openPlayback({ kind: 'playback', title: 'demo', source: { kind: 'recording', name: 'demo.cast' } });
    panes.toggle();
    await ws.open(shellDetail({ context: 'dev', namespace: 'default', pod: 'web-1' }));
    bridge.startRecording = () => Promise.reject(new BridgeError({ kind: 'file', title: 'Recording is off', detail: 'no directory' }));
    panes.toggle();
    await settle();
    expect(notices).toEqual(['Focus a terminal to record it.', 'Focus a terminal to record it.', 'Recording is off: no directory']);
  });

  it('opens the picker, and plays a picked file in a playback pane of its own, emptying the input', async () => {
    const { ws, panes } = setup();
    expect(() => panes.open()).not.toThrow();
    let clicks = 0;
    panes.picker = { click: () => void clicks++ };
    panes.open();
    expect(clicks).toBe(1);
    const picked = input(file('demo.cast', CAST));
    await panes.playPicked(picked);
    expect(picked.value).toBe('');
    const detail = ws.focusedPane?.detail as PlaybackDetail;
    expect(detail).toEqual({ kind: 'playback', title: 'Demo', source: { kind: 'file', id: 'file-1' } });
    const loaded = await panes.loader(detail)();
    expect(loaded.ok && loaded.recording.cast.events).toHaveLength(1);
  });

  it('says why a picked file cannot be played, and opens nothing for it or for no file', async () => {
    const { ws, panes, notices } = setup();
    await panes.playPicked(input());
    await panes.playPicked(input(file('empty.cast', '')));
    expect(notices).toEqual(['Cannot play empty.cast: The file is empty: an asciicast starts with a header line.']);
    expect(ws.tabs).toEqual([]);
  });

  it('plays one of main\'s recordings by name, and says a picked file is gone after a reload', async () => {
    const { bridge, ws, panes } = setup();
    bridge.recordingTexts.set('demo.cast', CAST);
    const summary: RecordingSummary = { name: 'demo.cast', title: 'web-1: shell', bytes: CAST.length, duration: 0.1, started: '2026-12-06T06:30:00.000Z', input: false, recording: null, problem: null };
    panes.playStored(summary);
    const stored = ws.focusedPane?.detail as PlaybackDetail;
    expect(stored).toEqual({ kind: 'playback', title: 'web-1: shell', source: { kind: 'recording', name: 'demo.cast' } });
    const loaded = await panes.loader(stored)();
    expect(loaded.ok && loaded.recording.title).toBe('Demo');
    expect(bridge.callsOf('readRecording')).toEqual([{ method: 'readRecording', args: ['demo.cast'] }]);
    expect(await panes.loader({ kind: 'playback', title: 'old.cast', source: { kind: 'file', id: 'file-7' } })()).toEqual({
      ok: false,
      error: { kind: 'file', title: 'Cannot play old.cast', detail: 'A file opened in this window is not kept across a reload; open it again.' },
    });
  });
});
