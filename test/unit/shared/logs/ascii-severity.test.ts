import { describe, expect, it } from 'vitest';
import { plainLineSeverityRank, UNSURE } from '../../../../shared/logs/ascii-severity.ts';
import { severityRank } from '../../../../shared/logs/severity.ts';
import { lineSeverity } from '../../../../shared/logs/structured-line.ts';

const ENCODER = new TextEncoder();
/** What LogBuffer calls plain: ASCII without control characters but tab. */
const PLAIN = /^[\t\u0020-\u007e]*$/;

/** The fast path's answer for `text`, read from the middle of a larger array as the buffer's runs are. */
function fastRank(text: string): number {
  const bytes = ENCODER.encode(`x\n${text}\ny`);
  return plainLineSeverityRank(bytes, 2, bytes.length - 2);
}

/** A small deterministic generator (mulberry32), so a failure names a line that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['level', 'lvl', 'severity', 'log.level', 'Level', 'LEVEL', 'levels', 'xlevel', 'msg', 'log', 'lv', 'sev', 'log.lvl', 'caller'];
const WORDS = [
  'error', 'ERROR', 'Err', 'eror', 'fatal', 'panic', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'dpanic', 'warn', 'Warning', 'WRN',
  'info', 'inf', 'Information', 'informational', 'notice', 'debug', 'DBG', 'trace', 'trc', 'verbose', 'e', 'F', 'w', 'I', 'd', 't', 'x',
  'constructor', '__proto__', 'toString', 'infos', 'warnings', 'err0r', '', ' info ', '\twarn', 'ERROR ', 'in fo', '30', '0040', '9', '10', '-30',
  '12345678901234567890', '55.5', 'w\\u0061rn', 'err\\"or', '\\x', 'a\\\\', 'd\\u00',
];
const NUMBERS = ['30', '40', '50', '60', '10', '20', '9', '0', '-40', '007', '45.5', '9.9999', '4e1', '5E+1', '3e-1', '1.', '1e', '1e+', '99999999999999999999', '-', '.5', '40x'];
const SOUP = [
  '"', '"', '\\', '\\"', '{', '}', '[', ']', ':', '=', ',', '|', ' ', ' ', '\t', '(', ')', '<', '>', 'level', 'lvl', 'severity', 'log.level', 'log', '.',
  'error', 'WARN', 'info', 'Debug', 'E', 'W', 'I', 'F', '0501', '12:00:00', '1205', '1', '30', '-', 'e', 'x', 'msg', 'ü', '日本', '😀', '\u00a0', '\u2028',
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function blanks(next: () => number): string {
  return pick(next, ['', '', '', ' ', '\t', '  ', ' \t']);
}

function jsonValue(next: () => number, depth: number): string {
  const roll = next();
  if (roll < 0.45) return `"${pick(next, WORDS)}"`;
  if (roll < 0.7) return pick(next, NUMBERS);
  if (roll < 0.8 && depth < 3) return jsonObject(next, depth + 1);
  if (roll < 0.9) return pick(next, ['true', 'null', '[1,"level"]', '"a \\"level\\": \\"error\\" b"', '"日本語 ✓ 😀"']);
  return `"${pick(next, WORDS)}`;
}

function jsonObject(next: () => number, depth: number): string {
  const members: string[] = [];
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) members.push(`"${pick(next, KEYS)}"${blanks(next)}:${blanks(next)}${jsonValue(next, depth)}`);
  return `{${members.join(pick(next, [',', ', ', ',\t', ' , ']))}}`;
}

function logfmtLine(next: () => number): string {
  const pairs: string[] = [];
  const count = 1 + Math.floor(next() * 5);
  for (let i = 0; i < count; i++) {
    const value = next() < 0.3 ? `"${pick(next, WORDS)}"` : next() < 0.5 ? pick(next, NUMBERS) : pick(next, WORDS).replace(/[ \t"]/g, '');
    pairs.push(`${pick(next, KEYS)}=${value}`);
  }
  return pairs.join(pick(next, [' ', '\t', '  ', '', ',']));
}

function textLine(next: () => number): string {
  const words: string[] = [];
  if (next() < 0.3) words.push(`${pick(next, ['I', 'W', 'E', 'F', 'D', 'i'])}${pick(next, ['0501', '1205', '050', '05011'])}${pick(next, [' ', '  ', 'T'])}${pick(next, ['12:00:00.123456', '12:00:0', '12-00-00'])}`);
  const count = Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    const word = pick(next, [...WORDS, 'starting', 'Debugging', 'errors=0', '2024-05-01', '12:00:00']);
    words.push(`${pick(next, ['', '', '[', '(', '<', '[[', ':'])}${word}${pick(next, ['', '', ']', ')', '>', ':', ',', '|', ']:', '=1'])}`);
  }
  return blanks(next) + words.join(pick(next, [' ', '\t', '  ']));
}

function soupLine(next: () => number): string {
  let line = '';
  const count = Math.floor(next() * 20);
  for (let i = 0; i < count; i++) line += pick(next, SOUP);
  return line;
}

/** Lines of every kind the pane meets, many of them malformed or cut short. */
function generatedLine(next: () => number): string {
  const roll = next();
  let line =
    roll < 0.35 ? blanks(next) + jsonObject(next, 0) : roll < 0.55 ? logfmtLine(next) : roll < 0.75 ? textLine(next) : roll < 0.85 ? `${textLine(next)} ${jsonObject(next, 0)}` : soupLine(next);
  if (next() < 0.15) line = line.slice(0, Math.floor(next() * line.length));
  return line;
}

