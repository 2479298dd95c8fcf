// logfmt (go-kit, logrus's text formatter, Heroku): `key=value key2="quoted value"`. A line counts as
// logfmt only when every space-separated token is a pair, so prose with one "a=b" in it stays plain
// text; bare keys (which the format allows) are refused for the same reason.

export type LogfmtVisitor = (key: string, value: string) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Calls `visit` for each pair; returns false (having perhaps visited some) when the text is not logfmt. */
export function scanLogfmt(text: string, visit: LogfmtVisitor): boolean {
  let position = 0;
  let pairs = 0;
  const length = text.length;
  for (;;) {
    while (position < length && isSpace(text.charCodeAt(position))) position++;
    if (position >= length) return pairs > 0;
    const keyStart = position;
    let code = text.charCodeAt(position);
    while (position < length && code !== EQUALS && code > 0x20 && code !== QUOTE) code = text.charCodeAt(++position);
    if (position === keyStart || code !== EQUALS) return false;
    const key = text.slice(keyStart, position);
    position++;
    let value: string;
    if (text.charCodeAt(position) === QUOTE) {
      const valueStart = ++position;
      let escaped = false;
      while (position < length && text.charCodeAt(position) !== QUOTE) {
        if (text.charCodeAt(position) === BACKSLASH) {
          escaped = true;
          position++;
        }
        position++;
      }
      if (position >= length) return false;
      value = text.slice(valueStart, position);
      if (escaped) value = value.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character === 't' ? '\t' : character));
      position++;
      if (position < length && !isSpace(text.charCodeAt(position))) return false;
    } else {
      const valueStart = position;
      while (position < length && !isSpace(text.charCodeAt(position))) {
        if (text.charCodeAt(position) === QUOTE) return false;
        position++;
      }
      value = text.slice(valueStart, position);
    }
    visit(key, value);
    pairs++;
  }
}
