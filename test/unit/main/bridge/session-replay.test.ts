// The bounded output main keeps per session for re-binding windows.
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { ByteReplay, LineReplay } from '../../../../main/bridge/session-replay.ts';

const encoder = new TextEncoder();
const out = (text: string, channel: 'stdout' | 'stderr' = 'stdout') =>
  ({ kind: 'output', id: 's1', channel, bytes: encoder.encode(text) }) as const;

function text(events: SessionEvent[]): string {
  return events.map((event) => (event.kind === 'output' ? Buffer.from(event.bytes).toString('utf8') : '')).join('');
}

describe('ByteReplay', () => {
  it('keeps everything below its capacity, from position 0', () => {
    const replay = new ByteReplay('s1', 100);
    replay.append(out('hello '));
    replay.append(out('world'));
    expect([replay.start, replay.end]).toEqual([0, 11]);
    expect(replay.resyncPoint()).toBe(0);
    expect(text(replay.eventsFrom(0))).toBe('hello world');
    expect(text(replay.eventsFrom(6))).toBe('world');
    expect(replay.eventsFrom(11)).toEqual([]);
  });

  it('drops the oldest bytes beyond its capacity and keeps counting positions', () => {
    const replay = new ByteReplay('s1', 10);
    replay.append(out('0123456789'));
    replay.append(out('abcde'));
    expect([replay.start, replay.end]).toEqual([5, 15]);
    expect(text(replay.eventsFrom(5))).toBe('56789abcde');
    expect(text(replay.eventsFrom(12))).toBe('cde');
  });

  it('stays within capacity under a flood of tiny writes', () => {
    const replay = new ByteReplay('s1', 1000);
    for (let index = 0; index < 100_000; index += 1) replay.append(out(String(index % 10)));
    expect(replay.end).toBe(100_000);
    expect(replay.end - replay.start).toBe(1000);
    expect(text(replay.eventsFrom(replay.start))).toBe('0123456789'.repeat(100));
  });

  it('keeps stdout and stderr apart, in order', () => {
    const replay = new ByteReplay('s1', 100);
    replay.append(out('a'));
    replay.append(out('B', 'stderr'));
    replay.append(out('c'));
    expect(replay.eventsFrom(0).map((event) => (event.kind === 'output' ? `${event.channel}:${text([event])}` : ''))).toEqual([
      'stdout:a',
      'stderr:B',
      'stdout:c',
    ]);
  });

  it('copies what it keeps: the caller may reuse its buffer', () => {
    const replay = new ByteReplay('s1', 100);
    const bytes = encoder.encode('abc');
    replay.append({ kind: 'output', id: 's1', channel: 'stdout', bytes });
    bytes.fill(0x7a);
    expect(text(replay.eventsFrom(0))).toBe('abc');
  });

  it('resyncs after the first line end once output was dropped, so a replay does not start mid-line', () => {
    const replay = new ByteReplay('s1', 12);
    replay.append(out('line one\nline two\nthree'));
    // 23 bytes; capacity 12 keeps "ne two\nthree" (positions 11..23).
    expect(replay.start).toBe(11);
    expect(replay.resyncPoint()).toBe(18);
    expect(text(replay.eventsFrom(replay.resyncPoint()))).toBe('three');
  });

  it('cuts where it must when the kept output has no line end', () => {
    const replay = new ByteReplay('s1', 4);
    replay.append(out('abcdefgh'));
    expect(replay.resyncPoint()).toBe(4);
  });
});

describe('LineReplay', () => {
  const lines = (bytes: number, ...texts: string[]) =>
    ({ kind: 'lines', id: 'L', lines: texts.map((t) => ({ timestamp: '2024-01-01T00:00:00Z', text: t })), bytes }) as const;

  it('counts positions in the bytes weight of whole events', () => {
    const replay = new LineReplay('L', { lines: 100, bytes: 1000 });
    replay.append(lines(10, 'a', 'b'));
    replay.append(lines(5, 'c'));
    expect([replay.start, replay.end]).toEqual([0, 15]);
    expect(replay.eventsFrom(10)).toEqual([lines(5, 'c')]);
    expect(replay.boundaryAtOrAfter(3)).toBe(10);
  });

  it('drops whole old events beyond its line or weight limits', () => {
    const replay = new LineReplay('L', { lines: 3, bytes: 1000 });
    replay.append(lines(10, 'a', 'b'));
    replay.append(lines(10, 'c', 'd'));
    expect([replay.start, replay.end]).toEqual([10, 20]);
    const byWeight = new LineReplay('L', { lines: 100, bytes: 15 });
    byWeight.append(lines(10, 'a'));
    byWeight.append(lines(10, 'b'));
    expect(byWeight.eventsFrom(byWeight.start)).toEqual([lines(10, 'b')]);
  });

  it('keeps the newest event even when it alone is over the limit', () => {
    const replay = new LineReplay('L', { lines: 1, bytes: 5 });
    replay.append(lines(50, 'x', 'y'));
    expect(replay.eventsFrom(0)).toEqual([lines(50, 'x', 'y')]);
  });

  it('stays bounded under many small events', () => {
    const replay = new LineReplay('L', { lines: 100, bytes: 1_000_000 });
    for (let index = 0; index < 50_000; index += 1) replay.append(lines(1, String(index)));
    const kept = replay.eventsFrom(replay.start).flatMap((event) => (event.kind === 'lines' ? event.lines.map((l) => l.text) : []));
    expect(kept).toHaveLength(100);
    expect(kept.at(-1)).toBe('49999');
    expect(replay.start).toBe(49_900);
  });
});
