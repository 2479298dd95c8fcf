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
