// Structured logs in the log pane's models (Node, no browser): 1,000,000 JSON lines of ~110 bytes in
// a LogBuffer, then a minimum-level filter (warn and above) and a field filter (status=500), each
// from nothing (no line classified yet: the first time a user picks them), and the live memory per
// line with the level classes kept. Beside each filter, what a viewer without the scan would do:
// JSON.parse every line of a LogLine[] and test the parsed object.
import { performance } from 'node:perf_hooks';
import type { LogLine } from '../shared/bridge/sessions.ts';
import { parseRefineQuery } from '../shared/logs/field-query.ts';
import { severityOfLevel, severityRank } from '../shared/logs/severity.ts';
import { LogBuffer } from '../renderer/src/lib/log-buffer.ts';
import { LogLineClasses } from '../renderer/src/lib/log-classes.ts';
import { LogFilter, type LineRefinement } from '../renderer/src/lib/log-filter.ts';
import type { BenchContext } from './context.ts';
import { liveBytes } from './gc.ts';
import { logTimestamp } from './log-lines.ts';
import { profileSummary } from './profile.ts';
import { measure, type BenchResult } from './results.ts';

export interface StructuredLogsSizes {
  readonly lines: number;
}

const BATCH = 1000;
const FILTER_TARGET_MS = 500;
const MEMORY_TARGET_BYTES = 200;
const LEVELS = ['info', 'info', 'info', 'debug', 'info', 'info', 'warn', 'info', 'info', 'error'] as const;

/** Line `index`: zap-style JSON of about 110 bytes; one in 10 a warning or an error, one in 50 a 500. */
export function jsonLogText(index: number): string {
  const status = index % 50 === 3 ? 500 : 200;
  return `{"level":"${LEVELS[index % 10]}","caller":"api/h.go:${index % 97}","msg":"request handled","status":${status},"latency_ms":${index % 400},"trace_id":"${index.toString(16).padStart(8, '0')}"}`;
}

function batchOf(start: number, end: number): LogLine[] {
  const lines: LogLine[] = [];
  for (let index = start; index < end; index++) lines.push({ timestamp: logTimestamp(index), text: jsonLogText(index) });
  return lines;
}

function refinement(buffer: LogBuffer, query: string, minSeverity: number): LineRefinement {
  const parsed = parseRefineQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return { includes: [], excludes: [], minSeverity, conditions: parsed.query.conditions, classes: new LogLineClasses(buffer) };
}

function timed(run: () => number): { ms: number; count: number } {
  const started = performance.now();
  const count = run();
  return { ms: performance.now() - started, count };
}

/** Rows a fresh filter with this refinement shows, over the whole buffer. */
function refinedRows(buffer: LogBuffer, refine: LineRefinement): number {
  const filter = new LogFilter(buffer, null, { before: 0, after: 0 }, refine);
  filter.update();
  return filter.rowCount;
}

interface Round {
  levelMs: number;
  fieldMs: number;
  bytesPerLine: number;
  parseLevelMs: number;
  parseFieldMs: number;
}

function expectedCounts(lines: number): { level: number; field: number } {
  let level = 0;
  let field = 0;
  for (let index = 0; index < lines; index++) {
    if (index % 10 >= 6 && index % 10 !== 7 && index % 10 !== 8) level++;
    if (index % 50 === 3) field++;
  }
  return { level, field };
}

