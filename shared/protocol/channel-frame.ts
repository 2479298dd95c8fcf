import { decodeBase64, encodeBase64 } from './base64.ts';
import { CHANNEL } from './channels.ts';
import { ProtocolError } from './protocol-error.ts';
import type { ChannelFraming } from './subprotocols.ts';

// Framing of the channelled protocols (k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go):
//   binary: one binary message = [channel byte][payload bytes]
//   base64: one text message   = the character '0'+channel, then base64(payload)
// A zero-length message is legal at any time and carries nothing (the server skips them too).

/** A message to send: bytes for a binary WebSocket message, a string for a text message. */
export type OutgoingMessage = Uint8Array | string;

/**
 * A received message. Under base64 protocols a Uint8Array is read as the text message's bytes,
 * which is how `ws` delivers text messages; under binary protocols a string is an error.
 */
export type IncomingMessage = Uint8Array | string;

export type DecodedFrame =
  /**
   * Nothing to deliver. `channel` is null for a zero-length message and the channel for a frame
   * with a header but no payload. The server's first message after the handshake is of the second
   * kind (an empty write on stdout, or stderr, or channel 3 when neither was requested), so it must
   * not be mistaken for a status.
   */
  | { readonly kind: 'empty'; readonly channel: number | null }
  /** `payload` is never empty. Binary: a view into the received message (no copy). Base64: a new array. */
  | { readonly kind: 'data'; readonly channel: number; readonly payload: Uint8Array }
  /** v5 half-close of `channel` (`[255, channel]`); only decoded when the framing supports close. */
  | { readonly kind: 'close'; readonly channel: number };

/** Highest channel a binary frame can carry: 255 is the close signal. */
export const MAX_BINARY_CHANNEL = 254;
/**
 * Highest channel a base64 frame can carry. Go writes the channel as string('0'+channel), which is
 * one ASCII character only up to '0'+79 = 0x7f; above that it becomes a two-byte UTF-8 sequence
 * that the server's own decoder (one byte minus '0') cannot read back.
 */
export const MAX_BASE64_CHANNEL = 0x7f - 0x30;

const DIGIT_ZERO = 0x30;

/** Frames `payload` on `channel`. Binary frames are a new array (header + copy of the payload). */
export function encodeChannelFrame(framing: ChannelFraming, channel: number, payload: Uint8Array): OutgoingMessage {
  checkEncodableChannel(framing, channel);
  if (framing.encoding === 'binary') {
    const frame = new Uint8Array(payload.length + 1);
    frame[0] = channel;
    frame.set(payload, 1);
    return frame;
  }
  return String.fromCharCode(DIGIT_ZERO + channel) + encodeBase64(payload);
}

/** Frames keyboard/pipe input for the process on channel 0. */
export function encodeStdin(framing: ChannelFraming, data: Uint8Array): OutgoingMessage {
  return encodeChannelFrame(framing, CHANNEL.stdin, data);
}

/**
 * Frames stdin held in `frame` after its first byte, which is kept free for the channel: a binary
 * frame is `frame` itself with that byte set (no copy of a large upload piece), a base64 frame
 * encodes the bytes after it.
 */
export function encodeStdinInPlace(framing: ChannelFraming, frame: Uint8Array): OutgoingMessage {
  if (framing.encoding === 'binary') {
    frame[0] = CHANNEL.stdin;
    return frame;
  }
  return encodeStdin(framing, frame.subarray(1));
}

/** A terminal size, named as the server's JSON decoder (remotecommand.TerminalSize) expects it. */
export interface TerminalSize {
  readonly Width: number;
  readonly Height: number;
}

/** Highest terminal dimension: the server decodes both into a uint16. */
export const MAX_TERMINAL_DIMENSION = 65535;

/**
 * Frames `{"Width":w,"Height":h}` on channel 4. Both must be whole numbers from 1 to 65535
 * (ProtocolError('bad-resize') otherwise): the server reads them as uint16, and 0 is no terminal.
 */
export function encodeResize(framing: ChannelFraming, size: TerminalSize): OutgoingMessage {
  const width = checkDimension('width', size.Width);
  const height = checkDimension('height', size.Height);
  const json = `{"Width":${width},"Height":${height}}`;
  // The JSON is ASCII, so its character codes are its UTF-8 bytes.
  const bytes = new Uint8Array(json.length);
  for (let i = 0; i < json.length; i++) bytes[i] = json.charCodeAt(i);
  return encodeChannelFrame(framing, CHANNEL.resize, bytes);
}

