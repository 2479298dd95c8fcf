import { describe, expect, it } from 'vitest';
import { severityAt, severityOfLevel, severityOfText, severityRank, SEVERITIES } from '../../../../shared/logs/severity.ts';

describe('severityOfLevel', () => {
  it.each([
    ['error', 'error'], ['ERROR', 'error'], ['err', 'error'], ['fatal', 'error'], ['panic', 'error'], ['critical', 'error'], ['E', 'error'],
    ['warn', 'warn'], ['Warning', 'warn'], ['W', 'warn'],
    ['info', 'info'], [' INFO ', 'info'], ['notice', 'info'], ['i', 'info'],
    ['debug', 'debug'], ['trace', 'debug'], ['D', 'debug'],
    ['loud', 'unknown'], ['', 'unknown'],
  ] as const)('reads the level word %j as %s', (word, severity) => {
    expect(severityOfLevel(word)).toBe(severity);
  });

  it.each([[10, 'debug'], [20, 'debug'], [30, 'info'], [40, 'warn'], [50, 'error'], [60, 'error'], ['30', 'info'], [3, 'unknown'], [Number.NaN, 'unknown']] as const)(
    "reads pino's number %j as %s",
    (level, severity) => {
      expect(severityOfLevel(level)).toBe(severity);
    },
  );

  it('gives unknown for values that are not words or numbers', () => {
    expect(severityOfLevel('constructor')).toBe('unknown');
    expect(severityOfLevel('__proto__')).toBe('unknown');
    expect(severityOfText('constructor called')).toBe('unknown');
    expect(severityOfLevel(null)).toBe('unknown');
    expect(severityOfLevel(true)).toBe('unknown');
  });
});

describe('severityOfText', () => {
  it.each([
    ['E1205 12:00:00.123456       1 controller.go:42] sync failed', 'error'],
    ['W1205 12:00:00.123456       1 reflector.go:1] watch closed', 'warn'],
    ['I1205 12:00:00.123456       1 main.go:9] started', 'info'],
    ['F0101 00:00:00.000000       1 main.go:9] boom', 'error'],
    ['ERROR something broke', 'error'],
    ['WARN disk at 91%', 'warn'],
    ['INFO: ready', 'info'],
    ['DEBUG cache miss', 'debug'],
    ['2024-05-01 12:00:00 [warn] slow query', 'warn'],
    ['2024-05-01T12:00:00Z ERROR timeout', 'error'],
    ['[ERROR] (main) failed', 'error'],
  ] as const)('reads %j as %s', (text, severity) => {
    expect(severityOfText(text)).toBe(severity);
  });

  it.each(['Debugging the parser', 'errors=0 warnings=0', 'GET /healthz 200', 'a b c ERROR too late', '', 'I12 not klog', 'E ok'])(
    'gives unknown for %j (no level word at the start)',
    (text) => {
      expect(severityOfText(text)).toBe('unknown');
    },
  );
});

describe('severity ranks', () => {
  it('orders unknown < debug < info < warn < error, both ways', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3, 4]);
    expect(SEVERITIES.map((_, rank) => severityAt(rank))).toEqual([...SEVERITIES]);
    expect(severityAt(9)).toBe('unknown');
  });
});