function round(lines: number): Round {
  const expected = expectedCounts(lines);
  const before = liveBytes();
  const buffer = new LogBuffer({ capacityBytes: 192 * 1024 * 1024, maxLines: Math.max(1 << 20, lines) });
  for (let start = 0; start < lines; start += BATCH) buffer.appendMany(batchOf(start, Math.min(lines, start + BATCH)));
  const warn = severityRank('warn');
  const levelRefine = refinement(buffer, '', warn);
  const level = timed(() => refinedRows(buffer, levelRefine));
  // The classes stay with the pane once worked out: they count in its memory.
  const bytesPerLine = (liveBytes() - before) / lines;
  const field = timed(() => refinedRows(buffer, refinement(buffer, 'status=500', 0)));
  if (buffer.length !== lines || level.count !== expected.level || field.count !== expected.field) {
    throw new Error(`kept ${buffer.length} of ${lines} lines; level filter ${level.count} of ${expected.level}, field filter ${field.count} of ${expected.field}`);
  }

  const kept: LogLine[] = [];
  for (let start = 0; start < lines; start += BATCH) kept.push(...batchOf(start, Math.min(lines, start + BATCH)));
  const parseLevel = timed(() => kept.filter((line) => severityRank(severityOfLevel((JSON.parse(line.text) as { level?: unknown }).level)) >= warn).length);
  const parseField = timed(() => kept.filter((line) => (JSON.parse(line.text) as { status?: unknown }).status === 500).length);
  if (parseLevel.count !== expected.level || parseField.count !== expected.field) throw new Error('the JSON.parse baseline disagrees');
  return { levelMs: level.ms, fieldMs: field.ms, bytesPerLine, parseLevelMs: parseLevel.ms, parseFieldMs: parseField.ms };
}

export async function structuredLogs(context: BenchContext, sizes: StructuredLogsSizes): Promise<BenchResult[]> {
  const rounds: Round[] = [];
  for (let index = 0; index < context.repetitions; index++) {
    context.progress(`structured logs: round ${index + 1} of ${context.repetitions}`);
    rounds.push(round(sizes.lines));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const pick = (key: keyof Round): number[] => rounds.map((r) => r[key]);
  const count = sizes.lines.toLocaleString('en-US');
  const perMillion = (ms: number): number => (ms * 1_000_000) / sizes.lines;
  const level = measure('LogFilter with a minimum level (renderer/src/lib/log-filter.ts)', pick('levelMs'));
  const field = measure('LogFilter with a field condition', pick('fieldMs'));
  const memory = measure('LogBuffer + LogLineClasses', pick('bytesPerLine'));
  const levelMet = perMillion(level.median) <= FILTER_TARGET_MS;
  const fieldMet = perMillion(field.median) <= FILTER_TARGET_MS;
  let finding: string | undefined;
  if (!levelMet || !fieldMet) {
    const buffer = new LogBuffer({ capacityBytes: 192 * 1024 * 1024, maxLines: Math.max(1 << 20, sizes.lines) });
    for (let start = 0; start < sizes.lines; start += BATCH) buffer.appendMany(batchOf(start, Math.min(sizes.lines, start + BATCH)));
    finding = 'One more level and field filter under the profiler: ' + (await profileSummary(async () => {
      refinedRows(buffer, refinement(buffer, 'status=500', severityRank('warn')));
    }));
  }
  const sample = jsonLogText(7);
  return [
    {
      benchmark: 'Structured logs',
      case: `minimum level warn over ${count} JSON lines (~${sample.length} bytes), none classified yet`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: level,
      peer: measure('LogLine[].filter(JSON.parse(text).level)', pick('parseLevelMs')),
      target: { text: `<= ${FILTER_TARGET_MS} ms for 1M lines`, met: levelMet },
      ...(finding === undefined ? {} : { finding }),
      command: `new LogFilter(buffer, null, context, {minSeverity: warn, classes: new LogLineClasses(buffer)}).update() vs lines.filter((l) => rank(JSON.parse(l.text).level) >= warn)`,
    },
    {
      benchmark: 'Structured logs',
      case: `field filter status=500 over ${count} JSON lines`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: field,
      peer: measure('LogLine[].filter(JSON.parse(text).status === 500)', pick('parseFieldMs')),
      target: { text: `<= ${FILTER_TARGET_MS} ms for 1M lines`, met: fieldMet },
      command: `new LogFilter(buffer, null, context, {conditions: parseRefineQuery('status=500')}).update() vs lines.filter((l) => JSON.parse(l.text).status === 500)`,
    },
    {
      benchmark: 'Structured logs',
      case: `live memory per line, ${count} JSON lines with their levels worked out (heap + ArrayBuffers after full GC)`,
      unit: 'bytes/line',
      higherIsBetter: false,
      porthole: memory,
      target: { text: `under ${MEMORY_TARGET_BYTES} bytes per line`, met: memory.median < MEMORY_TARGET_BYTES },
      command: 'process.memoryUsage() heapUsed + arrayBuffers, before filling and after the level filter, gc() twice each time',
    },
  ];
}
