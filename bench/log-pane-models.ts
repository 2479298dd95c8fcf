// The log pane's models in Node (no browser): LogBuffer appending N lines of ~120 bytes (time, and
// live memory per line) and LogFilter running a regex over them, beside the obvious alternative
// they replace: an array of the LogLine objects the bridge delivers, filtered with Array.filter.
import { performance } from 'node:perf_hooks';
import type { LogLine } from '../shared/bridge/sessions.ts';
import { LogBuffer } from '../renderer/src/lib/log-buffer.ts';
import { compileFilter, LogFilter } from '../renderer/src/lib/log-filter.ts';
import type { BenchContext } from './context.ts';
import { liveBytes } from './gc.ts';
import { logText, logTimestamp } from './log-lines.ts';
import { profileSummary } from './profile.ts';
import { measure, type BenchResult } from './results.ts';

export interface LogPaneSizes {
  readonly lines: number;
}

const BATCH = 1000;
const PATTERN = 'ERROR.*timeout';

function batchOf(start: number, end: number): LogLine[] {
  const lines: LogLine[] = [];
  for (let index = start; index < end; index++) lines.push({ timestamp: logTimestamp(index), text: logText(index) });
  return lines;
}

/** Appends every line in batches as the bridge delivers them; returns ms spent inside `append` only. */
function fill(lines: number, append: (batch: readonly LogLine[]) => void): number {
  let spent = 0;
  for (let start = 0; start < lines; start += BATCH) {
    const batch = batchOf(start, Math.min(lines, start + BATCH));
    const started = performance.now();
    append(batch);
    spent += performance.now() - started;
  }
  return spent;
}

interface Round {
  appendMs: number;
  bytesPerLine: number;
  filterMs: number;
}

function newBuffer(lines: number): LogBuffer {
  // The capacity 1M lines of ~120 bytes need (121 MB of text and separators), and room for the count.
  return new LogBuffer({ capacityBytes: 128 * 1024 * 1024, maxLines: Math.max(1 << 20, lines) });
}

/** Runs the regex over the whole buffer; returns the matches found. */
function filterAll(buffer: LogBuffer): number {
  const compiled = compileFilter({ pattern: PATTERN, mode: 'regex', ignoreCase: false });
  if (!compiled.ok) throw new Error(compiled.error.message);
  const filter = new LogFilter(buffer, compiled.filter);
  filter.update();
  return filter.matchCount;
}

function bufferRound(lines: number): Round {
  const before = liveBytes();
  const buffer = newBuffer(lines);
  const appendMs = fill(lines, (batch) => buffer.appendMany(batch));
  const bytesPerLine = (liveBytes() - before) / lines;
  const started = performance.now();
  const matches = filterAll(buffer);
  const filterMs = performance.now() - started;
  const expected = Math.floor((lines - 8) / 100) + 1;
  if (buffer.length !== lines || matches !== expected) {
    throw new Error(`LogBuffer kept ${buffer.length} of ${lines} lines; the filter found ${matches} of ${expected} matches`);
  }
  return { appendMs, bytesPerLine, filterMs };
}

function arrayRound(lines: number): Round {
  const before = liveBytes();
  const kept: LogLine[] = [];
  const appendMs = fill(lines, (batch) => {
    for (const line of batch) kept.push(line);
  });
  const bytesPerLine = (liveBytes() - before) / lines;
  const regex = new RegExp(PATTERN);
  const started = performance.now();
  const matches = kept.filter((line) => regex.test(line.text));
  const filterMs = performance.now() - started;
  if (kept.length !== lines || matches.length === 0) throw new Error('the array baseline lost lines');
  return { appendMs, bytesPerLine, filterMs };
}

export async function logPaneModels(context: BenchContext, sizes: LogPaneSizes): Promise<BenchResult[]> {
  const buffer: Round[] = [];
  const array: Round[] = [];
  for (let round = 0; round < context.repetitions; round++) {
    context.progress(`log pane models: round ${round + 1} of ${context.repetitions}`);
    buffer.push(bufferRound(sizes.lines));
    array.push(arrayRound(sizes.lines));
    // Yield, so the progress line and any timers get their turn between rounds.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const count = sizes.lines.toLocaleString('en-US');
  const pick = (rounds: Round[], key: keyof Round): number[] => rounds.map((round) => round[key]);
  const bufferTool = 'LogBuffer (renderer/src/lib/log-buffer.ts)';
  const arrayTool = 'LogLine[] (the objects as delivered)';
  const memory = measure(bufferTool, pick(buffer, 'bytesPerLine'));
  const filter = measure('LogFilter.update()', pick(buffer, 'filterMs'));
  const megabytes = (memory.median * 1_000_000) / 1e6;
  const filterMet = (filter.median * 1_000_000) / sizes.lines <= 250;
  let filterFinding: string | undefined;
  if (!filterMet) {
    const full = newBuffer(sizes.lines);
    fill(sizes.lines, (batch) => full.appendMany(batch));
    filterFinding = 'One more filter run under the profiler: ' + (await profileSummary(async () => void filterAll(full)));
  }
  return [
    {
      benchmark: 'Log pane models',
      case: `append ${count} lines of ~120 bytes, in batches of ${BATCH}`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure(bufferTool, pick(buffer, 'appendMs')),
      peer: measure(arrayTool, pick(array, 'appendMs')),
      command: `new LogBuffer({capacityBytes: 128 MiB, maxLines: 2^20}).appendMany(batch) vs array.push(...)`,
    },
    {
      benchmark: 'Log pane models',
      case: `live memory per line, ${count} lines (heap + ArrayBuffers after full GC)`,
      unit: 'bytes/line',
      higherIsBetter: false,
      porthole: memory,
      peer: measure(arrayTool, pick(array, 'bytesPerLine')),
      target: { text: `1M lines under 200 MB (here ${megabytes.toFixed(0)} MB per 1M lines)`, met: megabytes < 200 },
      command: 'process.memoryUsage() heapUsed + arrayBuffers, before and after, gc() twice each time',
    },
    {
      benchmark: 'Log pane models',
      case: `regex /${PATTERN}/ over ${count} lines`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: filter,
      peer: measure('LogLine[].filter(regex.test)', pick(array, 'filterMs')),
      target: { text: '<= 250 ms for 1M lines', met: filterMet },
      ...(filterFinding === undefined ? {} : { finding: filterFinding }),
      command: `new LogFilter(buffer, compileFilter({pattern: '${PATTERN}', mode: 'regex'})).update() vs lines.filter((l) => re.test(l.text))`,
    },
  ];
}
