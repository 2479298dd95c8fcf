// A plain line's severity read straight from its bytes where the log buffer keeps them, without
// decoding the line to a string: the level filter's fast path over a million lines. It answers
// exactly what lineSeverity (structured-line.ts) answers for the same text, following its regexes
// step for step (the unit test compares the two over many generated lines), or UNSURE for the few
// values it leaves to lineSeverity: escapes in a level string, numbers with a fraction or an
// exponent, and digit runs too long to add up exactly.
//
// Only for plain lines (ASCII, no control character but tab, as LogBuffer flags them): there byte i
// is character i, and the only blanks (\s, trim(), "<= 0x20") are space and tab.
import { severityOfLevel, severityRank, LEVEL_LETTERS, LEVEL_WORDS, type Severity } from './severity.ts';
import { LEVEL_FIELDS } from './structured-line.ts';
import { isDigit, ZERO } from './char-codes.ts';

/** The answer when the line's severity must be read by lineSeverity instead. */
export const UNSURE = -1;
/** No level field: the severity is the text's. */
const NO_LEVEL = -2;
/** The value at a level key does not match the level regex's value part: no level field there. */
const NO_MATCH = -3;

const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const EQUALS = 0x3d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const OPEN_BRACE = 0x7b;
const UNKNOWN_RANK = 0;
/** Beyond this many digits a number may not add up exactly in a double; lineSeverity decides. */
const MAX_EXACT_DIGITS = 15;
/** klog's header, `E0501 12:00:00`, is this long. */
const KLOG_HEADER_LENGTH = 14;

const ENCODER = new TextEncoder();

interface Word {
  readonly bytes: Uint8Array;
  readonly rank: number;
}

/** Words by length, lower case, with their severity ranks. */
function wordTable(words: Iterable<readonly [string, Severity]>): Word[][] {
  const table: Word[][] = [];
  for (const [word, severity] of words) (table[word.length] ??= []).push({ bytes: ENCODER.encode(word), rank: severityRank(severity) });
  return table;
}

/** What a plain line's leading words may be (severityOfText). */
const TEXT_WORDS = wordTable(LEVEL_WORDS);
/** What a level field's value may be (severityOfLevel): single letters count there too. */
const VALUE_WORDS = wordTable([...LEVEL_WORDS, ...LEVEL_LETTERS]);
/** The level keys followed by their closing quote (JSON) or by '=' (logfmt), in LEVEL_FIELDS order. */
const JSON_KEYS = LEVEL_FIELDS.map((name) => ENCODER.encode(`${name}"`));
const LOGFMT_KEYS = LEVEL_FIELDS.map((name) => ENCODER.encode(`${name}=`));
const KLOG_LETTERS = new Map([...'IWEF'].map((letter) => [letter.charCodeAt(0), severityRank(LEVEL_LETTERS.get(letter.toLowerCase()) ?? 'unknown')]));

/** Where the last value read (readString, readNumber, readBare) ends: one past its last byte. */
let valueEnd = 0;

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

function lowerCase(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/** The rank of the word bytes[start, end) in `table`, in any case, or -1. */
function wordRank(table: readonly Word[][], bytes: Uint8Array, start: number, end: number): number {
  const candidates = table[end - start];
  if (candidates === undefined) return -1;
  for (let c = 0; c < candidates.length; c++) {
    const word = candidates[c] as Word;
    let i = 0;
    while (i < word.bytes.length && lowerCase(bytes[start + i] ?? 0) === word.bytes[i]) i++;
    if (i === word.bytes.length) return word.rank;
  }
  return -1;
}

/** severityOfLevel's rank for the digits bytes[start, end), or UNSURE when there are too many to add up exactly. */
function digitsRank(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > MAX_EXACT_DIGITS) return UNSURE;
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (bytes[i] ?? 0) - ZERO;
  return severityRank(severityOfLevel(value));
}

