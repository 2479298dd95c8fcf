import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import type { RecordingSummary } from '../../../../shared/bridge/recordings.ts';
import { Recordings } from '../../../../renderer/src/app/recordings.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const SUMMARY: RecordingSummary = {
  name: '2026-12-06_06-30-00_web-0-shell.cast',
  title: 'web-0: shell',
  bytes: 1200,
  duration: 12.5,
  started: '2026-12-06T06:30:00.000Z',
  input: false,
  recording: null,
  problem: null,
};

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('Recordings (the renderer\'s model)', () => {
  it('marks the sessions main says are being recorded when the window starts', async () => {
    const bridge = new FakeBridge();
    bridge.sessions = [
      { id: 's1', kind: 'exec', title: 'a', state: { kind: 'live', protocol: 'v5' }, recording: { name: 'x.cast', input: true } },
      { id: 's2', kind: 'exec', title: 'b', state: { kind: 'live', protocol: 'v5' } },
    ];
    const recordings = new Recordings(bridge);
    await settled();
    expect(recordings.markOf('s1')).toEqual({ name: 'x.cast', input: true });
    expect(recordings.markOf('s2')).toBeUndefined();
    expect(recordings.markOf(null)).toBeUndefined();
  });

  it('follows recording events, from this window or another, and lists the directory again', async () => {
    const bridge = new FakeBridge();
    bridge.recordings = [SUMMARY];
    const recordings = new Recordings(bridge);
    bridge.emit({ kind: 'recording', id: 's1', recording: { name: SUMMARY.name, input: false } });
    expect(recordings.markOf('s1')).toEqual({ name: SUMMARY.name, input: false });
    await settled();
    expect(recordings.list).toEqual([SUMMARY]);
    bridge.emit({ kind: 'recording', id: 's1', recording: null });
    expect(recordings.markOf('s1')).toBeUndefined();
  });

  it('toggle starts a recording, with input when asked, and stops it the second time', async () => {
    const bridge = new FakeBridge();
    const recordings = new Recordings(bridge);
    expect(await recordings.toggle('s1', true)).toBeNull();
    expect(bridge.callsOf('startRecording')).toEqual([{ method: 'startRecording', args: ['s1', { input: true }] }]);
    expect(recordings.markOf('s1')?.input).toBe(true);
    expect(await recordings.toggle('s1', true)).toBeNull();
    expect(bridge.callsOf('stopRecording')).toEqual([{ method: 'stopRecording', args: ['s1'] }]);
    expect(recordings.markOf('s1')).toBeUndefined();
  });

  it('toggle answers main\'s refusal', async () => {
    const bridge = new FakeBridge();
    bridge.startRecording = () => Promise.reject(new BridgeError({ kind: 'file', title: 'Recording is off', detail: 'no directory' }));
    const recordings = new Recordings(bridge);
    expect(await recordings.toggle('s1', false)).toEqual({ kind: 'file', title: 'Recording is off', detail: 'no directory' });
  });

  it('deletes a recording and drops it from the list; a refusal is kept as the error', async () => {
    const bridge = new FakeBridge();
    bridge.recordings = [SUMMARY, { ...SUMMARY, name: 'other.cast' }];
    const recordings = new Recordings(bridge);
    await recordings.refresh();
    await recordings.remove(SUMMARY.name);
    expect(recordings.list.map((recording) => recording.name)).toEqual(['other.cast']);
    bridge.deleteRecording = () => Promise.reject(new BridgeError({ kind: 'invalid-request', title: 'Still recording', detail: 'stop it first' }));
    await recordings.remove('other.cast');
    expect(recordings.error?.title).toBe('Still recording');
    expect(recordings.list).toHaveLength(1);
  });

  it('a listing that fails is kept as the error, and a later one clears it', async () => {
    const bridge = new FakeBridge();
    const listRecordings = bridge.listRecordings.bind(bridge);
    bridge.listRecordings = () => Promise.reject(new BridgeError({ kind: 'file', title: 'Cannot list the recordings', detail: 'EACCES' }));
    const recordings = new Recordings(bridge);
    await recordings.refresh();
    expect(recordings.error?.title).toBe('Cannot list the recordings');
    expect(recordings.loading).toBe(false);
    bridge.listRecordings = listRecordings;
    await recordings.refresh();
    expect(recordings.error).toBeNull();
  });

  it('stops listening when disposed', () => {
    const bridge = new FakeBridge();
    const recordings = new Recordings(bridge);
    recordings.dispose();
    bridge.emit({ kind: 'recording', id: 's1', recording: { name: 'x.cast', input: false } });
    expect(recordings.markOf('s1')).toBeUndefined();
  });
});
