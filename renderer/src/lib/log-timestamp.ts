// Log timestamps stored as numbers instead of 30-character strings: whole seconds since the epoch,
// nanoseconds, and how many fraction digits the server wrote. That is enough to rebuild the exact
// text the kubelet sent ("2024-05-01T12:00:00.123456789Z", trailing zeros trimmed or not), for
// display and for download, at 12 bytes a line instead of a string object per line.

import { civilSecondsAt, digitsAt } from '../../../shared/logs/civil-date.ts';

export interface UtcTimestamp {
  /** Whole seconds since 1970-01-01T00:00:00Z. */
  readonly seconds: number;
  /** 0 … 999,999,999. */
  readonly nanos: number;
  /** 0 … 9: how many digits followed the '.', so formatting gives back the same text. */
  readonly fractionDigits: number;
}

/** "YYYY-MM-DDTHH:MM:SS": the part of a timestamp that names its whole second. */
const WHOLE_SECOND_LENGTH = 19;

/**
 * The last whole second read and its value. A log's lines come in time order, many per second, so
 * most timestamps share the previous one's first 19 characters: comparing them is cheaper than
 * reading six numbers and counting days (the largest self time of appending a line).
 */
let lastWholeSecond = '';
let lastSeconds = 0;

/**
 * Parses the one form the kubelet writes: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with 1-9 fraction digits.
 * Anything else (an offset instead of Z, a leap second, a bad date) gives null, and the caller keeps
 * the text as it came.
 */
export function parseUtcTimestamp(text: string): UtcTimestamp | null {
  const length = text.length;
  if (length < 20 || text.charCodeAt(length - 1) !== 0x5a /* Z */) return null;
  const seconds = text.startsWith(lastWholeSecond) && lastWholeSecond !== '' ? lastSeconds : wholeSeconds(text);
  if (seconds === null) return null;

  let nanos = 0;
  let fractionDigits = 0;
  if (length > 20) {
    fractionDigits = length - 21;
    if (text[19] !== '.' || fractionDigits < 1 || fractionDigits > 9) return null;
    const fraction = digitsAt(text, 20, fractionDigits);
    if (fraction < 0) return null;
    nanos = fraction * 10 ** (9 - fractionDigits);
  }
  return { seconds, nanos, fractionDigits };
}

/** Seconds since the epoch of the whole second `text` starts with (remembered for the next call), or null. */
function wholeSeconds(text: string): number | null {
  const seconds = civilSecondsAt(text, 'upper T only');
  if (seconds === null) return null;
  lastWholeSecond = text.slice(0, WHOLE_SECOND_LENGTH);
  lastSeconds = seconds;
  return lastSeconds;
}

/** The inverse of parseUtcTimestamp: the same text back, digit for digit. */
export function formatUtcTimestamp(seconds: number, nanos: number, fractionDigits: number): string {
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (fractionDigits === 0) return `${whole}Z`;
  const fraction = String(nanos).padStart(9, '0').slice(0, fractionDigits);
  return `${whole}.${fraction}Z`;
}