/** severityOfLevel's rank for the string value bytes[start, end): trimmed, any case, a word, a letter or digits. */
function levelWordRank(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start] ?? 0)) start++;
  while (end > start && isBlank(bytes[end - 1] ?? 0)) end--;
  const rank = wordRank(VALUE_WORDS, bytes, start, end);
  if (rank >= 0) return rank;
  if (start === end) return UNKNOWN_RANK;
  for (let i = start; i < end; i++) if (!isDigit(bytes[i] ?? 0)) return UNKNOWN_RANK;
  return digitsRank(bytes, start, end);
}

/** `"(?:[^"\\]|\\.)*"` at bytes[p] (a quote): its level rank (UNSURE with an escape), or NO_MATCH when it never closes. */
function readString(bytes: Uint8Array, p: number, end: number): number {
  let q = p + 1;
  let escaped = false;
  while (q < end) {
    const code = bytes[q] ?? 0;
    if (code === QUOTE) break;
    if (code === BACKSLASH) {
      escaped = true;
      q += 2;
    } else {
      q++;
    }
  }
  if (q >= end) return NO_MATCH;
  valueEnd = q + 1;
  return escaped ? UNSURE : levelWordRank(bytes, p + 1, q);
}

/** `-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?` at bytes[p], as Number() reads it: its level rank, or NO_MATCH. */
function readNumber(bytes: Uint8Array, p: number, end: number): number {
  const negative = bytes[p] === MINUS;
  const digits = negative ? p + 1 : p;
  let q = digits;
  while (q < end && isDigit(bytes[q] ?? 0)) q++;
  if (q === digits) return NO_MATCH;
  valueEnd = q;
  const next = q < end ? (bytes[q] ?? 0) : 0;
  const after = q + 1 < end ? (bytes[q + 1] ?? 0) : 0;
  // A fraction or an exponent the regex would take: rare in a level, left to lineSeverity.
  if (next === DOT && isDigit(after)) return UNSURE;
  if ((next === 0x65 || next === 0x45) && (isDigit(after) || ((after === PLUS || after === MINUS) && q + 2 < end && isDigit(bytes[q + 2] ?? 0)))) return UNSURE;
  // Every negative number is below pino's 10.
  return negative ? UNKNOWN_RANK : digitsRank(bytes, digits, q);
}

/** `[^ \t"]+` at bytes[p], a logfmt value without quotes: its level rank, or NO_MATCH. */
function readBare(bytes: Uint8Array, p: number, end: number): number {
  let q = p;
  while (q < end && !isBlank(bytes[q] ?? 0) && bytes[q] !== QUOTE) q++;
  if (q === p) return NO_MATCH;
  valueEnd = q;
  return levelWordRank(bytes, p, q);
}

/** Which of `keys` (LEVEL_FIELDS order) starts at bytes[p], or -1. */
function keyAt(keys: readonly Uint8Array[], bytes: Uint8Array, p: number, end: number): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as Uint8Array;
    if (p + key.length > end) continue;
    let i = 0;
    while (i < key.length && bytes[p + i] === key[i]) i++;
    if (i === key.length) return k;
  }
  return -1;
}

/**
 * JSON_LEVEL's matches, left to right as its global search finds them: the rank of the value at
 * the most specific key, NO_LEVEL without one, or UNSURE.
 */
function jsonLevelRank(bytes: Uint8Array, start: number, end: number): number {
  let best = LEVEL_FIELDS.length;
  let result = NO_LEVEL;
  let p = start;
  for (;;) {
    while (p < end && bytes[p] !== QUOTE) p++;
    if (p >= end) return result;
    const key = keyAt(JSON_KEYS, bytes, p + 1, end);
    if (key < 0) {
      p++;
      continue;
    }
    let q = p + 1 + (JSON_KEYS[key] as Uint8Array).length;
    while (q < end && isBlank(bytes[q] ?? 0)) q++;
    let rank = NO_MATCH;
    if (q < end && bytes[q] === COLON) {
      q++;
      while (q < end && isBlank(bytes[q] ?? 0)) q++;
      if (q < end) rank = bytes[q] === QUOTE ? readString(bytes, q, end) : readNumber(bytes, q, end);
    }
    if (rank === NO_MATCH) {
      p++;
      continue;
    }
    if (key < best) {
      if (rank === UNSURE) return UNSURE;
      best = key;
      result = rank;
      if (key === 0) return result;
    }
    p = valueEnd;
  }
}

