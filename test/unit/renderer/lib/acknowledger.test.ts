import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Acknowledger, AcknowledgerError, type WritableTerminal } from '../../../../renderer/src/lib/acknowledger.ts';

function recorder() {
  const acks: Array<[string, number]> = [];
  return { acks, fn: (id: string, amount: number) => acks.push([id, amount]), total: () => acks.reduce((sum, [, n]) => sum + n, 0) };
}

/** A terminal that parses later, when the test says so, like xterm's write queue. */
class FakeTerminal implements WritableTerminal {
  readonly queue: Array<() => void> = [];
  write(_data: Uint8Array | string, callback?: () => void): void {
    if (callback) this.queue.push(callback);
  }
  parse(count = this.queue.length): void {
    for (const callback of this.queue.splice(0, count)) callback();
  }
}

describe('Acknowledger', () => {
  it('batches acknowledgements while the terminal has more to parse', () => {
    const r = recorder();
    const ack = new Acknowledger('s1', r.fn, 5000);
    const term = new FakeTerminal();
    for (let i = 0; i < 12; i++) ack.writeTo(term, new Uint8Array(1000));
    expect(r.acks).toEqual([]); // nothing parsed yet
    term.parse(11);
    expect(r.acks).toEqual([
      ['s1', 5000],
      ['s1', 5000],
    ]);
    expect(ack.pending).toBe(1000);
    ack.flush();
    expect(r.acks.at(-1)).toEqual(['s1', 1000]);
    term.parse();
    expect(r.acks.at(-1)).toEqual(['s1', 1000]);
    expect(r.total()).toBe(12_000);
  });

  it('acknowledges the rest as soon as the terminal has caught up, not only at a full batch', () => {
    const r = recorder();
    const ack = new Acknowledger('s1', r.fn, 5000);
    const term = new FakeTerminal();
    ack.writeTo(term, new Uint8Array(300));
    ack.writeTo(term, new Uint8Array(200));
    term.parse(1);
    expect(r.acks).toEqual([]); // 200 still queued: wait for a batch or the end of the queue
    term.parse(1);
    expect(r.acks).toEqual([['s1', 500]]);
    expect(ack.pending).toBe(0);
  });

  it('hands large byte arrays to the terminal in pieces of at most maxWrite, as views', () => {
    const r = recorder();
    const ack = new Acknowledger('s', r.fn, 1_000_000);
    const written: Uint8Array[] = [];
    const term = new FakeTerminal();
    const recording: WritableTerminal = {
      write(data, callback) {
        if (typeof data !== 'string') written.push(data);
        term.write(data, callback);
      },
    };
    const data = Uint8Array.from({ length: 10 }, (_, i) => i);
    ack.writeTo(recording, data, 4);
    expect(written.map((piece) => Array.from(piece))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(written.every((piece) => piece.buffer === data.buffer)).toBe(true);
    expect(ack.outstanding).toBe(10);
    term.parse(2);
    expect(ack.pending).toBe(8);
    term.parse();
    expect(r.acks).toEqual([['s', 10]]);
    ack.writeTo(recording, data.subarray(0, 4), 4);
    expect(written).toHaveLength(4); // at the limit: one write
    expect(() => ack.writeTo(recording, data, 0)).toThrow(new AcknowledgerError('maxWrite must be a whole number ≥ 1, got 0'));
  });

  it('counts UTF-16 units for strings, bytes for byte arrays', () => {
    const r = recorder();
    const ack = new Acknowledger('s', r.fn, 1);
    const term = new FakeTerminal();
    ack.writeTo(term, 'héllo');
    ack.writeTo(term, new TextEncoder().encode('héllo'));
    term.parse();
    expect(r.acks).toEqual([
      ['s', 5],
      ['s', 6],
    ]);
  });

  it('acknowledges exactly what was written, never more, in any interleaving (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ write: fc.integer({ min: 0, max: 20_000 }) }), fc.record({ parse: fc.integer({ min: 0, max: 5 }) })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 10_000 }),
        (steps, batch) => {
          const r = recorder();
          const ack = new Acknowledger('s', r.fn, batch);
          const term = new FakeTerminal();
          let written = 0;
          for (const step of steps) {
            if ('write' in step) {
              ack.writeTo(term, new Uint8Array(step.write));
              written += step.write;
            } else {
              term.parse(step.parse);
            }
            expect(r.total()).toBeLessThanOrEqual(written);
            expect(ack.pending).toBeLessThan(batch);
            // Caught up means fully acknowledged: main is never left waiting on parsed output.
            if (ack.outstanding === 0) expect(r.total()).toBe(written);
            for (const [, amount] of r.acks) expect(amount).toBeGreaterThan(0);
          }
          term.parse();
          ack.dispose();
          expect(r.total()).toBe(written);
          expect(ack.totalAcknowledged).toBe(written);
        },
      ),
    );
  });

  it('refuses to report more processed than was handed over', () => {
    const ack = new Acknowledger('s9', () => {}, 10);
    ack.wrote(5);
    ack.done(3);
    expect(() => ack.done(3)).toThrow(new AcknowledgerError('session s9: 3 reported processed but only 2 are outstanding'));
    expect(() => ack.wrote(-1)).toThrow(/whole number/);
    expect(() => ack.done(0.5)).toThrow(/whole number/);
    expect(() => new Acknowledger('s', () => {}, 0)).toThrow(/batch must be/);
  });

  it('acknowledges nothing more once the session is gone', () => {
    const r = recorder();
    const ack = new Acknowledger('s', r.fn, 10);
    const term = new FakeTerminal();
    ack.writeTo(term, new Uint8Array(4));
    ack.writeTo(term, new Uint8Array(30));
    term.parse(1);
    ack.dispose();
    expect(r.acks).toEqual([['s', 4]]);
    term.parse(); // xterm may still call back after the tab closed
    ack.flush();
    expect(r.acks).toEqual([['s', 4]]);
  });
});

