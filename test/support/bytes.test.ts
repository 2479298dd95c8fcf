// chunk() is what the decoder properties rest on: its pieces must always be the whole input, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, chunk, cutsArbitrary } from './bytes.ts';

const joined = (pieces: readonly Uint8Array[]): number[] => pieces.flatMap((piece) => [...piece]);

describe('chunk', () => {
  it('cuts at the given offsets, each once, in order', () => {
    expect(chunk(bytesOf('abcdef'), [4, 2, 4]).map((piece) => new TextDecoder().decode(piece))).toEqual(['ab', 'cd', 'ef']);
  });

  it('takes any number as a cut and gives back every byte in order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), cutsArbitrary, (bytes, cuts) => {
        expect(joined(chunk(bytes, cuts))).toEqual([...bytes]);
      }),
    );
  });
});
