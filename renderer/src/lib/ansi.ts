// ANSI SGR for log lines: colours (16, 256, truecolor), bold, dim, italic, underline, inverse and
// strikethrough become styled spans over the visible text. Every other escape sequence (cursor
// movement, OSC titles and hyperlinks, DCS, charset selection) and every other control character is
// removed, so a log line can never put a raw ESC, a title change or a bell on screen.
//
// A log line is not a terminal: there is no cursor, so sequences are dropped rather than executed.

export type AnsiColor =
  | { readonly kind: 'palette'; readonly index: number }
  | { readonly kind: 'rgb'; readonly r: number; readonly g: number; readonly b: number };

export interface TextStyle {
  readonly fg: AnsiColor | null;
  readonly bg: AnsiColor | null;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
  readonly strikethrough: boolean;
}

export const PLAIN_STYLE: TextStyle = Object.freeze({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strikethrough: false,
});

/** [start, end) in UTF-16 units of the visible text. */
export interface StyledSpan {
  readonly start: number;
  readonly end: number;
  readonly style: TextStyle;
}

export interface StyledLine {
  /** The text with every escape sequence and control character removed (tabs stay). */
  readonly text: string;
  /** Cover `text` exactly, in order, adjacent spans never share a style. */
  readonly spans: readonly StyledSpan[];
}

const ESC = 0x1b;
const BEL = 0x07;
const TAB = 0x09;
const DEL = 0x7f;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
/** C1 introducers of strings that run to a terminator: DCS, SOS, OSC, PM, APC. */
const C1_STRING_STARTS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** After ESC: the letters that open a string (DCS P, SOS X, OSC ], PM ^, APC _). */
const ESC_STRING_STARTS = new Set(['P', 'X', ']', '^', '_']);

/** A control character other than TAB and LF: the line needs parsing before it can be shown. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function isControl(code: number): boolean {
  return (code < 0x20 && code !== TAB) || (code >= DEL && code <= 0x9f);
}

function sameColor(a: AnsiColor | null, b: AnsiColor | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.kind !== b.kind) return false;
  if (a.kind === 'palette') return a.index === (b as typeof a).index;
  const other = b as typeof a;
  return a.r === other.r && a.g === other.g && a.b === other.b;
}

export function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    a === b ||
    (a.bold === b.bold &&
      a.dim === b.dim &&
      a.italic === b.italic &&
      a.underline === b.underline &&
      a.inverse === b.inverse &&
      a.strikethrough === b.strikethrough &&
      sameColor(a.fg, b.fg) &&
      sameColor(a.bg, b.bg))
  );
}

/** The text as a reader sees it: the same as parseAnsi(line).text, without building spans. */
export function visibleText(line: string): string {
  return CONTROL_CHARACTER.test(line) ? parseAnsi(line).text : line;
}

export function parseAnsi(line: string): StyledLine {
  if (!CONTROL_CHARACTER.test(line)) {
    return { text: line, spans: line.length === 0 ? [] : [{ start: 0, end: line.length, style: PLAIN_STYLE }] };
  }
  const builder = new SpanBuilder();
  let plainStart = 0;
  let i = 0;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (!isControl(code)) {
      i++;
      continue;
    }
    builder.addText(line.slice(plainStart, i));
    if (code === ESC) i = skipEscape(line, i + 1, builder);
    else if (code === C1_CSI) i = skipCsi(line, i + 1, builder);
    else if (C1_STRING_STARTS.has(code)) i = skipString(line, i + 1);
    else i++;
    plainStart = i;
  }
  builder.addText(line.slice(plainStart));
  return builder.finish();
}

class SpanBuilder {
  #text = '';
  readonly #spans: StyledSpan[] = [];
  #style: TextStyle = PLAIN_STYLE;

