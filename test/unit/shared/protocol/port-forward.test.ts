import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PortForwardDemultiplexer,
  SUBPROTOCOL,
  encodeBase64,
  encodePortForwardData,
  maxPortsPerSocket,
  portForwardDataChannel,
  portForwardErrorChannel,
  type ChannelFraming,
  type PortForwardEvent,
} from '../../../../shared/protocol/index.ts';
import { bytesOf, chunk, cutsArbitrary } from '../../../support/bytes.ts';
import { framingOf, concat, protocolErrorFrom } from './helpers.ts';

function portForward(name: string): ChannelFraming {
  return framingOf('portforward', name);
}

const binary = portForward(SUBPROTOCOL.v4);
const base64 = portForward(SUBPROTOCOL.v4Base64);

/** The server's first frame on `channel`: the port, 2 bytes little-endian. */
function prefixFrame(channel: number, port: number): Uint8Array {
  return Uint8Array.of(channel, port & 0xff, port >> 8);
}

function frame(channel: number, payload: Uint8Array): Uint8Array {
  return Uint8Array.of(channel, ...payload);
}

/** A demultiplexer for `ports` that has already seen every prefix. */
function readyDemux(ports: readonly number[]): PortForwardDemultiplexer {
  const demux = new PortForwardDemultiplexer(ports, binary);
  ports.forEach((port, index) => {
    expect(demux.receive(prefixFrame(portForwardDataChannel(index), port))).toBeNull();
    expect(demux.receive(prefixFrame(portForwardErrorChannel(index), port))).toBeNull();
  });
  return demux;
}

describe('port-forward channels', () => {
  it('uses data channel 2i and error channel 2i+1 for port index i', () => {
    expect([0, 1, 2].map(portForwardDataChannel)).toEqual([0, 2, 4]);
    expect([0, 1, 2].map(portForwardErrorChannel)).toEqual([1, 3, 5]);
    expect([...new PortForwardDemultiplexer([80, 443], binary).channels]).toEqual([0, 1, 2, 3]);
  });

  it('frames client data on channel 2i without a port prefix', () => {
    expect(encodePortForwardData(binary, 0, bytesOf('GET /'))).toEqual(Uint8Array.of(0, ...bytesOf('GET /')));
    expect(encodePortForwardData(binary, 1, Uint8Array.of(1, 2))).toEqual(Uint8Array.of(2, 1, 2));
    expect(encodePortForwardData(base64, 1, Uint8Array.of(1, 2))).toBe('2AQI=');
  });

  it('carries port indexes 0 to 126 in binary and 0 to 39 in base64', () => {
    expect(maxPortsPerSocket(binary)).toBe(127);
    expect(maxPortsPerSocket(base64)).toBe(40);
    expect(encodePortForwardData(binary, 126, Uint8Array.of(1))).toEqual(Uint8Array.of(252, 1));
    expect(encodePortForwardData(base64, 39, Uint8Array.of(1))).toBe('~AQ==');
  });

  it.each([
    ['binary', binary, -1],
    ['binary', binary, 0.5],
    ['binary', binary, 127],
    ['base64', base64, 40],
  ] as const)('rejects %s port index %d, which has no channel pair', (_, framing, portIndex) => {
    expect(protocolErrorFrom(() => encodePortForwardData(framing, portIndex, Uint8Array.of(1))).code).toBe(
      'unknown-channel',
    );
  });
});

