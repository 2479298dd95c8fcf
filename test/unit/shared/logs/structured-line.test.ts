import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldText, lineField, lineSeverity, parseStructuredLine, prettyLine } from '../../../../shared/logs/structured-line.ts';

// Fixtures: what real loggers write.
const ZAP = '{"level":"error","ts":1714564800.5,"caller":"server/main.go:42","msg":"request failed","status":500,"latency_ms":212.5,"trace_id":"abc123"}';
const ECS = '{"@timestamp":"2024-05-01T12:00:00Z","log":{"level":"WARN","logger":"app"},"message":"slow"}';
const PINO = '{"level":30,"time":1714564800000,"pid":1,"msg":"listening"}';
const LOGRUS = 'time="2024-05-01T12:00:00Z" level=debug msg="cache miss" key=user:42';
const GO_KIT = 'ts=2024-05-01T12:00:00Z caller=main.go:9 lvl=warn msg=retrying attempt=3';
const KLOG = 'E0501 12:00:00.123456       1 controller.go:42] "sync failed" err="timeout"';
const PLAIN = 'Listening on :8080';

describe('lineSeverity and the format', () => {
  it.each([
    [ZAP, 'json', 'error'],
    [ECS, 'json', 'warn'],
    [PINO, 'json', 'info'],
    ['{"severity":"DEBUG","message":"x"}', 'json', 'debug'],
    ['{"msg":"no level here"}', 'json', 'unknown'],
    [LOGRUS, 'logfmt', 'debug'],
    [GO_KIT, 'logfmt', 'warn'],
    [KLOG, 'plain', 'error'],
    [PLAIN, 'plain', 'unknown'],
    ['ERROR {"not":"json"', 'plain', 'error'],
    ['{"msg":"a \\"level\\": \\"error\\" inside a string"}', 'json', 'unknown'],
    ['  {"level":"info","msg":"日本語 ✓ 😀"}  ', 'json', 'info'],
    ['{"level":"w\\u0061rn"}', 'json', 'warn'],
  ] as const)('%j is %s at %s', (text, format, severity) => {
    expect(lineSeverity(text)).toBe(severity);
    expect(parseStructuredLine(text)).toMatchObject({ format, severity });
  });

  it('keeps the level of a JSON line cut short, which stays plain text', () => {
    expect(parseStructuredLine('{"level":"error","msg":"cut off')).toEqual({ format: 'plain', severity: 'error', fields: [] });
    expect(lineSeverity('{"level":"error",}')).toBe('error');
  });

  it('prefers level over lvl over severity over log.level', () => {
    expect(lineSeverity('{"severity":"debug","level":"error"}')).toBe('error');
    expect(lineSeverity('{"log.level":"warn","severity":"info"}')).toBe('info');
    expect(lineSeverity('severity=warn lvl=error')).toBe('error');
    expect(lineSeverity('msg="x" lvl="warning"')).toBe('warn');
  });

  it('reads a level value with an escape JSON refuses as unknown, without throwing', () => {
    expect(lineSeverity('{"level":"\\x","msg":"ERROR"}')).toBe('unknown');
    expect(lineSeverity('level="\\u00" msg=x')).toBe('unknown');
    expect(lineField('{"status":"\\x"}', 'status')).toBe('\\x');
  });

  it('reads a very long JSON line', () => {
    expect(lineSeverity(`{"msg":"${'y'.repeat(300_000)}","level":"warn"}`)).toBe('warn');
  });
});

