// The wire codecs: what each message becomes on a WebSocket or a MessagePort, and how malformed
// frames are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webCodec } from '../../../../shared/bridge/web-codec.ts';
import { WireError, cloneCodec, type ClientMessage, type ServerMessage } from '../../../../shared/bridge/wire.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('web codec: binary frames for terminal bytes', () => {
  it('sends session output as [1][channel][id length][id][bytes]', () => {
    const message: ServerMessage = { t: 'event', event: { kind: 'output', id: 's1', channel: 'stderr', bytes: bytes(104, 105) } };
    const frame = webCodec.encodeServer(message);
    expect(frame).toEqual(bytes(1, 1, 2, 0x73, 0x31, 104, 105));
    expect(webCodec.decodeServer(frame)).toEqual(message);
  });

  it('sends a write call as [2][call id u32 BE][id length][id][bytes]', () => {
    const message: ClientMessage = { t: 'call', id: 0x01020304, method: 'write', args: ['s1', bytes(10)] };
    const frame = webCodec.encodeClient(message);
    expect(frame).toEqual(bytes(2, 1, 2, 3, 4, 2, 0x73, 0x31, 10));
    expect(webCodec.decodeClient(frame)).toEqual(message);
  });

  it('carries every byte value and large payloads unchanged', () => {
    const payload = new Uint8Array(70_000).map((_, index) => index % 256);
    const decoded = webCodec.decodeServer(webCodec.encodeServer({ t: 'event', event: { kind: 'output', id: 'x', channel: 'stdout', bytes: payload } }));
    expect(decoded).toEqual({ t: 'event', event: { kind: 'output', id: 'x', channel: 'stdout', bytes: payload } });
  });

  it('uses JSON text for everything else', () => {
    const call: ClientMessage = { t: 'call', id: 7, method: 'resize', args: ['s1', { cols: 80, rows: 24 }] };
    expect(webCodec.encodeClient(call)).toBe('{"t":"call","id":7,"method":"resize","args":["s1",{"cols":80,"rows":24}]}');
    const state: ServerMessage = { t: 'event', event: { kind: 'state', id: 's2', state: { kind: 'connecting' } } };
    expect(webCodec.encodeServer(state)).toBe('{"t":"event","event":{"kind":"state","id":"s2","state":{"kind":"connecting"}}}');
    expect(webCodec.decodeServer(webCodec.encodeServer(state))).toEqual(state);
  });

  it('round-trips arbitrary output and writes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), fc.uint8Array({ maxLength: 2000 }), fc.nat(0xffff_ffff), (id, payload, callId) => {
        const output: ServerMessage = { t: 'event', event: { kind: 'output', id, channel: 'stdout', bytes: payload } };
        expect(webCodec.decodeServer(webCodec.encodeServer(output))).toEqual(output);
        const write: ClientMessage = { t: 'call', id: callId, method: 'write', args: [id, payload] };
        expect(webCodec.decodeClient(webCodec.encodeClient(write))).toEqual(write);
      }),
    );
  });
});

describe('web codec: malformed frames from a client', () => {
  const cases: Array<[what: string, frame: string | Uint8Array, message: string, callId: number | undefined]> = [
    ['text that is not JSON', '{"t":', 'Text frame is not JSON', undefined],
    ['JSON that is not a call', '{"t":"result","id":1}', 'Malformed message.t: must be one of "call", got "result"', 1],
    ['a call without args', '{"t":"call","id":4,"method":"close"}', 'Malformed message.args: is missing', 4],
    ['a negative call id', '{"t":"call","id":-1,"method":"close","args":[]}', 'Malformed message.id: must be an integer from 0 to 4294967295, got -1', undefined],
    ['a method with odd characters', '{"t":"call","id":2,"method":"a.b","args":[]}', 'Malformed message.method: must be a method name, got "a.b"', 2],
    ['too many arguments', '{"t":"call","id":3,"method":"close","args":[1,2,3,4,5,6,7,8,9]}', 'Malformed message.args: must have 0 to 8 items, got 9', 3],
    ['an extra envelope field', '{"t":"call","id":5,"method":"close","args":[],"x":1}', 'Malformed message: has an unknown field "x"', 5],
    ['a __proto__ envelope field', '{"t":"call","id":6,"method":"close","args":[],"__proto__":{}}', 'Malformed message: must not have the key "__proto__" (prototype pollution)', 6],
    ['an empty binary frame', bytes(), 'Binary frame of unknown kind (empty frame) from a client', undefined],
    ['an output frame from a client', bytes(1, 0, 1, 0x61), 'Binary frame of unknown kind 1 from a client', undefined],
    ['a write frame cut in its header', bytes(2, 0, 0), 'Write frame too short for its header', undefined],
    ['a write frame with no id', bytes(2, 0, 0, 0, 9, 0), 'Binary frame too short for its session id', 9],
    ['a write frame whose id runs past the end', bytes(2, 0, 0, 0, 9, 5, 0x61), 'Binary frame too short for its session id', 9],
    ['a write frame whose id is not UTF-8', bytes(2, 0, 0, 0, 9, 1, 0xff), 'Binary frame has a session id that is not UTF-8', 9],
  ];

  it.each(cases)('%s', (_what, frame, message, callId) => {
    let caught: unknown;
    try {
      webCodec.decodeClient(frame);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WireError);
    expect((caught as WireError).message).toBe(message);
    expect((caught as WireError).callId).toBe(callId);
  });

  it('refuses anything else only with a WireError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string(), fc.json()), (frame) => {
        try {
          webCodec.decodeClient(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('web codec: frames from main', () => {
  it('refuses an output frame with an unknown channel', () => {
    expect(() => webCodec.decodeServer(bytes(1, 7, 1, 0x61))).toThrow(new WireError('Output frame names channel 7, not 0 or 1'));
  });

  it('refuses a message of unknown type', () => {
    expect(() => webCodec.decodeServer('{"t":"surprise"}')).toThrow(WireError);
  });

  it('refuses to encode a session id longer than the header can say', () => {
    const event = { kind: 'output', id: 'é'.repeat(128), channel: 'stdout', bytes: bytes(1) } as const;
    expect(() => webCodec.encodeServer({ t: 'event', event })).toThrow('A session id must be 1 to 255 bytes of UTF-8, got 256');
  });
});

describe('clone codec (MessagePorts)', () => {
  it('passes messages through as they are, bytes included', () => {
    const write: ClientMessage = { t: 'call', id: 1, method: 'write', args: ['s1', bytes(1, 2)] };
    expect(cloneCodec.encodeClient(write)).toBe(write);
    expect(cloneCodec.decodeClient(structuredClone(write))).toEqual(write);
  });

  it('checks what a client posts, since a compromised renderer can post anything', () => {
    expect(() => cloneCodec.decodeClient('hello')).toThrow('Malformed message: must be an object, got "hello"');
    expect(() => cloneCodec.decodeClient({ t: 'call', id: 1, method: 'close', args: 'x' })).toThrow('Malformed message.args: must be an array');
    expect(() => cloneCodec.decodeServer({ t: 'result' })).toThrow(WireError);
  });
});

