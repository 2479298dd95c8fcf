// The log pane's filter: which lines of a LogBuffer match a regular expression (or a plain string)
// and the refinement (include and exclude patterns, a minimum level, field conditions), with grep -C
// style context lines around each match, kept up to date as lines arrive and as the
// buffer drops old ones. It matches the text a reader sees (ANSI sequences removed), so "error"
// finds a line printed as ESC[31merrorESC[0m.
//
// Speed: most log text is ASCII without control characters (the buffer flags such "plain" lines as
// they arrive). A stretch of plain lines, back to back in the ring, is decoded once (up to
// SCAN_CHUNK_BYTES) and searched by the regex engine in one pass, instead of decoding and testing a
// million small strings; string positions then equal byte positions, so a match maps straight back
// to its line. Other lines are decoded and tested one by one.
import { fieldMatches, levelMatches, type FieldCondition } from '../../../shared/logs/field-query.ts';
import { severityAt } from '../../../shared/logs/severity.ts';
import { lineField } from '../../../shared/logs/structured-line.ts';
import { visibleText } from './ansi.ts';
import type { LogBuffer } from './log-buffer.ts';
import type { LogLineClasses } from './log-classes.ts';

export type FilterMode = 'regex' | 'text';

export interface FilterSpec {
  readonly pattern: string;
  readonly mode: FilterMode;
  readonly ignoreCase: boolean;
}

export interface FilterContext {
  /** Lines shown before each match. */
  readonly before: number;
  /** Lines shown after each match. */
  readonly after: number;
}

export interface FilterError {
  readonly kind: 'invalid-pattern';
  /** For the UI, e.g. "Invalid regular expression: /a(/: Unterminated group". */
  readonly message: string;
}

export interface CompiledFilter {
  /** Tests one line's visible text. */
  readonly line: RegExp;
  /** Searches many lines joined by '\n'. */
  readonly search: RegExp;
  /** Lookaround can see past a line's end in joined text, so such patterns are tested line by line. */
  readonly lineByLineOnly: boolean;
  /** Finds every match in a line for highlighting. */
  readonly highlight: RegExp;
}

export type CompileResult =
  | { readonly ok: true; readonly filter: CompiledFilter }
  | { readonly ok: false; readonly error: FilterError };

export const MAX_PATTERN_LENGTH = 1000;
export const MAX_CONTEXT_LINES = 1000;
/** Highlighting stops after this many ranges in one line, so a pattern like /./ cannot build huge rows. */
export const MAX_HIGHLIGHT_RANGES = 500;
/**
 * Plain stretches are decoded in blocks of about this size. Small enough that each block's string is
 * an ordinary young-generation allocation: V8 puts larger strings (from about 128 KiB) in its
 * large-object space, and decoding 1 MiB blocks measured five times slower per byte (decode was
 * half of a 1M-line regex filter's time); large enough that per-block overhead stays negligible.
 */
const SCAN_CHUNK_BYTES = 64 * 1024;

