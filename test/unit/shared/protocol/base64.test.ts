import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError, decodeBase64, encodeBase64 } from '../../../../shared/protocol/index.ts';
import { bytesOf } from '../../../support/bytes.ts';
import { protocolErrorFrom } from './helpers.ts';

// RFC 4648 §10 test vectors.
const RFC_VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('encodeBase64', () => {
  it.each(RFC_VECTORS)('encodes %j as %j', (plain, encoded) => {
    expect(encodeBase64(bytesOf(plain))).toBe(encoded);
  });

  it('encodes every byte value and all three tail lengths like Node', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const length of [256, 255, 254]) {
      const input = all.subarray(0, length);
      expect(encodeBase64(input)).toBe(Buffer.from(input).toString('base64'));
    }
  });

  it('agrees with Node for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        expect(encodeBase64(input)).toBe(Buffer.from(input).toString('base64'));
      }),
    );
  });

  it('encodes only the bytes of a view, not the rest of its buffer', () => {
    const whole = bytesOf('xxfooxx');
    expect(encodeBase64(whole.subarray(2, 5))).toBe('Zm9v');
  });
});

describe('decodeBase64', () => {
  it.each(RFC_VECTORS)('decodes %j from %j', (plain, encoded) => {
    expect(decodeBase64(encoded)).toEqual(bytesOf(plain));
    expect(decodeBase64(bytesOf(encoded))).toEqual(bytesOf(plain));
  });

  it.each([
    ['Zm9', 'not a multiple of 4'],
    ['Z', 'not a multiple of 4'],
    ['Zm9v!A==', "'!' (0x21) at offset 4"],
    ['Zm9v\nZm9v', 'not a multiple of 4'],
    ['Zm9vZm9\n', '0x0a at offset 7'],
    ['Zm 9', '0x20 at offset 2'],
    ['Zm-_', "'-' (0x2d) at offset 2"],
    ['Zg==Zg==', "padding '=' at offset 2"],
    ['Z===', "padding '=' at offset 1"],
    ['====', "padding '=' at offset 0"],
    ['Zh==', 'non-zero bits'],
    ['Zm9=', 'non-zero bits'],
    ['Zm9vé===', '0xe9 at offset 4'],
  ])('rejects %j (%s)', (text, detail) => {
    const error = protocolErrorFrom(() => decodeBase64(text));
    expect(error.code).toBe('bad-base64');
    expect(error.message).toContain(detail);
  });

  it('rejects bad bytes given as a Uint8Array too', () => {
    expect(protocolErrorFrom(() => decodeBase64(Uint8Array.of(0x5a, 0x67, 0x3d, 0xff))).code).toBe('bad-base64');
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        expect(decodeBase64(encodeBase64(input))).toEqual(input);
      }),
    );
  });

  it('accepts only canonical text: whatever it accepts re-encodes to the same text and agrees with Node', () => {
    // Groups of four characters, so most candidates get past the length check to the harder rules.
    const character = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==-_ \n!');
    const quad = fc.string({ unit: character, minLength: 4, maxLength: 4 });
    const base64ish = fc.array(quad, { maxLength: 5 }).map((quads) => quads.join(''));
    fc.assert(
      fc.property(base64ish, (text) => {
        let decoded: Uint8Array;
        try {
          decoded = decodeBase64(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
          expect((error as ProtocolError).code).toBe('bad-base64');
          return;
        }
        expect(encodeBase64(decoded)).toBe(text);
        expect(decoded).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }),
      { numRuns: 2000 },
    );
  });
});
