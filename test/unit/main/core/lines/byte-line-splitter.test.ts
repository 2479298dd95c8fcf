import { describe, expect, it } from 'vitest';
import { ByteLineSplitter, type LinePolicy, type RawLine } from '../../../../../main/core/lines/byte-line-splitter.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A policy that records each raw line as text plus what the splitter knew of it. */
function recording(keepBytes: number, check?: (length: number) => void): LinePolicy<string> {
  return {
    keepBytes,
    ...(check === undefined ? {} : { check }),
    finish: ({ kept, total, lastByte, endedByLf }: RawLine) =>
      `${new TextDecoder().decode(kept)}|${total}|${lastByte}|${endedByLf ? 'LF' : 'end'}`,
  };
}

describe('ByteLineSplitter', () => {
  it('hands a line inside one chunk over whole, and joins one spread over chunks', () => {
    const splitter = new ByteLineSplitter(recording(100));
    expect(splitter.push(bytes('ab\ncd'))).toEqual(['ab|2|98|LF']);
    expect(splitter.bufferedBytes).toBe(2);
    expect(splitter.push(bytes('e\nf'))).toEqual(['cde|3|101|LF']);
    expect(splitter.end()).toEqual(['f|1|102|end']);
    expect(splitter.end()).toEqual([]);
  });

  it('keeps at most keepBytes of an unfinished line but counts all of it and its last byte', () => {
    const splitter = new ByteLineSplitter(recording(3));
    splitter.push(bytes('abcd'));
    splitter.push(bytes('efg'));
    expect(splitter.bufferedBytes).toBe(3);
    expect(splitter.push(bytes('\n'))).toEqual(['abc|7|103|LF']);
  });

  it('lets the policy refuse a line by its length, whole or growing', () => {
    const refuse = (length: number): void => {
      if (length > 4) throw new Error(`too long: ${length}`);
    };
    expect(() => new ByteLineSplitter(recording(4, refuse)).push(bytes('12345\n'))).toThrow('too long: 5');
    const growing = new ByteLineSplitter(recording(4, refuse));
    growing.push(bytes('123'));
    expect(() => growing.push(bytes('45'))).toThrow('too long: 5');
  });

  it('skips the lines the policy maps to null, and forgets an unfinished line on discard', () => {
    const splitter = new ByteLineSplitter<string>({ keepBytes: 10, finish: ({ kept }) => (kept.length === 0 ? null : new TextDecoder().decode(kept)) });
    expect(splitter.push(bytes('\n\na\n'))).toEqual(['a']);
    splitter.push(bytes('partial'));
    splitter.discard();
    expect(splitter.bufferedBytes).toBe(0);
    expect(splitter.end()).toEqual([]);
  });
});
