// What the log pane's structured tools decide, as plain functions: the minimum level a key press
// cycles to, the fields offered as columns, a row's column cells, where "jump to a time" lands, and
// the refine box's text turned into what LogFilter applies.
import { parseRefineQuery } from '../../../shared/logs/field-query.ts';
import { SEVERITIES, severityRank, type Severity } from '../../../shared/logs/severity.ts';
import { fieldText, type StructuredLine } from '../../../shared/logs/structured-line.ts';
import type { LogLineClasses } from './log-classes.ts';
import { compileFilter, type CompiledFilter, type LineRefinement } from './log-filter.ts';
import { shortcutKeys, type LogPaneCommand, type Platform } from './shortcuts.ts';

/** The minimum levels the level control offers, in the order `v` cycles them; 'unknown' is "all". */
export const MIN_LEVELS: readonly Severity[] = SEVERITIES;

export function nextMinLevel(current: Severity): Severity {
  return MIN_LEVELS[(MIN_LEVELS.indexOf(current) + 1) % MIN_LEVELS.length] as Severity;
}

export function describeMinLevel(level: Severity): string {
  return level === 'unknown' ? 'All levels' : level === 'error' ? 'error' : `${level} and above`;
}

/** The most fields the column picker lists. */
export const MAX_OFFERED_FIELDS = 50;

/** Field names in these lines, most frequent first (then in order of first appearance). */
export function fieldsSeen(lines: readonly StructuredLine[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) for (const field of line.fields) counts.set(field.name, (counts.get(field.name) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_OFFERED_FIELDS)
    .map(([name]) => name);
}

/** A row's cells for the chosen columns: the field's text, '' when the line has no such field. */
export function columnCells(line: StructuredLine, columns: readonly string[]): string[] {
  return columns.map((name) => {
    const field = line.fields.find((candidate) => candidate.name === name);
    return field === undefined ? '' : fieldText(field.value);
  });
}

/**
 * The first row whose line is at or after `target` (ms since the epoch), in row order: lines
 * without a timestamp are passed over. Null when no line is that late.
 */
export function firstRowAtOrAfter(rowCount: number, millisOfRow: (row: number) => number | undefined, target: number): number | null {
  for (let row = 0; row < rowCount; row++) {
    const millis = millisOfRow(row);
    if (millis !== undefined && millis >= target) return row;
  }
  return null;
}

export type RefinementResult = { readonly ok: true; readonly refine: LineRefinement | null } | { readonly ok: false; readonly error: string };

/**
 * The refine box's text and the minimum level as a LineRefinement (null when they keep every
 * line), its patterns compiled as the filter box's are, or the first thing wrong with it.
 */
export function compileRefinement(text: string, minLevel: Severity, ignoreCase: boolean, classes: LogLineClasses): RefinementResult {
  const parsed = parseRefineQuery(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const compile = (patterns: readonly string[]): CompiledFilter[] | string => {
    const compiled: CompiledFilter[] = [];
    for (const pattern of patterns) {
      const result = compileFilter({ pattern, mode: 'regex', ignoreCase });
      if (!result.ok) return `"${pattern}": ${result.error.message}`;
      compiled.push(result.filter);
    }
    return compiled;
  };
  const includes = compile(parsed.query.includes);
  if (typeof includes === 'string') return { ok: false, error: includes };
  const excludes = compile(parsed.query.excludes);
  if (typeof excludes === 'string') return { ok: false, error: excludes };
  const minSeverity = severityRank(minLevel);
  if (includes.length === 0 && excludes.length === 0 && parsed.query.conditions.length === 0 && minSeverity === 0) return { ok: true, refine: null };
  return { ok: true, refine: { includes, excludes, minSeverity, conditions: parsed.query.conditions, classes } };
}

/** What each log pane key does, for the pane's key help (commands without an entry are left out). */
const KEY_HELP: Partial<Record<LogPaneCommand, string>> = {
  'toggle-follow': 'follow on/off',
  'focus-filter': 'filter',
  'cycle-level': 'cycle the minimum level',
  'pick-columns': 'pick fields as columns',
  'expand-line': 'expand the selected line (↑ ↓ move, Esc closes)',
  'jump-to-time': 'jump to a time',
  'toggle-wrap': 'wrap on/off',
  'toggle-timestamps': 'timestamps on/off',
  'previous-container': "previous container's log",
  tail: 'tail',
  'toggle-all-containers': 'all containers / one',
  save: 'save',
};

/** The pane's key help, one "key: what it does" line per command. */
export function logPaneKeyHelp(platform: Platform): string {
  return (Object.entries(KEY_HELP) as Array<[LogPaneCommand, string]>)
    .map(([command, what]) => `${shortcutKeys(command, platform)[0] ?? ''}: ${what}`)
    .join('\n');
}
