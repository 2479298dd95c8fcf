import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareInstants,
  formatSecondFloor,
  parseInstant,
  splitTimestamp,
} from '../../../../../main/core/logs/log-timestamp.ts';
import { kubeletTimestamp } from './helpers.ts';

describe('splitTimestamp', () => {
  it('splits the kubelet prefix off a line', () => {
    expect(splitTimestamp('2024-05-01T10:00:00.123456789Z hello world')).toEqual({
      timestamp: '2024-05-01T10:00:00.123456789Z',
      instant: { seconds: Date.UTC(2024, 4, 1, 10) / 1000, nanos: 123_456_789 },
      text: 'hello world',
    });
  });

  it('keeps spaces after the single separating space', () => {
    expect(splitTimestamp('2024-05-01T10:00:00Z   indented').text).toBe('  indented');
  });

  it('gives an empty text for an empty log line', () => {
    expect(splitTimestamp('2024-05-01T10:00:00.000000001Z ')).toMatchObject({ text: '', instant: { nanos: 1 } });
  });

  it('leaves a line without a timestamp whole, with no instant', () => {
    for (const line of ['plain text', '', 'unable to retrieve container logs', '2024-05-01 10:00:00 not rfc3339', '2024-13-01T00:00:00Z month 13']) {
      expect(splitTimestamp(line)).toEqual({ timestamp: '', instant: null, text: line });
    }
  });
});

describe('parseInstant', () => {
  it('reads trimmed and full fractions as the same instant', () => {
    expect(parseInstant('2024-05-01T10:00:00.5Z')).toEqual(parseInstant('2024-05-01T10:00:00.500000000Z'));
    expect(parseInstant('2024-05-01T10:00:00Z')).toEqual({ seconds: Date.UTC(2024, 4, 1, 10) / 1000, nanos: 0 });
  });

  it('applies zone offsets', () => {
    expect(parseInstant('2024-05-01T12:30:00.25+02:30')).toEqual(parseInstant('2024-05-01T10:00:00.25Z'));
    expect(parseInstant('2024-04-30T23:00:00-11:00')).toEqual(parseInstant('2024-05-01T10:00:00Z'));
  });

  it('refuses impossible dates and malformed text', () => {
    for (const text of [
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T10:60:00Z',
      '2024-05-01T10:00:60Z',
      '2024-05-01T10:00:00.1234567891Z',
      '2024-05-01T10:00:00',
      '2024-05-01T10:00:00+2:00',
    ]) {
      expect(parseInstant(text), text).toBeNull();
    }
    expect(parseInstant('2024-02-29T00:00:00Z')).not.toBeNull();
  });

  it('refuses text that only looks like a timestamp', () => {
    for (const text of [
      '2024-05-01X10:00:00Z',
      '2024-05-01T10:00:00.Z',
      '2024-05-01T10:00:00.12a4Z',
      '2024-05-01T10:00:00Zjunk',
      '2024-05-01T10:00:00+02:00x',
      '2024-05-01T10:00:00+24:00',
      '2024-05-01T10:00:00+02-00',
      '2024-05-01T10:00:00Y',
      '2024-00-01T10:00:00Z',
      '2024-05-00T10:00:00Z',
      '２024-05-01T10:00:00Z',
    ]) {
      expect(parseInstant(text), text).toBeNull();
    }
  });

  it('reads lower-case t and z as RFC 3339 allows', () => {
    expect(parseInstant('2024-05-01t10:00:00.5z')).toEqual(parseInstant('2024-05-01T10:00:00.5Z'));
  });

  it('gives the instant Date gives, for any year, fraction and zone', () => {
    const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    const fraction = fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined });
    // From 0000-01-01T00:00:00Z (Date.UTC would read year 0 as 1900) to the end of 9999.
    const millis = fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') });
    fc.assert(
      fc.property(millis, fraction, offsetMinutes, (utcMillis, digits, offset) => {
        const local = new Date(Math.floor(utcMillis / 1000) * 1000 + offset * 60_000);
        if (local.getUTCFullYear() < 0 || local.getUTCFullYear() > 9999) return;
        const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
        const wallClock = `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
        const text = `${wallClock}${digits === undefined ? '' : `.${digits}`}${zone}`;
        expect(parseInstant(text), text).toEqual({
          seconds: Math.floor(utcMillis / 1000),
          nanos: digits === undefined ? 0 : Number(digits.padEnd(9, '0')),
        });
      }),
    );
  });

  it('orders kubelet timestamps as their instants', () => {
    const instant = fc.record({ seconds: fc.integer({ min: 0, max: 4_000_000_000 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const parsedA = parseInstant(kubeletTimestamp(a.seconds, a.nanos));
        const parsedB = parseInstant(kubeletTimestamp(b.seconds, b.nanos));
        if (parsedA === null || parsedB === null) throw new Error('kubelet timestamp did not parse');
        expect(parsedA).toEqual(a);
        const expected = a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
        expect(Math.sign(compareInstants(parsedA, parsedB))).toBe(Math.sign(expected));
      }),
    );
  });
});

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

describe('formatSecondFloor', () => {
  it('drops the fraction: what the API server forwards of sinceTime', () => {
    const instant = parseInstant('2024-05-01T12:00:07.999999999+02:00');
    if (instant === null) throw new Error('did not parse');
    expect(formatSecondFloor(instant)).toBe('2024-05-01T10:00:07Z');
  });
});
