import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAsciicast } from '../../../../../shared/asciicast/asciicast-reader.ts';
import type { SessionEvent, SessionInfo } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { Recordings } from '../../../../../main/core/recordings/recordings.ts';
import { bytesOf } from '../../../../support/bytes.ts';

const SHELL: SessionInfo = { id: 'exec-1', kind: 'exec', title: 'web-0/main: shell', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } };
/** 2026-12-06T06:30:00Z */
const STARTED = Date.UTC(2026, 11, 6, 6, 30, 0);

let dir: string;
let events: SessionEvent[];
let clock: { ms: number };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-recordings-'));
  events = [];
  clock = { ms: 0 };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recordings(options: { directory?: string | null; maxBytes?: number } = {}): Recordings {
  return new Recordings({
    directory: options.directory === undefined ? dir : options.directory,
    emit: (event) => events.push(event),
    now: () => clock.ms,
    wallClock: () => STARTED + clock.ms,
    maxBytes: options.maxBytes,
  });
}

function fileOf(name: string) {
  return parseAsciicast(readFileSync(join(dir, name), 'utf8'));
}

function refusal(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

const NAME = '2026-12-06_06-30-00_web-0-main-shell.cast';

describe('Recordings', () => {
  it('records a terminal from start to stop, marks it and says so with recording events', () => {
    const r = recordings();
    r.sized(SHELL.id, { cols: 132, rows: 43 });
    r.start(SHELL, { input: false });
    expect(events).toEqual([{ kind: 'recording', id: SHELL.id, recording: { name: NAME, input: false } }]);
    expect(r.markOf(SHELL.id)).toEqual({ name: NAME, input: false });
    clock.ms = 500;
    r.observe({ kind: 'output', id: SHELL.id, channel: 'stdout', bytes: bytesOf('hello\r\n') });
    r.observe({ kind: 'output', id: 'exec-2', channel: 'stdout', bytes: bytesOf('another session') });
    r.stop(SHELL.id);
    r.observe({ kind: 'output', id: SHELL.id, channel: 'stdout', bytes: bytesOf('after the stop') });
    expect(events.at(-1)).toEqual({ kind: 'recording', id: SHELL.id, recording: null });
    expect(r.markOf(SHELL.id)).toBeUndefined();
    expect(fileOf(NAME)).toEqual({
      header: { version: 2, width: 132, height: 43, timestamp: STARTED / 1000, title: 'web-0/main: shell', inputRecorded: false },
      events: [{ time: 0.5, code: 'o', data: 'hello\r\n' }],
    });
  });

  it('a session without a known size is recorded as 80x24; a later resize is an "r" event', () => {
    const r = recordings();
    r.start(SHELL, { input: false });
    clock.ms = 1000;
    r.sized(SHELL.id, { cols: 100, rows: 30 });
    r.stop(SHELL.id);
    expect(fileOf(NAME).header).toMatchObject({ width: 80, height: 24 });
    expect(fileOf(NAME).events).toEqual([{ time: 1, code: 'r', size: { cols: 100, rows: 30 } }]);
  });

  it('records keystrokes only when asked', () => {
    const r = recordings();
    r.start(SHELL, { input: true });
    r.typed(SHELL.id, bytesOf('ls\r'));
    r.stop(SHELL.id);
    expect(fileOf(NAME).header.inputRecorded).toBe(true);
    expect(fileOf(NAME).events).toEqual([{ time: 0, code: 'i', data: 'ls\r' }]);
  });

  for (const state of [{ kind: 'exited', exitCode: 0 }, { kind: 'connection-lost', error: { kind: 'connection-lost', title: 'Lost', detail: '' } }, { kind: 'closed' }] as const) {
    it(`stops when the session is ${state.kind}`, () => {
      const r = recordings();
      r.start(SHELL, { input: false });
      r.observe({ kind: 'state', id: SHELL.id, state });
      expect(events.at(-1)).toEqual({ kind: 'recording', id: SHELL.id, recording: null });
      expect(r.markOf(SHELL.id)).toBeUndefined();
    });
  }

  it('refuses what cannot be recorded, saying why', () => {
    const r = recordings();
    expect(refusal(() => r.start({ ...SHELL, kind: 'logs' }, { input: false })).userError).toMatchObject({
      kind: 'invalid-request',
      title: 'Cannot record this session',
      detail: 'Session "exec-1" (web-0/main: shell) is a logs session; only terminals are recorded.',
    });
    expect(refusal(() => r.start({ ...SHELL, state: { kind: 'exited', exitCode: 1 } }, { input: false })).userError.detail).toBe('web-0/main: shell has ended.');
    r.start(SHELL, { input: false });
    expect(refusal(() => r.start(SHELL, { input: true })).userError).toMatchObject({ title: 'Already recording', detail: `web-0/main: shell is being recorded to ${NAME}.` });
    expect(refusal(() => r.stop('exec-9')).userError.title).toBe('Not recording');
    r.dispose();
  });

  it('without a recordings directory, recording is off', async () => {
    const r = recordings({ directory: null });
    expect(refusal(() => r.start(SHELL, { input: false })).userError).toMatchObject({ kind: 'file', title: 'Recording is off' });
    expect(await r.list()).toEqual([]);
  });

  it('lists recordings, the running one with its session and its size and duration so far', async () => {
    const r = recordings();
    r.start(SHELL, { input: true });
    clock.ms = 2500;
    r.observe({ kind: 'output', id: SHELL.id, channel: 'stdout', bytes: bytesOf('x') });
    const [running] = await r.list();
    expect(running).toEqual({
      name: NAME,
      title: 'web-0/main: shell',
      bytes: readFileSync(join(dir, NAME)).length,
      duration: 2.5,
      started: '2026-12-06T06:30:00.000Z',
      input: true,
      recording: SHELL.id,
      problem: null,
    });
    r.stop(SHELL.id);
    expect((await r.list())[0]).toMatchObject({ recording: null, duration: 2.5 });
  });

  it('will not delete a recording that is still running', async () => {
    const r = recordings();
    r.start(SHELL, { input: false });
    await expect(r.delete(NAME)).rejects.toMatchObject({ userError: { title: 'Still recording' } });
    r.stop(SHELL.id);
    await r.delete(NAME);
    expect(await r.list()).toEqual([]);
  });

  it('stops by itself at the size limit and tells the terminal why', () => {
    const r = recordings({ maxBytes: 300 });
    r.start(SHELL, { input: false });
    for (let index = 0; index < 50; index++) r.observe({ kind: 'output', id: SHELL.id, channel: 'stdout', bytes: bytesOf(`line ${index}\r\n`) });
    expect(events.slice(-2)).toEqual([
      { kind: 'recording', id: SHELL.id, recording: null },
      { kind: 'notice', id: SHELL.id, message: `Recording stopped: it reached the largest size a recording may have; ${NAME} keeps everything up to here.` },
    ]);
    expect(events.filter((event) => event.kind === 'recording')).toHaveLength(2);
    expect(fileOf(NAME).events.length).toBeGreaterThan(0);
  });

  it('dispose stops every recording, leaving whole files', () => {
    const r = recordings();
    r.start(SHELL, { input: false });
    r.start({ ...SHELL, id: 'attach-2', kind: 'attach', title: 'seq: attach' }, { input: false });
    r.dispose();
    expect(events.filter((event) => event.kind === 'recording' && event.recording === null).map((event) => event.id)).toEqual([SHELL.id, 'attach-2']);
    expect(fileOf('2026-12-06_06-30-00_seq-attach.cast').header.title).toBe('seq: attach');
  });
});
