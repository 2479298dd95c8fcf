// The log pane's refine box: several include and exclude patterns at once (stern's --include and
// --exclude) and conditions on fields, in one line of text:
//
//   +timeout -healthz status=500 latency_ms>200 level!=debug "connection refused"
//
// `+p` and a bare word include (a line must match one of them), `-p` excludes (a line must match
// none), `name<op>value` compares a field (= != > < >= <=; > and < compare numbers). `level`
// compares the line's severity, whatever field or text it came from. Double quotes keep spaces in a
// pattern or a value. A bad term is refused with a sentence naming it, and nothing is applied.
import { SEVERITIES, severityRank, type Severity } from './severity.ts';
import { fieldText, type FieldValue } from './structured-line.ts';

export type ComparisonOperator = '=' | '!=' | '>' | '<' | '>=' | '<=';

export type FieldCondition =
  | { readonly kind: 'field'; readonly name: string; readonly operator: ComparisonOperator; readonly value: string; readonly number: number | null }
  | { readonly kind: 'level'; readonly operator: ComparisonOperator; readonly severity: Severity };

export interface RefineQuery {
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
  readonly conditions: readonly FieldCondition[];
}

export type RefineResult = { readonly ok: true; readonly query: RefineQuery } | { readonly ok: false; readonly error: string };

export const EMPTY_REFINE: RefineQuery = { includes: [], excludes: [], conditions: [] };
export const MAX_REFINE_LENGTH = 2000;

/** A field name: letters, digits, `_`, `-`, `.` and `@` (`log.level`, `@timestamp`, `trace-id`). */
const CONDITION = /^([A-Za-z_@][\w.@-]*)(>=|<=|!=|=|>|<)(.*)$/s;
const ORDERING: ReadonlySet<ComparisonOperator> = new Set(['>', '<', '>=', '<=']);

/** Splits on spaces outside double quotes; quotes are removed, `\"` is a quote. */
function tokens(text: string): string[] | string {
  const found: string[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i] as string;
    if (quoted) {
      if (character === '\\' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (character === '"') {
        quoted = false;
      } else {
        current += character;
      }
    } else if (character === '"') {
      quoted = true;
      inToken = true;
    } else if (character === ' ' || character === '\t') {
      if (inToken) found.push(current);
      current = '';
      inToken = false;
    } else {
      current += character;
      inToken = true;
    }
  }
  if (quoted) return 'A double quote is not closed';
  if (inToken) found.push(current);
  return found;
}

function condition(term: string, match: RegExpExecArray): FieldCondition | string {
  const [, name = '', operator = '=', value = ''] = match;
  const op = operator as ComparisonOperator;
  if (value === '') return `"${term}": a value is missing after ${op}`;
  if (name === 'level') {
    const severity = SEVERITIES.find((candidate) => candidate === value.toLowerCase());
    if (severity === undefined || severity === 'unknown') return `"${term}": a level is one of error, warn, info, debug`;
    return { kind: 'level', operator: op, severity };
  }
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (ORDERING.has(op) && !Number.isFinite(number)) return `"${term}": ${op} compares numbers, and "${value}" is not a number`;
  return { kind: 'field', name, operator: op, value, number: Number.isFinite(number) ? number : null };
}

export function parseRefineQuery(text: string): RefineResult {
  if (text.length > MAX_REFINE_LENGTH) return { ok: false, error: `The query is ${text.length} characters long; the limit is ${MAX_REFINE_LENGTH}` };
  const split = tokens(text);
  if (typeof split === 'string') return { ok: false, error: split };
  const includes: string[] = [];
  const excludes: string[] = [];
  const conditions: FieldCondition[] = [];
  for (const term of split) {
    if (term.startsWith('+') || term.startsWith('-')) {
      const pattern = term.slice(1);
      if (pattern === '') return { ok: false, error: `"${term}": a pattern is missing after ${term}` };
      (term.startsWith('+') ? includes : excludes).push(pattern);
      continue;
    }
    const match = CONDITION.exec(term);
    if (match === null) {
      if (/^[=!<>]/.test(term)) return { ok: false, error: `"${term}": a field name is missing before the comparison` };
      includes.push(term);
      continue;
    }
    const parsed = condition(term, match);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    conditions.push(parsed);
  }
  return { ok: true, query: { includes, excludes, conditions } };
}

function compare(left: number, operator: ComparisonOperator, right: number): boolean {
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '<':
      return left < right;
    case '>=':
      return left >= right;
    case '<=':
      return left <= right;
  }
}

/**
 * Whether a field's value (undefined: the line has no such field) satisfies a field condition.
 * A missing field satisfies only `!=`. Numbers compare as numbers when both sides are numbers
 * (`status=500` matches 500 and "500"), otherwise `=` and `!=` compare the text.
 */
export function fieldMatches(value: FieldValue | undefined, condition: Extract<FieldCondition, { kind: 'field' }>): boolean {
  if (value === undefined) return condition.operator === '!=';
  // A number is compared as one without being written out: a filter meets a million of them.
  if (typeof value === 'number' && condition.number !== null && Number.isFinite(value)) return compare(value, condition.operator, condition.number);
  const text = fieldText(value);
  const number = typeof value === 'number' ? value : text.trim() === '' ? Number.NaN : Number(text);
  if (condition.number !== null && Number.isFinite(number)) return compare(number, condition.operator, condition.number);
  if (condition.operator === '=') return text === condition.value;
  if (condition.operator === '!=') return text !== condition.value;
  return false;
}

export function levelMatches(severity: Severity, condition: Extract<FieldCondition, { kind: 'level' }>): boolean {
  return compare(severityRank(severity), condition.operator, severityRank(condition.severity));
}
