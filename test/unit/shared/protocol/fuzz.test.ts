// Fuzzing: whatever arrives from the network, the codec returns a result or throws a ProtocolError,
// never another exception (a TypeError or RangeError here would be a crash in the app).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  PortForwardDemultiplexer,
  REMOTE_COMMAND_CLIENT_CHANNELS,
  REMOTE_COMMAND_SERVER_CHANNELS,
  SUBPROTOCOL,
  decodeBase64,
  decodeChannelFrame,
  decodeLogMessage,
  describeSubprotocol,
  parseExecStatus,
  type ChannelFraming,
} from '../../../../shared/protocol/index.ts';
import { allowProtocolError } from './helpers.ts';

const framings: readonly ChannelFraming[] = [
  SUBPROTOCOL.v5,
  SUBPROTOCOL.v4,
  SUBPROTOCOL.v4Base64,
  SUBPROTOCOL.v1,
  SUBPROTOCOL.v1Base64,
].map((name) => {
  const protocol = describeSubprotocol('remotecommand', name);
  if (protocol === null) throw new Error(`test setup: ${name}`);
  return protocol;
});

/** Bytes biased towards the interesting ones: channel numbers, '0'..'4', base64 characters, 255. */
const frameBytes = fc.uint8Array({ maxLength: 40 }).chain((tail) =>
  fc.constantFrom(0, 1, 2, 3, 4, 5, 48, 49, 50, 51, 52, 61, 65, 255).map((head) => Uint8Array.of(head, ...tail)),
);
const message = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  frameBytes,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const RUNS = { numRuns: 3000 };

describe('fuzzing the decoders: only ProtocolError may come out', () => {
  it('decodeChannelFrame, under every framing and both directions', () => {
    fc.assert(
      fc.property(
        message,
        fc.constantFrom(...framings),
        fc.constantFrom(REMOTE_COMMAND_SERVER_CHANNELS, REMOTE_COMMAND_CLIENT_CHANNELS, new Set<number>()),
        (input, framing, channels) => {
          allowProtocolError(() => decodeChannelFrame(input, framing, channels));
        },
      ),
      RUNS,
    );
  });

  it('decodeBase64 and decodeLogMessage', () => {
    fc.assert(
      fc.property(message, fc.constantFrom('binary', 'base64' as const), (input, encoding) => {
        allowProtocolError(() => decodeBase64(input));
        allowProtocolError(() => decodeLogMessage(input, encoding));
      }),
      RUNS,
    );
  });

  it('parseExecStatus on arbitrary bytes, in both formats', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.constantFrom('metav1-status', 'plain-text' as const),
        (payload, format) => {
          allowProtocolError(() => parseExecStatus(payload, format));
        },
      ),
      RUNS,
    );
  });

  it('PortForwardDemultiplexer on a sequence of arbitrary messages, then end()', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...framings),
        fc.array(message, { maxLength: 8 }),
        (ports, framing, messages) => {
          allowProtocolError(() => {
            const demux = new PortForwardDemultiplexer(ports, framing);
            for (const input of messages) demux.receive(input);
            demux.end();
          });
        },
      ),
      RUNS,
    );
  });
});
