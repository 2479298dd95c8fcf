// Arithmetic for reading log timestamps by hand, shared by main's parser (every line, any RFC 3339
// zone) and the page's (the kubelet's UTC form, stored as numbers): no RegExp and no Date per line.
import { ZERO } from './char-codes.ts';

const DASH = 0x2d;
const COLON = 0x3a;
const UPPER_T = 0x54;
const LOWER_T = 0x74;
const SECONDS_PER_DAY = 86_400;

/** The decimal number in text[start, start + count), or -1 when a character there is not an ASCII digit. */
export function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil), as Date counts them. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Seconds since the epoch of the date and time "YYYY-MM-DDTHH:MM:SS" that `text` starts with, read
 * as UTC (a zone after it is the caller's), or null when it is not one (a field out of range, or a
 * day the month does not have). RFC 3339 allows a lower-case 't'; the kubelet writes 'T'.
 */
export function civilSecondsAt(text: string, lowerT: 'lower t too' | 'upper T only'): number | null {
  const t = text.charCodeAt(10);
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || !(t === UPPER_T || (lowerT === 'lower t too' && t === LOWER_T))) return null;
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}
