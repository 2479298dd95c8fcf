// Small helpers shared by the protocol codec tests.
import fc from 'fast-check';
import { ProtocolError, describeSubprotocol, type ChannelFraming } from '../../../../shared/protocol/index.ts';

const utf8 = new TextEncoder();

/** The UTF-8 bytes of `text`. */
export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}

/** The framing of a protocol the test names; a name the operation does not know is a broken test. */
export function framingOf(operation: 'remotecommand' | 'portforward', name: string): ChannelFraming {
  const protocol =
    operation === 'remotecommand' ? describeSubprotocol(operation, name) : describeSubprotocol(operation, name);
  if (protocol === null) throw new Error(`test setup: ${name} is not a ${operation} protocol`);
  return protocol;
}

/** Runs `run`, which must throw a ProtocolError; returns it so the test can check code and message. */
export function protocolErrorFrom(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError, but nothing was thrown');
}

/**
 * Runs `run` and lets only a ProtocolError pass: any other exception propagates (and fails the
 * property that called this).
 */
export function allowProtocolError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    if (typeof error.code !== 'string' || error.message === '') {
      throw new Error('ProtocolError without code or message', { cause: error });
    }
  }
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

export function concat(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
