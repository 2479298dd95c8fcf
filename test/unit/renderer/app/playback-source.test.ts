import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASCIICAST_LIMITS } from '../../../../shared/asciicast/asciicast.ts';
import { loadPickedFile, loadStoredRecording, type PickedFile } from '../../../../renderer/src/app/playback-source.ts';
import { FakeBridge } from '../fake-bridge.ts';

const FIXTURE = readFileSync(new URL('../../shared/asciicast/fixtures/every-field.cast', import.meta.url), 'utf8');

function file(name: string, text: string, size = text.length): PickedFile {
  return { name, size, text: () => Promise.resolve(text) };
}

describe('loading a recording to play', () => {
  it('a picked file: parsed by the shared reader, titled by its header', async () => {
    const result = await loadPickedFile(file('demo.cast', FIXTURE));
    expect(result.ok && result.recording.title).toBe('Every field');
    expect(result.ok && result.recording.cast.events).toHaveLength(11);
  });

  it('a file without a title is titled by its name', async () => {
    const result = await loadPickedFile(file('plain.cast', '{"version":2,"width":80,"height":24}\n[0.1,"o","hi"]\n'));
    expect(result.ok && result.recording.title).toBe('plain.cast');
  });

  it('a bad file: the error names the file and the line', async () => {
    expect(await loadPickedFile(file('bad.cast', '{"version":2,"width":80,"height":24}\n[1,"o","a"]\n[0.5,"o","b"]\n'))).toEqual({
      ok: false,
      error: { kind: 'file', title: 'Cannot play bad.cast', detail: 'line 3: time goes backwards: 0.5 s comes after 1 s.' },
    });
    expect(await loadPickedFile(file('empty.cast', ''))).toEqual({
      ok: false,
      error: { kind: 'file', title: 'Cannot play empty.cast', detail: 'The file is empty: an asciicast starts with a header line.' },
    });
  });

  it('a file past the size limit is refused before it is read', async () => {
    let read = false;
    const huge: PickedFile = { name: 'huge.cast', size: ASCIICAST_LIMITS.fileBytes + 1, text: () => ((read = true), Promise.resolve('')) };
    const result = await loadPickedFile(huge);
    expect(result).toEqual({ ok: false, error: { kind: 'file', title: 'Cannot play huge.cast', detail: 'The file has 32.0 MiB; Porthole plays recordings of up to 32 MiB.' } });
    expect(read).toBe(false);
  });

  it('a file the browser cannot read says so', async () => {
    const unreadable: PickedFile = { name: 'gone.cast', size: 10, text: () => Promise.reject(new Error('NotReadableError: the file changed')) };
    expect(await loadPickedFile(unreadable)).toMatchObject({ ok: false, error: { detail: 'The file could not be read: NotReadableError: the file changed' } });
  });

  it('a stored recording: read from main by name', async () => {
    const bridge = new FakeBridge();
    bridge.recordingTexts.set('a.cast', FIXTURE);
    const result = await loadStoredRecording(bridge, 'a.cast');
    expect(result.ok && result.recording.title).toBe('Every field');
    expect(bridge.callsOf('readRecording')).toEqual([{ method: 'readRecording', args: ['a.cast'] }]);
  });

  it('a stored recording main cannot give: main\'s error', async () => {
    expect(await loadStoredRecording(new FakeBridge(), 'gone.cast')).toEqual({ ok: false, error: { kind: 'not-found', title: 'No such recording', detail: 'gone.cast' } });
  });
});
