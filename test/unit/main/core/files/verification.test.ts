import { describe, expect, it } from 'vitest';
import { verify } from '../../../../../main/core/files/verification.ts';

const H1 = '1'.repeat(64);
const H2 = '2'.repeat(64);

describe('verify', () => {
  const local = new Map([
    ['d/a', { size: 3, sha256: H1 }],
    ['d/b c', { size: 5, sha256: H2 }],
  ]);

  it('says verified by sha256 when every hash matches', () => {
    expect(verify(local, new Map([['d/a', H1], ['d/b c', H2]]), null)).toEqual({ kind: 'verified', method: 'sha256' });
  });

  it('names each file that differs or is missing', () => {
    expect(verify(local, new Map([['d/a', H2]]), new Map([['d/a', 4]]))).toEqual({
      kind: 'differs',
      differences: [
        'd/a: 3 bytes here, 4 bytes in the container',
        'd/a: SHA-256 differs (111111111111… here, 222222222222… in the container)',
        'd/b c: not found in the container',
      ],
    });
  });

  it('falls back to the announced sizes without sha256sum, and says when there is nothing to compare', () => {
    expect(verify(local, null, new Map([['d/a', 3], ['d/b c', 5]]))).toEqual({ kind: 'verified', method: 'size' });
    expect(verify(local, null, null)).toEqual({ kind: 'unchecked', reason: 'the container has no sha256sum to hash the files with' });
  });

  it('counts the differences beyond twenty', () => {
    const many = new Map(Array.from({ length: 25 }, (_, index) => [`f${index}`, { size: 1, sha256: H1 }]));
    const result = verify(many, new Map(), null);
    expect(result.kind === 'differs' && result.differences.at(-1)).toBe('and 5 more');
  });
});