describe('Acknowledger that settles (log views)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A log view's use: each batch of lines is handed over and processed at once. */
  function take(ack: Acknowledger, amount: number): void {
    ack.wrote(amount);
    ack.done(amount);
  }

  it('acknowledges a full batch at once and the rest settleMs after the first lines below a batch', () => {
    vi.useFakeTimers();
    const r = recorder();
    const ack = new Acknowledger('logs', r.fn, 1000, 20);
    take(ack, 400);
    take(ack, 400);
    expect(r.acks).toEqual([]); // caught up, but below a batch: not yet
    take(ack, 400);
    expect(r.acks).toEqual([['logs', 1200]]);
    take(ack, 100);
    vi.advanceTimersByTime(19);
    take(ack, 50);
    expect(r.acks).toEqual([['logs', 1200]]);
    vi.advanceTimersByTime(1);
    expect(r.acks).toEqual([
      ['logs', 1200],
      ['logs', 150],
    ]);
    vi.advanceTimersByTime(1000);
    expect(r.acks).toHaveLength(2);
    expect(ack.pending).toBe(0);
  });

  it('does not flush the rest again after a batch took it', () => {
    vi.useFakeTimers();
    const r = recorder();
    const ack = new Acknowledger('logs', r.fn, 1000, 20);
    take(ack, 500);
    take(ack, 600);
    vi.advanceTimersByTime(100);
    expect(r.acks).toEqual([['logs', 1100]]);
  });

  it('flushes the rest when the session goes, and nothing after', () => {
    vi.useFakeTimers();
    const r = recorder();
    const ack = new Acknowledger('logs', r.fn, 1000, 20);
    take(ack, 300);
    ack.dispose();
    vi.advanceTimersByTime(100);
    expect(r.acks).toEqual([['logs', 300]]);
  });

  it('acknowledges exactly what was taken, in any order of batches and pauses (property)', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.nat(40)), { maxLength: 60 }), (steps) => {
        const r = recorder();
        const ack = new Acknowledger('logs', r.fn, 1000, 20);
        let taken = 0;
        for (const [amount, pause] of steps) {
          take(ack, amount);
          taken += amount;
          expect(ack.pending).toBeLessThan(1000);
          vi.advanceTimersByTime(pause);
        }
        vi.advanceTimersByTime(20);
        expect(r.total()).toBe(taken);
        expect(r.acks.every(([, amount]) => amount > 0)).toBe(true);
      }),
    );
  });

  it('refuses a settle delay that is not a whole number of milliseconds', () => {
    expect(() => new Acknowledger('s', () => {}, 10, -1)).toThrow(new AcknowledgerError('settleMs must be a whole number ≥ 0, got -1'));
    expect(() => new Acknowledger('s', () => {}, 10, 1.5)).toThrow(/settleMs must be/);
  });
});
