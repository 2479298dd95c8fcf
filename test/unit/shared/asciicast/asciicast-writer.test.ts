import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AsciicastEvent, AsciicastHeader } from '../../../../shared/asciicast/asciicast.ts';
import { parseAsciicast } from '../../../../shared/asciicast/asciicast-reader.ts';
import { eventLine, headerLine } from '../../../../shared/asciicast/asciicast-writer.ts';

describe('asciicast writer', () => {
  it('writes the header with the spec\'s field names, one line', () => {
    const line = headerLine({
      version: 2,
      width: 120,
      height: 40,
      timestamp: 1733476800,
      idleTimeLimit: 2,
      title: 'single/main: shell',
      env: { TERM: 'xterm-256color' },
      inputRecorded: false,
    });
    expect(line).toBe(
      '{"version":2,"width":120,"height":40,"timestamp":1733476800,"idle_time_limit":2,"title":"single/main: shell","env":{"TERM":"xterm-256color"},"porthole_input":false}\n',
    );
  });

  it('writes each event as [time, code, data] on its own line, time in microseconds', () => {
    expect(eventLine({ time: 1.23456789, code: 'o', data: '\u001b[31mred\u001b[0m\r\n' })).toBe('[1.234568,"o","\\u001b[31mred\\u001b[0m\\r\\n"]\n');
    expect(eventLine({ time: 2, code: 'i', data: 'ls\r' })).toBe('[2,"i","ls\\r"]\n');
    expect(eventLine({ time: 3.5, code: 'r', size: { cols: 100, rows: 30 } })).toBe('[3.5,"r","100x30"]\n');
    expect(eventLine({ time: 4, code: 'm', data: 'chapter' })).toBe('[4,"m","chapter"]\n');
  });

  it('a data string with a line break stays on one line', () => {
    expect(eventLine({ time: 0, code: 'o', data: 'a\nb\u2028c' }).split('\n')).toHaveLength(2);
  });

  const cells = fc.integer({ min: 1, max: 65535 });
  const header: fc.Arbitrary<AsciicastHeader> = fc.record(
    {
      version: fc.constant(2 as const),
      width: cells,
      height: cells,
      timestamp: fc.integer({ min: 0, max: 4_000_000_000 }),
      idleTimeLimit: fc.double({ min: 0.001, max: 100, noNaN: true }),
      title: fc.string(),
      command: fc.string(),
      inputRecorded: fc.boolean(),
    },
    { requiredKeys: ['version', 'width', 'height'] },
  );
  const event = (time: number): fc.Arbitrary<AsciicastEvent> =>
    fc.oneof(
      fc.record({ time: fc.constant(time), code: fc.constantFrom('o' as const, 'i' as const, 'm' as const), data: fc.string({ unit: 'grapheme' }) }),
      fc.record({ time: fc.constant(time), code: fc.constant('r' as const), size: fc.record({ cols: cells, rows: cells }) }),
    );
  const events = fc
    .array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 20 })
    .map((times) => times.map((time) => Number(time.toFixed(6))).sort((a, b) => a - b))
    .chain((times) => fc.tuple(...times.map(event)));

  it('what it writes, the reader reads back as it was', () => {
    fc.assert(
      fc.property(header, events, (written, list) => {
        const text = headerLine(written) + list.map(eventLine).join('');
        const read = parseAsciicast(text);
        expect(read.header).toEqual(written);
        expect(read.events).toEqual(list);
      }),
    );
  });
});
