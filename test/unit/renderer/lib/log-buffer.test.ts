import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../shared/bridge/sessions.ts';
import { LogBuffer, LogBufferOptionsError } from '../../../../renderer/src/lib/log-buffer.ts';

const STAMP = '2024-05-01T12:00:00.123456789Z';
const line = (text: string, timestamp = STAMP, extra: Partial<LogLine> = {}): LogLine => ({ timestamp, text, ...extra });
const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

function texts(buffer: LogBuffer): string[] {
  const out: string[] = [];
  for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) out.push(buffer.text(seq));
  return out;
}

/** Appends `lines` in batches of the given sizes (cycled), as a log tab does with each event. */
function appendInBatches(buffer: LogBuffer, lines: readonly LogLine[], sizes: readonly number[]): void {
  for (let at = 0, turn = 0; at < lines.length; turn++) {
    const size = sizes[turn % sizes.length] ?? 1;
    buffer.appendMany(lines.slice(at, at + size));
    at += size;
  }
}

describe('LogBuffer: storing and reading lines', () => {
  it('numbers lines from 0 and decodes them back, including non-ASCII text', () => {
    const buffer = new LogBuffer();
    buffer.appendMany([line('hello'), line(''), line('grüße 日本 🚀')]);
    expect([buffer.firstSeq, buffer.endSeq, buffer.length]).toEqual([0, 3, 3]);
    expect(texts(buffer)).toEqual(['hello', '', 'grüße 日本 🚀']);
    expect(buffer.droppedLines).toBe(0);
  });

  it('keeps each timestamp exactly as sent, and its instant', () => {
    const buffer = new LogBuffer();
    buffer.appendMany([
      line('a', '2024-05-01T12:00:00.1Z'),
      line('b', '2024-05-01T12:00:00Z'),
      line('c', ''),
      line('d', '2024-05-01T14:00:00.5+02:00'),
      line('e', 'garbage'),
    ]);
    expect([0, 1, 2, 3, 4].map((seq) => buffer.timestampText(seq))).toEqual([
      '2024-05-01T12:00:00.1Z',
      '2024-05-01T12:00:00Z',
      '',
      '2024-05-01T14:00:00.5+02:00',
      'garbage',
    ]);
    expect(buffer.epochMillis(0)).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 100));
    expect(buffer.epochMillis(3)).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500));
    expect(buffer.epochMillis(2)).toBeUndefined();
    expect(buffer.epochMillis(4)).toBeUndefined();
  });

  it('tags merged-log lines with their pod and container, numbering pods for colours', () => {
    const buffer = new LogBuffer();
    buffer.appendMany([
      line('1', STAMP, { pod: 'web-a', container: 'app' }),
      line('2', STAMP, { pod: 'web-b', container: 'app' }),
      line('3', STAMP, { pod: 'web-a', container: 'sidecar' }),
      line('4'),
    ]);
    expect(buffer.source(0)).toEqual({ pod: 'web-a', container: 'app', podIndex: 0 });
    expect(buffer.source(1)).toEqual({ pod: 'web-b', container: 'app', podIndex: 1 });
    expect(buffer.source(2)).toEqual({ pod: 'web-a', container: 'sidecar', podIndex: 0 });
    expect(buffer.source(3)).toBeUndefined();
  });

  it('keeps the context of a merged line, and tells a marker from log text', () => {
    const buffer = new LogBuffer();
    buffer.appendMany([
      line('1', STAMP, { pod: 'web-a', container: 'app', context: 'prod' }),
      line('pod web-a deleted', STAMP, { pod: 'web-a', context: 'prod', marker: 'left' }),
      line('context viewer: Denied', STAMP, { context: 'viewer', marker: 'context-failed' }),
    ]);
    expect(buffer.source(0)).toEqual({ pod: 'web-a', container: 'app', podIndex: 0, context: 'prod' });
    expect(buffer.source(1)).toEqual({ pod: 'web-a', container: undefined, podIndex: 0, context: 'prod', marker: 'left' });
    expect(buffer.source(2)).toMatchObject({ context: 'viewer', marker: 'context-failed' });
  });

  it('stores a text holding a newline as the lines a terminal would show', () => {
    const buffer = new LogBuffer();
    buffer.append(line('first\nsecond', STAMP, { pod: 'p' }));
    expect(texts(buffer)).toEqual(['first', 'second']);
    expect(buffer.timestampText(1)).toBe(STAMP);
    expect(buffer.source(1)?.pod).toBe('p');
  });

  it('cuts a line longer than maxLineBytes at a character boundary and marks it', () => {
    const buffer = new LogBuffer({ capacityBytes: 4096, maxLineBytes: 20 });
    buffer.append(line('ééééééééééééééé')); // 15 × 2 bytes
    buffer.append(line('short'));
    expect(buffer.text(0)).toBe('éééééééééé');
    expect(buffer.isTruncated(0)).toBe(true);
    expect(buffer.isTruncated(1)).toBe(false);
    expect(buffer.stats().truncatedLines).toBe(1);
  });

  it('says which line is missing when asked for one it does not hold', () => {
    const buffer = new LogBuffer();
    buffer.append(line('x'));
    expect(() => buffer.text(1)).toThrow(new RangeError('log line 1 is not in the buffer (it holds 0 to 0)'));
    expect(() => buffer.text(-1)).toThrow(RangeError);
    expect(buffer.has(0)).toBe(true);
    expect(buffer.has(0.5)).toBe(false);
  });

  it('refuses impossible options with a specific error', () => {
    expect(() => new LogBuffer({ capacityBytes: 100 })).toThrow(LogBufferOptionsError);
    expect(() => new LogBuffer({ capacityBytes: 1.5e6 + 0.5 })).toThrow(/capacityBytes must be an integer/);
    expect(() => new LogBuffer({ maxLines: 0 })).toThrow(/maxLines must be an integer from 1/);
    expect(() => new LogBuffer({ capacityBytes: 4096, maxLineBytes: 4096 })).toThrow(/maxLineBytes must be an integer from 16 to 4095/);
  });
});

