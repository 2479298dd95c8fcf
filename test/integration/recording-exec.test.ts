// Recording a real shell: the core (createCore with a temporary recordings directory) records a tty
// exec in the `single` seed pod while a user types, resizes and floods multi-byte characters, and
// the file it leaves is a valid asciicast v2 whose output is exactly what the session printed.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAsciicast } from '../../shared/asciicast/asciicast-reader.ts';
import type { Asciicast } from '../../shared/asciicast/asciicast.ts';
import type { SessionEvent, SessionInfo } from '../../shared/bridge/sessions.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { EventLog } from '../support/event-log.ts';

const cluster = inject('cluster');
const WAIT_MS = 40_000;

describe.skipIf(cluster === null)('recording a real exec session', () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  let directory: string;
  const log = new EventLog({ timeoutMs: WAIT_MS });
  /**
   * What each session printed so far, decoded as it arrives, and the waits for a text in it. A wait
   * that joined every output event again on every event was cubic in the events: on CI's loaded
   * machine the tty's many small reads of the multi-byte flood took it past the test's timeout.
   */
  const printedSoFar = new Map<string, { readonly decoder: TextDecoder; text: string }>();
  const waits = new Set<() => void>();

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'porthole-recordings-'));
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false, recordingsDirectory: directory });
    log.observe((event) => {
      if (event.kind !== 'output') return;
      const session = printedSoFar.get(event.id) ?? { decoder: new TextDecoder(), text: '' };
      session.text += session.decoder.decode(event.bytes, { stream: true });
      printedSoFar.set(event.id, session);
      for (const wait of waits) wait();
    });
    core.onSessionEvent(log.sink);
  });
  afterAll(async () => {
    await core?.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  const shell = (): Promise<SessionInfo> =>
    core.openExec({
      context: c.contexts.admin,
      namespace: c.pods.single.namespace,
      pod: c.pods.single.name,
      container: c.pods.single.containers[0],
      command: { kind: 'shell' },
      tty: true,
      stdin: true,
      size: { cols: 100, rows: 30 },
    });
  const type = (id: string, text: string): void => core.write(id, new TextEncoder().encode(text));
  const outputOf = (id: string, events: readonly SessionEvent[]): string =>
    Buffer.concat(events.flatMap((event) => (event.kind === 'output' && event.id === id ? [event.bytes] : []))).toString('utf8');
  const printed = (id: string, text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!(printedSoFar.get(id)?.text ?? '').includes(text)) return;
        waits.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waits.delete(check);
        reject(new Error(`"${text}" was not printed within ${WAIT_MS} ms; the shell printed ...${JSON.stringify((printedSoFar.get(id)?.text ?? '').slice(-500))}`));
      }, WAIT_MS);
      waits.add(check);
      check();
    });
  const recordingEvent = (id: string, on: boolean): Promise<SessionEvent> =>
    log.until((event) => event.kind === 'recording' && event.id === id && (event.recording !== null) === on);

  it('records output, input and a resize until the shell exits, and the file plays what the shell printed', async () => {
    const info = await shell();
    await printed(info.id, '$ ');
    core.startRecording(info.id, { input: true });
    const started = log.events.length;
    const mark = await recordingEvent(info.id, true);
    const name = mark.kind === 'recording' ? (mark.recording?.name ?? '') : '';
    expect(core.listSessions().find((session) => session.id === info.id)?.recording).toEqual({ name, input: true });
    expect(statSync(join(directory, name)).mode & 0o777).toBe(0o600);

    type(info.id, 'echo "recorded $((6 * 7))"\r');
    await printed(info.id, 'recorded 42');
    core.resize(info.id, { cols: 120, rows: 40 });
    // Thousands of multi-byte characters: the tty's reads cut some of them across output events.
    type(info.id, "for i in $(seq 1 3000); do printf 'é漢😀'; done; echo; echo \"done $((40 + 2))\"\r");
    await printed(info.id, 'done 42');
    type(info.id, 'exit\r');
    await recordingEvent(info.id, false);
    await log.finalState();

    const cast: Asciicast = parseAsciicast(readFileSync(join(directory, name), 'utf8'));
    expect(cast.header).toMatchObject({ version: 2, width: 100, height: 30, title: info.title, inputRecorded: true });
    const text = (code: 'o' | 'i'): string => cast.events.map((event) => (event.code === code ? event.data : '')).join('');
    expect(text('o')).toBe(outputOf(info.id, log.events.slice(started)));
    expect(text('o')).not.toContain('\uFFFD');
    expect(text('o')).toContain('é漢😀'.repeat(3000));
    expect(text('i')).toBe('echo "recorded $((6 * 7))"\r' + "for i in $(seq 1 3000); do printf 'é漢😀'; done; echo; echo \"done $((40 + 2))\"\r" + 'exit\r');
    expect(cast.events.filter((event) => event.code === 'r')).toEqual([{ time: expect.any(Number), code: 'r', size: { cols: 120, rows: 40 } }]);

    const [listed] = (await core.listRecordings()).filter((recording) => recording.name === name);
    expect(listed).toMatchObject({ name, title: info.title, input: true, recording: null, problem: null });
    expect(listed?.duration).toBeGreaterThan(0);
    expect(await core.readRecording(name)).toBe(readFileSync(join(directory, name), 'utf8'));
    await core.deleteRecording(name);
    expect((await core.listRecordings()).map((recording) => recording.name)).not.toContain(name);
    core.close(info.id);
  });

  it('without input, keystrokes stay out of the file; stopping by hand leaves the shell running', async () => {
    const info = await shell();
    await printed(info.id, '$ ');
    core.startRecording(info.id, { input: false });
    const mark = await recordingEvent(info.id, true);
    const name = mark.kind === 'recording' ? (mark.recording?.name ?? '') : '';
    type(info.id, 'echo "typed secret $((1 + 1))"\r');
    await printed(info.id, 'typed secret 2');
    core.stopRecording(info.id);
    await recordingEvent(info.id, false);
    expect(core.listSessions().find((session) => session.id === info.id)).toMatchObject({ state: { kind: 'live' } });
    expect(core.listSessions().find((session) => session.id === info.id)?.recording).toBeUndefined();

    const cast = parseAsciicast(readFileSync(join(directory, name), 'utf8'));
    expect(cast.header.inputRecorded).toBe(false);
    expect(cast.events.some((event) => event.code === 'i')).toBe(false);
    // The shell's echo of what was typed is output, and is recorded as the screen showed it.
    expect(cast.events.map((event) => (event.code === 'o' ? event.data : '')).join('')).toContain('typed secret 2');
    core.close(info.id);
  });

  it('closing a recorded session stops its recording, and windows hear that before the close', async () => {
    const info = await shell();
    await printed(info.id, '$ ');
    core.startRecording(info.id, { input: false });
    await recordingEvent(info.id, true);
    core.close(info.id);
    const ofSession = log.events.filter((event) => event.id === info.id);
    const stopped = ofSession.findIndex((event) => event.kind === 'recording' && event.recording === null);
    const closed = ofSession.findIndex((event) => event.kind === 'state' && event.state.kind === 'closed');
    expect(stopped).toBeGreaterThan(-1);
    expect(stopped).toBeLessThan(closed);
  });
});
