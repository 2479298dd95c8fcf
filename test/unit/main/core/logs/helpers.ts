// Helpers shared by the log tests (bytes and their chunks: test/support/bytes.ts).
import fc from 'fast-check';

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
