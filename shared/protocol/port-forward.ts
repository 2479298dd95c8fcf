import {
  decodeChannelFrame,
  encodeChannelFrame,
  MAX_BASE64_CHANNEL,
  MAX_BINARY_CHANNEL,
  type IncomingMessage,
  type OutgoingMessage,
} from './channel-frame.ts';
import { ProtocolError } from './protocol-error.ts';
import type { ChannelFraming } from './subprotocols.ts';
import { Utf8StreamDecoder } from './utf8-stream.ts';

// Port-forward v4 over WebSocket (kubelet cri/streaming/portforward/websocket.go):
// - `?ports=a&ports=b` requests ports by index i; port i uses data channel 2i (both directions)
//   and error channel 2i+1 (server to client only: the kubelet opens it write-only and discards
//   anything the client sends there).
// - Right after the upgrade the server writes the port, 2 bytes little-endian, once on the data
//   channel and once on the error channel of every port. Only the server does this: the kubelet
//   hands the data channel straight to the forwarder, so a client that wrote the port first would
//   send those two bytes to the pod. Client data on channel 2i is the raw payload.
// - After the prefix, the data channel carries the TCP stream; the error channel carries a text
//   message if forwarding failed. Each socket forwards exactly one TCP connection per port. There
//   is no close signal: closing the socket ends every port.

/** Data channel of the port at `portIndex`. */
export function portForwardDataChannel(portIndex: number): number {
  return portIndex * 2;
}

/** Error channel of the port at `portIndex`. */
export function portForwardErrorChannel(portIndex: number): number {
  return portIndex * 2 + 1;
}

/** Frames client data for the port at `portIndex` (no port prefix: see above). */
export function encodePortForwardData(framing: ChannelFraming, portIndex: number, data: Uint8Array): OutgoingMessage {
  const maxIndex = maxPortsPerSocket(framing) - 1;
  if (!Number.isInteger(portIndex) || portIndex < 0 || portIndex > maxIndex) {
    throw new ProtocolError(
      'unknown-channel',
      `port index ${portIndex} has no channel pair: ${framing.encoding} framing carries port indexes 0 to ${maxIndex}`,
    );
  }
  return encodeChannelFrame(framing, portForwardDataChannel(portIndex), data);
}

/** How many ports one socket can forward: each needs a data and an error channel. */
export function maxPortsPerSocket(framing: ChannelFraming): number {
  const maxChannel = framing.encoding === 'binary' ? MAX_BINARY_CHANNEL : MAX_BASE64_CHANNEL;
  return Math.floor((maxChannel + 1) / 2);
}

export type PortForwardEvent =
  /** Bytes from the pod's port. Under binary framing `data` is a view into the received message. */
  | { readonly kind: 'data'; readonly portIndex: number; readonly port: number; readonly data: Uint8Array }
  /**
   * Text from the port's error channel, decoded as a stream (a message split across frames comes in
   * pieces; concatenate them). Any text here means forwarding to that port failed.
   */
  | { readonly kind: 'error'; readonly portIndex: number; readonly port: number; readonly text: string };

const PREFIX_LENGTH = 2;

/**
 * Splits the messages of one port-forward socket into per-port events, checking and removing the
 * port prefix the server sends first on every channel. The prefix is read as a byte stream, as
 * client-go does: it may arrive alone (what the kubelet does), together with the first data, or
 * split across frames. Bytes that arrive where the prefix belongs and do not spell the requested
 * port (data before the prefix, a server mixing up ports) throw ProtocolError('port-mismatch').
 *
 * After any ProtocolError the socket's stream is unreliable: close it.
 */
export class PortForwardDemultiplexer {
  readonly #ports: readonly number[];
  readonly #framing: ChannelFraming;
  readonly #channels: ReadonlySet<number>;
  /** Per channel: how many prefix bytes have arrived (0, 1 or 2), and the first of them. */
  readonly #prefixReceived: Uint8Array;
  readonly #prefixLowByte: Uint8Array;
  /** Per port index: the decoder of its error channel's text. */
  readonly #errorText: readonly Utf8StreamDecoder[];