  addText(part: string): void {
    if (part.length === 0) return;
    const start = this.#text.length;
    this.#text += part;
    const last = this.#spans[this.#spans.length - 1];
    if (last && sameStyle(last.style, this.#style)) {
      this.#spans[this.#spans.length - 1] = { start: last.start, end: this.#text.length, style: last.style };
    } else {
      this.#spans.push({ start, end: this.#text.length, style: this.#style });
    }
  }

  applySgr(params: string): void {
    this.#style = applySgr(this.#style, params);
  }

  finish(): StyledLine {
    return { text: this.#text, spans: this.#spans };
  }
}

/** After an ESC at from-1: returns where plain text resumes. */
function skipEscape(line: string, from: number, builder: SpanBuilder): number {
  if (from >= line.length) return from;
  const next = line[from] ?? '';
  if (next === '[') return skipCsi(line, from + 1, builder);
  if (ESC_STRING_STARTS.has(next)) return skipString(line, from + 1);
  let i = from;
  // nF escapes: intermediates 0x20-0x2F, then one final 0x30-0x7E (ESC ( B, ESC # 8, ESC 7 …).
  while (i < line.length && line.charCodeAt(i) >= 0x20 && line.charCodeAt(i) <= 0x2f) i++;
  const final = line.charCodeAt(i);
  if (final >= 0x30 && final <= 0x7e) return i + 1;
  // Malformed: drop what was read and let the next character be handled on its own.
  return i;
}

/** A control sequence after its introducer: parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E. */
function skipCsi(line: string, from: number, builder: SpanBuilder): number {
  let i = from;
  while (i < line.length && line.charCodeAt(i) >= 0x30 && line.charCodeAt(i) <= 0x3f) i++;
  const paramsEnd = i;
  while (i < line.length && line.charCodeAt(i) >= 0x20 && line.charCodeAt(i) <= 0x2f) i++;
  const final = line.charCodeAt(i);
  if (!(final >= 0x40 && final <= 0x7e)) return i; // unterminated or broken: dropped
  const params = line.slice(from, paramsEnd);
  // SGR only: no intermediates, no private marker (CSI ? … m and CSI > … m are other things).
  if (final === 0x6d /* m */ && paramsEnd === i && /^[\d;:]*$/.test(params)) builder.applySgr(params);
  return i + 1;
}

/** OSC, DCS, SOS, PM, APC: everything up to BEL, ESC \ or C1 ST is dropped; unterminated runs to the end. */
function skipString(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === BEL || code === C1_ST) return i + 1;
    if (code === ESC) return line[i + 1] === '\\' ? i + 2 : i;
  }
  return line.length;
}

