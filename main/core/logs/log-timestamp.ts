// The timestamp the server puts before every log line when asked with timestamps=true:
// "<RFC 3339 with fraction> <text>". The kubelet writes a fixed nine-digit fraction and the zone
// the runtime recorded ("2024-05-01T10:00:00.123456789Z" or "…+02:00"); other servers may trim
// the fraction (Go's RFC3339Nano). Timestamps are compared as instants, exactly to the
// nanosecond, never as strings: "…:00.5Z" and "…:00.500000000Z" are the same instant, and a
// different zone offset can name the same instant too.

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

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
// The longest timestamp: 2024-05-01T10:00:00.123456789+02:00 (35 characters).
const MAX_TIMESTAMP_LENGTH = 35;

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

/** Parses an RFC 3339 timestamp (fraction of up to nine digits optional), or returns null. */
export function parseInstant(text: string): LogInstant | null {
  const match = RFC3339.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHour, offsetMinute] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  let offsetSeconds = 0;
  if (zulu === undefined) {
    const oh = Number(offsetHour);
    const om = Number(offsetMinute);
    if (oh > 23 || om > 59) return null;
    offsetSeconds = (sign === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const date = new Date(0);
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const nanos = fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
  return { seconds: date.getTime() / 1000 - offsetSeconds, nanos };
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