  constructor(ports: readonly number[], framing: ChannelFraming) {
    checkPorts(ports, framing);
    this.#ports = [...ports];
    // Port-forward has no close signal, whatever the caller's framing says.
    this.#framing = { encoding: framing.encoding, supportsClose: false };
    const channelCount = ports.length * 2;
    this.#channels = new Set(Array.from({ length: channelCount }, (_, channel) => channel));
    this.#prefixReceived = new Uint8Array(channelCount);
    this.#prefixLowByte = new Uint8Array(channelCount);
    this.#errorText = ports.map(() => new Utf8StreamDecoder());
  }

  /** The channels this socket uses: 0 to 2·ports − 1. */
  get channels(): ReadonlySet<number> {
    return this.#channels;
  }

  /**
   * Handles one received message. Returns the event it carries, or null when it carried nothing
   * for the consumer (an empty message, a prefix, part of a character of error text).
   */
  receive(message: IncomingMessage): PortForwardEvent | null {
    const frame = decodeChannelFrame(message, this.#framing, this.#channels);
    if (frame.kind !== 'data') return null;
    const { channel } = frame;
    const portIndex = channel >> 1;
    const port = this.#ports[portIndex] ?? 0;
    const rest = this.#consumePrefix(channel, port, frame.payload);
    if (rest.length === 0) return null;
    if (channel % 2 === 0) return { kind: 'data', portIndex, port, data: rest };
    const text = this.#errorText[portIndex]?.decode(rest) ?? '';
    return text === '' ? null : { kind: 'error', portIndex, port, text };
  }

  /**
   * Call when the socket has closed. Returns the end of any error text held back (an incomplete
   * character comes out as U+FFFD). Throws ProtocolError('bad-port-prefix') if a channel stopped
   * in the middle of its prefix. A channel that received nothing at all is not an error here: the
   * socket simply closed before the server wrote to it.
   */
  end(): PortForwardEvent[] {
    for (let channel = 0; channel < this.#prefixReceived.length; channel++) {
      const received = this.#prefixReceived[channel] ?? 0;
      if (received > 0 && received < PREFIX_LENGTH) {
        throw new ProtocolError(
          'bad-port-prefix',
          `${describeChannel(channel, this.#ports)} ended after ${received} of the ${PREFIX_LENGTH} port prefix bytes`,
        );
      }
    }
    return this.#errorText.flatMap((decoder, portIndex) => {
      const text = decoder.flush();
      return text === '' ? [] : [{ kind: 'error' as const, portIndex, port: this.#ports[portIndex] ?? 0, text }];
    });
  }

  /** Checks and removes prefix bytes at the start of `payload`; returns what follows (a view). */
  #consumePrefix(channel: number, port: number, payload: Uint8Array): Uint8Array {
    let received = this.#prefixReceived[channel] ?? PREFIX_LENGTH;
    if (received === PREFIX_LENGTH) return payload;
    let offset = 0;
    if (received === 0) {
      this.#prefixLowByte[channel] = payload[offset++] ?? 0;
      received = 1;
    }
    if (offset < payload.length) {
      const low = this.#prefixLowByte[channel] ?? 0;
      const high = payload[offset++] ?? 0;
      const announced = low | (high << 8);
      if (announced !== port) {
        throw new ProtocolError(
          'port-mismatch',
          `${describeChannel(channel, this.#ports)} began with port ${announced} ` +
            `(bytes 0x${hex(low)} 0x${hex(high)}), expected ${port} (0x${hex(port & 0xff)} 0x${hex(port >> 8)}); ` +
            'the server must send the 2-byte little-endian port before any data',
        );
      }
      received = PREFIX_LENGTH;
    }
    this.#prefixReceived[channel] = received;
    return payload.subarray(offset);
  }
}

function checkPorts(ports: readonly number[], framing: ChannelFraming): void {
  if (ports.length === 0) throw new ProtocolError('bad-port', 'port-forward needs at least one port');
  const maxPorts = maxPortsPerSocket(framing);
  if (ports.length > maxPorts) {
    throw new ProtocolError(
      'bad-port',
      `${ports.length} ports need ${ports.length * 2} channels; ` +
        `${framing.encoding} framing carries ${maxPorts} ports at most`,
    );
  }
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ProtocolError('bad-port', `port ${String(port)} is not a whole number from 1 to 65535`);
    }
  }
}

function describeChannel(channel: number, ports: readonly number[]): string {
  const portIndex = channel >> 1;
  const role = channel % 2 === 0 ? 'data' : 'error';
  return `channel ${channel} (${role} channel of port ${ports[portIndex] ?? '?'} at index ${portIndex})`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
