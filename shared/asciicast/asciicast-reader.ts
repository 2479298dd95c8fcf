// Reads asciicast v2 text as it arrives, in pieces of any size: the header from the first line,
// then events line by line. Files from other tools must play, so what the spec leaves open is
// accepted (blank lines, CRLF, a byte-order mark, unknown header fields, null for an absent field,
// unknown event codes, which are skipped); what would make playback wrong is refused with an
// AsciicastError naming the line and the problem. Nothing else is ever thrown.
import {
  ASCIICAST_LIMITS,
  AsciicastError,
  INPUT_RECORDED_KEY,
  type Asciicast,
  type AsciicastEvent,
  type AsciicastHeader,
  type AsciicastTheme,
  type TerminalCells,
} from './asciicast.ts';

export interface AsciicastReaderOptions {
  /** The most text accepted, in UTF-16 code units (never more than the file's UTF-8 bytes). */
  readonly maxCharacters?: number;
}

const PREVIEW_CHARACTERS = 40;
const RESIZE = /^(\d{1,5})x(\d{1,5})$/;
const MIB = 1024 * 1024;

export class AsciicastReader {
  readonly #maxCharacters: number;
  #header: AsciicastHeader | null = null;
  #pending = '';
  #line = 0;
  #characters = 0;
  #lastTime = 0;

  constructor(options: AsciicastReaderOptions = {}) {
    this.#maxCharacters = options.maxCharacters ?? ASCIICAST_LIMITS.fileBytes;
  }

  /** The header, once the first line has been read. */
  get header(): AsciicastHeader | null {
    return this.#header;
  }

  /** Reads a piece of the file; answers the events of the lines it completed. */
  push(text: string): AsciicastEvent[] {
    this.#characters += text.length;
    if (this.#characters > this.#maxCharacters) {
      throw new AsciicastError(0, `The recording is larger than ${formatSize(this.#maxCharacters)}, the most Porthole plays.`);
    }
    const events: AsciicastEvent[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.#pending + text.slice(start, end);
      this.#pending = '';
      this.#read(line, events);
      start = end + 1;
    }
    this.#pending += text.slice(start);
    return events;
  }

  /** The file ended: reads a last line without a newline, and answers its event if it had one. */
  end(): AsciicastEvent[] {
    const events: AsciicastEvent[] = [];
    const last = this.#pending;
    this.#pending = '';
    if (last !== '') this.#read(last, events);
    if (this.#header === null) throw new AsciicastError(0, 'The file is empty: an asciicast starts with a header line.');
    return events;
  }

  #read(raw: string, events: AsciicastEvent[]): void {
    this.#line += 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.#line === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.trim() === '') return;
    const value = this.#json(line);
    if (this.#header === null) {
      this.#header = this.#readHeader(value);
      return;
    }
    const event = this.#readEvent(value);
    if (event !== null) events.push(event);
  }

