// One log line read as JSON, logfmt or plain text, and its severity. Two speeds: `lineSeverity` and
// `lineField` read only what a filter needs (the level, or one field) without building the line's
// fields, for filters that run over a million lines; `parseStructuredLine` validates the line and
// builds every field, for the few rows on screen and the expanded one.
import { jsonLeafValue, looksLikeJsonObject, scanJsonObject } from './json-scan.ts';
import { scanLogfmt } from './logfmt.ts';
import { severityOfLevel, severityOfText, type Severity } from './severity.ts';
import { isDigit, ZERO } from './char-codes.ts';

export type LineFormat = 'json' | 'logfmt' | 'plain';
export type FieldValue = string | number | boolean | null;

export interface LogField {
  /** Dotted for nested JSON objects: `log.level`. */
  readonly name: string;
  readonly value: FieldValue;
}

export interface StructuredLine {
  readonly format: LineFormat;
  readonly severity: Severity;
  /** In the order the line has them; empty for plain text. */
  readonly fields: readonly LogField[];
}

/** Where the level lives, most specific first: the first of these a line has decides its severity. */
export const LEVEL_FIELDS: readonly string[] = ['level', 'lvl', 'severity', 'log.level'];
const LEVEL_FIELD_RANK = new Map(LEVEL_FIELDS.map((name, rank) => [name, rank]));

/** Cheap enough for every line: a line that has no '=' cannot be logfmt, so it is not scanned as such. */
function mayBeLogfmt(text: string): boolean {
  return text.includes('=');
}

/**
 * A level key and its value, at any depth of a JSON-looking line: the level a filter reads with one
 * regex step instead of a scan of the whole line (five times faster over a million lines, measured
 * in bench/structured-logs.ts). A quote inside a JSON string is always escaped, so `"level":` can
 * only be a key. The line need not be valid: one the view cut short keeps its level.
 */
const JSON_LEVEL = /"(level|lvl|severity|log\.level)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
/** The same in a logfmt-looking line: `level=warn`, `lvl="warning"`. */
const LOGFMT_LEVEL = /(?:^|[ \t])(level|lvl|severity|log\.level)=("(?:[^"\\]|\\.)*"|[^ \t"]+)/g;

/**
 * The value text of a JSON_LEVEL or LOGFMT_LEVEL match as a level: strings unquoted, numbers as
 * numbers. A string with an escape JSON refuses (`"\x"`) is kept as written, backslash and all: no
 * level reads so, and one bad line must not stop a filter.
 */
function levelValue(raw: string, json: boolean): FieldValue {
  if (raw.charCodeAt(0) !== 0x22) return json ? Number(raw) : raw;
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** The level field of highest rank (LEVEL_FIELDS order) `pattern` finds, or undefined. */
function levelField(text: string, pattern: RegExp, json: boolean): FieldValue | undefined {
  let best = LEVEL_FIELDS.length;
  let value: FieldValue | undefined;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const rank = LEVEL_FIELD_RANK.get(match[1] as string) ?? best;
    if (rank < best) {
      best = rank;
      value = levelValue(match[2] as string, json);
      if (rank === 0) break;
    }
  }
  pattern.lastIndex = 0;
  return value;
}

/**
 * A line's severity: its level field (level, lvl, severity, log.level; nested or dotted) when it
 * looks like JSON or has such a key=value pair, else what its first words or klog header say.
 */
export function lineSeverity(text: string): Severity {
  const level = looksLikeJsonObject(text) ? levelField(text, JSON_LEVEL, true) : mayBeLogfmt(text) ? levelField(text, LOGFMT_LEVEL, false) : undefined;
  return level === undefined ? severityOfText(text) : severityOfLevel(level);
}

/**
 * Per field name, its JSON key as a line spells it but without the opening quote (`status"`): what a
 * flat line is searched for. A JSON line has a quote every few characters, and each is a false start
 * for a search that begins with one: over bench/structured-logs.ts's 1,000,000 lines, finding
 * `status"` took ~50 ms and `"status"` ~150 ms. The quote is then checked where it was found.
 */
const FLAT_KEY_TAILS = new Map<string, string>();
const MAX_FLAT_KEY_TAILS = 64;

function flatKeyTail(name: string): string {
  let tail = FLAT_KEY_TAILS.get(name);
  if (tail === undefined) {
    tail = JSON.stringify(name).slice(1);
    // Names come from what is typed, one per keystroke: keep the few in use, not every prefix.
    if (FLAT_KEY_TAILS.size >= MAX_FLAT_KEY_TAILS) FLAT_KEY_TAILS.clear();
    FLAT_KEY_TAILS.set(name, tail);
  }
  return tail;
}

/** What a regex's `\s` matches: the flat reader skips the same space a pattern would. */
function isRegexSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** Where a run of digits from `position` ends. */
function digitsEnd(text: string, position: number): number {
  while (isDigit(text.charCodeAt(position))) position++;
  return position;
}

/**
 * The value written at `position` of a flat JSON line, as `levelValue` reads it: a string (to its
 * closing quote, an escape taking the character after it), a number (`-?\d+(\.\d+)?([eE][+-]?\d+)?`),
 * true, false or null; undefined when none starts there.
 */
