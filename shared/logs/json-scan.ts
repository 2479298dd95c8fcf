// A validating scan of one JSON object, with no objects built: it reports each leaf (a value that
// is not an object) with its dotted path and where its text lies, and says whether the whole text
// is valid JSON. The rows on screen are read this way (a malformed line is refused as JSON.parse
// would refuse it), and a filter's field in a line with nested objects, where only the path tells
// a top-level key from one inside another object.
//
// Nested objects are flattened (`{"log":{"level":"warn"}}` gives `log.level`); arrays are leaves,
// shown as their JSON text, as kubectl's jsonpath would print them.
import { isDigit, ZERO } from './char-codes.ts';

export type JsonLeafKind = 'string' | 'number' | 'boolean' | 'null' | 'array';

/** Called for every leaf, in document order. `start`/`end` span the value's JSON text. */
export type JsonLeafVisitor = (path: string, kind: JsonLeafKind, start: number, end: number) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;

/** A run of string characters that need no look: not a quote, a backslash or a control character. */
// eslint-disable-next-line no-control-regex -- JSON refuses raw control characters in strings: the run must stop at them.
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;

class Invalid extends Error {}
const INVALID = new Invalid();

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** A cursor over one text; every method moves past what it read or throws INVALID. */
class Cursor {
  position = 0;
  readonly text: string;
  readonly visit: JsonLeafVisitor;
  readonly wanted: readonly string[] | null;

  constructor(text: string, visit: JsonLeafVisitor, wanted: readonly string[] | null) {
    this.text = text;
    this.visit = visit;
    this.wanted = wanted;
  }

  skipSpace(): void {
    while (this.position < this.text.length && isSpace(this.text.charCodeAt(this.position))) this.position++;
  }

  expect(code: number): void {
    this.skipSpace();
    if (this.text.charCodeAt(this.position) !== code) throw INVALID;
    this.position++;
  }

