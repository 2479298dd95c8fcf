// The wire codec for WebSockets (the web host). Messages are JSON text frames, except those that
// carry a stream (terminal bytes, log lines), which are binary frames with a small header so they
// travel without base64 or JSON overhead:
//
//   session output (main → client):  [1][channel: 0 stdout, 1 stderr][id length][id, UTF-8][bytes…]
//   write call     (client → main):  [2][call id: u32, big-endian][id length][id, UTF-8][bytes…]
//   uploadChunk    (client → main):  [3][…the same, with the transfer's id]
//   log lines      (main → client):  [4][id length][id, UTF-8][lines, as lines-frame.ts lays them out]
//
// The id length is one byte, so a session id fits in 255 bytes of UTF-8 (the schema allows 128
// ASCII characters).
import { decodeLinesPayload, encodeLinesFrame, KIND_LINES } from './lines-frame.ts';
import type { OutputChannel } from './sessions.ts';
import {
  WireError,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type ServerMessage,
  type WireCodec,
} from './wire.ts';

export type WebFrame = string | Uint8Array;

const KIND_OUTPUT = 1;
const KIND_WRITE = 2;
const KIND_UPLOAD_CHUNK = 3;
/** The calls whose bytes travel binary: (id, bytes) arguments, as write's. */
const BINARY_CALLS: Readonly<Record<string, number>> = { write: KIND_WRITE, uploadChunk: KIND_UPLOAD_CHUNK };
const BINARY_METHODS: Readonly<Record<number, string>> = { [KIND_WRITE]: 'write', [KIND_UPLOAD_CHUNK]: 'uploadChunk' };
const CHANNELS: readonly OutputChannel[] = ['stdout', 'stderr'];
const MAX_ID_BYTES = 255;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function encodeId(id: string): Uint8Array {
  const bytes = encoder.encode(id);
  if (bytes.length === 0 || bytes.length > MAX_ID_BYTES) {
    throw new WireError(`A session id must be 1 to ${MAX_ID_BYTES} bytes of UTF-8, got ${bytes.length}`);
  }
  return bytes;
}

/** Header bytes, then the id (its length, then UTF-8), with room for `payloadBytes` after them. */
function frameHead(header: readonly number[], id: string, payloadBytes = 0): Uint8Array {
  const idBytes = encodeId(id);
  const frame = new Uint8Array(header.length + 1 + idBytes.length + payloadBytes);
  frame.set(header, 0);
  frame[header.length] = idBytes.length;
  frame.set(idBytes, header.length + 1);
  return frame;
}

/** Header bytes, then the id, then the payload, in one fresh buffer. */
function binaryFrame(header: readonly number[], id: string, payload: Uint8Array): Uint8Array {
  const frame = frameHead(header, id, payload.length);
  frame.set(payload, frame.length - payload.length);
  return frame;
}

/** The id at `offset` (length byte, then UTF-8) and where the payload starts. */
function readId(frame: Uint8Array, offset: number, callId?: number): { id: string; payloadAt: number } {
  const length = frame[offset];
  if (length === undefined || length === 0 || offset + 1 + length > frame.length) {
    throw new WireError('Binary frame too short for its session id', callId);
  }
  try {
    return { id: decoder.decode(frame.subarray(offset + 1, offset + 1 + length)), payloadAt: offset + 1 + length };
  } catch {
    throw new WireError('Binary frame has a session id that is not UTF-8', callId);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WireError('Text frame is not JSON');
  }
}

function decodeOutput(frame: Uint8Array): ServerMessage {
  const channel = CHANNELS[frame[1] ?? -1];
  if (channel === undefined) throw new WireError(`Output frame names channel ${frame[1] ?? 'nothing'}, not 0 or 1`);
  const { id, payloadAt } = readId(frame, 2);
  return { t: 'event', event: { kind: 'output', id, channel, bytes: frame.subarray(payloadAt) } };
}

function decodeLines(frame: Uint8Array): ServerMessage {
  const { id, payloadAt } = readId(frame, 1);
  const { lines, weight } = decodeLinesPayload(frame.subarray(payloadAt));
  return { t: 'event', event: { kind: 'lines', id, lines, bytes: weight } };
}

function decodeBinaryCall(frame: Uint8Array, method: string): ClientMessage {
  if (frame.length < 6) throw new WireError(`${method.charAt(0).toUpperCase()}${method.slice(1)} frame too short for its header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const callId = view.getUint32(1);
  const { id, payloadAt } = readId(frame, 5, callId);
  return { t: 'call', id: callId, method, args: [id, frame.subarray(payloadAt)] };
}

function isBinaryCall(message: ClientMessage): message is ClientMessage & { args: readonly [string, Uint8Array] } {
  const [id, data] = message.args;
  return Object.hasOwn(BINARY_CALLS, message.method) && message.args.length === 2 && typeof id === 'string' && data instanceof Uint8Array;
}

export const webCodec: WireCodec<WebFrame> = {
  encodeClient(message) {
    if (!isBinaryCall(message)) return JSON.stringify(message);
    const [id, data] = message.args;
    const header = [BINARY_CALLS[message.method] ?? KIND_WRITE, (message.id >>> 24) & 0xff, (message.id >>> 16) & 0xff, (message.id >>> 8) & 0xff, message.id & 0xff];
    return binaryFrame(header, id, data);
  },

  decodeClient(frame) {
    if (typeof frame === 'string') return parseClientMessage(parseJson(frame));
    const method = BINARY_METHODS[frame[0] ?? -1];
    if (method !== undefined) return decodeBinaryCall(frame, method);
    throw new WireError(`Binary frame of unknown kind ${frame[0] ?? '(empty frame)'} from a client`);
  },

  encodeServer(message) {
    if (message.t !== 'event') return JSON.stringify(message);
    const { event } = message;
    if (event.kind === 'output') return binaryFrame([KIND_OUTPUT, CHANNELS.indexOf(event.channel)], event.id, event.bytes);
    if (event.kind === 'lines') return encodeLinesFrame(frameHead([KIND_LINES], event.id), event.lines, event.bytes);
    return JSON.stringify(message);
  },

  decodeServer(frame) {
    if (typeof frame === 'string') return parseServerMessage(parseJson(frame));
    if (frame[0] === KIND_OUTPUT) return decodeOutput(frame);
    if (frame[0] === KIND_LINES) return decodeLines(frame);
    throw new WireError(`Binary frame of unknown kind ${frame[0] ?? '(empty frame)'} from main`);
  },
};
