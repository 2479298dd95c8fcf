// The log generator behind the `seq` pod: appends `seq 1`, `seq 2`, ... to a file, one line per
// interval, in the CRI log format kwok's log reader requires
// (`<RFC3339Nano timestamp> stdout F <text>`; other lines are skipped by the reader).
// Each line's timestamp is strictly later than the previous one, so a client resuming a
// follow with sinceTime can tell lines apart by time as well as by number.
//
// Usage: node seq-writer.ts <file> <interval-ms>
import { openSync, writeSync } from 'node:fs';

const [file, intervalArg] = process.argv.slice(2);
const intervalMs = Number(intervalArg);
if (file === undefined || !Number.isInteger(intervalMs) || intervalMs < 1) {
  console.error('usage: node seq-writer.ts <file> <interval-ms>');
  process.exit(2);
}

const fd = openSync(file, 'a');
let seq = 0;
let lastNanos = 0n;

function timestamp(): string {
  let nanos = BigInt(Date.now()) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  const seconds = new Date(Number(nanos / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${(nanos % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

setInterval(() => {
  seq += 1;
  // One write(2) per line on an O_APPEND descriptor: a reader never sees half a line twice.
  writeSync(fd, `${timestamp()} stdout F seq ${seq}\n`);
}, intervalMs);

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
