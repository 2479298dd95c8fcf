import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../../../renderer/src/lib/ansi.ts';
import { parseRefineQuery } from '../../../../shared/logs/field-query.ts';
import { severityRank, type Severity } from '../../../../shared/logs/severity.ts';
import { LogBuffer } from '../../../../renderer/src/lib/log-buffer.ts';
import { LogLineClasses } from '../../../../renderer/src/lib/log-classes.ts';
import {
  compileFilter,
  FilterContextError,
  LogFilter,
  matchRanges,
  MAX_PATTERN_LENGTH,
  type CompiledFilter,
  type FilterSpec,
  type LineRefinement,
} from '../../../../renderer/src/lib/log-filter.ts';

function compiled(pattern: string, mode: FilterSpec['mode'] = 'regex', ignoreCase = false): CompiledFilter {
  const result = compileFilter({ pattern, mode, ignoreCase });
  if (!result.ok) throw new Error(result.error.message);
  return result.filter;
}

function bufferOf(lines: readonly string[], options = {}): LogBuffer {
  const buffer = new LogBuffer(options);
  for (const text of lines) buffer.append({ timestamp: '', text });
  return buffer;
}

/** What the filter shows: [line text, 'match' | 'context', group start]. */
function rows(buffer: LogBuffer, filter: LogFilter): Array<[string, string, boolean]> {
  const out: Array<[string, string, boolean]> = [];
  for (let row = 0; row < filter.rowCount; row++) {
    out.push([buffer.text(filter.seqAt(row)), filter.isMatch(row) ? 'match' : 'context', filter.isGroupStart(row)]);
  }
  return out;
}

function filtered(lines: readonly string[], pattern: string, context = { before: 0, after: 0 }, mode: FilterSpec['mode'] = 'regex') {
  const buffer = bufferOf(lines);
  const filter = new LogFilter(buffer, compiled(pattern, mode), context);
  filter.update();
  return rows(buffer, filter);
}

describe('compileFilter', () => {
  it('reports an invalid regular expression instead of throwing', () => {
    const result = compileFilter({ pattern: 'error(', mode: 'regex', ignoreCase: false });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-pattern');
      expect(result.error.message).toMatch(/^Invalid regular expression: \/error\(\/.*: Unterminated group$/);
    }
  });

  it('refuses an over-long pattern', () => {
    const result = compileFilter({ pattern: 'a'.repeat(MAX_PATTERN_LENGTH + 1), mode: 'text', ignoreCase: false });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'invalid-pattern', message: `The filter is ${MAX_PATTERN_LENGTH + 1} characters long; the limit is ${MAX_PATTERN_LENGTH}` },
    });
  });

  it('uses Unicode mode when it can and the classic syntax when it must', () => {
    expect(compiled('\\p{Lu}{3}').line.test('xABCx')).toBe(true);
    expect(compiled('\\p{Lu}').line.unicode).toBe(true);
    // `\-` outside a class is an error in Unicode mode but fine in the classic syntax users type.
    expect(compiled('a\\-b').line.test('a-b')).toBe(true);
  });

  it('takes a plain-text filter literally', () => {
    expect(filtered(['a.b', 'axb', 'x(y)[z]'], 'a.b', undefined, 'text').map((r) => r[0])).toEqual(['a.b']);
    expect(filtered(['a.b', 'axb', 'x(y)[z]'], '(y)[z]', undefined, 'text').map((r) => r[0])).toEqual(['x(y)[z]']);
  });

  it('ignores case when asked', () => {
    const buffer = bufferOf(['ERROR', 'error', 'Error', 'fine']);
    const filter = new LogFilter(buffer, compiled('error', 'text', true));
    filter.update();
    expect(filter.matchCount).toBe(3);
  });
});

