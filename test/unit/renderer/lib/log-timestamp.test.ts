import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUtcTimestamp, parseUtcTimestamp } from '../../../../renderer/src/lib/log-timestamp.ts';

describe('parseUtcTimestamp', () => {
  it('reads the kubelet form with nanoseconds', () => {
    expect(parseUtcTimestamp('2024-05-01T12:34:56.123456789Z')).toEqual({
      seconds: Date.UTC(2024, 4, 1, 12, 34, 56) / 1000,
      nanos: 123_456_789,
      fractionDigits: 9,
    });
  });

  it('reads short fractions and none', () => {
    expect(parseUtcTimestamp('1970-01-01T00:00:00.5Z')).toEqual({ seconds: 0, nanos: 500_000_000, fractionDigits: 1 });
    expect(parseUtcTimestamp('1970-01-01T00:00:01Z')).toEqual({ seconds: 1, nanos: 0, fractionDigits: 0 });
  });

  it('reads each of a run of timestamps alone, whatever second the one before named', () => {
    const run = [
      '2024-05-01T12:34:56.1Z',
      '2024-05-01T12:34:56.2Z',
      '2024-05-01T12:34:56Z',
      '2024-05-01T12:34:56.Z',
      '2024-05-01T12:34:56.1234567890Z',
      '2024-05-01T12:34:57.5Z',
      '2024-05-01T12:34:56.3Z',
      '2024-02-30T12:34:56.3Z',
      '2024-05-01T12:34:56.3Z',
    ];
    const fresh = run.map((text) => {
      parseUtcTimestamp('1999-12-31T23:59:59Z');
      return parseUtcTimestamp(text);
    });
    expect(run.map((text) => parseUtcTimestamp(text))).toEqual(fresh);
    expect(fresh.map((parsed) => parsed?.seconds ?? null)).toEqual([
      ...Array<number>(3).fill(Date.UTC(2024, 4, 1, 12, 34, 56) / 1000),
      null,
      null,
      Date.UTC(2024, 4, 1, 12, 34, 57) / 1000,
      Date.UTC(2024, 4, 1, 12, 34, 56) / 1000,
      null,
      Date.UTC(2024, 4, 1, 12, 34, 56) / 1000,
    ]);
  });

  it('agrees with Date for every millisecond instant in range', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const parsed = parseUtcTimestamp(date.toISOString());
        expect(parsed).not.toBeNull();
        expect((parsed?.seconds ?? 0) * 1000 + (parsed?.nanos ?? 0) / 1e6).toBe(date.getTime());
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['2024-05-01T12:34:56+02:00', 'an offset instead of Z'],
    ['2024-05-01 12:34:56Z', 'a space instead of T'],
    ['2024-02-30T00:00:00Z', 'February 30'],
    ['2023-02-29T00:00:00Z', 'February 29 in a common year'],
    ['2024-13-01T00:00:00Z', 'month 13'],
    ['2024-05-01T24:00:00Z', 'hour 24'],
    ['2024-05-01T23:60:00Z', 'minute 60'],
    ['2016-12-31T23:59:60Z', 'a leap second'],
    ['2024-05-01T12:34:56.1234567891Z', 'ten fraction digits'],
    ['2024-05-01T12:34:56.Z', 'an empty fraction'],
    ['2024-05-01T12:34:56,5Z', 'a comma fraction'],
    ['2024-05-01T12:34:5xZ', 'a letter in the seconds'],
    ['not a timestamp at all', 'text'],
  ])('refuses %j (%s)', (text) => {
    expect(parseUtcTimestamp(text)).toBeNull();
  });

  it('accepts February 29 in a leap year', () => {
    expect(parseUtcTimestamp('2000-02-29T00:00:00Z')).not.toBeNull();
  });
});

describe('formatUtcTimestamp', () => {
  it('gives back exactly the text that was parsed, trailing zeros included', () => {
    const fraction = fc.integer({ min: 0, max: 9 }).chain((digits) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: digits, maxLength: digits }),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), fraction, (date, digits) => {
        const text = date.toISOString().slice(0, 19) + (digits === '' ? '' : `.${digits}`) + 'Z';
        const parsed = parseUtcTimestamp(text);
        expect(parsed).not.toBeNull();
        if (parsed) expect(formatUtcTimestamp(parsed.seconds, parsed.nanos, parsed.fractionDigits)).toBe(text);
      }),
    );
  });
});
