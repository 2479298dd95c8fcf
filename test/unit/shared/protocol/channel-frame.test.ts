import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL,
  MAX_BASE64_CHANNEL,
  MAX_BINARY_CHANNEL,
  REMOTE_COMMAND_CLIENT_CHANNELS,
  REMOTE_COMMAND_SERVER_CHANNELS,
  SUBPROTOCOL,
  decodeChannelFrame,
  encodeChannelFrame,
  encodeClose,
  encodeResize,
  encodeStdin,
  encodeStdinInPlace,
  type ChannelFraming,
  type TerminalSize,
} from '../../../../shared/protocol/index.ts';
import { bytesOf } from '../../../support/bytes.ts';
import { framingOf, protocolErrorFrom } from './helpers.ts';

function remoteCommand(name: string): ChannelFraming {
  return framingOf('remotecommand', name);
}

const v5 = remoteCommand(SUBPROTOCOL.v5);
const v4 = remoteCommand(SUBPROTOCOL.v4);
const v4Base64 = remoteCommand(SUBPROTOCOL.v4Base64);
const v1 = remoteCommand(SUBPROTOCOL.v1);
const v1Base64 = remoteCommand(SUBPROTOCOL.v1Base64);

describe('channel numbers', () => {
  it('match k8s.io/apimachinery/pkg/util/remotecommand', () => {
    expect(CHANNEL).toEqual({ stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 });
    expect([...REMOTE_COMMAND_SERVER_CHANNELS].sort()).toEqual([1, 2, 3]);
    expect([...REMOTE_COMMAND_CLIENT_CHANNELS].sort()).toEqual([0, 4]);
  });
});

