// Small helpers shared by the protocol codec tests (bytes and their chunks: test/support/bytes.ts).
import { ProtocolError, describeSubprotocol, type ChannelFraming } from '../../../../shared/protocol/index.ts';

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

export function concat(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