describe('LogFilter', () => {
  const lines = ['a 1', 'b 2', 'c 3', 'MATCH 4', 'd 5', 'e 6', 'f 7', 'g 8', 'MATCH 9', 'h 10', 'MATCH 11', 'i 12'];

  it('returns matching lines only, without context', () => {
    expect(filtered(lines, 'MATCH')).toEqual([
      ['MATCH 4', 'match', false],
      ['MATCH 9', 'match', true],
      ['MATCH 11', 'match', true],
    ]);
  });

  it('keeps context lines like grep -C, merging overlaps and marking gaps', () => {
    expect(filtered(lines, 'MATCH', { before: 1, after: 1 })).toEqual([
      ['c 3', 'context', false],
      ['MATCH 4', 'match', false],
      ['d 5', 'context', false],
      ['g 8', 'context', true],
      ['MATCH 9', 'match', false],
      ['h 10', 'context', false],
      ['MATCH 11', 'match', false],
      ['i 12', 'context', false],
    ]);
  });

  it('clips context at the start and end of the buffer', () => {
    expect(filtered(['MATCH', 'x', 'y'], 'MATCH', { before: 5, after: 1 })).toEqual([
      ['MATCH', 'match', false],
      ['x', 'context', false],
    ]);
  });

  it('matches the text a reader sees, with colour codes removed', () => {
    expect(filtered(['\u001b[31merror\u001b[0m: disk', 'err\u001b[1mor split', 'no problem'], 'error').map((r) => r[0])).toEqual([
      '\u001b[31merror\u001b[0m: disk',
      'err\u001b[1mor split',
    ]);
    expect(filtered(['ab\rcd', 'x'], 'abcd').map((r) => r[0])).toEqual(['ab\rcd']);
  });

  it('matches non-ASCII text', () => {
    expect(filtered(['grüße', 'gruesse', '日本語のログ', '🚀 launch'], 'ü|本語|🚀').map((r) => r[0])).toEqual([
      'grüße',
      '日本語のログ',
      '🚀 launch',
    ]);
  });

  it('never lets a match run from one line into the next', () => {
    expect(filtered(['foo', 'bar', 'foo bar'], 'foo\\sbar').map((r) => r[0])).toEqual(['foo bar']);
    expect(filtered(['ab', 'c', 'xabc'], 'ab[^x]').map((r) => r[0])).toEqual(['xabc']);
    expect(filtered(['x', 'y', 'xy'], '(?<=x)y').map((r) => r[0])).toEqual(['xy']);
    expect(filtered(['x', 'y', 'yx'], 'x(?!$)|y(?=x)').map((r) => r[0])).toEqual(['yx']);
    // Lookaround that could see the '\n' between lines, if lines were searched joined.
    expect(filtered(['x', 'y', 'x y'], 'x(?=\\s)').map((r) => r[0])).toEqual(['x y']);
    expect(filtered(['x', 'y', 'x y'], '(?<=\\s)y').map((r) => r[0])).toEqual(['x y']);
  });

  it('treats ^ and $ as the line start and end, and survives patterns that match empty text', () => {
    expect(filtered(['start here', 'not start', 'ends here'], '^start|here$').map((r) => r[0])).toEqual(['start here', 'ends here']);
    expect(filtered(['a', '', 'b'], '').length).toBe(3);
    expect(filtered(['a', '', 'b'], 'z*').length).toBe(3);
    expect(filtered(['a', '', 'b'], '^$').map((r) => r[0])).toEqual(['']);
  });

  it('checks lines as they arrive and keeps trailing context growing', () => {
    const buffer = bufferOf(['x', 'MATCH']);
    const filter = new LogFilter(buffer, compiled('MATCH'), { before: 1, after: 2 });
    filter.update();
    expect(rows(buffer, filter).map((r) => r[0])).toEqual(['x', 'MATCH']);
    buffer.append({ timestamp: '', text: 'after 1' });
    filter.update();
    expect(rows(buffer, filter).map((r) => r[0])).toEqual(['x', 'MATCH', 'after 1']);
    for (const text of ['after 2', 'after 3', 'before', 'MATCH again']) buffer.append({ timestamp: '', text });
    filter.update();
    expect(rows(buffer, filter)).toEqual([
      ['x', 'context', false],
      ['MATCH', 'match', false],
      ['after 1', 'context', false],
      ['after 2', 'context', false],
      ['before', 'context', true],
      ['MATCH again', 'match', false],
    ]);
  });

  it('forgets rows and matches the buffer dropped', () => {
    const buffer = bufferOf(['MATCH 0', 'x', 'MATCH 2'], { maxLines: 3 });
    const filter = new LogFilter(buffer, compiled('MATCH'), { before: 0, after: 1 });
    filter.update();
    expect(filter.matchCount).toBe(2);
    buffer.append({ timestamp: '', text: 'y' });
    buffer.append({ timestamp: '', text: 'z' });
    filter.update();
    expect(rows(buffer, filter)).toEqual([
      ['MATCH 2', 'match', false],
      ['y', 'context', false],
    ]);
    expect(filter.matchCount).toBe(1);
  });

  it('starts over with the new lines after the buffer is cleared', () => {
    const buffer = bufferOf(['MATCH a', 'x']);
    const filter = new LogFilter(buffer, compiled('MATCH'));
    filter.update();
    buffer.clear();
    buffer.append({ timestamp: '', text: 'MATCH b' });
    filter.update();
    expect(rows(buffer, filter)).toEqual([['MATCH b', 'match', false]]);
    expect(filter.matchCount).toBe(1);
  });

  it('can be spread over several calls', () => {
    const buffer = bufferOf(Array.from({ length: 100 }, (_, i) => `line ${i}`));
    const filter = new LogFilter(buffer, compiled('7'));
    expect(filter.update(40)).toBe(false);
    expect(filter.matchCount).toBe(4); // 7, 17, 27, 37
    expect(filter.update(40)).toBe(false);
    expect(filter.update(40)).toBe(true);
    expect(filter.matchCount).toBe(19);
    expect(filter.caughtUp).toBe(true);
  });

  it('refuses a negative or fractional context', () => {
    expect(() => new LogFilter(bufferOf([]), compiled('x'), { before: -1, after: 0 })).toThrow(FilterContextError);
    expect(() => new LogFilter(bufferOf([]), compiled('x'), { before: 0, after: 1.5 })).toThrow(/context after must be an integer/);
  });

  it('agrees with grep -C on any lines, appended in any batches (model check)', () => {
    const unit = fc.constantFrom('a', 'b', 'x', ' ', 'é', '日', '🚀', '\u001b[31m', '\u001b[0m', '\r', '\t', '-');
    const patterns = ['a', 'ab', 'a.b', '^b', 'x$', 'a\\sb', '(?<=a)b', '(?<=\\s)b', 'a(?=\\s)', '[^a]b', 'é|日', '🚀', 'A', '\\d*', 'b{2,}', 'a-b'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit, maxLength: 12 }), { maxLength: 20 }), { maxLength: 12 }),
        fc.constantFrom(...patterns),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (batches, pattern, ignoreCase, before, after) => {
          const buffer = new LogBuffer({ maxLines: 40 });
          const filter = new LogFilter(buffer, compiled(pattern, 'regex', ignoreCase), { before, after });
          const all: string[] = [];
          for (const batch of batches) {
            for (const text of batch) {
              buffer.append({ timestamp: '', text });
              all.push(text);
            }
            filter.update();
          }
          const line = new RegExp(pattern, ignoreCase ? 'iu' : 'u');
          const shown = new Set<number>();
          const matched = new Set<number>();
          all.forEach((text, seq) => {
            if (!line.test(visibleText(text))) return;
            matched.add(seq);
            for (let s = seq - before; s <= seq + after; s++) shown.add(s);
          });
          const expected = [...shown].filter((s) => buffer.has(s)).sort((p, q) => p - q);
          const actual = Array.from({ length: filter.rowCount }, (_, row) => filter.seqAt(row));
          expect(actual).toEqual(expected);
          actual.forEach((seq, row) => {
            expect(filter.isMatch(row)).toBe(matched.has(seq));
            expect(filter.isGroupStart(row)).toBe(row > 0 && seq !== (actual[row - 1] ?? 0) + 1);
          });
          expect(filter.matchCount).toBe(expected.filter((s) => matched.has(s)).length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('matchRanges', () => {
  it('finds every match in a line for highlighting', () => {
    expect(matchRanges('error: an error', compiled('error'))).toEqual([
      [0, 5],
      [10, 15],
    ]);
    expect(matchRanges('ERROR error', compiled('error', 'text', true))).toEqual([
      [0, 5],
      [6, 11],
    ]);
  });

  it('skips empty matches and stops at a sane count', () => {
    expect(matchRanges('abc', compiled('x*'))).toEqual([]);
    expect(matchRanges('a🚀a', compiled('a|(?:)'))).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(matchRanges('a'.repeat(2000), compiled('a'))).toHaveLength(500);
  });

  it('leaves the regex ready for the next line', () => {
    const filter = compiled('b');
    matchRanges('abc', filter);
    expect(matchRanges('b', filter)).toEqual([[0, 1]]);
  });
});

describe('LogFilter with a refinement', () => {
  const LINES = [
    '{"level":"info","msg":"GET /healthz","status":200,"latency_ms":1}',
    '{"level":"error","msg":"GET /orders","status":500,"latency_ms":250}',
    'level=warn msg="slow query" latency_ms=900',
    '{"level":"debug","msg":"cache miss"}',
    'E0501 12:00:00.000000 1 a.go:1] timeout talking to etcd',
    'plain line about healthz',
    '{"log":{"level":"warn"},"status":"500","msg":"retry"}',
  ];

  function refined(query: string, minSeverity: Severity = 'unknown', pattern: string | null = null, context = { before: 0, after: 0 }) {
    const buffer = bufferOf(LINES);
    const parsed = parseRefineQuery(query);
    if (!parsed.ok) throw new Error(parsed.error);
    const refine: LineRefinement = {
      includes: parsed.query.includes.map((p) => compiled(p)),
      excludes: parsed.query.excludes.map((p) => compiled(p)),
      minSeverity: severityRank(minSeverity),
      conditions: parsed.query.conditions,
      classes: new LogLineClasses(buffer),
    };
    const filter = new LogFilter(buffer, pattern === null ? null : compiled(pattern), context, refine);
    filter.update();
    return rows(buffer, filter).map(([text, kind]) => `${kind === 'match' ? '' : '~'}${LINES.indexOf(text)}`);
  }

  it('keeps lines at or above a minimum level, whatever the format', () => {
    expect(refined('', 'warn')).toEqual(['1', '2', '4', '6']);
    expect(refined('', 'error')).toEqual(['1', '4']);
    expect(refined('', 'debug')).toEqual(['0', '1', '2', '3', '4', '6']);
  });

  it('combines several includes (any) and excludes (none)', () => {
    expect(refined('+GET +timeout')).toEqual(['0', '1', '4']);
    expect(refined('-healthz')).toEqual(['1', '2', '3', '4', '6']);
    expect(refined('+GET -healthz')).toEqual(['1']);
  });

  it('filters on fields, numbers compared as numbers, in JSON and logfmt', () => {
    expect(refined('status=500')).toEqual(['1', '6']);
    expect(refined('latency_ms>200')).toEqual(['1', '2']);
    expect(refined('level!=debug status!=200')).toEqual(['1', '2', '4', '5', '6']);
    expect(refined('log.level=warn')).toEqual(['6']);
  });

  it('applies the pattern, the refinement and the level together, with context lines', () => {
    expect(refined('-orders', 'warn', 'GET|retry')).toEqual(['6']);
    expect(refined('latency_ms>500', 'unknown', null, { before: 1, after: 1 })).toEqual(['~1', '2', '~3']);
  });
});

describe('LogFilter.rowOf', () => {
  it('finds the row of a shown line, and none for a hidden or dropped one', () => {
    const buffer = bufferOf(['a1', 'b', 'a2', 'b', 'a3'], { maxLines: 5 });
    const filter = new LogFilter(buffer, compiled('a'));
    filter.update();
    expect([0, 1, 2, 3, 4].map((seq) => filter.rowOf(seq))).toEqual([0, null, 1, null, 2]);
    buffer.append({ timestamp: '', text: 'a4' });
    filter.update();
    expect([0, 2, 4, 5].map((seq) => filter.rowOf(seq))).toEqual([null, 0, 1, 2]);
  });
});

describe('LogFilter rows', () => {
  it('keeps thousands of rows through growth, dropped lines and compaction', () => {
    const buffer = new LogBuffer({ maxLines: 3000 });
    const filter = new LogFilter(buffer, compiled('even'));
    for (let i = 0; i < 10_000; i++) {
      buffer.append({ timestamp: '', text: i % 2 === 0 ? `even ${i}` : `odd ${i}` });
      if (i % 700 === 0) filter.update();
    }
    filter.update();
    expect(filter.rowCount).toBe(1500);
    expect(filter.matchCount).toBe(1500);
    expect([filter.seqAt(0), filter.seqAt(1499)]).toEqual([7000, 9998]);
    expect([filter.rowOf(9000), filter.rowOf(9001), filter.rowOf(6998), filter.rowOf(10_000)]).toEqual([1000, null, null, null]);
    expect(() => filter.seqAt(1500)).toThrow(RangeError);
  });
});
