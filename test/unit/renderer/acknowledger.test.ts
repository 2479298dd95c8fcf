import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Acknowledger, AcknowledgerError, type WritableTerminal } from '../../../renderer/src/lib/acknowledger.ts';

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
  it('batches acknowledgements and flushes the rest', () => {
    const r = recorder();
    const ack = new Acknowledger('s1', r.fn, 5000);
    const term = new FakeTerminal();
    for (let i = 0; i < 12; i++) ack.writeTo(term, new Uint8Array(1000));
    expect(r.acks).toEqual([]); // nothing parsed yet
    term.parse();
    expect(r.acks).toEqual([
      ['s1', 5000],
      ['s1', 5000],
    ]);
    expect(ack.pending).toBe(2000);
    ack.flush();
    expect(r.acks.at(-1)).toEqual(['s1', 2000]);
    expect(r.total()).toBe(12_000);
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
