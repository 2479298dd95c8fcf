import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, digitsAt } from '../../../../shared/logs/civil-date.ts';

describe('digitsAt', () => {
  it('reads the decimal number in a range of the text', () => {
    expect(digitsAt('x2024y', 1, 4)).toBe(2024);
    expect(digitsAt('007', 0, 3)).toBe(7);
  });

  it('gives -1 for a non-digit, a non-ASCII digit or a range past the end', () => {
    expect(digitsAt('20a4', 0, 4)).toBe(-1);
    expect(digitsAt('２0', 0, 2)).toBe(-1);
    expect(digitsAt('12', 1, 2)).toBe(-1);
  });
});

describe('daysFromCivil', () => {
  it('counts days as Date does, for every date from year 0 to 9999', () => {
    const day = fc.integer({ min: Date.parse('0000-01-01T00:00:00Z') / 86_400_000, max: Date.parse('9999-12-31T00:00:00Z') / 86_400_000 });
    fc.assert(
      fc.property(day, (days) => {
        const date = new Date(days * 86_400_000);
        expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(days);
      }),
    );
  });
});