describe('PortForwardDemultiplexer', () => {
  it('strips the prefix on both channels, then delivers data and error text per port', () => {
    const demux = readyDemux([8080, 9090]);
    expect(demux.receive(frame(0, bytesOf('HTTP/1.1 200 OK')))).toEqual({
      kind: 'data',
      portIndex: 0,
      port: 8080,
      data: bytesOf('HTTP/1.1 200 OK'),
    });
    expect(demux.receive(frame(2, bytesOf('pong')))).toEqual({ kind: 'data', portIndex: 1, port: 9090, data: bytesOf('pong') });
    const message = 'error forwarding port 9090 to pod web-0, uid : connection refused';
    expect(demux.receive(frame(3, bytesOf(message)))).toEqual({ kind: 'error', portIndex: 1, port: 9090, text: message });
    expect(demux.end()).toEqual([]);
  });

  it('reads the prefix as 2 bytes little-endian: 8080 is [0x90, 0x1f]', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    expect(demux.receive(Uint8Array.of(0, 0x90, 0x1f))).toBeNull();
    expect(demux.receive(Uint8Array.of(0, 7))).toMatchObject({ kind: 'data', data: Uint8Array.of(7) });
  });

  it('delivers data as a view into the received message', () => {
    const demux = readyDemux([8080]);
    const message = frame(0, bytesOf('abc'));
    const event = demux.receive(message);
    if (event?.kind !== 'data') throw new Error('expected data');
    expect(event.data.buffer).toBe(message.buffer);
  });

  it('strips a prefix that arrives together with the first data', () => {
    const demux = new PortForwardDemultiplexer([5432], binary);
    expect(demux.receive(Uint8Array.of(0, 0x38, 0x15, ...bytesOf('R')))).toEqual({
      kind: 'data',
      portIndex: 0,
      port: 5432,
      data: bytesOf('R'),
    });
  });

  it('strips a prefix split across two frames, so each byte arrives alone', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    expect(demux.receive(Uint8Array.of(0, 0x90))).toBeNull();
    expect(demux.receive(Uint8Array.of(0, 0x1f))).toBeNull();
    expect(demux.receive(frame(0, bytesOf('x')))).toMatchObject({ kind: 'data', data: bytesOf('x') });
  });

  it('keeps the prefixes of different channels apart', () => {
    const demux = new PortForwardDemultiplexer([8080, 8080], binary);
    expect(demux.receive(Uint8Array.of(2, 0x90))).toBeNull();
    expect(demux.receive(Uint8Array.of(0, 0x90, 0x1f))).toBeNull();
    expect(demux.receive(Uint8Array.of(2, 0x1f, 1))).toEqual({ kind: 'data', portIndex: 1, port: 8080, data: Uint8Array.of(1) });
  });

  it('rejects a prefix that names another port', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    const error = protocolErrorFrom(() => demux.receive(prefixFrame(0, 8081)));
    expect(error.code).toBe('port-mismatch');
    expect(error.message).toContain('began with port 8081');
    expect(error.message).toContain('expected 8080');
  });

  it('rejects a big-endian prefix', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    expect(protocolErrorFrom(() => demux.receive(Uint8Array.of(1, 0x1f, 0x90))).code).toBe('port-mismatch');
  });

  it('rejects data that arrives before the prefix', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    const error = protocolErrorFrom(() => demux.receive(frame(0, bytesOf('HTTP/1.1 200 OK'))));
    expect(error.code).toBe('port-mismatch');
    expect(error.message).toContain('before any data');
  });

  it('rejects a socket that ends in the middle of a prefix', () => {
    const demux = new PortForwardDemultiplexer([8080, 9090], binary);
    demux.receive(prefixFrame(0, 8080));
    demux.receive(Uint8Array.of(3, 0x82));
    const error = protocolErrorFrom(() => demux.end());
    expect(error.code).toBe('bad-port-prefix');
    expect(error.message).toContain('channel 3');
    expect(error.message).toContain('port 9090');
  });

  it('does not count a channel that never received anything as a broken prefix', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    expect(demux.end()).toEqual([]);
  });

  it('rejects a frame on a channel beyond the requested ports', () => {
    const demux = readyDemux([8080]);
    const error = protocolErrorFrom(() => demux.receive(frame(2, bytesOf('x'))));
    expect(error.code).toBe('unknown-channel');
    expect(error.message).toContain('[0, 1]');
  });

  it('has no close signal: [255, 0] is an unknown channel', () => {
    const demux = new PortForwardDemultiplexer([8080], { encoding: 'binary', supportsClose: true });
    expect(protocolErrorFrom(() => demux.receive(Uint8Array.of(255, 0))).code).toBe('unknown-channel');
  });

  it('ignores empty messages and empty frames, before and after the prefix', () => {
    const demux = new PortForwardDemultiplexer([8080], binary);
    expect(demux.receive(new Uint8Array(0))).toBeNull();
    expect(demux.receive(Uint8Array.of(0))).toBeNull();
    expect(demux.receive(prefixFrame(0, 8080))).toBeNull();
    expect(demux.receive(Uint8Array.of(0))).toBeNull();
    expect(demux.receive(frame(0, bytesOf('ok')))).toMatchObject({ kind: 'data', data: bytesOf('ok') });
  });

  it('joins error text whose UTF-8 character is split across frames, and flushes a broken end', () => {
    const demux = readyDemux([8080]);
    const euro = bytesOf('€'); // E2 82 AC
    expect(demux.receive(frame(1, Uint8Array.of(...bytesOf('cost '), euro[0] ?? 0)))).toEqual({
      kind: 'error',
      portIndex: 0,
      port: 8080,
      text: 'cost ',
    });
    expect(demux.receive(frame(1, euro.subarray(1)))).toMatchObject({ kind: 'error', text: '€' });
    expect(demux.receive(frame(1, euro.subarray(0, 2)))).toBeNull();
    expect(demux.end()).toEqual([{ kind: 'error', portIndex: 0, port: 8080, text: '\uFFFD' }]);
  });

  it('understands the base64 variant', () => {
    const demux = new PortForwardDemultiplexer([8080], base64);
    expect(demux.receive(`0${encodeBase64(Uint8Array.of(0x90, 0x1f))}`)).toBeNull();
    expect(demux.receive(`1${encodeBase64(Uint8Array.of(0x90, 0x1f))}`)).toBeNull();
    expect(demux.receive(`0${encodeBase64(bytesOf('hi'))}`)).toEqual({
      kind: 'data',
      portIndex: 0,
      port: 8080,
      data: bytesOf('hi'),
    });
    expect(demux.receive(bytesOf(`1${encodeBase64(bytesOf('refused'))}`))).toMatchObject({ kind: 'error', text: 'refused' });
  });

  it.each<[string, readonly number[]]>([
    ['no ports', []],
    ['port 0', [0]],
    ['port 65536', [65536]],
    ['a fractional port', [80.5]],
    ['NaN', [Number.NaN]],
    ['128 ports (binary frames carry 127)', Array.from({ length: 128 }, () => 80)],
  ])('refuses %s', (_, ports) => {
    expect(protocolErrorFrom(() => new PortForwardDemultiplexer(ports, binary)).code).toBe('bad-port');
  });

  it('accepts up to 127 ports in binary and 40 in base64', () => {
    expect(new PortForwardDemultiplexer(Array.from({ length: 127 }, () => 1), binary).channels.size).toBe(254);
    expect(new PortForwardDemultiplexer(Array.from({ length: 40 }, () => 65535), base64).channels.size).toBe(80);
    expect(protocolErrorFrom(() => new PortForwardDemultiplexer(Array.from({ length: 41 }, () => 1), base64)).code).toBe(
      'bad-port',
    );
  });

  it('delivers exactly the stream after the prefix, however the server splits it into frames', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.uint8Array({ maxLength: 100 }),
        cutsArbitrary,
        (port, data, cuts) => {
          const demux = new PortForwardDemultiplexer([port], binary);
          const stream = Uint8Array.of(port & 0xff, port >> 8, ...data);
          const events = chunk(stream, cuts)
            .map((piece) => demux.receive(frame(0, piece)))
            .filter((event): event is PortForwardEvent => event !== null);
          expect(demux.end()).toEqual([]);
          const delivered = events.map((event) => {
            if (event.kind !== 'data') throw new Error('expected only data');
            return event.data;
          });
          expect(concat(delivered)).toEqual(data);
        },
      ),
    );
  });
});
