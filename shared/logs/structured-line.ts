// One log line read as JSON, logfmt or plain text, and its severity. Two speeds: `classifyLine` and
// `lineField` read only what a filter needs (the format and level, or one field) without building
// the line's fields, for filters that run over a million lines; `parseStructuredLine` builds every
// field, for the few rows on screen and the expanded one.
import { jsonLeafValue, looksLikeJsonObject, scanJsonObject, type JsonLeafKind } from './json-scan.ts';
import { scanLogfmt } from './logfmt.ts';
import { severityOfLevel, severityOfText, type Severity } from './severity.ts';

export type LineFormat = 'json' | 'logfmt' | 'plain';
export type FieldValue = string | number | boolean | null;

export interface LogField {
  /** Dotted for nested JSON objects: `log.level`. */
  readonly name: string;
  readonly value: FieldValue;
}

export interface LineClass {
  readonly format: LineFormat;
  readonly severity: Severity;
}

export interface StructuredLine extends LineClass {
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

/** The format and severity, without building the fields. */
export function classifyLine(text: string): LineClass {
  let levelRank = LEVEL_FIELDS.length;
  let level: FieldValue = null;
  const fromJson = (path: string, kind: JsonLeafKind, start: number, end: number): void => {
    const rank = LEVEL_FIELD_RANK.get(path);
    if (rank !== undefined && rank < levelRank) {
      levelRank = rank;
      level = jsonLeafValue(text, kind, start, end);
    }
  };
  if (looksLikeJsonObject(text) && scanJsonObject(text, fromJson, LEVEL_FIELDS)) return { format: 'json', severity: severityOfLevel(level) };
  levelRank = LEVEL_FIELDS.length;
  level = null;
  const fromLogfmt = (key: string, value: string): void => {
    const rank = LEVEL_FIELD_RANK.get(key);
    if (rank !== undefined && rank < levelRank) {
      levelRank = rank;
      level = value;
    }
  };
  if (mayBeLogfmt(text) && scanLogfmt(text, fromLogfmt)) return { format: 'logfmt', severity: severityOfLevel(level) };
  return { format: 'plain', severity: severityOfText(text) };
}

/** One field's value (the first, if a logfmt line repeats it); undefined when the line has no such field. */
export function lineField(text: string, name: string): FieldValue | undefined {
  let found: FieldValue | undefined;
  if (looksLikeJsonObject(text)) {
    const wanted = [name];
    const valid = scanJsonObject(
      text,
      (_, kind, start, end) => {
        found ??= jsonLeafValue(text, kind, start, end);
      },
      wanted,
    );
    if (valid) return found;
    found = undefined;
  }
  if (!mayBeLogfmt(text)) return undefined;
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
    if (valid) return { format: 'json', severity: severityOfFields(fields), fields };
    fields.length = 0;
  }
  if (mayBeLogfmt(text) && scanLogfmt(text, (name, value) => fields.push({ name, value }))) {
    return { format: 'logfmt', severity: severityOfFields(fields), fields };
  }
  return { format: 'plain', severity: severityOfText(text), fields: [] };
}

function severityOfFields(fields: readonly LogField[]): Severity {
  for (const name of LEVEL_FIELDS) {
    const field = fields.find((candidate) => candidate.name === name);
    if (field !== undefined) return severityOfLevel(field.value);
  }
  return 'unknown';
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
