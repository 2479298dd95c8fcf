import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AsciicastHeader } from '../../../../../shared/asciicast/asciicast.ts';
import { parseAsciicast } from '../../../../../shared/asciicast/asciicast-reader.ts';
import { SessionRecorder } from '../../../../../main/core/recordings/session-recorder.ts';
import { bytesOf, chunk, cutsArbitrary } from '../../../../support/bytes.ts';

const HEADER: AsciicastHeader = { version: 2, width: 80, height: 24, title: 'web-0: shell' };

let dir: string;
let files = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-recorder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A recorder on a fresh file, with a clock the test moves by hand (milliseconds). */
function recorder(options: { input?: boolean; maxBytes?: number } = {}) {
  const path = join(dir, `r${++files}.cast`);
  const clock = { ms: 1000 };
  const made = new SessionRecorder({ fd: openSync(path, 'wx', 0o600), header: HEADER, now: () => clock.ms, input: options.input ?? false, maxBytes: options.maxBytes });
  return { recorder: made, clock, read: () => parseAsciicast(readFileSync(path, 'utf8')), text: () => readFileSync(path, 'utf8') };
}

describe('SessionRecorder', () => {
  it('writes the header, then output with seconds since the start', () => {
    const { recorder: r, clock, read } = recorder();
    clock.ms += 250;
    r.output('stdout', bytesOf('$ echo hi\r\n'));
    clock.ms += 1500;
    r.output('stdout', bytesOf('hi\r\n'));
    r.stop();
    expect(read()).toEqual({
      header: HEADER,
      events: [
        { time: 0.25, code: 'o', data: '$ echo hi\r\n' },
        { time: 1.75, code: 'o', data: 'hi\r\n' },
      ],
    });
  });

  it('each event is in the file as soon as it happened, before stop', () => {
    const { recorder: r, read } = recorder();
    r.output('stdout', bytesOf('typed'));
    expect(read().events).toEqual([{ time: 0, code: 'o', data: 'typed' }]);
    r.stop();
  });

  it('a character cut across chunks is written whole: never U+FFFD', () => {
    const text = 'héllo wörld 漢字 😀 ✓\r\n';
    fc.assert(
      fc.property(cutsArbitrary, (cuts) => {
        const { recorder: r, read } = recorder();
        for (const piece of chunk(bytesOf(text), cuts)) r.output('stdout', piece);
        r.stop();
        const data = read().events.map((event) => (event.code === 'o' ? event.data : '')).join('');
        expect(data).toBe(text);
        expect(data).not.toContain('\uFFFD');
      }),
    );
  });

  it('stdout and stderr each have their own decoder', () => {
    const { recorder: r, read } = recorder();
    const euro = bytesOf('€');
    r.output('stdout', euro.subarray(0, 1));
    r.output('stderr', bytesOf('err '));
    r.output('stdout', euro.subarray(1));
    r.stop();
    expect(read().events.map((event) => (event.code === 'o' ? event.data : ''))).toEqual(['err ', '€']);
  });

  it('records keystrokes only when asked', () => {
    const without = recorder();
    without.recorder.typed(bytesOf('secret\r'));
    without.recorder.stop();
    expect(without.read().events).toEqual([]);

    const withInput = recorder({ input: true });
    withInput.recorder.typed(bytesOf('ls\r'));
    withInput.recorder.stop();
    expect(withInput.read().events).toEqual([{ time: 0, code: 'i', data: 'ls\r' }]);
  });

  it('records a resize as "r" COLSxROWS', () => {
    const { recorder: r, clock, read, text } = recorder();
    clock.ms += 500;
    r.resized({ cols: 120, rows: 40 });
    r.stop();
    expect(read().events).toEqual([{ time: 0.5, code: 'r', size: { cols: 120, rows: 40 } }]);
    expect(text()).toContain('[0.5,"r","120x40"]\n');
  });

  it('a clock that steps back does not make times go backwards', () => {
    const { recorder: r, clock, read } = recorder();
    clock.ms += 2000;
    r.output('stdout', bytesOf('a'));
    clock.ms -= 1000;
    r.output('stdout', bytesOf('b'));
    r.stop();
    expect(read().events.map((event) => event.time)).toEqual([2, 2]);
  });

  it('stops at its size limit with whole lines only, and says so', () => {
    const { recorder: r, read, text } = recorder({ maxBytes: 200 });
    for (let index = 0; index < 20; index++) r.output('stdout', bytesOf(`line ${index}\r\n`));
    expect(r.failure).toEqual({ kind: 'full' });
    const bytes = Buffer.byteLength(text());
    expect(bytes).toBeLessThanOrEqual(200);
    expect(r.bytes).toBe(bytes);
    const events = read().events;
    r.output('stdout', bytesOf('after'));
    r.stop();
    expect(read().events).toEqual(events);
    expect(events.length).toBeGreaterThan(0);
  });

  it('a write the file system refuses stops the recording with the reason', () => {
    const path = join(dir, 'read-only.cast');
    closeSync(openSync(path, 'w'));
    // Opened for reading only, so every write fails, the header's first.
    const r = new SessionRecorder({ fd: openSync(path, 'r'), header: HEADER, now: () => 0, input: false });
    expect(r.failure).toEqual({ kind: 'write-failed', message: expect.stringMatching(/EBADF/) });
    r.output('stdout', bytesOf('x'));
    r.stop();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
