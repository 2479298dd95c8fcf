// Helpers shared by the log tests.
import fc from 'fast-check';

const utf8 = new TextEncoder();

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

export const cutsArbitrary = fc.array(fc.nat(), { maxLength: 12 });

/** Text without LF, drawn from ASCII, CR, multi-byte and astral characters. */
export const lineTextArbitrary = fc
  .array(fc.oneof(fc.constantFrom('a', 'b', ' ', '\r', 'é', '€', '漢', '😀', '\t'), fc.string({ unit: 'grapheme', maxLength: 3 })), {
    maxLength: 20,
  })
  .map((parts) => parts.join('').replaceAll('\n', ''));

/** Kubelet-style timestamp: UTC, nine fraction digits. */
export function kubeletTimestamp(seconds: number, nanos: number): string {
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${whole}.${String(nanos).padStart(9, '0')}Z`;
}
