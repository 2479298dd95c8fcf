import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_WATERMARKS } from '../../../../../shared/flow/flow-budget.ts';
import { ScriptedServer, SUCCESS, frame } from './scripted-server.ts';
import { closeAllSessions, isState, openExec } from './session-harness.ts';

let server: ScriptedServer | undefined;

afterEach(async () => {
  closeAllSessions();
  await server?.close();
  server = undefined;
});

/** Waits (without asserting anything about time) until `condition` holds. */
async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

/** Byte i of the flood: a pattern with a period (251) that no power-of-two chunking lines up with. */
const patternByte = (i: number): number => i % 251;

describe('exec flow control', () => {
  it('stops reading a flood the consumer does not acknowledge, then delivers every byte in order', async () => {
    const chunk = 16 * 1024;
    const total = 16 * 1024 * 1024;
    server = await ScriptedServer.start();
    server.onConnection((peer) => {
      for (let offset = 0; offset < total; offset += chunk) {
        const payload = new Uint8Array(chunk);
        for (let i = 0; i < chunk; i++) payload[i] = patternByte(offset + i);
        peer.send(1, payload);
      }
      peer.sendStatus(SUCCESS);
    });
    const { session, log } = openExec(server, { command: { kind: 'argv', argv: ['flood'] } });
    const high = SESSION_WATERMARKS.high;

    let received = 0;
    let largestMessage = 0;
    let patternBroken = -1;
    let worstOutstanding = 0;
    let acknowledging = false;
    log.observe((event) => {
      if (event.kind !== 'output') return;
      for (let i = 0; i < event.bytes.length; i++) {
        if (event.bytes[i] !== patternByte(received + i) && patternBroken < 0) patternBroken = received + i;
      }
      received += event.bytes.length;
      largestMessage = Math.max(largestMessage, event.bytes.length);
      worstOutstanding = Math.max(worstOutstanding, session.backlog.unacknowledged);
      // From inside the event, the hardest place for the bookkeeping.
      if (acknowledging) session.acknowledge(event.bytes.length);
    });

    await eventually(() => session.backlog.paused);
    // Let everything in flight land: the socket is paused, so nothing more may be delivered.
    await sleep(300);
    const peer = await server.connection(0);
    expect(session.state.kind).toBe('live');
    expect(worstOutstanding).toBeLessThanOrEqual(high + largestMessage);
    expect(session.backlog.unacknowledged).toBeLessThanOrEqual(high + chunk);
    expect(session.backlog.queuedBytes).toBeLessThan(1024 * 1024);
    // TCP pushed back: the server still holds most of what it wanted to send.
    expect(peer.socket.bufferedAmount).toBeGreaterThan(total / 2);

    acknowledging = true;
    session.acknowledge(session.backlog.unacknowledged);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(received).toBe(total);
    expect(patternBroken).toBe(-1);
    expect(worstOutstanding).toBeLessThanOrEqual(high + largestMessage);
  });

  it('keeps the status behind the output it follows, and resumes only below the low watermark', async () => {
    server = await ScriptedServer.start();
    const status = JSON.stringify(SUCCESS);
    server.onConnection((peer) => {
      for (let i = 0; i < 5; i++) peer.socket.send(frame(1, `msg-${i}.`));
      peer.sendStatus(SUCCESS);
    });
    const { session, log } = openExec(server, {}, { flow: { high: 10, low: 3 } });
    await log.until(isState('live'));
    // Two 6-byte messages cross the high watermark (12 > 10); the rest, status included, wait.
    await eventually(() => session.backlog.queuedBytes === 3 * 7 + 1 + status.length);
    expect(log.outputText()).toBe('msg-0.msg-1.');
    expect(session.state.kind).toBe('live');

    session.acknowledge(8); // 4 outstanding: not below the low watermark yet
    expect(log.outputText()).toBe('msg-0.msg-1.');
    session.acknowledge(1); // 3 outstanding: still not below 3
    expect(session.backlog.paused).toBe(true);
    session.acknowledge(1); // 2 < 3: resume; two more messages cross the watermark again
    expect(log.outputText()).toBe('msg-0.msg-1.msg-2.msg-3.');
    expect(session.state.kind).toBe('live');

    session.acknowledge(14);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText()).toBe('msg-0.msg-1.msg-2.msg-3.msg-4.');
  });
});
