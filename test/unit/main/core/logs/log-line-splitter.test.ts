import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LogLineSplitter,
  MIN_MAX_LINE_BYTES,
  truncationMarker,
  type SplitLine,
} from '../../../../../main/core/logs/log-line-splitter.ts';
import { LOG_LINE_CUT_MARKER_MAX_BYTES } from '../../../../../shared/flow/flow-budget.ts';
import { bytesOf, chunk, cutsArbitrary } from '../../../../support/bytes.ts';
import { lineTextArbitrary } from './helpers.ts';

/** Feeds `pieces` to a fresh splitter and ends the stream; returns every line. */
function splitAll(pieces: readonly Uint8Array[], maxLineBytes?: number): SplitLine[] {
  const splitter = new LogLineSplitter(maxLineBytes);
  return [...pieces.flatMap((piece) => splitter.push(piece)), ...splitter.end()];
}

function texts(lines: readonly SplitLine[]): string[] {
  return lines.map((line) => line.text);
}

describe('LogLineSplitter: lines whatever the chunk boundaries', () => {
  it('splits at LF and keeps empty lines', () => {
    expect(texts(splitAll([bytesOf('one\n\nthree\n')]))).toEqual(['one', '', 'three']);
  });

  it('joins a line that arrives in several chunks', () => {
    expect(texts(splitAll([bytesOf('hel'), bytesOf('lo wo'), bytesOf('rld\nnext'), bytesOf(' line\n')]))).toEqual([
      'hello world',
      'next line',
    ]);
  });

  it('gives the same lines for any chunking of the same bytes', () => {
    fc.assert(
      fc.property(fc.array(lineTextArbitrary, { maxLength: 8 }), fc.boolean(), cutsArbitrary, (lines, finalLf, cuts) => {
        const bytes = bytesOf(lines.join('\n') + (finalLf ? '\n' : ''));
        expect(splitAll(chunk(bytes, cuts))).toEqual(splitAll([bytes]));
      }),
    );
  });

  it('gives the same lines for any chunking when lines are cut for length', () => {
    const long = fc.array(lineTextArbitrary, { maxLength: 6 }).map((parts) => parts.join('é€😀\r'));
    fc.assert(
      fc.property(fc.array(long, { maxLength: 5 }), cutsArbitrary, (lines, cuts) => {
        const bytes = bytesOf(lines.join('\n') + '\n');
        expect(splitAll(chunk(bytes, cuts), MIN_MAX_LINE_BYTES)).toEqual(splitAll([bytes], MIN_MAX_LINE_BYTES));
      }),
    );
  });

  it('accounts for every byte of the stream in wireBytes', () => {
    fc.assert(
      fc.property(fc.array(lineTextArbitrary, { maxLength: 8 }), fc.boolean(), cutsArbitrary, (lines, finalLf, cuts) => {
        const bytes = bytesOf(lines.join('\r\n') + (finalLf ? '\n' : ''));
        const total = splitAll(chunk(bytes, cuts), MIN_MAX_LINE_BYTES).reduce((sum, line) => sum + line.wireBytes, 0);
        expect(total).toBe(bytes.length);
      }),
    );
  });
});

describe('LogLineSplitter: line endings', () => {
  it('strips the CR of a CRLF', () => {
    expect(texts(splitAll([bytesOf('dos\r\nunix\n')]))).toEqual(['dos', 'unix']);
  });

  it('strips the CR of a CRLF split across two chunks', () => {
    expect(texts(splitAll([bytesOf('dos\r'), bytesOf('\nnext\n')]))).toEqual(['dos', 'next']);
  });

  it('keeps a lone CR inside the line: the kubelet does not split there', () => {
    expect(texts(splitAll([bytesOf('10%\r20%\r30%\n')]))).toEqual(['10%\r20%\r30%']);
  });

  it('strips only one CR before the LF', () => {
    expect(texts(splitAll([bytesOf('x\r\r\n')]))).toEqual(['x\r']);
  });

  it('delivers a final line without LF at the end of the stream', () => {
    expect(texts(splitAll([bytesOf('first\nlast wo'), bytesOf('rds')]))).toEqual(['first', 'last words']);
  });

  it('keeps a CR at the very end of the stream: no LF followed it', () => {
    expect(texts(splitAll([bytesOf('spinner\r')]))).toEqual(['spinner\r']);
  });

  it('delivers nothing at the end when the stream ended with LF', () => {
    const splitter = new LogLineSplitter();
    splitter.push(bytesOf('done\n'));
    expect(splitter.end()).toEqual([]);
  });

  it('forgets an unfinished line on discard, as after a dropped connection', () => {
    const splitter = new LogLineSplitter();
    expect(texts(splitter.push(bytesOf('whole\nhalf a li')))).toEqual(['whole']);
    splitter.discard();
    expect(texts([...splitter.push(bytesOf('fresh\n')), ...splitter.end()])).toEqual(['fresh']);
  });
});

