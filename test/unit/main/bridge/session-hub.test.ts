// The hub between the core's sessions and the clients bound to them: fan-out, replay on attach,
// and pacing (what the core hears as acknowledged).
import headless from '@xterm/headless';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import type { SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { ScreenMirror } from '../../../../main/bridge/screen-mirror.ts';
import { SessionHub, type SessionSink } from '../../../../main/bridge/session-hub.ts';
import { FakeCore } from './fake-core.ts';

class Sink implements SessionSink {
  readonly events: SessionEvent[] = [];
  deliver(event: SessionEvent): void {
    this.events.push(event);
  }
  text(): string {
    return this.events.map((event) => (event.kind === 'output' ? Buffer.from(event.bytes).toString('utf8') : '')).join('');
  }
}

/** The screen the sink was sent, once drawn (the mirror parses the kept output in slices). */
async function screenSent(sink: Sink): Promise<Extract<SessionEvent, { kind: 'screen' }>> {
  await vi.waitFor(() => expect(sink.events.some((event) => event.kind === 'screen')).toBe(true));
  return sink.events.find((event) => event.kind === 'screen') as Extract<SessionEvent, { kind: 'screen' }>;
}

/** The rows a fresh terminal of `cols` × `rows` shows once the screen is written into it. */
async function rowsDrawnBy(data: string, cols: number, rows: number): Promise<string[]> {
  const terminal = new headless.Terminal({ cols, rows, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(data, resolve));
  const buffer = terminal.buffer.active;
  return Array.from({ length: buffer.length }, (_, y) => buffer.getLine(y)?.translateToString(true) ?? '').filter((row) => row !== '');
}

function replayText(events: readonly SessionEvent[]): string {
  return events.map((event) => (event.kind === 'output' ? Buffer.from(event.bytes).toString('utf8') : '')).join('');
}

let core: FakeCore;
let hub: SessionHub;
let id: string;
const logged: string[] = [];

beforeEach(async () => {
  core = new FakeCore();
  hub = new SessionHub(core, { terminalBytes: 20, logLines: 100, logBytes: 1000 }, (message) => logged.push(message));
  id = (await core.openExec({ context: 'c', namespace: 'n', pod: 'p', command: { kind: 'shell' }, tty: true, stdin: true })).id;
});

describe('fan-out and attach', () => {
  it('sends a session event only to the clients bound to it', () => {
    const bound = new Sink();
    const other = new Sink();
    hub.attach(bound, id);
    core.output(id, 'hi');
    expect(bound.text()).toBe('hi');
    expect(other.events).toEqual([]);
  });

  it('answers a fresh client (no position) with the info, and sends it the terminal’s screen instead of raw output', async () => {
    core.output(id, '$ echo hi\r\nhi\r\n$ ');
    const sink = new Sink();
    const result = hub.attach(sink, id);
    // The screen stands for all output so far: the client's position starts at the live end.
    expect(result.attachment).toEqual({ info: core.sessions.get(id), replayFrom: 17, replayTo: 17, dropped: 0 });
    expect(result.replay).toEqual([]);
    expect(await rowsDrawnBy((await screenSent(sink)).data, 80, 24)).toEqual(['$ echo hi', 'hi', '$ ']);
  });

  it('holds live output that arrives while the screen is drawn, and sends it after the screen, in order', async () => {
    core.output(id, 'before\r\n');
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, 'during');
    core.close(id);
    expect(sink.events).toEqual([]);
    await screenSent(sink);
    expect(sink.events.map((event) => event.kind)).toEqual(['screen', 'output', 'state']);
    expect(sink.text()).toBe('during');
  });

  it('says so, and goes on with live output, when the screen cannot be drawn', async () => {
    vi.spyOn(ScreenMirror.prototype, 'snapshot').mockRejectedValueOnce(new Error('parser broke'));
    core.output(id, 'kept');
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, 'live');
    await vi.waitFor(() => expect(sink.events).toHaveLength(2));
    expect(sink.events[0]).toEqual({ kind: 'notice', id, message: 'The screen from before this window bound could not be drawn; new output follows.' });
    expect(sink.text()).toBe('live');
    expect(logged).toContain('drawing the screen of session s1 failed');
  });

  it('gives a session with no output yet no screen: its output simply follows', () => {
    const sink = new Sink();
    const result = hub.attach(sink, id);
    expect(result).toEqual({ attachment: { info: core.sessions.get(id), replayFrom: 0, replayTo: 0, dropped: 0 }, replay: [] });
    core.output(id, 'first');
    expect(sink.text()).toBe('first');
  });

  it('draws the screen at the size the session was last resized to', async () => {
    hub.resized(id, { cols: 10, rows: 5 });
    core.output(id, 'x'.repeat(15));
    const sink = new Sink();
    hub.attach(sink, id);
    expect(await rowsDrawnBy((await screenSent(sink)).data, 10, 5)).toEqual(['x'.repeat(10), 'x'.repeat(5)]);
  });

  it('sends no screen to a client that left, or attached again, before it was drawn', async () => {
    core.output(id, 'kept');
    const gone = new Sink();
    hub.attach(gone, id);
    hub.detach(gone, id);
    const again = new Sink();
    hub.attach(again, id);
    hub.attach(again, id, 4);
    core.output(id, '!');
    const witness = new Sink();
    hub.attach(witness, id);
    await screenSent(witness);
    expect(gone.events).toEqual([]);
    expect(again.events.map((event) => event.kind)).toEqual(['output']);
  });

  it('replays from where a returning client left off', () => {
    core.output(id, 'abcdef');
    const result = hub.attach(new Sink(), id, 4);
    expect(result.attachment).toMatchObject({ replayFrom: 4, replayTo: 6, dropped: 0 });
    expect(replayText(result.replay)).toBe('ef');
  });

  it('gives a returning client the screen when the replay no longer has what it missed', async () => {
    core.output(id, 'line 1\r\nline 2\r\nline 3\r\nline 4\r\n');
    const sink = new Sink();
    expect(hub.attach(sink, id, 2)).toMatchObject({ attachment: { replayFrom: 32, replayTo: 32, dropped: 0 }, replay: [] });
    // Drawn from what is kept (20 bytes, from the first line end in them).
    expect(await rowsDrawnBy((await screenSent(sink)).data, 80, 24)).toEqual(['line 3', 'line 4']);
  });

  it('says how much a returning client missed of output with no tty (stderr), which keeps its raw replay', () => {
    core.output(id, 'line 1\n', 'stderr');
    core.output(id, 'line 2\nline 3\nline 4\n');
    const result = hub.attach(new Sink(), id, 2);
    // 28 bytes, 20 kept (8..28), resync after the first line end in them.
    expect(result.attachment).toMatchObject({ replayFrom: 14, replayTo: 28, dropped: 12 });
    expect(result.replay[0]).toEqual({
      kind: 'notice',
      id,
      message: '12 bytes of output from while this window was away are no longer kept; the most recent follows.',
    });
    expect(replayText(result.replay)).toBe('line 3\nline 4\n');
  });

  it('refuses an unknown session and a position beyond the output', () => {
    expect(() => hub.attach(new Sink(), 'nope')).toThrow(new BridgeError({ kind: 'invalid-request', title: 'Unknown session', detail: 'attachSession: there is no session "nope"' }));
    core.output(id, 'abc');
    expect(() => hub.attach(new Sink(), id, 4)).toThrow('attachSession: from 4 is beyond the 3 units of output session "s1" has produced');
  });

  it('forwards state changes and forgets a closed session', () => {
    const sink = new Sink();
    hub.attach(sink, id);
    core.close(id);
    expect(sink.events).toEqual([{ kind: 'state', id, state: { kind: 'closed' } }]);
    expect(() => hub.requireBound(sink, id, 'write')).toThrow('write: there is no session "s1"');
  });

  it('tells "not attached" from "no such session"', () => {
    expect(() => hub.requireBound(new Sink(), id, 'write')).toThrow('write: session "s1" is not attached to this window; attach it first');
    expect(() => hub.requireBound(new Sink(), 'zz', 'resize')).toThrow('resize: there is no session "zz"');
  });
});