const INITIAL_ROWS = 256;
const ROW_MATCH = 1;
const ROW_GROUP_START = 2;
const LOOKAROUND = /\(\?<?[=!]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function tryRegExp(source: string, flags: string): RegExp | Error {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Compiles a filter, or says precisely why it cannot. Regex mode tries Unicode mode first (for
 * \p{…} and astral characters) and falls back to the classic syntax users often type (`\-`, `{`).
 */
export function compileFilter(spec: FilterSpec): CompileResult {
  if (spec.pattern.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      error: { kind: 'invalid-pattern', message: `The filter is ${spec.pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}` },
    };
  }
  const source = spec.mode === 'text' ? escapeRegExp(spec.pattern) : spec.pattern;
  const base = spec.ignoreCase ? 'i' : '';
  let unicode = 'u';
  let probe = tryRegExp(source, base + unicode);
  if (probe instanceof Error) {
    const classic = tryRegExp(source, base);
    if (classic instanceof Error) return { ok: false, error: { kind: 'invalid-pattern', message: probe.message } };
    unicode = '';
    probe = classic;
  }
  const flags = base + unicode;
  return {
    ok: true,
    filter: {
      line: probe,
      search: new RegExp(source, `${flags}gm`),
      lineByLineOnly: LOOKAROUND.test(source),
      highlight: new RegExp(source, `${flags}g`),
    },
  };
}

/** Where a line's visible text matches, as [start, end) pairs in UTF-16 units; empty matches are skipped. */
export function matchRanges(text: string, filter: CompiledFilter): Array<readonly [number, number]> {
  const regex = filter.highlight;
  const ranges: Array<readonly [number, number]> = [];
  regex.lastIndex = 0;
  while (ranges.length < MAX_HIGHLIGHT_RANGES) {
    const match = regex.exec(text);
    if (!match) break;
    const end = match.index + match[0].length;
    if (end === match.index) {
      // An empty match: step over it (a whole code point in Unicode mode) so the search moves on.
      regex.lastIndex = end + (regex.unicode && (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
      if (regex.lastIndex > text.length) break;
      continue;
    }
    ranges.push([match.index, end]);
  }
  regex.lastIndex = 0;
  return ranges;
}

export class FilterContextError extends Error {
  override readonly name = 'FilterContextError';
}

/**
 * The rows a filtered view shows: matching lines and their context, as buffer sequence numbers in
 * order. Call update() after appending to the buffer; it also forgets rows the buffer dropped.
 */
/**
 * What narrows a view beyond its pattern: stern-style include patterns (a line must match one) and
 * exclude patterns (it must match none), a minimum severity and conditions on fields.
 */
export interface LineRefinement {
  readonly includes: readonly CompiledFilter[];
  readonly excludes: readonly CompiledFilter[];
  /** A severity rank (severity.ts); 0 keeps every line. */
  readonly minSeverity: number;
  readonly conditions: readonly FieldCondition[];
  /** Where the lines' severities are kept (and worked out). */
  readonly classes: LogLineClasses;
}

export class LogFilter {
  /** The pattern, highlighted in rows; null when only the refinement filters. */
  readonly filter: CompiledFilter | null;
  readonly refine: LineRefinement | null;
  readonly context: FilterContext;

  readonly #buffer: LogBuffer;
  readonly #decoder = new TextDecoder();
  // Rows in typed arrays that double as they fill: a level filter over a million lines keeps
  // hundreds of thousands of rows, and growing JS arrays row by row cost a tenth of its time.
  #rowSeqs = new Float64Array(INITIAL_ROWS);
  #rowFlags = new Uint8Array(INITIAL_ROWS);
  /** Rows from this index on are unused room. */
  #rowEnd = 0;
  /** Rows before this index were dropped by the buffer and are waiting to be compacted away. */
  #rowHead = 0;
  /** Every line before this sequence number has been tested. */
  #checked: number;
  #lastIncluded = -1;
  #lastMatch = Number.NEGATIVE_INFINITY;
  #matches = 0;
  #droppedMatches = 0;

  constructor(buffer: LogBuffer, filter: CompiledFilter | null, context: FilterContext = { before: 0, after: 0 }, refine: LineRefinement | null = null) {
    for (const [name, value] of Object.entries(context)) {
      if (!Number.isInteger(value) || value < 0 || value > MAX_CONTEXT_LINES) {
        throw new FilterContextError(`context ${name} must be an integer from 0 to ${MAX_CONTEXT_LINES}, got ${value}`);
      }
    }
    this.#buffer = buffer;
    this.filter = filter;
    this.refine = refine;
    this.context = context;
    this.#checked = buffer.firstSeq;
  }

  /** Rows to show. */
  get rowCount(): number {
    return this.#rowEnd - this.#rowHead;
  }

  /** Matching lines still in the buffer. */
  get matchCount(): number {
    return this.#matches - this.#droppedMatches;
  }

  /** True when every line in the buffer has been tested. */
  get caughtUp(): boolean {
    return this.#checked >= this.#buffer.endSeq;
  }

  seqAt(row: number): number {
    const seq = this.#rowSeqs[this.#rowHead + row];
    if (seq === undefined || row < 0 || row >= this.rowCount) throw new RangeError(`filtered row ${row} does not exist (${this.rowCount} rows)`);
    return seq;
  }

  /** The row showing line `seq`, or null when the view does not show it (rows are in line order). */
  rowOf(seq: number): number | null {
    let low = this.#rowHead;
    let high = this.#rowEnd;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#rowSeqs[middle] ?? 0) < seq) low = middle + 1;
      else high = middle;
    }
    return low < this.#rowEnd && this.#rowSeqs[low] === seq ? low - this.#rowHead : null;
  }

  /** The row is a match (not a context line). */
  isMatch(row: number): boolean {
    return ((this.#rowFlags[this.#rowHead + row] ?? 0) & ROW_MATCH) !== 0;
  }

  /** The row follows a gap in the line numbers: the UI draws grep's "--" separator above it. */
  isGroupStart(row: number): boolean {
    return row > 0 && ((this.#rowFlags[this.#rowHead + row] ?? 0) & ROW_GROUP_START) !== 0;
  }

  /**
   * Tests lines appended since the last call, at most `maxLines` of them (so a huge buffer can be
   * filtered across several frames). Returns true when caught up.
   */
  update(maxLines = Number.POSITIVE_INFINITY): boolean {
    this.#forgetDropped();
    if (this.#checked < this.#buffer.firstSeq) this.#checked = this.#buffer.firstSeq;
    const end = Math.min(this.#buffer.endSeq, this.#checked + maxLines);
    while (this.#checked < end) {
      const runEnd = this.#buffer.contiguousEnd(this.#checked, end, SCAN_CHUNK_BYTES);
      this.#scanRun(this.#checked, runEnd);
      this.#checked = runEnd;
    }
    this.#includeTrailingContext(this.#checked - 1);
    return this.caughtUp;
  }

  /**
   * Lines [from, end), back to back in memory: which of them the pattern and the refinement keep,
   * each condition narrowing the lines the previous ones kept, the costly ones (a line's structure)
   * last and only for the lines still kept.
   */
  #scanRun(from: number, end: number): void {
    const count = end - from;
    const keep = new Uint8Array(count);
    if (this.filter === null) keep.fill(1);
    else this.#mark(this.filter, from, end, keep);
    const refine = this.refine;
    if (refine !== null) {
      if (refine.includes.length > 0) {
        const any = new Uint8Array(count);
        for (const include of refine.includes) this.#mark(include, from, end, any);
        for (let i = 0; i < count; i++) keep[i] = (keep[i] ?? 0) & (any[i] ?? 0);
      }
      for (const exclude of refine.excludes) {
        const hit = new Uint8Array(count);
        this.#mark(exclude, from, end, hit);
        for (let i = 0; i < count; i++) if (hit[i]) keep[i] = 0;
      }
      this.#keepLevels(refine, from, end, keep);
      this.#keepFields(refine, from, end, keep);
    }
    for (let i = 0; i < count; i++) if (keep[i]) this.#includeMatch(from + i);
  }

  #keepLevels(refine: LineRefinement, from: number, end: number, keep: Uint8Array): void {
    const levels = refine.conditions.filter((condition) => condition.kind === 'level');
    if (refine.minSeverity === 0 && levels.length === 0) return;
    refine.classes.classifyRange(from, end);
    for (let i = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      const rank = refine.classes.severityRankOf(from + i);
      if (rank < refine.minSeverity || levels.some((level) => !levelMatches(severityAt(rank), level))) keep[i] = 0;
    }
  }

  #keepFields(refine: LineRefinement, from: number, end: number, keep: Uint8Array): void {
    const fields = refine.conditions.filter((condition) => condition.kind === 'field');
    if (fields.length === 0) return;
    this.#buffer.forEachText(from, end, (seq, text) => {
      const i = seq - from;
      if (keep[i] && fields.some((field) => !fieldMatches(lineField(text, field.name), field))) keep[i] = 0;
    });
  }

  /** Sets marks[seq - from] for the lines of [from, end) the filter matches: plain stretches in one search, the rest line by line. */
  #mark(filter: CompiledFilter, from: number, end: number, marks: Uint8Array): void {
    let seq = from;
    while (seq < end) {
      const plainEnd = filter.lineByLineOnly ? seq : this.#buffer.plainEnd(seq, end);
      if (plainEnd > seq) {
        this.#markJoined(filter, seq, plainEnd, marks, from);
        seq = plainEnd;
      } else {
        if (filter.line.test(visibleText(this.#buffer.text(seq)))) marks[seq - from] = 1;
        seq++;
      }
    }
  }

  /**
   * Plain lines (ASCII, no control characters) decoded as one string, joined by their stored '\n',
   * searched in one pass. String positions are byte positions, so a match maps straight to its line.
   */
  #markJoined(filter: CompiledFilter, from: number, end: number, marks: Uint8Array, markBase: number): void {
    const base = this.#buffer.lineOffset(from);
    const last = end - 1;
    const text = this.#decoder.decode(this.#buffer.rawBytes(base, this.#buffer.lineOffset(last) + this.#buffer.lineByteLength(last)));
    const count = end - from;
    const starts = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) starts[i] = this.#buffer.lineOffset(from + i) - base;
    starts[count] = text.length + 1;
    const search = filter.search;
    search.lastIndex = 0;
    let line = 0;
    for (;;) {
      const match = search.exec(text);
      if (!match) break;
      while ((starts[line + 1] ?? 0) <= match.index) line++;
      const lineStart = starts[line] ?? 0;
      const lineEnd = (starts[line + 1] ?? 0) - 1;
      // A match may run across a '\n' (\s, [^x]); then the line alone decides.
      const within = match.index + match[0].length <= lineEnd;
      if (within || filter.line.test(text.slice(lineStart, lineEnd))) marks[from + line - markBase] = 1;
      const next = starts[line + 1] ?? 0;
      if (next > text.length) break;
      search.lastIndex = next;
    }
    search.lastIndex = 0;
  }

  #includeMatch(seq: number): void {
    this.#includeTrailingContext(seq - 1);
    const from = Math.max(this.#lastIncluded + 1, seq - this.context.before, this.#buffer.firstSeq);
    for (let s = from; s < seq; s++) this.#includeRow(s, 0);
    this.#includeRow(seq, ROW_MATCH);
    this.#lastMatch = seq;
    this.#matches++;
  }

  /** The lines after the last match, up to `limit` (the last line tested so far). */
  #includeTrailingContext(limit: number): void {
    const end = Math.min(limit, this.#lastMatch + this.context.after);
    for (let s = Math.max(this.#lastIncluded + 1, this.#buffer.firstSeq); s <= end; s++) this.#includeRow(s, 0);
  }

  #includeRow(seq: number, flags: number): void {
    if (this.#rowEnd > this.#rowHead && seq !== this.#lastIncluded + 1) flags |= ROW_GROUP_START;
    if (this.#rowEnd === this.#rowSeqs.length) {
      const seqs = new Float64Array(this.#rowSeqs.length * 2);
      seqs.set(this.#rowSeqs);
      this.#rowSeqs = seqs;
      const rowFlags = new Uint8Array(seqs.length);
      rowFlags.set(this.#rowFlags);
      this.#rowFlags = rowFlags;
    }
    this.#rowSeqs[this.#rowEnd] = seq;
    this.#rowFlags[this.#rowEnd] = flags;
    this.#rowEnd++;
    this.#lastIncluded = seq;
  }

  #forgetDropped(): void {
    const first = this.#buffer.firstSeq;
    while (this.#rowHead < this.#rowEnd && (this.#rowSeqs[this.#rowHead] ?? 0) < first) {
      if ((this.#rowFlags[this.#rowHead] ?? 0) & ROW_MATCH) this.#droppedMatches++;
      this.#rowHead++;
    }
    // Compact once the dead prefix is the larger part, so the cost stays linear overall.
    if (this.#rowHead > 1024 && this.#rowHead * 2 > this.#rowEnd) {
      this.#rowSeqs.copyWithin(0, this.#rowHead, this.#rowEnd);
      this.#rowFlags.copyWithin(0, this.#rowHead, this.#rowEnd);
      this.#rowEnd -= this.#rowHead;
      this.#rowHead = 0;
    }
  }
}
