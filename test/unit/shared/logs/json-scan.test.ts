import { describe, expect, it } from 'vitest';
import { jsonLeafValue, scanJsonObject } from '../../../../shared/logs/json-scan.ts';

function leaves(text: string): { valid: boolean; leaves: Array<[string, unknown]> } {
  const found: Array<[string, unknown]> = [];
  const valid = scanJsonObject(text, (path, kind, start, end) => found.push([path, jsonLeafValue(text, kind, start, end)]));
  return { valid, leaves: found };
}

describe('scanJsonObject', () => {
  it('reports every leaf with its dotted path and value', () => {
    const text = ' {"level":"info", "n": -1.5e3, "ok": true, "no": false, "nil": null, "log": {"level": "warn", "deep": {"x": 0}}, "tags": [1, {"a": 2}], "e": {}} ';
    expect(leaves(text)).toEqual({
      valid: true,
      leaves: [['level', 'info'], ['n', -1500], ['ok', true], ['no', false], ['nil', null], ['log.level', 'warn'], ['log.deep.x', 0], ['tags', '[1, {"a": 2}]']],
    });
  });

  it('decodes escapes in keys and strings, and keeps unicode', () => {
    expect(leaves('{"m\\u0073g":"tab\\there \\"q\\" ✓ 😀","ü":"ß"}')).toEqual({ valid: true, leaves: [['msg', 'tab\there "q" ✓ 😀'], ['ü', 'ß']] });
  });

  it('keeps a dotted key as written, the same path as the nested form', () => {
    expect(leaves('{"log.level":"error"}').leaves).toEqual([['log.level', 'error']]);
  });

  it.each([
    '{"a":1',
    '{"a":1,}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":-}',
    '{"a":tru}',
    '{"a":"x}',
    '{"a":"bad \\x escape"}',
    '{"a":"\\u12g4"}',
    '{"a" 1}',
    '{a:1}',
    '{"a":1} trailing',
    '{"a":[1,]}',
    '{"a":"raw\ttab"}',
    '[1,2]',
    'plain text',
    '',
  ])('refuses %j exactly as JSON.parse does (or because it is not an object)', (text) => {
    expect(scanJsonObject(text, () => undefined)).toBe(false);
    const parsedObject = (): boolean => {
      try {
        const value: unknown = JSON.parse(text);
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      } catch {
        return false;
      }
    };
    expect(parsedObject()).toBe(false);
  });

  it('scans a very long line', () => {
    const long = 'x'.repeat(200_000);
    expect(leaves(`{"msg":"${long}","level":"debug"}`).leaves).toEqual([['msg', long], ['level', 'debug']]);
  });
});
