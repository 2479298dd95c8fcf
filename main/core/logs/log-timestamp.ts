// The timestamp the server puts before every log line when asked with timestamps=true:
// "<RFC 3339 with fraction> <text>". The kubelet writes a fixed nine-digit fraction and the zone
// the runtime recorded ("2024-05-01T10:00:00.123456789Z" or "…+02:00"); other servers may trim
// the fraction (Go's RFC3339Nano). Timestamps are compared as instants, exactly to the
// nanosecond, never as strings: "…:00.5Z" and "…:00.500000000Z" are the same instant, and a
// different zone offset can name the same instant too.

import { civilSecondsAt, digitsAt } from '../../../shared/logs/civil-date.ts';

/** An instant with nanosecond precision: whole seconds since the Unix epoch plus nanoseconds. */
export interface LogInstant {
  readonly seconds: number;
  /** 0 to 999,999,999. */
  readonly nanos: number;
}

export interface TimestampedText {
  /** The timestamp exactly as the server wrote it; '' when the line had none. */
  readonly timestamp: string;
  /** null when the line did not start with a valid timestamp. */
  readonly instant: LogInstant | null;
  /** The line after the timestamp and its single separating space (the whole line if none). */
  readonly text: string;
}

// The longest timestamp: 2024-05-01T10:00:00.123456789+02:00 (35 characters).
const MAX_TIMESTAMP_LENGTH = 35;
const SHORTEST_TIMESTAMP_LENGTH = 20; // 2024-05-01T10:00:00Z
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const PLUS = 0x2b;
/** A letter's code with the lower-case bit set: 'Z' and 'z' both give LOWER_Z. */
const LOWER_CASE_BIT = 0x20;
const LOWER_Z = 0x7a;
const MAX_FRACTION_DIGITS = 9;

/**
 * Splits the timestamp off a line. A line that does not start with a valid RFC 3339 timestamp
 * followed by a space (an error text injected by a proxy, say) keeps its whole text and gets no
 * instant.
 */
export function splitTimestamp(line: string): TimestampedText {
  const space = line.indexOf(' ');
  const candidate = space === -1 ? line : line.slice(0, space);
  const instant = candidate.length <= MAX_TIMESTAMP_LENGTH ? parseInstant(candidate) : null;
  if (instant === null) return { timestamp: '', instant: null, text: line };
  return { timestamp: candidate, instant, text: space === -1 ? '' : line.slice(space + 1) };
}

/**
 * Parses an RFC 3339 timestamp (fraction of up to nine digits optional), or returns null.
 * Read character by character, without a regular expression or a Date: it runs for every line
 * (twice for a merged log), and the RegExp match, its eleven strings and the Date cost ~2 µs a
 * line, a few seconds of main's CPU per million lines, taken from the server on a shared machine.
 */
export function parseInstant(text: string): LogInstant | null {
  const length = text.length;
  if (length < SHORTEST_TIMESTAMP_LENGTH || length > MAX_TIMESTAMP_LENGTH) return null;
  const civil = civilSecondsAt(text, 'lower t too');
  if (civil === null) return null;
  let at = 19;
  let nanos = 0;
  if (text.charCodeAt(at) === DOT) {
    const start = ++at;
    while (at < length && digitsAt(text, at, 1) >= 0) at++;
    const fractionDigits = at - start;
    if (fractionDigits < 1 || fractionDigits > MAX_FRACTION_DIGITS) return null;
    nanos = digitsAt(text, start, fractionDigits) * 10 ** (MAX_FRACTION_DIGITS - fractionDigits);
  }
  const offsetSeconds = zoneOffsetSeconds(text, at);
  if (offsetSeconds === null) return null;
  return { seconds: civil - offsetSeconds, nanos };
}

/** The zone that starts at `at` and ends the text ('Z', or ±hh:mm) in seconds east of UTC, or null. */
function zoneOffsetSeconds(text: string, at: number): number | null {
  const first = text.charCodeAt(at);
  if ((first | LOWER_CASE_BIT) === LOWER_Z) return at + 1 === text.length ? 0 : null;
  if ((first !== PLUS && first !== DASH) || at + 6 !== text.length || text.charCodeAt(at + 3) !== COLON) return null;
  const oh = digitsAt(text, at + 1, 2);
  const om = digitsAt(text, at + 4, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
  return (first === DASH ? -1 : 1) * (oh * 3600 + om * 60);
}

/** Negative, zero or positive as `a` is before, the same instant as, or after `b`. */
export function compareInstants(a: LogInstant, b: LogInstant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/**
 * RFC 3339 in UTC to the whole second, rounded down: the precision the API server keeps of
 * `sinceTime` anyway (it forwards it to the kubelet formatted with time.RFC3339).
 */
export function formatSecondFloor(instant: LogInstant): string {
  return new Date(instant.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
