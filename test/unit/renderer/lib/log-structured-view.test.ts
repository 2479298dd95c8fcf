import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../../shared/logs/severity.ts';
import { parseStructuredLine } from '../../../../shared/logs/structured-line.ts';
import { LogBuffer } from '../../../../renderer/src/lib/log-buffer.ts';
import { LogLineClasses } from '../../../../renderer/src/lib/log-classes.ts';
import {
  columnCells,
  compileRefinement,
  describeMinLevel,
  fieldsSeen,
  firstRowAtOrAfter,
  logPaneKeyHelp,
  nextMinLevel,
} from '../../../../renderer/src/lib/log-structured-view.ts';

describe('the minimum level', () => {
  it('cycles all, debug, info, warn, error and back to all', () => {
    const seen: Severity[] = ['unknown'];
    for (let i = 0; i < 5; i++) seen.push(nextMinLevel(seen[seen.length - 1] as Severity));
    expect(seen).toEqual(['unknown', 'debug', 'info', 'warn', 'error', 'unknown']);
    expect(seen.map(describeMinLevel)).toEqual(['All levels', 'debug and above', 'info and above', 'warn and above', 'error', 'All levels']);
  });
});

describe('columns', () => {
  const lines = ['{"msg":"a","caller":"x.go:1","trace_id":"t1"}', 'msg=b caller=y.go:2', '{"msg":"c"}', 'plain'].map(parseStructuredLine);

  it('offers the fields seen, most frequent first', () => {
    expect(fieldsSeen(lines)).toEqual(['msg', 'caller', 'trace_id']);
  });

  it("gives each row its fields' text, blank where it has none", () => {
    expect(lines.map((line) => columnCells(line, ['caller', 'trace_id']))).toEqual([['x.go:1', 't1'], ['y.go:2', ''], ['', ''], ['', '']]);
  });
});

describe('firstRowAtOrAfter', () => {
  it('lands on the first row at or after the time, passing over rows without one', () => {
    const times = [undefined, 1000, 2000, undefined, 3000];
    expect(firstRowAtOrAfter(times.length, (row) => times[row], 1500)).toBe(2);
    expect(firstRowAtOrAfter(times.length, (row) => times[row], 2500)).toBe(4);
    expect(firstRowAtOrAfter(times.length, (row) => times[row], 0)).toBe(1);
    expect(firstRowAtOrAfter(times.length, (row) => times[row], 3001)).toBeNull();
  });
});

describe('compileRefinement', () => {
  const classes = new LogLineClasses(new LogBuffer());

  it('keeps every line (null) when nothing narrows', () => {
    expect(compileRefinement('  ', 'unknown', false, classes)).toEqual({ ok: true, refine: null });
  });

  it('compiles patterns and carries the level and conditions', () => {
    const result = compileRefinement('+err -health status>=500', 'warn', true, classes);
    expect(result.ok).toBe(true);
    if (!result.ok || result.refine === null) throw new Error('expected a refinement');
    expect(result.refine.includes.map((filter) => filter.line.source)).toEqual(['err']);
    expect(result.refine.includes[0]?.line.flags).toContain('i');
    expect(result.refine.excludes.map((filter) => filter.line.source)).toEqual(['health']);
    expect(result.refine.minSeverity).toBe(3);
    expect(result.refine.conditions).toHaveLength(1);
  });

  it('names the bad pattern or term', () => {
    expect(compileRefinement('+a(', 'unknown', false, classes)).toMatchObject({ ok: false, error: expect.stringMatching(/^"a\(": .*Invalid regular expression/) });
    expect(compileRefinement('latency>x', 'unknown', false, classes)).toEqual({ ok: false, error: '"latency>x": > compares numbers, and "x" is not a number' });
  });
});

describe('logPaneKeyHelp', () => {
  it('lists the keys with what they do, for the platform', () => {
    const help = logPaneKeyHelp('other').split('\n');
    expect(help).toContain('V: cycle the minimum level');
    expect(help).toContain('C: pick fields as columns');
    expect(help).toContain('J: jump to a time');
    expect(help).toContain('Enter: expand the selected line (↑ ↓ move, Esc closes)');
    expect(logPaneKeyHelp('mac')).toContain('⌃S: save');
  });
});
