// Synthetic log lines of about 120 bytes, realistic enough for a filter to have work to do: one in
// 100 is an ERROR with a timeout, the rest INFO lines with varying numbers.

const PADDING = 'x'.repeat(120);

export function logText(index: number): string {
  const level = index % 100 === 7 ? 'ERROR' : 'INFO';
  const what = level === 'ERROR' ? 'upstream timeout after 30000ms' : 'request handled status=200';
  const text = `${level} worker-${index % 16} req=${index.toString(16).padStart(8, '0')} ${what} path=/api/v1/items/${index % 9973} user=u${index % 311} `;
  return text + PADDING.slice(text.length);
}

/** RFC 3339 with nanoseconds, one microsecond apart, from a fixed start. */
export function logTimestamp(index: number): string {
  const start = Date.UTC(2026, 0, 1);
  const millis = start + Math.floor(index / 1000);
  const nanos = (index % 1000) * 1000;
  return `${new Date(millis).toISOString().slice(0, 19)}.${String((millis % 1000) * 1_000_000 + nanos).padStart(9, '0')}Z`;
}

/** Line `index` in the CRI format kwok reads: `<RFC3339Nano> stdout F <text>\n`. */
export function criLine(index: number): string {
  return `${logTimestamp(index)} stdout F ${logText(index)}\n`;
}