  /** A string token from its opening quote; returns true when it holds an escape. */
  string(): boolean {
    let escaped = false;
    this.position++;
    for (;;) {
      // The plain run up to the next quote, backslash or control character in one regex step:
      // irregexp's loop is several times faster than charCodeAt here, where most of a line lies.
      STRING_RUN.lastIndex = this.position;
      STRING_RUN.test(this.text);
      this.position = STRING_RUN.lastIndex;
      const code = this.text.charCodeAt(this.position++);
      if (code === QUOTE) return escaped;
      if (Number.isNaN(code) || code < 0x20) throw INVALID;
      if (code === BACKSLASH) {
        escaped = true;
        const next = this.text.charCodeAt(this.position++);
        if (next === 0x75 /* u */) {
          for (let i = 0; i < 4; i++) if (!isHex(this.text.charCodeAt(this.position++))) throw INVALID;
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(next)) || Number.isNaN(next)) {
          throw INVALID;
        }
      }
    }
  }

  digits(): number {
    const start = this.position;
    let code = this.text.charCodeAt(this.position);
    while (isDigit(code)) code = this.text.charCodeAt(++this.position);
    return this.position - start;
  }

  number(): void {
    if (this.text.charCodeAt(this.position) === MINUS) this.position++;
    const first = this.text.charCodeAt(this.position);
    const count = this.digits();
    if (count === 0 || (first === ZERO && count > 1)) throw INVALID;
    if (this.text.charCodeAt(this.position) === DOT) {
      this.position++;
      if (this.digits() === 0) throw INVALID;
    }
    const exponent = this.text.charCodeAt(this.position);
    if (exponent === 0x65 || exponent === 0x45) {
      this.position++;
      const sign = this.text.charCodeAt(this.position);
      if (sign === 0x2b || sign === MINUS) this.position++;
      if (this.digits() === 0) throw INVALID;
    }
  }

  literal(word: string): void {
    if (!this.text.startsWith(word, this.position)) throw INVALID;
    this.position += word.length;
  }

  /** Any value; objects report their leaves under `path`, anything else is one leaf. */
  value(path: string, report: boolean): void {
    this.skipSpace();
    const start = this.position;
    const code = this.text.charCodeAt(start);
    let kind: JsonLeafKind;
    if (code === OPEN_BRACE) return this.object(path, report);
    if (code === OPEN_BRACKET) {
      this.array();
      kind = 'array';
    } else if (code === QUOTE) {
      this.string();
      kind = 'string';
    } else if (code === MINUS || isDigit(code)) {
      this.number();
      kind = 'number';
    } else if (code === 0x74 /* t */) {
      this.literal('true');
      kind = 'boolean';
    } else if (code === 0x66 /* f */) {
      this.literal('false');
      kind = 'boolean';
    } else if (code === 0x6e /* n */) {
      this.literal('null');
      kind = 'null';
    } else {
      throw INVALID;
    }
    if (report && (this.wanted === null || this.wanted.includes(path))) this.visit(path, kind, start, this.position);
  }

  /** Steps into an object or array; true when it is empty (and stepped over). */
  openIsEmpty(close: number): boolean {
    this.position++;
    this.skipSpace();
    if (this.text.charCodeAt(this.position) !== close) return false;
    this.position++;
    return true;
  }

  /** After a member: true at the closing bracket, on at a comma. */
  closes(close: number): boolean {
    this.skipSpace();
    const next = this.text.charCodeAt(this.position++);
    if (next === close) return true;
    if (next !== COMMA) throw INVALID;
    return false;
  }

  object(prefix: string, report: boolean): void {
    if (this.openIsEmpty(CLOSE_BRACE)) return;
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.position) !== QUOTE) throw INVALID;
      const keyStart = this.position;
      const escaped = this.string();
      const keyEnd = this.position;
      this.expect(COLON);
      if (!report) {
        this.value('', false);
      } else if (this.wanted !== null && prefix === '' && !escaped) {
        this.topLevelValue(keyStart + 1, keyEnd - 1);
      } else {
        const key = escaped ? (JSON.parse(this.text.slice(keyStart, keyEnd)) as string) : this.text.slice(keyStart + 1, keyEnd - 1);
        const path = prefix === '' ? key : `${prefix}.${key}`;
        this.value(path, this.#reports(path));
      }
      if (this.closes(CLOSE_BRACE)) return;
    }
  }

  /**
   * A top-level member's value when only some paths are wanted: its key is compared where it lies
   * in the text, and made a string only when a wanted path is it or lies under it.
   */
  topLevelValue(keyStart: number, keyEnd: number): void {
    const length = keyEnd - keyStart;
    for (const name of this.wanted as readonly string[]) {
      if ((name.length === length || (name.length > length && name.charCodeAt(length) === DOT)) && this.#keyIs(keyStart, name, length)) {
        return this.value(this.text.slice(keyStart, keyEnd), true);
      }
    }
    this.value('', false);
  }

  /** Whether the text at `start` holds the first `length` characters of `name`. */
  #keyIs(start: number, name: string, length: number): boolean {
    for (let i = 0; i < length; i++) if (this.text.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
    return true;
  }

  /** Whether a leaf or object at `path` can hold a wanted path. */
  #reports(path: string): boolean {
    return this.wanted === null || this.wanted.some((name) => name === path || name.startsWith(`${path}.`));
  }

  array(): void {
    if (this.openIsEmpty(CLOSE_BRACKET)) return;
    for (;;) {
      this.value('', false);
      if (this.closes(CLOSE_BRACKET)) return;
    }
  }
}

/** True when the text (spaces aside) starts like a JSON object: the only texts scanJsonObject accepts. */
export function looksLikeJsonObject(text: string): boolean {
  let position = 0;
  while (position < text.length && isSpace(text.charCodeAt(position))) position++;
  return text.charCodeAt(position) === OPEN_BRACE;
}

/**
 * Scans `text` as one JSON object, calling `visit` for each leaf (only those at a `wanted` path,
 * when given: then keys are not made strings unless they lead to one, which is most of the
 * speed of a level or field filter). Returns false (having perhaps
 * visited some leaves) when the text is not exactly one valid JSON object, spaces around it aside.
 */
export function scanJsonObject(text: string, visit: JsonLeafVisitor, wanted: readonly string[] | null = null): boolean {
  if (!looksLikeJsonObject(text)) return false;
  const cursor = new Cursor(text, visit, wanted);
  try {
    cursor.skipSpace();
    cursor.object('', true);
    cursor.skipSpace();
    return cursor.position === text.length;
  } catch (error) {
    if (error instanceof Invalid) return false;
    throw error;
  }
}

/** A leaf's value from its JSON text: strings unquoted, numbers as numbers, arrays as their JSON text. */
export function jsonLeafValue(text: string, kind: JsonLeafKind, start: number, end: number): string | number | boolean | null {
  const raw = text.slice(start, end);
  switch (kind) {
    case 'string':
      return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    case 'number':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    case 'null':
      return null;
    case 'array':
      return raw;
  }
}
