// Many sessions at once through the core facade, as the app runs them: 50 execs, each printing
// a known amount over 60 s, and 50 follows of the seq pod's log for the same 60 s. Every byte of
// every exec arrives (exact count, exact content), and every follow delivers each sequence
// number from its first line to the end exactly once, up to the last line the generator had
// written when the window closed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent, SessionId } from '../../shared/bridge/sessions.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { seqFileLineCount, seqNumber, waitFor } from './logs-harness.ts';

const cluster = inject('cluster');

const SESSIONS = 50;
const SECONDS = 60;
const CHUNK_BYTES = 10_000;
/** One chunk a second for SECONDS seconds, then a marker: the output is known to the byte. */
const EXEC_SCRIPT = `i=0; while [ $i -lt ${SECONDS} ]; do head -c ${CHUNK_BYTES} /dev/zero | tr '\\0' x; sleep 1; i=$((i+1)); done; echo done`;
const EXPECTED_OUTPUT_BYTES = SECONDS * CHUNK_BYTES + 'done\n'.length;

describe.skipIf(cluster === null)(`${SESSIONS} execs and ${SESSIONS} log follows at once for ${SECONDS} s`, () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  const events = new Map<SessionId, SessionEvent[]>();

  beforeAll(async () => {
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    // A consumer that keeps up: everything is acknowledged as it arrives, as the renderer does.
    core.onSessionEvent((event) => {
      const list = events.get(event.id) ?? [];
      list.push(event);
      events.set(event.id, list);
      if (event.kind === 'output') core.acknowledge(event.id, event.bytes.length);
      if (event.kind === 'lines') core.acknowledge(event.id, event.bytes);
    });
  });
  afterAll(() => core?.dispose());

  const output = (id: SessionId): Buffer =>
    Buffer.concat((events.get(id) ?? []).flatMap((event) => (event.kind === 'output' && event.channel === 'stdout' ? [event.bytes] : [])));
  const numbers = (id: SessionId): number[] =>
    (events.get(id) ?? []).flatMap((event) => (event.kind === 'lines' ? event.lines.map(seqNumber) : []));
  const finalState = (id: SessionId) =>
    (events.get(id) ?? []).flatMap((event) => (event.kind === 'state' ? [event.state] : [])).find((state) => !['connecting', 'live', 'resuming'].includes(state.kind));

  it('accounts for every byte and every line', async () => {
    const writtenBefore = await seqFileLineCount(c);
    const single = c.pods.single;
    const seq = c.pods.seq;
    const [execs, follows] = await Promise.all([
      Promise.all(
        Array.from({ length: SESSIONS }, () =>
          core.openExec({
            context: c.contexts.admin,
            namespace: single.namespace,
            pod: single.name,
            container: single.containers[0],
            command: { kind: 'argv', argv: ['sh', '-c', EXEC_SCRIPT] },
            tty: false,
            stdin: false,
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: SESSIONS }, () =>
          core.openLogs({ context: c.contexts.admin, namespace: seq.namespace, pod: seq.name, container: seq.containers[0], follow: true, tailLines: 1 }),
        ),
      ),
    ]);

    // The execs end by themselves after SECONDS s; the follows run as long.
    await waitFor(() => execs.every((info) => finalState(info.id) !== undefined), 200);
    const writtenAtEnd = await seqFileLineCount(c);
    await waitFor(() => follows.every((info) => (numbers(info.id).at(-1) ?? 0) >= writtenAtEnd), 100);
    for (const info of follows) core.close(info.id);

    for (const info of execs) {
      expect(finalState(info.id), info.id).toEqual({ kind: 'exited', exitCode: 0 });
      const bytes = output(info.id);
      expect(bytes.length, info.id).toBe(EXPECTED_OUTPUT_BYTES);
      expect(bytes.subarray(0, SECONDS * CHUNK_BYTES).every((byte) => byte === 0x78), info.id).toBe(true);
      expect(bytes.subarray(SECONDS * CHUNK_BYTES).toString(), info.id).toBe('done\n');
    }
    for (const info of follows) {
      const seen = numbers(info.id);
      const first = seen[0] ?? 0;
      // The tail line is one the generator had written by the time the follow opened.
      expect(first, info.id).toBeGreaterThanOrEqual(writtenBefore);
      // Contiguous and each once, from the first line to the end of the window (and perhaps beyond).
      expect(seen, info.id).toEqual(Array.from({ length: seen.length }, (_, index) => first + index));
      expect(seen.at(-1), info.id).toBeGreaterThanOrEqual(writtenAtEnd);
      expect(finalState(info.id), info.id).toEqual({ kind: 'closed' });
    }
  }, 180_000);
});