describe('lineField', () => {
  it('reads one field from JSON (nested too) and logfmt lines', () => {
    expect(lineField(ZAP, 'status')).toBe(500);
    expect(lineField(ZAP, 'latency_ms')).toBe(212.5);
    expect(lineField('{"ok":true,"none":null,"q":"a\\"b"}', 'q')).toBe('a"b');
    expect(lineField('{"ok":true,"none":null}', 'ok')).toBe(true);
    expect(lineField('{"ok":true,"none":null}', 'none')).toBeNull();
    expect(lineField('{"a.b":1}', 'a.b')).toBe(1);
    expect(lineField('{"upstream":{"status":502},"status":200}', 'status')).toBe(200);
    expect(lineField('{"upstream":{"status":502}}', 'upstream.status')).toBe(502);
    expect(lineField(ZAP, 'trace_id')).toBe('abc123');
    expect(lineField(ECS, 'log.level')).toBe('WARN');
    expect(lineField(GO_KIT, 'attempt')).toBe('3');
    expect(lineField(LOGRUS, 'msg')).toBe('cache miss');
  });

  it('keeps the fields of a flat JSON line cut short, as its level', () => {
    expect(lineField('{"status":500,"msg":"cut', 'status')).toBe(500);
  });

  it('is undefined for a missing field, malformed nested JSON and plain text', () => {
    expect(lineField('{"a":{"status":500}', 'a.status')).toBeUndefined();
    expect(lineField(ZAP, 'missing')).toBeUndefined();
    expect(lineField(PLAIN, 'status')).toBeUndefined();
    expect(lineField('prose with status=500 inside', 'status')).toBeUndefined();
  });

  it('reads numbers as Number() would, whole or not', () => {
    const value = (raw: string): unknown => lineField(`{"n":${raw}}`, 'n');
    expect([value('0'), value('-0'), value('007'), value('-12'), value('1.5e3'), value('2E-2'), value('5.')]).toEqual([0, -0, 7, -12, 1500, 0.02, 5]);
    expect(Object.is(value('-0'), -0)).toBe(true);
    // Past 15 digits a sum could round differently from Number(): those go through Number().
    // (summed digit by digit, this one would come out 44449030048289940)
    expect(value('44449030048289944')).toBe(Number('44449030048289944'));
    expect(value('1e999')).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads a flat line exactly as the regex it replaced', () => {
    // The pattern lineField used before it read flat lines by hand: the reference for every line.
    const reference = (text: string, name: string): unknown => {
      const key = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const match = new RegExp(`${key}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`).exec(text);
      if (match === null) return undefined;
      const raw = match[1] as string;
      if (raw === 'true' || raw === 'false' || raw === 'null') return JSON.parse(raw);
      if (!raw.startsWith('"')) return Number(raw);
      if (!raw.includes('\\')) return raw.slice(1, -1);
      try {
        return JSON.parse(raw);
      } catch {
        return raw.slice(1, -1);
      }
    };
    // Key, space, colon, space, value: shaped like fields so the reader's every branch is met.
    const key = fc.constantFrom('"status"', '"st"', '"a\\"status\\""', 'status', '"x"');
    const space = fc.constantFrom('', ' ', '\t', '\n', '\r', '\u00a0', '\u202f', '\u3000', '\u2028', '\u200b');
    const colon = fc.constantFrom(':', ':', '', '=');
    const number = fc.stringMatching(/^-?\d{0,20}(\.\d{0,3})?([eE][+-]?\d{0,3})?$/);
    const stringValue = fc
      .array(fc.constantFrom('a', '"', '\\', '\\"', '\\\n', '\\\r', '\\\u2028', '\\\u2029', '\n', '\u00e9', '\ud83d\ude00', '\\u0041', '\\x'), { maxLength: 6 })
      .map((parts) => `"${parts.join('')}`);
    const value = fc.oneof(number, stringValue, fc.constantFrom('true', 'tru', 'false', 'null', 'nul', 'x', ''));
    const field = fc.tuple(key, space, colon, space, value, fc.constantFrom(',', '', '"', ' ')).map((parts) => parts.join(''));
    const line = fc.array(field, { maxLength: 4 }).map((fields) => `{${fields.join('')}`);
    fc.assert(
      fc.property(line, fc.constantFrom('status', 'st', 'a"status"'), (text, name) => {
        expect(lineField(text, name)).toStrictEqual(reference(text, name));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseStructuredLine', () => {
  it('lists every field in order, with its format and severity', () => {
    expect(parseStructuredLine(ECS)).toEqual({
      format: 'json',
      severity: 'warn',
      fields: [
        { name: '@timestamp', value: '2024-05-01T12:00:00Z' },
        { name: 'log.level', value: 'WARN' },
        { name: 'log.logger', value: 'app' },
        { name: 'message', value: 'slow' },
      ],
    });
    expect(parseStructuredLine(GO_KIT).fields.map((field) => field.name)).toEqual(['ts', 'caller', 'lvl', 'msg', 'attempt']);
  });

  it('keeps malformed JSON as plain text with no fields (its level still counts)', () => {
    expect(parseStructuredLine('{"level":"error", oops}')).toEqual({ format: 'plain', severity: 'error', fields: [] });
    expect(parseStructuredLine('{"msg":"x" "y"}')).toEqual({ format: 'plain', severity: 'unknown', fields: [] });
  });

  it('gives plain lines their text severity', () => {
    expect(parseStructuredLine(KLOG)).toEqual({ format: 'plain', severity: 'error', fields: [] });
  });
});

describe('prettyLine and fieldText', () => {
  it('indents JSON, lists logfmt pairs and leaves plain text alone', () => {
    expect(prettyLine('{"a":1,"b":{"c":"d"}}', parseStructuredLine('{"a":1,"b":{"c":"d"}}'))).toBe('{\n  "a": 1,\n  "b": {\n    "c": "d"\n  }\n}');
    expect(prettyLine('a=1 b="x y"', parseStructuredLine('a=1 b="x y"'))).toBe('a: 1\nb: x y');
    expect(prettyLine(PLAIN, parseStructuredLine(PLAIN))).toBe(PLAIN);
  });

  it('writes values as JSON would, strings bare', () => {
    expect([fieldText('x'), fieldText(1.5), fieldText(false), fieldText(null)]).toEqual(['x', '1.5', 'false', 'null']);
  });
});
