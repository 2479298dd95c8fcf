import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, LineTooLongError } from '../../../../../main/core/resources/line-splitter.ts';
import { chunk } from '../../../../support/bytes.ts';

const utf8 = new TextEncoder();

describe('LineSplitter', () => {
  it('gives the same lines however the stream is cut, multi-byte characters included', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replace(/\n/g, ' ').trim()).filter((text) => text !== '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (lines, cuts) => {
        const bytes = utf8.encode(lines.map((text) => `${text}\n`).join(''));
        const splitter = new LineSplitter(1 << 20);
        const got = chunk(bytes, cuts).flatMap((piece) => splitter.push(piece));
        expect(got).toEqual(lines);
        expect(splitter.pendingBytes).toBe(0);
      }),
    );
  });

  it('holds an unfinished line until its newline, skipping empty lines and CR', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push(utf8.encode('{"a":1}\r\n\n{"b"'))).toEqual(['{"a":1}']);
    expect(splitter.pendingBytes).toBe(4);
    expect(splitter.push(utf8.encode(':2}\n'))).toEqual(['{"b":2}']);
  });

  it('copies what it holds, so the caller may reuse its buffer', () => {
    const splitter = new LineSplitter(100);
    const buffer = utf8.encode('abc');
    splitter.push(buffer);
    buffer.set(utf8.encode('xyz'));
    expect(splitter.push(utf8.encode('\n'))).toEqual(['abc']);
  });

  it('refuses a line longer than the limit, whether it ends or not', () => {
    expect(() => new LineSplitter(8).push(utf8.encode('123456789'))).toThrow(LineTooLongError);
    const splitter = new LineSplitter(8);
    splitter.push(utf8.encode('12345'));
    expect(() => splitter.push(utf8.encode('6789\n'))).toThrow(LineTooLongError);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => new LineSplitter(8).push(Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a))).toThrow(TypeError);
  });
});
