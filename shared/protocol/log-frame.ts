import { decodeBase64 } from './base64.ts';
import type { IncomingMessage } from './channel-frame.ts';
import { ProtocolError } from './protocol-error.ts';
import type { FrameEncoding } from './subprotocols.ts';

// Logs over WebSocket (apimachinery wsstream/stream.go): no channels. Each binary.k8s.io message
// is a piece of the log as raw bytes; each base64.binary.k8s.io message is base64 of one. The
// server sends one zero-length message first and may send more; it ignores anything the client
// sends and closes at the end of the stream.

export type DecodedLogMessage =
  | { readonly kind: 'empty' }
  /** Never empty. Binary: the received message itself (no copy). Base64: a new array. */
  | { readonly kind: 'data'; readonly payload: Uint8Array };

export function decodeLogMessage(message: IncomingMessage, encoding: FrameEncoding): DecodedLogMessage {
  if (encoding === 'binary' && typeof message === 'string') {
    throw new ProtocolError('wrong-message-type', 'received a text message under binary.k8s.io');
  }
  if (message.length === 0) return { kind: 'empty' };
  if (encoding === 'base64' || typeof message === 'string') return { kind: 'data', payload: decodeBase64(message) };
  return { kind: 'data', payload: message };
}
