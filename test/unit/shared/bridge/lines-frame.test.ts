// The web codec's binary 'lines' frame: log lines round-trip exactly (odd text included), and a
// frame that does not add up is a WireError, never a crash or a wrong line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../shared/bridge/sessions.ts';
import { webCodec } from '../../../../shared/bridge/web-codec.ts';
import { WireError, type ServerMessage } from '../../../../shared/bridge/wire.ts';

function linesMessage(lines: LogLine[], bytes = 100): ServerMessage {
  return { t: 'event', event: { kind: 'lines', id: 'logs-1', lines, bytes } };
}

function throughUtf8(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

function frameOf(message: ServerMessage): Uint8Array {
  const frame = webCodec.encodeServer(message);
  if (typeof frame === 'string') throw new Error('expected a binary frame');
  return frame;
}

/** The frame after [4][id length][id]: where the weight, count, table length and table start. */
const PAYLOAD_AT = 1 + 1 + 'logs-1'.length;
const TABLE_AT = PAYLOAD_AT + 16;

function decodeError(frame: Uint8Array): string {
  try {
    webCodec.decodeServer(frame);
  } catch (error) {
    expect(error).toBeInstanceOf(WireError);
    return (error as WireError).message;
  }
  throw new Error('the frame decoded');
}

describe('web codec: log lines as a binary frame', () => {
  it('lays out kind, id, weight, count, table and one UTF-8 text', () => {
    const frame = frameOf(linesMessage([{ timestamp: 'T1', text: 'hé' }], 37));
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    expect([...frame.subarray(0, PAYLOAD_AT)]).toEqual([4, 6, ...new TextEncoder().encode('logs-1')]);
    expect(view.getFloat64(PAYLOAD_AT)).toBe(37);
    expect(view.getUint32(PAYLOAD_AT + 8)).toBe(1);
    expect(view.getUint32(PAYLOAD_AT + 12)).toBe(9);
    // flags 0, timestamp 2 units, text 2 units; then "T1hé" as UTF-8 (é is two bytes).
    expect([...frame.subarray(TABLE_AT, TABLE_AT + 9)]).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect(new TextDecoder().decode(frame.subarray(TABLE_AT + 9))).toBe('T1hé');
  });

  it('round-trips merged lines with their pod, container, context and marker, and only the fields they had', () => {
    const lines: LogLine[] = [
      { timestamp: '2026-12-07T00:00:00.000000001Z', text: 'plain' },
      { timestamp: '2026-12-07T00:00:00.5Z', text: 'from a pod', pod: 'web-7f9c-x2', container: 'app' },
      { timestamp: '', text: 'pod web-7f9c-x2 deleted', pod: 'web-7f9c-x2', marker: 'left' },
      { timestamp: 't', text: 'unreachable', context: 'prod-eu', marker: 'context-failed' },
      { timestamp: 't', text: '', pod: '', container: '', context: '' },
      { timestamp: 't', text: 'restarted', marker: 'restarted' },
      { timestamp: 't', text: 'joined', marker: 'joined' },
    ];
    const decoded = webCodec.decodeServer(frameOf(linesMessage(lines, 12_345)));
    expect(decoded).toEqual(linesMessage(lines, 12_345));
    if (decoded.t !== 'event' || decoded.event.kind !== 'lines') throw new Error('not lines');
    expect(Object.keys(decoded.event.lines[0]!)).toEqual(['timestamp', 'text']);
    expect(Object.keys(decoded.event.lines[2]!)).toEqual(['timestamp', 'text', 'pod', 'marker']);
  });

  it('keeps a leading byte order mark, tabs, carriage returns, astral characters and lone surrogates (as U+FFFD)', () => {
    const lines: LogLine[] = [
      { timestamp: '', text: '\uFEFFstarts with a BOM' },
      { timestamp: 't', text: 'tab\there\r', pod: '😀 pod', container: '\uFEFF' },
      { timestamp: 't', text: 'lone \uD800 surrogate', context: 'ctx \uDC00' },
      { timestamp: 't', text: 'after them' },
    ];
    const decoded = webCodec.decodeServer(frameOf(linesMessage(lines)));
    expect(decoded).toEqual(
      linesMessage([
        lines[0]!,
        lines[1]!,
        { timestamp: 't', text: 'lone \uFFFD surrogate', context: 'ctx \uFFFD' },
        lines[3]!,
      ]),
    );
  });

  it('round-trips any lines', () => {
    const line = fc.record(
      {
        timestamp: fc.string(),
        text: fc.string({ unit: 'binary' }),
        pod: fc.string({ unit: 'grapheme' }),
        container: fc.string(),
        context: fc.string({ unit: 'binary' }),
        marker: fc.constantFrom('joined', 'left', 'restarted', 'context-failed'),
      },
      { requiredKeys: ['timestamp', 'text'] },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), fc.nat(), (lines, weight) => {
        const decoded = webCodec.decodeServer(frameOf(linesMessage(lines, weight)));
        // UTF-8 carries no lone surrogate: the decoded text is what was sent, through UTF-8.
        const wellFormed = lines.map((sent): LogLine => {
          const line: { -readonly [K in keyof LogLine]: LogLine[K] } = { ...sent, timestamp: throughUtf8(sent.timestamp), text: throughUtf8(sent.text) };
          if (sent.pod !== undefined) line.pod = throughUtf8(sent.pod);
          if (sent.container !== undefined) line.container = throughUtf8(sent.container);
          if (sent.context !== undefined) line.context = throughUtf8(sent.context);
          return line;
        });
        expect(decoded).toEqual(linesMessage(wellFormed, weight));
      }),
    );
  });

  it('sends an empty batch (an acknowledgement weight with no line)', () => {
    expect(webCodec.decodeServer(frameOf(linesMessage([], 64)))).toEqual(linesMessage([], 64));
  });
});

