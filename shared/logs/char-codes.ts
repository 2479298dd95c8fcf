// Char codes the hand-written log scanners share (json-scan, structured-line, ascii-severity,
// civil-date): they read a line a code at a time, with no RegExp or string per character.

export const ZERO = 0x30;
const NINE = 0x39;

/** An ASCII digit, 0-9: a figure of a JSON number, a klog header or a timestamp alike. */
export function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}