describe('plainLineSeverityRank', () => {
  it('agrees with lineSeverity on every plain generated line, and is sure of nearly all of them', () => {
    const next = random(15);
    let compared = 0;
    let unsure = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 60_000; i++) {
      const text = generatedLine(next);
      if (!PLAIN.test(text)) continue;
      const expected = severityRank(lineSeverity(text));
      const fast = fastRank(text);
      if (fast === UNSURE) {
        unsure++;
        continue;
      }
      if (fast !== expected) expect({ text, fast }).toEqual({ text, fast: expected });
      seen.add(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(30_000);
    expect(unsure).toBeLessThan(compared / 10);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    ['{"level":"info","caller":"api/h.go:1","msg":"request handled","status":200}', 'info'],
    ['{"ts":1,"log":{"level":"WARN"},"message":"slow"}', 'warn'],
    ['{"level":30,"time":1714564800000,"msg":"listening"}', 'info'],
    ['{"severity":"debug","level":"error"}', 'error'],
    ['{"msg":"a \\"level\\": \\"error\\" inside a string"}', 'unknown'],
    ['{"msg":"no level","note":"x", "a": 1} ERROR', 'unknown'],
    ['{"msg":"hi ERROR: x"}', 'error'],
    ['time="2024-05-01T12:00:00Z" level=debug msg="cache miss"', 'debug'],
    ['ts=1 lvl="warning" msg=retrying', 'warn'],
    ['severity=warn\tlvl=error', 'error'],
    ['xlevel=error', 'unknown'],
    ['E0501 12:00:00.123456       1 controller.go:42] "sync failed"', 'error'],
    ['2024-05-01 12:00:00 [warn] disk almost full', 'warn'],
    ['INFO: ready', 'info'],
    ['Debugging the parser', 'unknown'],
    ['constructor called', 'unknown'],
    ['', 'unknown'],
  ] as const)('reads %j itself, as %s', (text, severity) => {
    expect(fastRank(text)).toBe(severityRank(severity));
    expect(lineSeverity(text)).toBe(severity);
  });

  it.each(['{"level":"w\\u0061rn"}', '{"level":45.5}', '{"level":4e1}', 'level="err\\"or"', '{"level":"12345678901234567890"}'])(
    'leaves %j to lineSeverity',
    (text) => {
      expect(fastRank(text)).toBe(UNSURE);
    },
  );
});
