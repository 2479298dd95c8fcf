// Flow control against the real API server: a pod printing 50 MB to a consumer that does not
// acknowledge. The session stops reading (TCP pushes back through the API server and the kubelet to
// the process), holds no more than the high watermark plus one message, and delivers every byte once
// the consumer catches up.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { SESSION_WATERMARKS } from '../../shared/flow/flow-budget.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');
const TOTAL = 50_000_000;

describe.skipIf(cluster === null)('exec: flow control on the real cluster', () => {
  const sessions = useRealSessions();

  it('keeps a flood the consumer never acknowledges under the high watermark, then delivers it all', async () => {
    const { session, log } = sessions.exec({ command: { kind: 'argv', argv: ['sh', '-c', `yes | head -c ${TOTAL}`] } });
    let received = 0;
    let largestMessage = 0;
    let worstHeld = 0;
    let firstWrongByte = -1;
    let acknowledging = false;
    log.observe((event) => {
      if (event.kind !== 'output') return;
      for (let i = 0; i < event.bytes.length && firstWrongByte < 0; i++) {
        // `yes` prints "y\n": even offsets 'y', odd offsets '\n'.
        if (event.bytes[i] !== ((received + i) % 2 === 0 ? 0x79 : 0x0a)) firstWrongByte = received + i;
      }
      received += event.bytes.length;
      largestMessage = Math.max(largestMessage, event.bytes.length);
      worstHeld = Math.max(worstHeld, session.backlog.unacknowledged + session.backlog.queuedBytes);
      if (acknowledging) session.acknowledge(event.bytes.length);
    });
    // The events are kept by the log; drop them as they come so the test holds no 50 MB itself.
    log.observe(() => void log.events.splice(0));

    await log.until(() => session.backlog.paused);
    // A quiet stretch in which nothing may arrive: the socket is paused.
    const receivedAtPause = received;
    await sleep(1000);
    expect(received).toBe(receivedAtPause);
    expect(session.state.kind).toBe('live');
    expect(received).toBeLessThanOrEqual(SESSION_WATERMARKS.high + largestMessage);
    expect(session.backlog.unacknowledged).toBe(received);
    // What ws had already parsed when the pause came waits in the queue: bounded by one socket read.
    expect(session.backlog.queuedBytes).toBeLessThan(256 * 1024);

    acknowledging = true;
    session.acknowledge(session.backlog.unacknowledged);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(received).toBe(TOTAL);
    expect(firstWrongByte).toBe(-1);
    expect(worstHeld).toBeLessThanOrEqual(SESSION_WATERMARKS.high + largestMessage + 256 * 1024);
  });
});
