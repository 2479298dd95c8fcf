// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), the format asciinema, its player
// and most terminal recorders read and write: a header line of JSON, then one JSON array per line,
// [time, code, data], time in seconds since the start. What the writer and the reader share.

export interface AsciicastTheme {
  /** "#rrggbb" */
  readonly fg: string;
  readonly bg: string;
  /** 8 or 16 colours, "#rrggbb:#rrggbb:…" */
  readonly palette: string;
}

export interface AsciicastHeader {
  readonly version: 2;
  readonly width: number;
  readonly height: number;
  /** Unix time of the start, in seconds. */
  readonly timestamp?: number;
  /** Seconds. */
  readonly duration?: number;
  /** A player shortens every pause longer than this (seconds) to this. */
  readonly idleTimeLimit?: number;
  readonly command?: string;
  readonly title?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly theme?: AsciicastTheme;
  /**
   * Whether the recording holds the keystrokes typed ("i" events). Not in the v2 header's list,
   * which other tools' readers ignore: it is Porthole's, so the recordings list can warn of a file
   * that may hold a password without reading the whole file.
   */
  readonly inputRecorded?: boolean;
}

export interface TerminalCells {
  readonly cols: number;
  readonly rows: number;
}

/** One event; the reader skips codes it does not know, as the spec asks. */
export type AsciicastEvent =
  | { readonly time: number; readonly code: 'o' | 'i' | 'm'; readonly data: string }
  | { readonly time: number; readonly code: 'r'; readonly size: TerminalCells };

export interface Asciicast {
  readonly header: AsciicastHeader;
  readonly events: readonly AsciicastEvent[];
}

/** The JSON key of AsciicastHeader.inputRecorded. */
export const INPUT_RECORDED_KEY = 'porthole_input';

export const ASCIICAST_LIMITS = {
  /**
   * The largest recording: the recorder stops before a file outgrows it and the reader refuses
   * more, so every recording Porthole makes can be played, and one file cannot exhaust a window's
   * memory (32 MiB of text is a long session; asciinema's own uploads stop at 10 MiB).
   */
  fileBytes: 32 * 1024 * 1024,
  /** The widest and tallest terminal, as the bridge's terminal size allows. */
  terminalCells: 65535,
} as const;

/** What is wrong with a file, and on which line (1-based; 0 for the file as a whole). */
export class AsciicastError extends Error {
  override readonly name = 'AsciicastError';
  readonly line: number;
  readonly problem: string;

  constructor(line: number, problem: string) {
    super(line === 0 ? problem : `line ${line}: ${problem}`);
    this.line = line;
    this.problem = problem;
  }
}

/** Resize data "COLSxROWS", as the "r" event carries it. */
export function formatCells(size: TerminalCells): string {
  return `${size.cols}x${size.rows}`;
}
