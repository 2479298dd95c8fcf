import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8StreamDecoder } from '../../../../shared/protocol/index.ts';
import { bytesOf, chunk, cutsArbitrary } from '../../../support/bytes.ts';

/** Decodes `pieces` as consecutive frames of one stream; returns what each call produced. */
function decodePieces(pieces: readonly Uint8Array[]): string[] {
  const decoder = new Utf8StreamDecoder();
  return [...pieces.map((piece) => decoder.decode(piece)), decoder.flush()];
}

/** The reference: the whole byte string decoded at once, non-fatal, keeping a BOM. */
function decodeWhole(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

describe('Utf8StreamDecoder: a character split across frames comes out whole', () => {
  const characters = [
    ['2-byte', 'é'], // C3 A9
    ['3-byte', '€'], // E2 82 AC
    ['3-byte CJK', '漢'], // E6 BC A2
    ['4-byte', '😀'], // F0 9F 98 80
    ['4-byte highest', '\u{10FFFF}'], // F4 8F BF BF
  ] as const;

  for (const [size, character] of characters) {
    const encoded = bytesOf(character);
    for (let split = 1; split < encoded.length; split++) {
      it(`${size} ${JSON.stringify(character)} split after byte ${split} of ${encoded.length}`, () => {
        const stream = bytesOf(`ab${character}cd`);
        const cut = 2 + split;
        const outputs = decodePieces([stream.subarray(0, cut), stream.subarray(cut)]);
        expect(outputs).toEqual(['ab', `${character}cd`, '']);
      });
    }

    it(`${size} ${JSON.stringify(character)} arriving one byte per frame`, () => {
      const outputs = decodePieces([...encoded].map((byte) => Uint8Array.of(byte)));
      expect(outputs.join('')).toBe(character);
      expect(outputs.at(-2)).toBe(character);
      expect(outputs.slice(0, -2).every((output) => output === '')).toBe(true);
    });
  }

  it('decoding any chunking of valid UTF-8 equals decoding it whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), cutsArbitrary, (text, cuts) => {
        const outputs = decodePieces(chunk(bytesOf(text), cuts));
        expect(outputs.join('')).toBe(text);
        expect(outputs.at(-1)).toBe('');
      }),
      { numRuns: 1000 },
    );
  });

  it('decoding any chunking of arbitrary bytes equals decoding them whole, invalid bytes included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), cutsArbitrary, (bytes, cuts) => {
        expect(decodePieces(chunk(bytes, cuts)).join('')).toBe(decodeWhole(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Utf8StreamDecoder: invalid input is marked, never dropped', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80, 0x62], 'a\uFFFDb'],
    ['a byte that never starts UTF-8', [0x61, 0xff, 0x62], 'a\uFFFDb'],
    ['a truncated 4-byte sequence followed by ASCII', [0xf0, 0x9f, 0x41], '\uFFFDA'],
    ['an overlong encoding of "/"', [0xc0, 0xaf], '\uFFFD\uFFFD'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '\uFFFD\uFFFD\uFFFD'],
  ])('replaces %s with U+FFFD', (_, bytes, expected) => {
    expect(decodePieces([Uint8Array.from(bytes)]).join('')).toBe(expected);
  });

  it('replaces a truncated sequence split across frames the same way', () => {
    expect(decodePieces([Uint8Array.of(0xf0, 0x9f), Uint8Array.of(0x41)])).toEqual(['', '\uFFFDA', '']);
  });

  it('turns a character left incomplete at the end into U+FFFD on flush', () => {
    expect(decodePieces([Uint8Array.of(0x61, 0xe2, 0x82)])).toEqual(['a', '\uFFFD']);
  });

  it('keeps a byte-order mark instead of swallowing it', () => {
    expect(decodePieces([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf, 0x78)]).join('')).toBe('\uFEFFx');
  });
});

describe('Utf8StreamDecoder: one instance per stream', () => {
  it('does not complete a partial stdout character with stderr bytes', () => {
    const stdout = new Utf8StreamDecoder();
    const stderr = new Utf8StreamDecoder();
    const smile = bytesOf('😀');
    expect(stdout.decode(smile.subarray(0, 2))).toBe('');
    expect(stderr.decode(bytesOf('err: é'))).toBe('err: é');
    expect(stdout.decode(smile.subarray(2))).toBe('😀');
  });

  it('starts a fresh stream after flush', () => {
    const decoder = new Utf8StreamDecoder();
    decoder.decode(Uint8Array.of(0xe2));
    expect(decoder.flush()).toBe('\uFFFD');
    expect(decoder.decode(bytesOf('ok'))).toBe('ok');
    expect(decoder.flush()).toBe('');
  });
});
