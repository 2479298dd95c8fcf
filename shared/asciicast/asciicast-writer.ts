// Writes asciicast v2 lines: the header, then one line per event. Each function returns a whole
// line with its "\n", so a recorder can append each as it happens and a file cut short by a crash
// still holds only whole events.
import { INPUT_RECORDED_KEY, formatCells, type AsciicastEvent, type AsciicastHeader } from './asciicast.ts';

/** Microseconds, as asciinema writes them: finer is noise, coarser reorders fast output. */
const TIME_DECIMALS = 6;

export function headerLine(header: AsciicastHeader): string {
  const fields: Record<string, unknown> = { version: 2, width: header.width, height: header.height };
  if (header.timestamp !== undefined) fields['timestamp'] = header.timestamp;
  if (header.duration !== undefined) fields['duration'] = roundTime(header.duration);
  if (header.idleTimeLimit !== undefined) fields['idle_time_limit'] = header.idleTimeLimit;
  if (header.command !== undefined) fields['command'] = header.command;
  if (header.title !== undefined) fields['title'] = header.title;
  if (header.env !== undefined) fields['env'] = header.env;
  if (header.theme !== undefined) fields['theme'] = header.theme;
  if (header.inputRecorded !== undefined) fields[INPUT_RECORDED_KEY] = header.inputRecorded;
  return `${JSON.stringify(fields)}\n`;
}

export function eventLine(event: AsciicastEvent): string {
  const data = event.code === 'r' ? formatCells(event.size) : event.data;
  return `${JSON.stringify([roundTime(event.time), event.code, data])}\n`;
}

function roundTime(seconds: number): number {
  return Number(seconds.toFixed(TIME_DECIMALS));
}