describe('LogBuffer: the caps', () => {
  it('drops the oldest lines at the byte cap and counts them', () => {
    const buffer = new LogBuffer({ capacityBytes: 4096 });
    const total = 1000;
    for (let i = 0; i < total; i++) buffer.append(line(`line ${String(i).padStart(4, '0')} ${'x'.repeat(30)}`));
    const kept = texts(buffer);
    expect(buffer.droppedLines + buffer.length).toBe(total);
    expect(buffer.firstSeq).toBe(buffer.droppedLines);
    expect(kept.at(-1)).toContain('line 0999');
    expect(kept[0]).toContain(`line ${String(buffer.firstSeq).padStart(4, '0')}`);
    // 41-byte lines: the ring holds all but the few lines that the wrap gap and the reserve cost.
    expect(buffer.length).toBeGreaterThanOrEqual(Math.floor(4096 / 41) - 6);
    expect(buffer.stats().usedBytes).toBeLessThanOrEqual(4096);
    expect(buffer.stats().allocatedBytes).toBe(4096);
  });

  it('fills several segments, allocating each only when it is reached, then wraps', () => {
    const buffer = new LogBuffer({ capacityBytes: 12 * 1024, segmentBytes: 4096 });
    expect(buffer.stats().allocatedBytes).toBe(4096);
    for (let i = 0; i < 100; i++) buffer.append(line(`${String(i).padStart(3, '0')} ${'m'.repeat(95)}`));
    expect(buffer.stats().allocatedBytes).toBe(12 * 1024);
    expect(buffer.droppedLines).toBe(0);
    for (let i = 100; i < 400; i++) buffer.append(line(`${String(i).padStart(3, '0')} ${'m'.repeat(95)}`));
    expect(buffer.stats().allocatedBytes).toBe(12 * 1024);
    expect(buffer.droppedLines + buffer.length).toBe(400);
    expect(texts(buffer).map((t) => Number(t.slice(0, 3)))).toEqual(
      Array.from({ length: buffer.length }, (_, i) => buffer.firstSeq + i),
    );
    // 100-byte lines with a 298-byte reserve: 38 fit in a 4 KiB segment; making room costs a few.
    expect(buffer.length).toBeGreaterThanOrEqual(3 * 38 - 6);
  });

  it('drops the oldest lines at the line cap', () => {
    const buffer = new LogBuffer({ maxLines: 3 });
    for (const text of ['a', 'b', 'c', 'd', 'e']) buffer.append(line(text));
    expect(texts(buffer)).toEqual(['c', 'd', 'e']);
    expect(buffer.droppedLines).toBe(2);
  });

  it('grows its memory by doubling only as far as it needs', () => {
    const buffer = new LogBuffer({ capacityBytes: 8 * 1024 * 1024 });
    expect(buffer.stats().allocatedBytes).toBe(64 * 1024);
    for (let i = 0; i < 2000; i++) buffer.append(line('y'.repeat(99)));
    expect(buffer.stats().allocatedBytes).toBe(256 * 1024);
    expect(buffer.stats().usedBytes).toBe(200_000);
    expect(buffer.droppedLines).toBe(0);
    expect(new Set(texts(buffer))).toEqual(new Set(['y'.repeat(99)]));
  });

  it('always holds exactly the newest lines that fit, whatever their sizes, appended one by one or in batches (model check)', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '日', '🚀', ' ', '\u001b'), fc.constant('z')), maxLength: 80 });
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 600 }),
        fc.integer({ min: 4096, max: 20_000 }),
        fc.integer({ min: 5, max: 400 }),
        fc.boolean(),
        fc.option(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
        (lines, capacityBytes, maxLines, oneSegment, batches) => {
          // Several small segments exercise moving between segments as well as wrapping.
          const buffer = new LogBuffer({ capacityBytes, maxLines, segmentBytes: oneSegment ? capacityBytes : 4096 });
          const stamped = lines.map((t, i) => line(t, `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}Z`));
          if (batches === undefined) for (const one of stamped) buffer.append(one);
          else appendInBatches(buffer, stamped, batches);
          expect(buffer.endSeq).toBe(lines.length);
          expect(buffer.droppedLines).toBe(buffer.firstSeq);
          expect(texts(buffer)).toEqual(lines.slice(buffer.firstSeq));
          expect(buffer.length).toBeLessThanOrEqual(maxLines);
          const used = lines.slice(buffer.firstSeq).reduce((sum, t) => sum + utf8Length(t) + 1, 0);
          expect(buffer.stats().usedBytes).toBe(used);
          expect(used).toBeLessThanOrEqual(capacityBytes);
          // Nothing is dropped early: at most one reserve (3 bytes per character) and one gap per
          // segment stay unused (one by one: a batch's run of lines needs room for all of it).
          if (batches === undefined && buffer.firstSeq > 0 && buffer.length < maxLines) {
            const segments = oneSegment ? 1 : Math.ceil(capacityBytes / 4096);
            const previous = lines[buffer.firstSeq - 1] ?? '';
            expect(used + utf8Length(previous) + 1).toBeGreaterThan(capacityBytes - (segments + 1) * (3 * 80 + 1) - segments);
          }
          for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) {
            expect(buffer.timestampText(seq)).toBe(`2024-05-01T12:00:${String(seq % 60).padStart(2, '0')}Z`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('LogBuffer: appendMany (runs of lines encoded together)', () => {
  /** Texts of every kind the two paths tell apart: plain, tabs, non-ASCII, controls, C1, LF, too long to keep whole. */
  const anyText = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '=', '{', '"'), maxLength: 60 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '日', '🚀', '\uD800', '\uFEFF'), maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('a', '\u001b', '[', 'm', '\r', '\u0007', '\u0085', '\u007f'), maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('a', '\n', '\u001b'), maxLength: 10 }),
    fc.constantFrom('x'.repeat(40), 'y'.repeat(200), 'é'.repeat(150)),
  );
  const anyLine = fc.record({
    text: anyText,
    timestamp: fc.constantFrom(STAMP, '2024-05-01T12:00:01Z', '', 'not a time'),
    pod: fc.option(fc.constantFrom('web-1', 'web-2'), { nil: undefined }),
    marker: fc.option(fc.constantFrom('joined' as const, 'left' as const), { nil: undefined }),
  }).map(({ pod, marker, ...rest }): LogLine => ({ ...rest, ...(pod === undefined ? {} : { pod }), ...(marker === undefined ? {} : { marker }) }));

  /** Everything a view reads of a line. */
  function described(buffer: LogBuffer, seq: number): unknown {
    return {
      text: buffer.text(seq),
      bytes: buffer.lineByteLength(seq),
      timestamp: buffer.timestampText(seq),
      source: buffer.source(seq),
      truncated: buffer.isTruncated(seq),
      plain: buffer.plainEnd(seq, seq + 1) === seq + 1,
    };
  }

  it('stores what append stores, line for line, when nothing has to be dropped (property)', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 5 }), (lines, sizes) => {
        const options = { capacityBytes: 1024 * 1024, maxLineBytes: 256 };
        const many = new LogBuffer(options);
        const single = new LogBuffer(options);
        appendInBatches(many, lines, sizes);
        for (const one of lines) single.append(one);
        expect(many.endSeq).toBe(single.endSeq);
        expect(many.stats()).toEqual(single.stats());
        for (let seq = 0; seq < single.endSeq; seq++) expect(described(many, seq)).toEqual(described(single, seq));
      }),
      { numRuns: 200 },
    );
  });
});