describe('pacing', () => {
  it('acknowledges by itself when no client is bound: a session without a window keeps running', async () => {
    core.output(id, '12345');
    core.output(id, '678');
    await Promise.resolve();
    expect(core.acknowledged.get(id)).toBe(8);
  });

  it('acknowledges at once, inside the core event: a session counts its output before emitting it (Session.deliver)', () => {
    const after: Array<number | undefined> = [];
    core.onSessionEvent(() => after.push(core.acknowledged.get(id)));
    core.output(id, 'abc');
    expect(after).toEqual([3]);
    expect(core.acknowledged.get(id)).toBe(3);
  });

  it('acknowledges to the core only what the bound client processed', () => {
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, '0123456789');
    expect(core.acknowledged.get(id)).toBeUndefined();
    hub.acknowledge(sink, id, 4);
    expect(core.acknowledged.get(id)).toBe(4);
    hub.acknowledge(sink, id, 6);
    expect(core.acknowledged.get(id)).toBe(10);
  });

  it('ignores acknowledgements beyond what the client was sent', () => {
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, 'abc');
    hub.acknowledge(sink, id, 1000);
    expect(core.acknowledged.get(id)).toBe(3);
    core.output(id, 'de');
    expect(core.acknowledged.get(id)).toBe(3);
  });

  it('absorbs the acknowledgements of replayed output, which the core already had', async () => {
    core.output(id, 'early');
    await Promise.resolve();
    expect(core.acknowledged.get(id)).toBe(5);
    const sink = new Sink();
    const { replay } = hub.attach(sink, id, 0);
    expect(replayText(replay)).toBe('early');
    hub.acknowledge(sink, id, 5);
    expect(core.acknowledged.get(id)).toBe(5);
    core.output(id, 'live');
    hub.acknowledge(sink, id, 4);
    expect(core.acknowledged.get(id)).toBe(9);
  });

  it('lets the slowest of several bound clients set the pace, until it leaves', () => {
    const fast = new Sink();
    const slow = new Sink();
    hub.attach(fast, id);
    hub.attach(slow, id);
    core.output(id, '0123456789');
    hub.acknowledge(fast, id, 10);
    hub.acknowledge(slow, id, 3);
    expect(core.acknowledged.get(id)).toBe(3);
    hub.detachAll(slow);
    expect(core.acknowledged.get(id)).toBe(10);
  });

  it('releases everything a client held when it detaches', () => {
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, 'unprocessed');
    hub.detach(sink, id);
    expect(core.acknowledged.get(id)).toBe(11);
  });

  it('paces log sessions by the bytes weight of their lines', async () => {
    const logs = (await core.openLogs({ context: 'c', namespace: 'n', pod: 'p', follow: true })).id;
    const sink = new Sink();
    hub.attach(sink, logs);
    core.lines(logs, ['a', 'bb']);
    const weight = (sink.events[0] as Extract<SessionEvent, { kind: 'lines' }>).bytes;
    hub.acknowledge(sink, logs, weight);
    expect(core.acknowledged.get(logs)).toBe(weight);
  });

  it('keeps the core’s pacing as it was while a screen is sent: a screen is not output, and is not acknowledged', async () => {
    core.output(id, 'early');
    const sink = new Sink();
    hub.attach(sink, id);
    core.output(id, 'live');
    await screenSent(sink);
    expect(core.acknowledged.get(id)).toBe(5);
    hub.acknowledge(sink, id, 4);
    expect(core.acknowledged.get(id)).toBe(9);
    hub.acknowledge(sink, id, 100);
    expect(core.acknowledged.get(id)).toBe(9);
  });

  it('refuses acknowledgements from a client that is not bound', () => {
    core.output(id, 'x');
    expect(() => hub.acknowledge(new Sink(), id, 1)).toThrow('acknowledge: session "s1" is not attached to this window');
  });

  it('logs, and survives, a core that refuses an acknowledgement', async () => {
    core.acknowledge = () => {
      throw new Error('session gone');
    };
    core.output(id, 'x');
    await Promise.resolve();
    expect(logged).toContain('acknowledging output of session s1 failed');
  });
});
