import { describe, expect, it } from 'vitest';
import { fieldMatches, levelMatches, parseRefineQuery, type FieldCondition } from '../../../../shared/logs/field-query.ts';

function conditionOf(text: string): FieldCondition {
  const result = parseRefineQuery(text);
  if (!result.ok) throw new Error(result.error);
  return result.query.conditions[0] as FieldCondition;
}

function fieldCondition(text: string): Extract<FieldCondition, { kind: 'field' }> {
  const condition = conditionOf(text);
  if (condition.kind !== 'field') throw new Error('not a field condition');
  return condition;
}

describe('parseRefineQuery', () => {
  it('splits includes, excludes and conditions, with quotes keeping spaces', () => {
    expect(parseRefineQuery('+timeout -healthz status=500 latency_ms>200 level!=debug "connection refused" msg="a \\"b\\" c"')).toEqual({
      ok: true,
      query: {
        includes: ['timeout', 'connection refused'],
        excludes: ['healthz'],
        conditions: [
          { kind: 'field', name: 'status', operator: '=', value: '500', number: 500 },
          { kind: 'field', name: 'latency_ms', operator: '>', value: '200', number: 200 },
          { kind: 'level', operator: '!=', severity: 'debug' },
          { kind: 'field', name: 'msg', operator: '=', value: 'a "b" c', number: null },
        ],
      },
    });
  });

  it('reads every operator, dotted names and an empty query', () => {
    expect(['a>=1', 'a<=1', 'a!=x', 'a<1', 'log.level=warn', '@t=1'].map((text) => conditionOf(text))).toHaveLength(6);
    expect(conditionOf('a>=1')).toMatchObject({ operator: '>=' });
    expect(conditionOf('log.level=warn')).toMatchObject({ name: 'log.level', value: 'warn' });
    expect(parseRefineQuery('   ')).toEqual({ ok: true, query: { includes: [], excludes: [], conditions: [] } });
  });

  it.each([
    ['status=', '"status=": a value is missing after ='],
    ['latency_ms>fast', '"latency_ms>fast": > compares numbers, and "fast" is not a number'],
    ['level=loud', '"level=loud": a level is one of error, warn, info, debug'],
    ['=500', '"=500": a field name is missing before the comparison'],
    ['+', '"+": a pattern is missing after +'],
    ['-', '"-": a pattern is missing after -'],
    ['"open', 'A double quote is not closed'],
    ['x'.repeat(2001), 'The query is 2001 characters long; the limit is 2000'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseRefineQuery(text)).toEqual({ ok: false, error });
  });
});

describe('fieldMatches', () => {
  it('compares numbers as numbers, from numbers or numeric text', () => {
    expect(fieldMatches(500, fieldCondition('status=500'))).toBe(true);
    expect(fieldMatches('500', fieldCondition('status=500'))).toBe(true);
    expect(fieldMatches(500.0, fieldCondition('status=5e2'))).toBe(true);
    expect(fieldMatches(212.5, fieldCondition('latency_ms>200'))).toBe(true);
    expect(fieldMatches('199', fieldCondition('latency_ms>200'))).toBe(false);
    expect(fieldMatches(200, fieldCondition('latency_ms>=200'))).toBe(true);
    expect(fieldMatches(200, fieldCondition('latency_ms<200'))).toBe(false);
    expect(fieldMatches(3, fieldCondition('a<=3'))).toBe(true);
  });

  it('compares text with = and != and never orders it', () => {
    expect(fieldMatches('GET', fieldCondition('method=GET'))).toBe(true);
    expect(fieldMatches('get', fieldCondition('method=GET'))).toBe(false);
    expect(fieldMatches('POST', fieldCondition('method!=GET'))).toBe(true);
    expect(fieldMatches('fast', fieldCondition('latency_ms>200'))).toBe(false);
    expect(fieldMatches(true, fieldCondition('ok=true'))).toBe(true);
  });

  it('lets a missing field satisfy only !=', () => {
    expect(fieldMatches(undefined, fieldCondition('status!=500'))).toBe(true);
    expect(fieldMatches(undefined, fieldCondition('status=500'))).toBe(false);
    expect(fieldMatches(undefined, fieldCondition('status<500'))).toBe(false);
  });
});

describe('levelMatches', () => {
  it('orders levels: level>=warn keeps warn and error', () => {
    const atLeastWarn = conditionOf('level>=warn');
    if (atLeastWarn.kind !== 'level') throw new Error('not a level condition');
    expect((['error', 'warn', 'info', 'debug', 'unknown'] as const).map((severity) => levelMatches(severity, atLeastWarn))).toEqual([true, true, false, false, false]);
  });
});