/** LOGFMT_LEVEL's matches (a key at the start or after a blank, then '='), as jsonLevelRank. */
function logfmtLevelRank(bytes: Uint8Array, start: number, end: number): number {
  let best = LEVEL_FIELDS.length;
  let result = NO_LEVEL;
  // The global search resumes here after each match; a key needs a blank at or after it (or the start).
  let searchFrom = start;
  for (let p = start; p < end; p++) {
    if (p !== start && (p - 1 < searchFrom || !isBlank(bytes[p - 1] ?? 0))) continue;
    const key = keyAt(LOGFMT_KEYS, bytes, p, end);
    if (key < 0) continue;
    const q = p + (LOGFMT_KEYS[key] as Uint8Array).length;
    if (q >= end) continue;
    const rank = bytes[q] === QUOTE ? readString(bytes, q, end) : readBare(bytes, q, end);
    if (rank === NO_MATCH) continue;
    if (key < best) {
      if (rank === UNSURE) return UNSURE;
      best = key;
      result = rank;
      if (key === 0) return result;
    }
    searchFrom = valueEnd;
    p = valueEnd - 1;
  }
  return result;
}

/** severityOfText's rank: klog's header letter, or a level word among the first three words. */
function textRank(bytes: Uint8Array, start: number, end: number): number {
  const klog = KLOG_LETTERS.get(bytes[start] ?? 0);
  if (klog !== undefined && end - start >= KLOG_HEADER_LENGTH && isKlogHeader(bytes, start)) return klog;
  let p = start;
  for (let word = 0; word < 3; word++) {
    while (p < end && (bytes[p] ?? 0) <= SPACE) p++;
    if (p >= end) break;
    let wordEnd = p;
    while (wordEnd < end && (bytes[wordEnd] ?? 0) > SPACE) wordEnd++;
    // WORD_PUNCTUATION: opening brackets before, closing ones and ':', ',', '|' after.
    let from = p;
    while (from < wordEnd && isOpening(bytes[from] ?? 0)) from++;
    let to = wordEnd;
    while (to > from && isClosing(bytes[to - 1] ?? 0)) to--;
    const rank = wordRank(TEXT_WORDS, bytes, from, to);
    if (rank >= 0) return rank;
    p = wordEnd;
  }
  return UNKNOWN_RANK;
}

/** `\d{4} \d\d:\d\d:\d\d` after the letter. */
function isKlogHeader(bytes: Uint8Array, start: number): boolean {
  for (let i = 1; i < KLOG_HEADER_LENGTH; i++) {
    const code = bytes[start + i] ?? 0;
    const ok = i === 5 ? code === SPACE : i === 8 || i === 11 ? code === COLON : isDigit(code);
    if (!ok) return false;
  }
  return true;
}

function isOpening(code: number): boolean {
  return code === 0x5b || code === 0x28 || code === 0x3c;
}

function isClosing(code: number): boolean {
  return code === 0x5d || code === 0x29 || code === COLON || code === 0x3e || code === 0x2c || code === 0x7c;
}

/**
 * The severity rank (severity.ts) lineSeverity gives the plain line bytes[start, end), or UNSURE:
 * then ask lineSeverity.
 */
export function plainLineSeverityRank(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  while (p < end && isBlank(bytes[p] ?? 0)) p++;
  let level = NO_LEVEL;
  if (p < end && bytes[p] === OPEN_BRACE) {
    level = jsonLevelRank(bytes, p, end);
  } else {
    let equals = start;
    while (equals < end && bytes[equals] !== EQUALS) equals++;
    if (equals < end) level = logfmtLevelRank(bytes, start, end);
  }
  return level === NO_LEVEL ? textRank(bytes, start, end) : level;
}
