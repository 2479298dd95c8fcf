// A log line's severity, normalised from what loggers write: a level field's value (`"level":
// "warning"`, `lvl=eror`, pino's numbers) or a plain line's leading word (`ERROR`, `[warn]`) or
// klog's header letter (`E1205 12:00:00.000000 ...`). Five values, ordered so a minimum level is
// one comparison; `unknown` sorts lowest, so a minimum of debug still shows lines with no level.

export const SEVERITIES = ['unknown', 'debug', 'info', 'warn', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A severity as a small number: its rank in SEVERITIES (unknown 0 … error 4). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function severityAt(rank: number): Severity {
  return SEVERITIES[rank] ?? 'unknown';
}

/** Level words in lower case. A Map, so a word like `constructor` is not found on Object.prototype. */
export const LEVEL_WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>(Object.entries({
  error: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'error',
  panic: 'error',
  critical: 'error',
  crit: 'error',
  alert: 'error',
  emerg: 'error',
  emergency: 'error',
  dpanic: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  trc: 'debug',
  verbose: 'debug',
} as const));

/** Single letters (klog, logrus's short form) only count as a level field's value, never in text. */
export const LEVEL_LETTERS: ReadonlyMap<string, Severity> = new Map<string, Severity>(Object.entries({ e: 'error', f: 'error', w: 'warn', i: 'info', d: 'debug', t: 'debug' } as const));

/**
 * A level field's value: a word in any case, or a number. Numbers are pino/bunyan's (10 trace, 20
 * debug, 30 info, 40 warn, 50 error, 60 fatal): syslog's 0-7 run the other way and are rarer in
 * JSON logs, so small numbers stay unknown rather than guessed.
 */
export function severityOfLevel(value: unknown): Severity {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 10) return 'unknown';
    if (value >= 50) return 'error';
    if (value >= 40) return 'warn';
    if (value >= 30) return 'info';
    return 'debug';
  }
  if (typeof value !== 'string') return 'unknown';
  const word = value.trim().toLowerCase();
  return LEVEL_WORDS.get(word) ?? LEVEL_LETTERS.get(word) ?? (/^\d+$/.test(word) ? severityOfLevel(Number(word)) : 'unknown');
}

/** klog's header: a level letter, MMDD, a space, then hh:mm:ss (k8s.io/klog's format). */
const KLOG_HEADER = /^([IWEF])\d{4} \d\d:\d\d:\d\d/;
/** How many leading words a plain line's level may hide behind (a date, a time, a logger name). */
const LEADING_WORDS = 3;
const WORD_PUNCTUATION = /^[[(<]+|[\]):>,|]+$/g;

/**
 * A plain line's severity: klog's header letter, or a level word among its first few words
 * (`ERROR ...`, `2024-05-01 12:00:00 [warn] ...`, `INFO: ...`). Only whole words count, so
 * "Debugging the parser" or "errors=0" stay unknown.
 */
export function severityOfText(text: string): Severity {
  const klog = KLOG_HEADER.exec(text);
  if (klog) return LEVEL_LETTERS.get((klog[1] as string).toLowerCase()) ?? 'unknown';
  let position = 0;
  for (let word = 0; word < LEADING_WORDS; word++) {
    while (position < text.length && text.charCodeAt(position) <= 0x20) position++;
    if (position >= text.length) break;
    let end = position;
    while (end < text.length && text.charCodeAt(end) > 0x20) end++;
    const token = text.slice(position, end).replace(WORD_PUNCTUATION, '').toLowerCase();
    const severity = LEVEL_WORDS.get(token);
    if (severity !== undefined) return severity;
    position = end;
  }
  return 'unknown';
}
