// Output batching for one client: coalesced for a few milliseconds or ~64 KiB, order kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../../../shared/bridge/wire.ts';
import { SessionOutbox } from '../../../../main/bridge/session-outbox.ts';

const encoder = new TextEncoder();
const out = (id: string, text: string, channel: 'stdout' | 'stderr' = 'stdout') =>
  ({ kind: 'output', id, channel, bytes: encoder.encode(text) }) as const;

function describeSent(sent: ServerMessage[]): string[] {
  return sent.map((message) => {
    if (message.t !== 'event') return message.t;
    const { event } = message;
    if (event.kind === 'output') return `${event.id} ${event.channel} ${Buffer.from(event.bytes).toString('utf8')}`;
    if (event.kind === 'lines') return `${event.id} lines ${event.lines.map((l) => l.text).join(',')} (${event.bytes})`;
    return `${event.id} ${event.kind}`;
  });
}

let sent: ServerMessage[];
let outbox: SessionOutbox;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  outbox = new SessionOutbox((message) => sent.push(message), { delayMs: 5, maxBatchBytes: 8 }, () => Date.now());
});

/** Sends something of `id` and lets it leave, so what `id` sends next comes within the delay of its send. */
function sendOnce(id = 's1'): void {
  outbox.event(out(id, 'x'));
  vi.advanceTimersByTime(0);
  sent = [];
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionOutbox', () => {
  it('holds output that follows a send for the delay, then sends it as one message', () => {
    sendOnce();
    outbox.event(out('s1', 'ab'));
    outbox.event(out('s1', 'cd'));
    vi.advanceTimersByTime(4);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(describeSent(sent)).toEqual(['s1 stdout abcd']);
  });

  it('sends output after a quiet spell at the end of the turn, with the rest of that turn, and batches what follows it', () => {
    outbox.event(out('s1', 'a'));
    outbox.event(out('s2', 'b'));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(describeSent(sent)).toEqual(['s1 stdout a', 's2 stdout b']);
    // A flood's next reads come within the delay of that send: held and merged.
    outbox.event(out('s1', 'c'));
    outbox.event(out('s1', 'd'));
    vi.advanceTimersByTime(4);
    expect(describeSent(sent)).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(describeSent(sent).at(-1)).toBe('s1 stdout cd');
    // Quiet for the delay again: the next output does not wait for it.
    vi.advanceTimersByTime(5);
    outbox.event(out('s2', 'e'));
    vi.advanceTimersByTime(0);
    expect(describeSent(sent).at(-1)).toBe('s2 stdout e');
  });

  it("times each session's quiet spell on its own: another session's send does not hold its echo", () => {
    // A broadcast keystroke's echoes: s1's is read and sent, s2's comes a turn later within the delay.
    outbox.event(out('s1', 'a'));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(1);
    outbox.event(out('s2', 'a'));
    vi.advanceTimersByTime(0);
    expect(describeSent(sent)).toEqual(['s1 stdout a', 's2 stdout a']);
    // s1's next output follows its own send within the delay: held, as a flood's is.
    outbox.event(out('s1', 'b'));
    vi.advanceTimersByTime(3);
    expect(sent).toHaveLength(2);
    // s3's echo while s1's batch waits: sent at the end of the turn, with s1's batch.
    outbox.event(out('s3', 'c'));
    vi.advanceTimersByTime(0);
    expect(describeSent(sent).slice(2)).toEqual(['s1 stdout b', 's3 stdout c']);
  });

  it('sends at once when a batch reaches the size limit, and splits larger chunks', () => {
    outbox.event(out('s1', '0123456789abcdefXY'));
    expect(describeSent(sent)).toEqual(['s1 stdout 01234567', 's1 stdout 89abcdef']);
    vi.advanceTimersByTime(5);
    expect(describeSent(sent).at(-1)).toBe('s1 stdout XY');
  });

  it('keeps the order of channels and sends output queued before a state change first', () => {
    outbox.event(out('s1', 'a'));
    outbox.event(out('s1', 'E', 'stderr'));
    outbox.event(out('s1', 'b'));
    outbox.event(out('s2', 'other'));
    outbox.event({ kind: 'state', id: 's1', state: { kind: 'exited', exitCode: 0 } });
    expect(describeSent(sent)).toEqual(['s1 stdout a', 's1 stderr E', 's1 stdout b', 's1 state']);
    vi.advanceTimersByTime(5);
    expect(describeSent(sent).at(-1)).toBe('s2 stdout other');
  });

  it('merges whole log events and sums their weight, never splitting one', () => {
    const lines = (bytes: number, ...texts: string[]) =>
      ({ kind: 'lines', id: 'L', lines: texts.map((text) => ({ timestamp: 't', text })), bytes }) as const;
    outbox.event(lines(3, 'a'));
    outbox.event(lines(3, 'b'));
    expect(sent).toEqual([]);
    outbox.event(lines(20, 'c', 'd'));
    expect(describeSent(sent)).toEqual(['L lines a,b,c,d (26)']);
  });

  it('sends fresh buffers that own all of their memory and none of the source', () => {
    const source = encoder.encode('secret-prefix|data|secret-suffix');
    outbox.event({ kind: 'output', id: 's1', channel: 'stdout', bytes: source.subarray(14, 18) });
    vi.advanceTimersByTime(5);
    const message = sent[0];
    if (message?.t !== 'event' || message.event.kind !== 'output') throw new Error('expected output');
    expect(Buffer.from(message.event.bytes).toString()).toBe('data');
    expect(message.event.bytes.byteOffset).toBe(0);
    expect(message.event.bytes.buffer.byteLength).toBe(4);
  });

  it('drops a discarded session and sends nothing after close', () => {
    outbox.event(out('s1', 'gone'));
    outbox.discard('s1');
    outbox.event(out('s2', 'kept'));
    outbox.close();
    outbox.event(out('s2', 'late'));
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]);
  });
});
