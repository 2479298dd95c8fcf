// One log line read as JSON, logfmt or plain text, and its severity. Two speeds: `lineSeverity` and
// `lineField` read only what a filter needs (the level, or one field) without building the line's
// fields, for filters that run over a million lines; `parseStructuredLine` validates the line and
// builds every field, for the few rows on screen and the expanded one.
import { jsonLeafValue, looksLikeJsonObject, scanJsonObject } from './json-scan.ts';
import { scanLogfmt } from './logfmt.ts';
import { severityOfLevel, severityOfText, type Severity } from './severity.ts';

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

/** Per field name, the regex that reads it from a flat JSON line. */
const FLAT_FIELD = new Map<string, RegExp>();
const MAX_FLAT_FIELD_PATTERNS = 64;

function flatFieldPattern(name: string): RegExp {
  let pattern = FLAT_FIELD.get(name);
  if (pattern === undefined) {
    const key = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    pattern = new RegExp(`${key}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`);
    // Names come from what is typed, one per keystroke: keep the few in use, not every prefix.
    if (FLAT_FIELD.size >= MAX_FLAT_FIELD_PATTERNS) FLAT_FIELD.clear();
    FLAT_FIELD.set(name, pattern);
  }
  return pattern;
}

/**
 * One field's value (the first, if a logfmt line repeats it); undefined when the line has no such
 * field. A flat JSON line (no object or array inside) is read with one regex step, as its level is;
 * a nested one is scanned, so `status` is never taken from inside another object.
 */
export function lineField(text: string, name: string): FieldValue | undefined {
  if (looksLikeJsonObject(text)) {
    const brace = text.indexOf('{');
    if (text.indexOf('{', brace + 1) === -1 && !text.includes('[')) {
      const match = flatFieldPattern(name).exec(text);
      if (match === null) return undefined;
      const raw = match[1] as string;
      return raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : levelValue(raw, true);
    }
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
