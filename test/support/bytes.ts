// Bytes for the tests of stream decoders: a property must hold however the stream is cut into
// chunks, so the tests cut the same bytes at arbitrary boundaries.
import fc from 'fast-check';

const utf8 = new TextEncoder();

/** The UTF-8 bytes of `text`. */
export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}

/** `bytes` cut at `cuts` (any numbers; reduced to valid, distinct, sorted offsets). */
export function chunk(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of offsets) {
    pieces.push(bytes.subarray(start, offset));
    start = offset;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

/** Arbitrary cut points for chunk(). */
export const cutsArbitrary = fc.array(fc.nat(), { maxLength: 12 });