describe('LogBuffer: clear', () => {
  it('forgets every line but keeps counting sequence numbers, and restarts the dropped count', () => {
    const buffer = new LogBuffer({ maxLines: 2 });
    for (const text of ['a', 'b', 'c']) buffer.append(line(text));
    buffer.clear();
    expect([buffer.length, buffer.firstSeq, buffer.endSeq, buffer.droppedLines]).toEqual([0, 3, 3, 0]);
    buffer.append(line('d'));
    expect(texts(buffer)).toEqual(['d']);
    expect(buffer.firstSeq).toBe(3);
  });
});

describe('LogBuffer: scanner access', () => {
  it('gives runs of back-to-back lines whose bytes decode to the lines joined by newlines', () => {
    const buffer = new LogBuffer({ capacityBytes: 4096 });
    for (let i = 0; i < 500; i++) buffer.append(line(`n${i} ${'q'.repeat(i % 13)}`));
    const decoder = new TextDecoder();
    let seq = buffer.firstSeq;
    let runs = 0;
    while (seq < buffer.endSeq) {
      const end = buffer.contiguousEnd(seq, buffer.endSeq, 300);
      expect(end).toBeGreaterThan(seq);
      const start = buffer.lineOffset(seq);
      const stop = buffer.lineOffset(end - 1) + buffer.lineByteLength(end - 1);
      expect(stop - start).toBeLessThanOrEqual(300);
      const joined = decoder.decode(buffer.rawBytes(start, stop));
      const expected: string[] = [];
      for (let s = seq; s < end; s++) expected.push(buffer.text(s));
      expect(joined).toBe(expected.join('\n'));
      seq = end;
      runs++;
    }
    expect(runs).toBeGreaterThan(1);
  });

  it('stops a run at the limit it is given', () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 10; i++) buffer.append(line('abc'));
    expect(buffer.contiguousEnd(2, 5, 1 << 20)).toBe(5);
    expect(buffer.contiguousEnd(2, 100, 1 << 20)).toBe(10);
    expect(buffer.contiguousEnd(2, 100, 8)).toBe(4);
    expect(buffer.contiguousEnd(2, 100, 1)).toBe(3);
  });
});