  #json(line: string): unknown {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      const preview = line.length <= PREVIEW_CHARACTERS ? line : `${line.slice(0, PREVIEW_CHARACTERS)}…`;
      throw this.#error(`is not JSON: ${JSON.stringify(preview)}`);
    }
  }

  #error(problem: string): AsciicastError {
    return new AsciicastError(this.#line, problem);
  }

  #readHeader(value: unknown): AsciicastHeader {
    if (!isRecord(value)) throw this.#error('the header must be a JSON object such as {"version": 2, "width": 80, "height": 24}');
    if (value['version'] !== 2) {
      const found = value['version'] === undefined ? 'has no version' : `is version ${describe(value['version'])}`;
      throw this.#error(`the file ${found}; Porthole plays asciicast version 2`);
    }
    const header: { -readonly [K in keyof AsciicastHeader]: AsciicastHeader[K] } = {
      version: 2,
      width: this.#cells(value['width'], 'width'),
      height: this.#cells(value['height'], 'height'),
    };
    const timestamp = this.#number(value, 'timestamp', 0);
    if (timestamp !== undefined) header.timestamp = timestamp;
    const duration = this.#number(value, 'duration', 0);
    if (duration !== undefined) header.duration = duration;
    const idleTimeLimit = this.#number(value, 'idle_time_limit', Number.MIN_VALUE);
    if (idleTimeLimit !== undefined) header.idleTimeLimit = idleTimeLimit;
    const command = this.#string(value, 'command');
    if (command !== undefined) header.command = command;
    const title = this.#string(value, 'title');
    if (title !== undefined) header.title = title;
    const env = this.#env(value['env']);
    if (env !== undefined) header.env = env;
    const theme = this.#theme(value['theme']);
    if (theme !== undefined) header.theme = theme;
    const input = value[INPUT_RECORDED_KEY];
    if (typeof input === 'boolean') header.inputRecorded = input;
    return header;
  }

  #cells(value: unknown, field: 'width' | 'height'): number {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > ASCIICAST_LIMITS.terminalCells) {
      throw this.#error(`the header's ${field} must be a whole number of cells from 1 to ${ASCIICAST_LIMITS.terminalCells}, got ${describe(value)}`);
    }
    return value as number;
  }

  /** An optional number of at least `min`; null counts as absent (some writers emit it). */
  #number(fields: Record<string, unknown>, key: string, min: number): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      const bound = min === 0 ? '0 or more' : 'more than 0';
      throw this.#error(`the header's ${key} must be a number ${bound}, got ${describe(value)}`);
    }
    return value;
  }

  #string(fields: Record<string, unknown>, key: string): string | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.#error(`the header's ${key} must be a string, got ${describe(value)}`);
    return value;
  }

  /** Variables a recorder could not read are null in some files: they are left out. */
  #env(value: unknown): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw this.#error(`the header's env must be an object of variable names and values, got ${describe(value)}`);
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  #theme(value: unknown): AsciicastTheme | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value) || typeof value['fg'] !== 'string' || typeof value['bg'] !== 'string' || typeof value['palette'] !== 'string') {
      throw this.#error('the header\'s theme must be an object with "fg", "bg" and "palette" strings');
    }
    return { fg: value['fg'], bg: value['bg'], palette: value['palette'] };
  }

  #readEvent(value: unknown): AsciicastEvent | null {
    if (!Array.isArray(value) || value.length !== 3) {
      throw this.#error(`an event must be an array [time, code, data], got ${describe(value)}`);
    }
    const [time, code, data] = value as [unknown, unknown, unknown];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      throw this.#error(`an event's time must be a number of seconds, 0 or more, got ${describe(time)}`);
    }
    if (time < this.#lastTime) {
      throw this.#error(`time goes backwards: ${time} s comes after ${this.#lastTime} s`);
    }
    this.#lastTime = time;
    if (typeof code !== 'string') throw this.#error(`an event's code must be a string such as "o", got ${describe(code)}`);
    if (code !== 'o' && code !== 'i' && code !== 'm' && code !== 'r') return null;
    if (typeof data !== 'string') throw this.#error(`an "${code}" event's data must be a string, got ${describe(data)}`);
    if (code === 'r') return { time, code, size: this.#resize(data) };
    return { time, code, data };
  }

  #resize(data: string): TerminalCells {
    const match = RESIZE.exec(data);
    const cols = Number(match?.[1]);
    const rows = Number(match?.[2]);
    const fits = (cells: number): boolean => cells >= 1 && cells <= ASCIICAST_LIMITS.terminalCells;
    if (match === null || !fits(cols) || !fits(rows)) {
      throw this.#error(`a resize ("r") event's data must be "COLSxROWS" such as "80x24", got ${describe(data)}`);
    }
    return { cols, rows };
  }
}

/** Reads a whole file. */
export function parseAsciicast(text: string, options: AsciicastReaderOptions = {}): Asciicast {
  const reader = new AsciicastReader(options);
  const events = reader.push(text);
  events.push(...reader.end());
  return { header: reader.header as AsciicastHeader, events };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length <= PREVIEW_CHARACTERS ? value : `${value.slice(0, PREVIEW_CHARACTERS)}…`);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function formatSize(characters: number): string {
  return characters >= MIB ? `${Math.round(characters / MIB)} MiB` : `${characters} characters`;
}
