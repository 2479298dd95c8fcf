import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLogMessage, encodeBase64 } from '../../../../shared/protocol/index.ts';
import { bytesOf } from '../../../support/bytes.ts';
import { protocolErrorFrom } from './helpers.ts';

describe('decodeLogMessage', () => {
  it('reports the zero-length first message as empty under both encodings', () => {
    expect(decodeLogMessage(new Uint8Array(0), 'binary')).toEqual({ kind: 'empty' });
    expect(decodeLogMessage('', 'base64')).toEqual({ kind: 'empty' });
    expect(decodeLogMessage(new Uint8Array(0), 'base64')).toEqual({ kind: 'empty' });
  });

  it('passes binary.k8s.io messages through without a channel byte and without copying', () => {
    const message = bytesOf('2025-01-01T00:00:00.000000000Z started\n');
    const decoded = decodeLogMessage(message, 'binary');
    expect(decoded).toEqual({ kind: 'data', payload: message });
    if (decoded.kind !== 'data') throw new Error('expected data');
    expect(decoded.payload).toBe(message);
  });

  it('decodes base64.binary.k8s.io messages, from a string or the text bytes', () => {
    expect(decodeLogMessage('aGVsbG8K', 'base64')).toEqual({ kind: 'data', payload: bytesOf('hello\n') });
    expect(decodeLogMessage(bytesOf('aGVsbG8K'), 'base64')).toEqual({ kind: 'data', payload: bytesOf('hello\n') });
  });

  it('rejects bad base64 and text under the binary protocol', () => {
    expect(protocolErrorFrom(() => decodeLogMessage('aGVsbG8', 'base64')).code).toBe('bad-base64');
    expect(protocolErrorFrom(() => decodeLogMessage('hello', 'binary')).code).toBe('wrong-message-type');
    expect(protocolErrorFrom(() => decodeLogMessage('', 'binary')).code).toBe('wrong-message-type');
  });

  it('round-trips any base64 log message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (payload) => {
        expect(decodeLogMessage(encodeBase64(payload), 'base64')).toEqual({ kind: 'data', payload });
      }),
    );
  });
});
