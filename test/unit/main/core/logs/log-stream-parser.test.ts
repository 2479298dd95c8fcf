// The resume logic against a model of the server: a log of timestamped lines (many sharing a
// second, several sharing an exact instant), connections cut at arbitrary bytes, each resumed
// connection served from sinceTime as the API server does it (to the whole second) or to the
// nanosecond (as a server passing the fraction through would). Whatever the drop points and
// chunking, the lines delivered must be the log: no gap, no duplicate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../../shared/bridge/sessions.ts';
import { LogStreamParser } from '../../../../../main/core/logs/log-stream-parser.ts';
import { compareInstants, parseInstant, type LogInstant } from '../../../../../main/core/logs/log-timestamp.ts';
import { bytesOf, chunk, cutsArbitrary } from '../../../../support/bytes.ts';
import { kubeletTimestamp, lineTextArbitrary } from './helpers.ts';

interface Entry {
  readonly instant: LogInstant;
  readonly timestamp: string;
  readonly text: string;
}

const BASE_SECONDS = 1_714_557_600; // 2024-05-01T10:00:00Z

/**
 * A log whose timestamps never decrease: few distinct seconds and few distinct nanoseconds, so
 * ties within a second and at the exact same instant are common.
 */
const logArbitrary = fc
  .array(
    fc.record({
      second: fc.integer({ min: 0, max: 3 }),
      nanos: fc.constantFrom(0, 1, 500_000_000, 999_999_999),
      text: lineTextArbitrary.map((text) => text.replace(/\r+$/, '')),
    }),
    { maxLength: 30 },
  )
  .map((raw) =>
    raw
      .map(({ second, nanos, text }) => ({ instant: { seconds: BASE_SECONDS + second, nanos }, text }))
      .sort((a, b) => compareInstants(a.instant, b.instant))
      .map(({ instant, text }): Entry => ({ instant, text, timestamp: kubeletTimestamp(instant.seconds, instant.nanos) })),
  );

type SinceResolution = 'second' | 'nanosecond';

/** What the server sends for `sinceTime` (null: the whole log). */
function serve(log: readonly Entry[], sinceTime: string | null, resolution: SinceResolution): Uint8Array {
  let since: LogInstant | null = sinceTime === null ? null : parseInstant(sinceTime);
  if (sinceTime !== null && since === null) throw new Error(`client sent an unparsable sinceTime ${sinceTime}`);
  if (since !== null && resolution === 'second') since = { seconds: since.seconds, nanos: 0 };
  const lines = log.filter((entry) => since === null || compareInstants(entry.instant, since) >= 0);
  return bytesOf(lines.map((entry) => `${entry.timestamp} ${entry.text}\n`).join(''));
}

/** One connection: how far it gets (a fraction of its bytes) and how its bytes are chunked. */
const connectionArbitrary = fc.record({ dropAt: fc.double({ min: 0, max: 1, noNaN: true }), cuts: cutsArbitrary });

function run(
  log: readonly Entry[],
  drops: readonly { dropAt: number; cuts: readonly number[] }[],
  finalCuts: readonly number[],
  resolution: SinceResolution,
  limitBytes?: number,
): LogLine[] {
  const parser = new LogStreamParser(limitBytes === undefined ? {} : { limitBytes });
  const delivered: LogLine[] = [];
  let first = true;
  for (const connection of [...drops, { dropAt: 1, cuts: finalCuts, last: true }]) {
    const sinceTime = first ? null : parser.resumeSinceTime();
    first = false;
    parser.beginConnection(sinceTime !== null);
    const bytes = serve(log, sinceTime, resolution);
    const sent = 'last' in connection ? bytes : bytes.subarray(0, Math.floor(connection.dropAt * bytes.length));
    for (const piece of chunk(sent, connection.cuts)) {
      const parsed = parser.push(piece);
      delivered.push(...parsed.lines);
      if (parsed.limitReached) return delivered;
    }
    if ('last' in connection) delivered.push(...parser.end().lines);
    else parser.drop();
  }
  return delivered;
}

const expected = (log: readonly Entry[]): LogLine[] => log.map(({ timestamp, text }) => ({ timestamp, text }));