describe('LogBuffer: forEachText', () => {
  it('hands out every line in order, plain ones sliced from chunks, others decoded alone, across wraps', () => {
    const buffer = new LogBuffer({ capacityBytes: 4096 });
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = i % 7 === 0 ? `ü ${i} \u001b[31mred\u001b[0m` : `line ${i} ${'x'.repeat(i % 11)}`;
      texts.push(text);
      buffer.append(line(text));
    }
    const seen: Array<[number, string]> = [];
    buffer.forEachText(buffer.firstSeq - 5, buffer.endSeq + 5, (seq, text) => seen.push([seq, text]), 100);
    const expected: Array<[number, string]> = [];
    for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) expected.push([seq, texts[seq] as string]);
    expect(buffer.firstSeq).toBeGreaterThan(0);
    expect(seen).toEqual(expected);
  });

  it('marks as plain exactly the ASCII lines without control characters, each part of a split line on its own', () => {
    const buffer = new LogBuffer();
    for (const text of ['plain', 'tab\tplain', 'esc \u001b[1m', 'bell\u0007', 'c1 \u0085', 'ü', 'a\nb\u001b[0m\nc']) buffer.append(line(text));
    const plain = Array.from({ length: buffer.length }, (_, seq) => buffer.plainEnd(seq, seq + 1) === seq + 1);
    expect(plain).toEqual([true, true, false, false, false, false, true, false, true]);
  });

  it('visits only the range it is given', () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 10; i++) buffer.append(line(`l${i}`));
    const seen: string[] = [];
    buffer.forEachText(3, 6, (_, text) => seen.push(text));
    expect(seen).toEqual(['l3', 'l4', 'l5']);
  });
});

describe('LogBuffer: download', () => {
  it('exports what is loaded as lines, with or without timestamps', () => {
    const buffer = new LogBuffer({ maxLines: 3 });
    buffer.appendMany([line('gone'), line('one', '2024-05-01T12:00:00Z'), line('two ✓', ''), line('three', 'x')]);
    const decode = (chunks: Uint8Array[]): string => chunks.map((c) => new TextDecoder().decode(c)).join('');
    expect(decode(buffer.exportChunks({ timestamps: false }))).toBe('one\ntwo ✓\nthree\n');
    expect(decode(buffer.exportChunks({ timestamps: true }))).toBe('2024-05-01T12:00:00Z one\ntwo ✓\nx three\n');
  });

  it('splits a large export into chunks of about a megabyte without losing a byte', () => {
    const buffer = new LogBuffer({ capacityBytes: 8 * 1024 * 1024 });
    for (let i = 0; i < 30_000; i++) buffer.append(line(`${i} ${'z'.repeat(100)}`));
    const chunks = buffer.exportChunks({ timestamps: false });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1024 * 1024);
    const text = chunks.map((c) => new TextDecoder().decode(c)).join('');
    expect(text.split('\n').slice(0, -1)).toEqual(texts(buffer));
  });
});