function parameter(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

function byteOrNaN(text: string | undefined): number {
  const value = parameter(text);
  return value <= 255 ? value : Number.NaN;
}

function paletteColor(index: number): AnsiColor | undefined {
  return Number.isNaN(index) ? undefined : { kind: 'palette', index };
}

function rgbColor(r: number, g: number, b: number): AnsiColor | undefined {
  return Number.isNaN(r) || Number.isNaN(g) || Number.isNaN(b) ? undefined : { kind: 'rgb', r, g, b };
}

/** 38/48/58 with colon sub-parameters: 38:5:n, 38:2:r:g:b or 38:2:colourspace:r:g:b. */
function colonColor(sub: readonly string[]): AnsiColor | undefined {
  const mode = parameter(sub[1]);
  if (mode === 5 && sub.length === 3) return paletteColor(byteOrNaN(sub[2]));
  if (mode === 2 && sub.length === 5) return rgbColor(byteOrNaN(sub[2]), byteOrNaN(sub[3]), byteOrNaN(sub[4]));
  if (mode === 2 && sub.length === 6) return rgbColor(byteOrNaN(sub[3]), byteOrNaN(sub[4]), byteOrNaN(sub[5]));
  return undefined;
}

/** The style after one SGR sequence's parameters. Unknown or malformed parameters change nothing. */
export function applySgr(start: TextStyle, params: string): TextStyle {
  const parts = params.split(';');
  const style: { -readonly [K in keyof TextStyle]: TextStyle[K] } = { ...start };
  let k = 0;
  while (k < parts.length) {
    const part = parts[k] ?? '';
    k++;
    if (part.includes(':')) {
      const sub = part.split(':');
      const code = parameter(sub[0]);
      if (code === 38 || code === 48) {
        const color = colonColor(sub);
        if (color) style[code === 38 ? 'fg' : 'bg'] = color;
      } else if (code === 4) {
        style.underline = parameter(sub[1]) !== 0;
      }
      continue;
    }
    const code = parameter(part);
    if (code === 38 || code === 48 || code === 58) {
      // Semicolon form: 38;5;n or 38;2;r;g;b. The arguments are consumed even when invalid.
      const mode = parameter(parts[k]);
      let color: AnsiColor | undefined;
      if (mode === 5) {
        color = paletteColor(byteOrNaN(parts[k + 1]));
        k += 2;
      } else if (mode === 2) {
        color = rgbColor(byteOrNaN(parts[k + 1]), byteOrNaN(parts[k + 2]), byteOrNaN(parts[k + 3]));
        k += 4;
      } else {
        k += 1;
      }
      // 58 is the underline colour, which a log row does not draw.
      if (color && code !== 58) style[code === 38 ? 'fg' : 'bg'] = color;
      continue;
    }
    applySimpleCode(style, code);
  }
  // Back to plain is the common case (ESC[0m): hand out the shared object, so `=== PLAIN_STYLE` holds.
  return sameStyle(style, PLAIN_STYLE) ? PLAIN_STYLE : Object.freeze(style);
}

function applySimpleCode(style: { -readonly [K in keyof TextStyle]: TextStyle[K] }, code: number): void {
  if (code >= 30 && code <= 37) style.fg = { kind: 'palette', index: code - 30 };
  else if (code >= 40 && code <= 47) style.bg = { kind: 'palette', index: code - 40 };
  else if (code >= 90 && code <= 97) style.fg = { kind: 'palette', index: code - 90 + 8 };
  else if (code >= 100 && code <= 107) style.bg = { kind: 'palette', index: code - 100 + 8 };
  else {
    switch (code) {
      case 0:
        Object.assign(style, PLAIN_STYLE);
        break;
      case 1:
        style.bold = true;
        break;
      case 2:
        style.dim = true;
        break;
      case 3:
        style.italic = true;
        break;
      case 4:
      case 21: // double underline, drawn as underline
        style.underline = true;
        break;
      case 7:
        style.inverse = true;
        break;
      case 9:
        style.strikethrough = true;
        break;
      case 22:
        style.bold = false;
        style.dim = false;
        break;
      case 23:
        style.italic = false;
        break;
      case 24:
        style.underline = false;
        break;
      case 27:
        style.inverse = false;
        break;
      case 29:
        style.strikethrough = false;
        break;
      case 39:
        style.fg = null;
        break;
      case 49:
        style.bg = null;
        break;
      default:
        // Blink, conceal, fonts, overline …: not drawn in a log row.
        break;
    }
  }
}

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;
// xterm's defaults, used when the theme does not set --ansi-N.
const BASIC_COLORS = [
  '#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
  '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff',
] as const;

/** A CSS colour: the 16 basic colours come from the theme's --ansi-0 … --ansi-15, the rest are computed. */
export function colorCss(color: AnsiColor): string {
  if (color.kind === 'rgb') return `rgb(${color.r}, ${color.g}, ${color.b})`;
  const index = color.index;
  if (index < 16) return `var(--ansi-${index}, ${BASIC_COLORS[index]})`;
  if (index < 232) {
    const cube = index - 16;
    const r = CUBE_LEVELS[Math.floor(cube / 36)];
    const g = CUBE_LEVELS[Math.floor(cube / 6) % 6];
    const b = CUBE_LEVELS[cube % 6];
    return `rgb(${r}, ${g}, ${b})`;
  }
  const grey = 8 + (index - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

/** Inline CSS for a span; '' for plain text. Inverse swaps the colours, defaulting to the pane's own. */
export function styleCss(style: TextStyle): string {
  if (style === PLAIN_STYLE) return '';
  let fg = style.fg ? colorCss(style.fg) : null;
  let bg = style.bg ? colorCss(style.bg) : null;
  if (style.inverse) {
    [fg, bg] = [bg ?? 'var(--log-bg, Canvas)', fg ?? 'var(--log-fg, CanvasText)'];
  }
  const rules: string[] = [];
  if (fg) rules.push(`color: ${fg}`);
  if (bg) rules.push(`background-color: ${bg}`);
  if (style.bold) rules.push('font-weight: bold');
  if (style.dim) rules.push('opacity: 0.6');
  if (style.italic) rules.push('font-style: italic');
  const lines = [style.underline ? 'underline' : '', style.strikethrough ? 'line-through' : ''].filter(Boolean);
  if (lines.length > 0) rules.push(`text-decoration: ${lines.join(' ')}`);
  return rules.join('; ');
}