describe('binary framing: vectors from wsstream/conn.go', () => {
  it('sends "foo\\n" on stdin as [0, 102, 111, 111, 10]', () => {
    for (const framing of [v5, v4, v1]) {
      expect(encodeStdin(framing, bytesOf('foo\n'))).toEqual(Uint8Array.of(0, 102, 111, 111, 10));
    }
  });

  it('reads [1, 10] as "\\n" on stdout', () => {
    expect(decodeChannelFrame(Uint8Array.of(1, 10), v4, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({
      kind: 'data',
      channel: 1,
      payload: Uint8Array.of(10),
    });
  });

  it('returns the payload as a view into the received message, without copying', () => {
    const message = Uint8Array.of(9, 9, 2, 104, 105, 9).subarray(2, 5);
    const frame = decodeChannelFrame(message, v4, REMOTE_COMMAND_SERVER_CHANNELS);
    if (frame.kind !== 'data') throw new Error(`expected data, got ${frame.kind}`);
    expect(frame.channel).toBe(2);
    expect(frame.payload).toEqual(bytesOf('hi'));
    expect(frame.payload.buffer).toBe(message.buffer);
    expect(frame.payload.byteOffset).toBe(3);
  });

  it('frames only the bytes of a payload view', () => {
    const payload = bytesOf('..ls\r..').subarray(2, 5);
    expect(encodeStdin(v4, payload)).toEqual(Uint8Array.of(0, 108, 115, 13));
  });

  it('frames stdin in place: the first byte of the given array becomes the channel, nothing is copied', () => {
    const frame = Uint8Array.of(99, 108, 115, 13);
    const encoded = encodeStdinInPlace(v5, frame);
    expect(encoded).toBe(frame);
    expect(encoded).toEqual(Uint8Array.of(0, 108, 115, 13));
  });
});

describe('base64 framing: vectors from wsstream/conn.go', () => {
  it('sends "foo\\n" on stdin as "0Zm9vCg=="', () => {
    expect(encodeStdin(v4Base64, bytesOf('foo\n'))).toBe('0Zm9vCg==');
    expect(encodeStdin(v1Base64, bytesOf('foo\n'))).toBe('0Zm9vCg==');
  });

  it('frames stdin held after a spare first byte as base64 of the bytes after it', () => {
    expect(encodeStdinInPlace(v4Base64, bytesOf('.foo\n'))).toBe('0Zm9vCg==');
  });

  it('reads "1Cg==" (bytes [49, 67, 103, 61, 61]) as "\\n" on stdout, from bytes or a string', () => {
    const expected = { kind: 'data', channel: 1, payload: Uint8Array.of(10) };
    expect(decodeChannelFrame(Uint8Array.of(49, 67, 103, 61, 61), v4Base64, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual(expected);
    expect(decodeChannelFrame('1Cg==', v4Base64, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual(expected);
  });

  it('decodes the upstream comment\'s client bytes as "foo\\n\\n": its "Zm9vCgo=" is a typo for "Zm9vCg=="', () => {
    const upstreamComment = Uint8Array.of(48, 90, 109, 57, 118, 67, 103, 111, 61);
    expect(decodeChannelFrame(upstreamComment, v4Base64, REMOTE_COMMAND_CLIENT_CHANNELS)).toEqual({
      kind: 'data',
      channel: 0,
      payload: bytesOf('foo\n\n'),
    });
  });

  it('rejects a frame whose payload is not strict base64', () => {
    const error = protocolErrorFrom(() => decodeChannelFrame('1Cg=', v4Base64, REMOTE_COMMAND_SERVER_CHANNELS));
    expect(error.code).toBe('bad-base64');
    const truncated = protocolErrorFrom(() => decodeChannelFrame('2Zm9', v4Base64, REMOTE_COMMAND_SERVER_CHANNELS));
    expect(truncated.code).toBe('bad-base64');
  });
});

describe('empty frames', () => {
  it('reports a zero-length message as empty, without a channel, under every framing', () => {
    for (const framing of [v5, v4, v1]) {
      expect(decodeChannelFrame(new Uint8Array(0), framing, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({
        kind: 'empty',
        channel: null,
      });
    }
    expect(decodeChannelFrame('', v4Base64, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({ kind: 'empty', channel: null });
    expect(decodeChannelFrame(new Uint8Array(0), v4Base64, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({
      kind: 'empty',
      channel: null,
    });
  });

  it.each([
    [CHANNEL.stdout, 'stdout requested'],
    [CHANNEL.stderr, 'only stderr requested'],
    [CHANNEL.status, 'neither stdout nor stderr requested'],
  ])('reports the server\'s connection-established frame on channel %i (%s) as empty, not as data', (channel, _situation) => {
    expect(decodeChannelFrame(Uint8Array.of(channel), v4, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({ kind: 'empty', channel });
    expect(decodeChannelFrame(String(channel), v4Base64, REMOTE_COMMAND_SERVER_CHANNELS)).toEqual({ kind: 'empty', channel });
  });
});

describe('unknown channels', () => {
  it.each([
    [CHANNEL.stdin, 'stdin is client to server'],
    [CHANNEL.resize, 'resize is client to server'],
    [5, 'no such channel'],
    [200, 'no such channel'],
  ])('rejects a server frame on channel %i (%s)', (channel, _why) => {
    const error = protocolErrorFrom(() => decodeChannelFrame(Uint8Array.of(channel, 1), v4, REMOTE_COMMAND_SERVER_CHANNELS));
    expect(error.code).toBe('unknown-channel');
    expect(error.message).toContain(`channel ${channel}`);
    expect(error.message).toContain('[1, 2, 3]');
  });

  it('rejects channel 255 outside v5 and says why', () => {
    const error = protocolErrorFrom(() => decodeChannelFrame(Uint8Array.of(255, 0), v4, REMOTE_COMMAND_CLIENT_CHANNELS));
    expect(error.code).toBe('unknown-channel');
    expect(error.message).toContain('only v5.channel.k8s.io');
  });

  it.each(['0Zm9v', '9Zm9v', '/Zm9v', 'zZm9v', '\u00ffZm9v', '\u{1F600}Zm9v'])('rejects the base64 frame %j', (message) => {
    const error = protocolErrorFrom(() => decodeChannelFrame(message, v4Base64, REMOTE_COMMAND_SERVER_CHANNELS));
    expect(error.code).toBe('unknown-channel');
  });

  it('rejects a text message under a binary protocol', () => {
    expect(protocolErrorFrom(() => decodeChannelFrame('1Cg==', v4, REMOTE_COMMAND_SERVER_CHANNELS)).code).toBe(
      'wrong-message-type',
    );
    expect(protocolErrorFrom(() => decodeChannelFrame('', v5, REMOTE_COMMAND_SERVER_CHANNELS)).code).toBe(
      'wrong-message-type',
    );
  });
});

describe('resize', () => {
  it('frames {"Width":80,"Height":24} on channel 4, byte for byte', () => {
    const json = '{"Width":80,"Height":24}';
    expect(encodeResize(v5, { Width: 80, Height: 24 })).toEqual(Uint8Array.of(4, ...bytesOf(json)));
    expect(encodeResize(v4Base64, { Width: 80, Height: 24 })).toBe(`4${Buffer.from(json).toString('base64')}`);
  });

  it('is allowed before v4 too: the kubelet opens the resize channel for every websocket protocol', () => {
    expect(encodeResize(v1, { Width: 1, Height: 65535 })).toEqual(Uint8Array.of(4, ...bytesOf('{"Width":1,"Height":65535}')));
  });

  it.each<[string, TerminalSize]>([
    ['zero width', { Width: 0, Height: 24 }],
    ['zero height', { Width: 80, Height: 0 }],
    ['negative', { Width: -80, Height: 24 }],
    ['fraction', { Width: 80.5, Height: 24 }],
    ['above uint16', { Width: 65536, Height: 24 }],
    ['NaN', { Width: Number.NaN, Height: 24 }],
    ['infinite', { Width: 80, Height: Number.POSITIVE_INFINITY }],
    ['a string', { Width: '80' as unknown as number, Height: 24 }],
  ])('rejects a %s size', (_, size) => {
    const error = protocolErrorFrom(() => encodeResize(v4, size));
    expect(error.code).toBe('bad-resize');
    expect(error.message).toContain('from 1 to 65535');
  });
});

describe('close (v5)', () => {
  it('half-closes stdin with exactly [255, 0]', () => {
    expect(encodeClose(v5, CHANNEL.stdin)).toEqual(Uint8Array.of(255, 0));
  });

  it.each([
    ['v4', v4],
    ['v4 base64', v4Base64],
    ['pre-v4', v1],
    ['pre-v4 base64', v1Base64],
  ])('refuses under %s, where only closing the socket ends stdin', (_, framing) => {
    const error = protocolErrorFrom(() => encodeClose(framing, CHANNEL.stdin));
    expect(error.code).toBe('close-not-supported');
    expect(error.message).toContain('v5.channel.k8s.io');
  });

  it.each([255, 256, -1, 1.5])('refuses to close channel %d', (channel) => {
    expect(protocolErrorFrom(() => encodeClose(v5, channel)).code).toBe('unknown-channel');
  });

  it('decodes [255, 0] as a close of stdin (what a v5 server reads)', () => {
    expect(decodeChannelFrame(Uint8Array.of(255, 0), v5, REMOTE_COMMAND_CLIENT_CHANNELS)).toEqual({ kind: 'close', channel: 0 });
  });

  it('rejects a close frame without its channel byte as truncated', () => {
    const error = protocolErrorFrom(() => decodeChannelFrame(Uint8Array.of(255), v5, REMOTE_COMMAND_CLIENT_CHANNELS));
    expect(error.code).toBe('truncated-frame');
  });

  it('rejects a close frame longer than two bytes', () => {
    const error = protocolErrorFrom(() => decodeChannelFrame(Uint8Array.of(255, 0, 0), v5, REMOTE_COMMAND_CLIENT_CHANNELS));
    expect(error.code).toBe('bad-close-frame');
  });

  it('rejects a close of a channel the direction does not use', () => {
    const error = protocolErrorFrom(() => decodeChannelFrame(Uint8Array.of(255, 7), v5, REMOTE_COMMAND_CLIENT_CHANNELS));
    expect(error.code).toBe('unknown-channel');
  });
});

describe('encodeChannelFrame channel range', () => {
  it('carries channels 0 to 254 in binary and 0 to 79 in base64', () => {
    expect(MAX_BINARY_CHANNEL).toBe(254);
    expect(MAX_BASE64_CHANNEL).toBe(79);
    expect(encodeChannelFrame(v4, 254, Uint8Array.of(1))).toEqual(Uint8Array.of(254, 1));
    expect(encodeChannelFrame(v4Base64, 79, Uint8Array.of(1))).toBe('\u007fAQ==');
  });

  it.each([
    ['binary', v4, 255],
    ['binary', v4, -1],
    ['binary', v4, 2.5],
    ['base64', v4Base64, 80],
  ] as const)('rejects %s channel %d', (_, framing, channel) => {
    const error = protocolErrorFrom(() => encodeChannelFrame(framing, channel, Uint8Array.of(1)));
    expect(error.code).toBe('unknown-channel');
  });
});

describe('round trip: decode(encode(channel, payload))', () => {
  const binaryChannels = new Set(Array.from({ length: MAX_BINARY_CHANNEL + 1 }, (_, i) => i));
  const base64Channels = new Set(Array.from({ length: MAX_BASE64_CHANNEL + 1 }, (_, i) => i));

  it.each([
    ['v5', v5, MAX_BINARY_CHANNEL, binaryChannels],
    ['v4', v4, MAX_BINARY_CHANNEL, binaryChannels],
    ['pre-v4', v1, MAX_BINARY_CHANNEL, binaryChannels],
    ['v4 base64', v4Base64, MAX_BASE64_CHANNEL, base64Channels],
    ['pre-v4 base64', v1Base64, MAX_BASE64_CHANNEL, base64Channels],
  ] as const)('is the identity under %s for every channel and payload', (_, framing, maxChannel, channels) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxChannel }), fc.uint8Array({ maxLength: 200 }), (channel, payload) => {
        const frame = decodeChannelFrame(encodeChannelFrame(framing, channel, payload), framing, channels);
        expect(frame).toEqual(payload.length === 0 ? { kind: 'empty', channel } : { kind: 'data', channel, payload });
      }),
      { numRuns: 500 },
    );
  });

  it('is the identity for v5 close frames of every channel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_BINARY_CHANNEL }), (channel) => {
        expect(decodeChannelFrame(encodeClose(v5, channel), v5, binaryChannels)).toEqual({ kind: 'close', channel });
      }),
    );
  });

  it('decodes what encodeResize wrote as the JSON it stands for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (Width, Height) => {
        for (const framing of [v5, v4Base64]) {
          const frame = decodeChannelFrame(encodeResize(framing, { Width, Height }), framing, REMOTE_COMMAND_CLIENT_CHANNELS);
          if (frame.kind !== 'data') throw new Error(`expected data, got ${frame.kind}`);
          expect(frame.channel).toBe(CHANNEL.resize);
          expect(JSON.parse(new TextDecoder().decode(frame.payload))).toEqual({ Width, Height });
        }
      }),
    );
  });
});