describe('LogLineSplitter: UTF-8', () => {
  const characters = ['é', '€', '漢', '😀', '\u{10FFFF}'];
  for (const character of characters) {
    const encoded = bytesOf(character);
    for (let split = 1; split < encoded.length; split++) {
      it(`reassembles ${JSON.stringify(character)} split after byte ${split} of ${encoded.length}`, () => {
        const bytes = bytesOf(`a${character}b\n`);
        const cut = 1 + split;
        expect(texts(splitAll([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual([`a${character}b`]);
      });
    }
  }

  it('reassembles text arriving one byte per chunk', () => {
    const text = 'naïve 漢字 😀 done';
    const bytes = bytesOf(`${text}\n`);
    expect(texts(splitAll([...bytes].map((byte) => Uint8Array.of(byte))))).toEqual([text]);
  });

  it('turns invalid bytes into U+FFFD instead of failing', () => {
    expect(texts(splitAll([Uint8Array.of(0x61, 0xff, 0x62, 0x0a)]))).toEqual(['a\uFFFDb']);
  });
});

describe('LogLineSplitter: bounded memory for long lines', () => {
  const max = 100;

  it('keeps a line of exactly maxLineBytes whole, also with CRLF', () => {
    const line = 'x'.repeat(max);
    expect(splitAll([bytesOf(`${line}\n`)], max)).toEqual([{ text: line, wireBytes: max + 1, keptBytes: max + 1, cutBytes: 0 }]);
    expect(texts(splitAll([bytesOf(`${line}\r`), bytesOf('\n')], max))).toEqual([line]);
  });

  it('cuts a longer line, with a visible marker saying how much was cut', () => {
    const line = 'y'.repeat(max + 50);
    const [split] = splitAll([bytesOf(`${line}\r\n`)], max);
    expect(split).toEqual({
      text: 'y'.repeat(max) + truncationMarker(50),
      wireBytes: max + 52,
      keptBytes: max + 2,
      cutBytes: 50,
    });
  });

  it('never holds more than maxLineBytes + 1 of an endless line', () => {
    const splitter = new LogLineSplitter(max);
    const piece = bytesOf('z'.repeat(37));
    for (let i = 0; i < 1000; i++) {
      expect(splitter.push(piece)).toEqual([]);
      expect(splitter.bufferedBytes).toBeLessThanOrEqual(max + 1);
    }
    const [line] = splitter.push(bytesOf('\n'));
    expect(line?.cutBytes).toBe(37_000 - max);
    expect(line?.text).toBe('z'.repeat(max) + truncationMarker(37_000 - max));
  });

  it('cuts at a whole character, so the kept text is a prefix of the line', () => {
    fc.assert(
      fc.property(lineTextArbitrary, fc.integer({ min: 1, max: 40 }), cutsArbitrary, (unit, repeat, cuts) => {
        const content = (unit + '😀漢é').repeat(repeat);
        const contentBytes = bytesOf(content).length;
        const [line] = splitAll(chunk(bytesOf(`${content}\n`), cuts), max);
        if (line === undefined) throw new Error('expected one line');
        if (contentBytes <= max) {
          expect(line).toMatchObject({ text: content, cutBytes: 0 });
          return;
        }
        const kept = line.text.slice(0, line.text.length - truncationMarker(line.cutBytes).length);
        expect(line.text.endsWith(truncationMarker(line.cutBytes))).toBe(true);
        expect(content.startsWith(kept)).toBe(true);
        // No replacement character beyond those the line itself holds (the generated text may hold some).
        const replacements = (text: string): number => text.split('\uFFFD').length - 1;
        expect(replacements(kept)).toBe(replacements(content.slice(0, kept.length)));
        const keptBytes = bytesOf(kept).length;
        expect(keptBytes).toBeLessThanOrEqual(max);
        expect(keptBytes).toBeGreaterThan(max - 4);
        expect(line.cutBytes).toBe(contentBytes - keptBytes);
      }),
    );
  });

  it('keeps its marker within the flow budget, whatever was cut', () => {
    expect(new TextEncoder().encode(truncationMarker(Number.MAX_SAFE_INTEGER)).length).toBeLessThanOrEqual(LOG_LINE_CUT_MARKER_MAX_BYTES);
  });

  it('refuses a limit too small to keep a timestamp', () => {
    expect(() => new LogLineSplitter(MIN_MAX_LINE_BYTES - 1)).toThrow(RangeError);
    expect(() => new LogLineSplitter(MIN_MAX_LINE_BYTES + 0.5)).toThrow(RangeError);
  });
});