function checkDimension(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TERMINAL_DIMENSION) {
    throw new ProtocolError(
      'bad-resize',
      `terminal ${name} must be a whole number from 1 to ${MAX_TERMINAL_DIMENSION}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The v5 half-close signal for `channel`: exactly `[255, channel]` (close stdin with channel 0 so
 * the process sees EOF). Throws ProtocolError('close-not-supported') under any other protocol:
 * before v5 the only way to signal EOF is closing the socket, which loses the remaining output and
 * the exit status, so the caller must decide that knowingly.
 */
export function encodeClose(framing: ChannelFraming, channel: number): Uint8Array {
  if (!framing.supportsClose || framing.encoding !== 'binary') {
    throw new ProtocolError(
      'close-not-supported',
      `closing channel ${channel} needs the close signal of v5.channel.k8s.io, which the negotiated protocol lacks`,
    );
  }
  checkEncodableChannel(framing, channel);
  return Uint8Array.of(CHANNEL.close, channel);
}

function checkEncodableChannel(framing: ChannelFraming, channel: number): void {
  const max = framing.encoding === 'binary' ? MAX_BINARY_CHANNEL : MAX_BASE64_CHANNEL;
  if (!Number.isInteger(channel) || channel < 0 || channel > max) {
    throw new ProtocolError(
      'unknown-channel',
      `channel ${channel} cannot be framed: ${framing.encoding} frames carry channels 0 to ${max}`,
    );
  }
}

/**
 * Decodes one received message. `channels` lists the channels data may arrive on for the
 * negotiated protocol and direction (e.g. REMOTE_COMMAND_SERVER_CHANNELS); a frame on any other
 * channel throws ProtocolError('unknown-channel') rather than being dropped.
 */
export function decodeChannelFrame(
  message: IncomingMessage,
  framing: ChannelFraming,
  channels: ReadonlySet<number>,
): DecodedFrame {
  return framing.encoding === 'binary'
    ? decodeBinaryFrame(message, framing, channels)
    : decodeBase64Frame(message, channels);
}

function decodeBinaryFrame(
  message: IncomingMessage,
  framing: ChannelFraming,
  channels: ReadonlySet<number>,
): DecodedFrame {
  if (typeof message === 'string') {
    throw new ProtocolError('wrong-message-type', 'received a text message under a binary channel protocol');
  }
  if (message.length === 0) return { kind: 'empty', channel: null };
  const channel = message[0] ?? 0;
  if (channel === CHANNEL.close && framing.supportsClose) return decodeClose(message, channels);
  checkKnownChannel(channel, channels);
  if (message.length === 1) return { kind: 'empty', channel };
  return { kind: 'data', channel, payload: message.subarray(1) };
}

function decodeClose(message: Uint8Array, channels: ReadonlySet<number>): DecodedFrame {
  if (message.length < 2) {
    throw new ProtocolError('truncated-frame', 'close frame [255] lacks the channel byte to close');
  }
  if (message.length > 2) {
    throw new ProtocolError(
      'bad-close-frame',
      `close frame is ${message.length} bytes long; it must be exactly [255, channel]`,
    );
  }
  const channel = message[1] ?? 0;
  checkKnownChannel(channel, channels);
  return { kind: 'close', channel };
}

function decodeBase64Frame(message: IncomingMessage, channels: ReadonlySet<number>): DecodedFrame {
  if (message.length === 0) return { kind: 'empty', channel: null };
  const lead = typeof message === 'string' ? message.charCodeAt(0) : (message[0] ?? 0);
  const channel = lead - DIGIT_ZERO;
  if (channel < 0 || channel > MAX_BASE64_CHANNEL || !channels.has(channel)) {
    throw new ProtocolError(
      'unknown-channel',
      `base64 frame starts with character code 0x${lead.toString(16)}, which is not one of the expected channels ` +
        describeChannels(channels),
    );
  }
  if (message.length === 1) return { kind: 'empty', channel };
  const text = typeof message === 'string' ? message.slice(1) : message.subarray(1);
  return { kind: 'data', channel, payload: decodeBase64(text) };
}

function checkKnownChannel(channel: number, channels: ReadonlySet<number>): void {
  if (!channels.has(channel)) {
    const hint = channel === CHANNEL.close ? ' (255 is the close signal, which only v5.channel.k8s.io has)' : '';
    throw new ProtocolError(
      'unknown-channel',
      `frame on channel ${channel}${hint}; expected one of the channels ${describeChannels(channels)}`,
    );
  }
}

function describeChannels(channels: ReadonlySet<number>): string {
  return `[${[...channels].sort((a, b) => a - b).join(', ')}]`;
}