function flatValueAt(text: string, position: number): FieldValue | undefined {
  const first = text.charCodeAt(position);
  if (first === 0x22) {
    for (let at = position + 1; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x22) return levelValue(text.slice(position, at + 1), true);
      // A regex's `.` takes any character but a line break: `\` before one ends the match.
      if (code === 0x5c && (at + 1 === text.length || isLineBreak(text.charCodeAt(++at)))) return undefined;
    }
    return undefined;
  }
  if (first === 0x2d || isDigit(first)) {
    const digits = first === 0x2d ? position + 1 : position;
    let end = digits;
    let whole = 0;
    for (let code = text.charCodeAt(end); isDigit(code); code = text.charCodeAt(++end)) whole = whole * 10 + code - ZERO;
    if (end === digits) return undefined;
    const next = text.charCodeAt(end);
    // Most values are small whole numbers: summed as read, exactly, without a string made for Number().
    if (end - digits <= 15 && next !== 0x2e && next !== 0x65 && next !== 0x45) return first === 0x2d ? -whole : whole;
    if (next === 0x2e && isDigit(text.charCodeAt(end + 1))) end = digitsEnd(text, end + 1);
    const e = text.charCodeAt(end);
    if (e === 0x65 || e === 0x45) {
      const sign = text.charCodeAt(end + 1);
      const exponent = sign === 0x2b || sign === 0x2d ? end + 2 : end + 1;
      const exponentEnd = digitsEnd(text, exponent);
      if (exponentEnd > exponent) end = exponentEnd;
    }
    return Number(text.slice(position, end));
  }
  if (text.startsWith('true', position)) return true;
  if (text.startsWith('false', position)) return false;
  if (text.startsWith('null', position)) return null;
  return undefined;
}

/**
 * A field of a flat JSON line: the first `"name"` followed by `:` (space either side) and a value.
 * A quote inside a JSON string is always escaped, so `"name":` can only be a key. Read by hand,
 * not by a regex: no match array or value text is made for a number. With the key's search below,
 * the field filter over a million lines went from 566 to 290 ms (bench/structured-logs.ts run
 * alone, medians of 5); it read each line with the regex it replaced, and must read them the same.
 */
function flatField(text: string, name: string): FieldValue | undefined {
  const tail = flatKeyTail(name);
  for (let found = text.indexOf(tail, 1); found !== -1; found = text.indexOf(tail, found + 1)) {
    if (text.charCodeAt(found - 1) !== 0x22) continue;
    let position = found + tail.length;
    while (isRegexSpace(text.charCodeAt(position))) position++;
    if (text.charCodeAt(position) !== 0x3a) continue;
    position++;
    while (isRegexSpace(text.charCodeAt(position))) position++;
    const value = flatValueAt(text, position);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** An object or array after the line's first brace: a line with none is flat. */
const NESTING = /[{[]/g;

/**
 * One field's value (the first, if a logfmt line repeats it); undefined when the line has no such
 * field. A flat JSON line (no object or array inside) is searched for the key (`flatField`); a
 * nested one is scanned, so `status` is never taken from inside another object.
 */
export function lineField(text: string, name: string): FieldValue | undefined {
  if (looksLikeJsonObject(text)) {
    NESTING.lastIndex = text.indexOf('{') + 1;
    if (!NESTING.test(text)) return flatField(text, name);
    let found: FieldValue | undefined;
    const valid = scanJsonObject(
      text,
      (_, kind, start, end) => {
        found ??= jsonLeafValue(text, kind, start, end);
      },
      [name],
    );
    if (valid) return found;
  }
  if (!mayBeLogfmt(text)) return undefined;
  let found: FieldValue | undefined;
  const valid = scanLogfmt(text, (key, value) => {
    if (found === undefined && key === name) found = value;
  });
  return valid ? found : undefined;
}

/** Every field, the format and the severity: for rows on screen. */
export function parseStructuredLine(text: string): StructuredLine {
  const fields: LogField[] = [];
  if (looksLikeJsonObject(text)) {
    const valid = scanJsonObject(text, (name, kind, start, end) => {
      fields.push({ name, value: jsonLeafValue(text, kind, start, end) });
    });
    if (valid) return { format: 'json', severity: lineSeverity(text), fields };
    fields.length = 0;
  }
  if (mayBeLogfmt(text) && scanLogfmt(text, (name, value) => fields.push({ name, value }))) {
    return { format: 'logfmt', severity: lineSeverity(text), fields };
  }
  return { format: 'plain', severity: lineSeverity(text), fields: [] };
}

/** A field's value as the pane shows and copies it: strings as they are, the rest as JSON writes them. */
export function fieldText(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** The line laid out for reading: JSON indented, logfmt one pair per line, plain text as it is. */
export function prettyLine(text: string, line: StructuredLine): string {
  if (line.format === 'json') return JSON.stringify(JSON.parse(text), null, 2);
  if (line.format === 'logfmt') return line.fields.map((field) => `${field.name}: ${fieldText(field.value)}`).join('\n');
  return text;
}