describe('web codec: malformed lines frames from main', () => {
  const good = (): Uint8Array => frameOf(linesMessage([{ timestamp: 'ab', text: 'cd', pod: 'p' }]));
  const withUint32 = (at: number, value: number): Uint8Array => {
    const frame = good();
    new DataView(frame.buffer).setUint32(at, value);
    return frame;
  };

  it('refuses a frame too short for its header', () => {
    expect(decodeError(good().subarray(0, TABLE_AT - 1))).toBe('Lines frame too short for its header');
  });

  it('refuses a negative or non-finite weight', () => {
    const frame = good();
    new DataView(frame.buffer).setFloat64(PAYLOAD_AT, -1);
    expect(decodeError(frame)).toBe('Lines frame has a weight of -1');
    new DataView(frame.buffer).setFloat64(PAYLOAD_AT, Number.NaN);
    expect(decodeError(frame)).toBe('Lines frame has a weight of NaN');
  });

  it('refuses a table longer than the frame', () => {
    expect(decodeError(withUint32(PAYLOAD_AT + 12, 1_000))).toBe('Lines frame too short for its table');
  });

  it('refuses text that is not UTF-8', () => {
    const frame = good();
    frame[frame.length - 1] = 0xff;
    expect(decodeError(frame)).toBe('Lines frame has text that is not UTF-8');
  });

  it('refuses a count of lines the table does not hold', () => {
    expect(decodeError(withUint32(PAYLOAD_AT + 8, 2))).toBe("Lines frame's table ends before line 1");
    expect(decodeError(withUint32(PAYLOAD_AT + 8, 0))).toBe('Lines frame has more table or text than its 0 lines');
  });

  it('refuses lengths that run past the text or leave some of it over', () => {
    expect(decodeError(withUint32(TABLE_AT + 1, 99))).toBe("Lines frame's line 0 runs past its text");
    expect(decodeError(withUint32(TABLE_AT + 1, 1))).toBe('Lines frame has more table or text than its 1 lines');
  });

  it('refuses flags it does not know: an unknown bit or marker code, or a field the table does not hold', () => {
    const frame = good();
    frame[TABLE_AT] = 0x80;
    expect(decodeError(frame)).toBe("Lines frame's line 0 has unknown flags 128");
    frame[TABLE_AT] = 5 << 3;
    expect(decodeError(frame)).toBe("Lines frame's line 0 has unknown flags 40");
    frame[TABLE_AT] = 0x01 | 0x02;
    expect(decodeError(frame)).toBe("Lines frame's table ends inside line 0");
  });

  it('refuses anything else only with a WireError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
        const frame = new Uint8Array([4, 1, 0x61, ...tail]);
        try {
          webCodec.decodeServer(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