describe('LogStreamParser: resume after drops at arbitrary points', () => {
  for (const resolution of ['second', 'nanosecond'] as const) {
    it(`delivers every line exactly once (sinceTime honoured to the ${resolution})`, () => {
      fc.assert(
        fc.property(logArbitrary, fc.array(connectionArbitrary, { maxLength: 6 }), cutsArbitrary, (log, drops, finalCuts) => {
          expect(run(log, drops, finalCuts, resolution)).toEqual(expected(log));
        }),
        { numRuns: 500 },
      );
    });
  }

  it('skips exactly the delivered lines among several at the same instant', () => {
    const at = kubeletTimestamp(BASE_SECONDS, 7);
    const log: Entry[] = ['a', 'b', 'c', 'd'].map((text) => ({ instant: { seconds: BASE_SECONDS, nanos: 7 }, timestamp: at, text }));
    const all = serve(log, null, 'second');
    const firstTwo = bytesOf(`${at} a\n${at} b\n`).length;
    // Cut after two whole lines and half of the third.
    const parser = new LogStreamParser();
    parser.beginConnection(false);
    const before = parser.push(all.subarray(0, firstTwo + 5)).lines;
    parser.drop();
    expect(before.map((line) => line.text)).toEqual(['a', 'b']);
    const sinceTime = parser.resumeSinceTime();
    expect(sinceTime).toBe('2024-05-01T10:00:00Z');
    parser.beginConnection(true);
    const after = [...parser.push(serve(log, sinceTime, 'second')).lines, ...parser.end().lines];
    expect(after.map((line) => line.text)).toEqual(['c', 'd']);
  });

  it('repeats the original request when nothing was delivered before the drop', () => {
    const parser = new LogStreamParser();
    parser.beginConnection(false);
    expect(parser.push(bytesOf('2024-05-01T10:00:00.000000000Z half')).lines).toEqual([]);
    parser.drop();
    expect(parser.hasPosition).toBe(false);
    expect(parser.resumeSinceTime()).toBeNull();
  });

  it('delivers a line without timestamp at the start of a resumed connection, and places later ones', () => {
    const parser = new LogStreamParser();
    parser.beginConnection(false);
    parser.push(bytesOf('2024-05-01T10:00:01.000000000Z one\nno stamp after one\n'));
    parser.drop();
    parser.beginConnection(true);
    // The repeat of "one" and the unstamped line after it (stamped like "one") are dropped.
    const lines = parser.push(
      bytesOf('proxy says hi\n2024-05-01T10:00:01.000000000Z one\nno stamp after one\n2024-05-01T10:00:02.000000000Z two\n'),
    ).lines;
    expect(lines.map((line) => line.text)).toEqual(['proxy says hi', 'two']);
  });
});

describe('LogStreamParser: limitBytes counted without timestamps', () => {
  it('delivers exactly the first limitBytes of the log text, across drops', () => {
    fc.assert(
      fc.property(
        logArbitrary,
        fc.array(connectionArbitrary, { maxLength: 4 }),
        cutsArbitrary,
        fc.integer({ min: 1, max: 400 }),
        (log, drops, finalCuts, limit) => {
          const text = log.map((entry) => `${entry.text}\n`).join('');
          const delivered = run(log, drops, finalCuts, 'second', limit);
          const deliveredText = delivered.map((line) => `${line.text}\n`).join('');
          const all = bytesOf(text);
          if (all.length <= limit) {
            expect(deliveredText).toBe(text);
            return;
          }
          // The server's answer is the first `limit` bytes; we cut to a whole character instead.
          const got = bytesOf(deliveredText);
          const expectedPrefix = all.subarray(0, limit);
          // Every delivered line but the last is whole; the last one is a prefix, followed by our '\n'.
          expect(got.length - 1).toBeLessThanOrEqual(limit);
          expect(got.length - 1).toBeGreaterThan(limit - 4);
          expect([...got.subarray(0, got.length - 1)]).toEqual([...expectedPrefix.subarray(0, got.length - 1)]);
          expect(delivered.map((line) => line.timestamp)).toEqual(log.slice(0, delivered.length).map((entry) => entry.timestamp));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ends after the line that reaches the limit', () => {
    const parser = new LogStreamParser({ limitBytes: 8 });
    parser.beginConnection(false);
    const parsed = parser.push(bytesOf('2024-05-01T10:00:00Z abc\n2024-05-01T10:00:00Z defgh\n2024-05-01T10:00:00Z ijk\n'));
    expect(parsed.lines.map((line) => line.text)).toEqual(['abc', 'defg']);
    expect(parsed.limitReached).toBe(true);
    expect(parser.push(bytesOf('2024-05-01T10:00:01Z more\n')).lines).toEqual([]);
  });
});

describe('LogStreamParser: flow-control weight', () => {
  it('weighs delivered lines by the bytes they hold, and skipped repeats as nothing', () => {
    const parser = new LogStreamParser();
    parser.beginConnection(false);
    const first = bytesOf('2024-05-01T10:00:00Z abc\n');
    const second = bytesOf('2024-05-01T10:00:00Z d\r\n');
    const parsed = parser.push(new Uint8Array([...first, ...second]));
    expect(parsed.weights).toEqual([first.length, second.length]);
    expect(parsed.bytes).toBe(first.length + second.length);
    parser.drop();
    parser.beginConnection(true);
    expect(parser.push(first)).toEqual({ lines: [], weights: [], bytes: 0, limitReached: false });
  });
});
