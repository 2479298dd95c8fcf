import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applySgr,
  colorCss,
  parseAnsi,
  PLAIN_STYLE,
  styleCss,
  visibleText,
  type StyledLine,
  type TextStyle,
} from '../../../../renderer/src/lib/ansi.ts';

const E = '\u001b';
const style = (changes: Partial<TextStyle>): TextStyle => ({ ...PLAIN_STYLE, ...changes });
/** [text, style changes] per span, for readable expectations. */
function pieces(line: StyledLine): Array<[string, Partial<TextStyle>]> {
  return line.spans.map((span) => {
    const changes: Partial<TextStyle> = {};
    for (const key of Object.keys(PLAIN_STYLE) as Array<keyof TextStyle>) {
      if (JSON.stringify(span.style[key]) !== JSON.stringify(PLAIN_STYLE[key])) Object.assign(changes, { [key]: span.style[key] });
    }
    return [line.text.slice(span.start, span.end), changes];
  });
}

describe('parseAnsi: SGR', () => {
  it('leaves plain text alone', () => {
    expect(parseAnsi('hello\tworld')).toEqual({ text: 'hello\tworld', spans: [{ start: 0, end: 11, style: PLAIN_STYLE }] });
    expect(parseAnsi('')).toEqual({ text: '', spans: [] });
  });

  it('reads the 16 basic colours, bright ones, and resets', () => {
    expect(pieces(parseAnsi(`a${E}[31mred${E}[0m b${E}[92;44mgreen on blue${E}[39mdefault fg${E}[mplain`))).toEqual([
      ['a', {}],
      ['red', { fg: { kind: 'palette', index: 1 } }],
      [' b', {}],
      ['green on blue', { fg: { kind: 'palette', index: 10 }, bg: { kind: 'palette', index: 4 } }],
      ['default fg', { bg: { kind: 'palette', index: 4 } }],
      ['plain', {}],
    ]);
  });

  it('reads 256-colour and truecolour, with semicolons and with colons', () => {
    expect(pieces(parseAnsi(`${E}[38;5;208mA${E}[48;2;1;2;3mB${E}[38:5:17mC${E}[38:2::10:20:30mD${E}[48:2:4:5:6mE`))).toEqual([
      ['A', { fg: { kind: 'palette', index: 208 } }],
      ['B', { fg: { kind: 'palette', index: 208 }, bg: { kind: 'rgb', r: 1, g: 2, b: 3 } }],
      ['C', { fg: { kind: 'palette', index: 17 }, bg: { kind: 'rgb', r: 1, g: 2, b: 3 } }],
      ['D', { fg: { kind: 'rgb', r: 10, g: 20, b: 30 }, bg: { kind: 'rgb', r: 1, g: 2, b: 3 } }],
      ['E', { fg: { kind: 'rgb', r: 10, g: 20, b: 30 }, bg: { kind: 'rgb', r: 4, g: 5, b: 6 } }],
    ]);
  });

  it('reads bold, dim, italic, underline, inverse, strikethrough and their offs', () => {
    const s = applySgr(PLAIN_STYLE, '1;2;3;4;7;9');
    expect(s).toEqual(style({ bold: true, dim: true, italic: true, underline: true, inverse: true, strikethrough: true }));
    expect(applySgr(s, '22;23;24;27;29')).toEqual(PLAIN_STYLE);
    expect(applySgr(PLAIN_STYLE, '4:3').underline).toBe(true);
    expect(applySgr(style({ underline: true }), '4:0').underline).toBe(false);
    expect(applySgr(PLAIN_STYLE, '21').underline).toBe(true);
  });

  it('ignores what it cannot use without losing the rest of the sequence', () => {
    // Out-of-range colours, unknown codes, blink, underline colour (58) and a bad colour mode.
    expect(applySgr(PLAIN_STYLE, '38;5;300;1')).toEqual(style({ bold: true }));
    expect(applySgr(PLAIN_STYLE, '38;2;1;2;999;3')).toEqual(style({ italic: true }));
    expect(applySgr(PLAIN_STYLE, '5;6;8;53;1')).toEqual(style({ bold: true }));
    expect(applySgr(PLAIN_STYLE, '58;5;9;31')).toEqual(style({ fg: { kind: 'palette', index: 1 } }));
    expect(applySgr(PLAIN_STYLE, '38;9;1')).toEqual(style({ bold: true }));
    expect(applySgr(PLAIN_STYLE, '38:5')).toEqual(PLAIN_STYLE);
  });

  it('merges neighbouring text of the same style into one span', () => {
    expect(parseAnsi(`${E}[31ma${E}[31mb${E}[1m${E}[22mc`).spans).toEqual([
      { start: 0, end: 3, style: style({ fg: { kind: 'palette', index: 1 } }) },
    ]);
  });
});

describe('parseAnsi: everything else is removed', () => {
  it.each([
    ['cursor movement and erase', `a${E}[2J${E}[10;5Hb${E}[Kc`, 'abc'],
    ['private modes', `a${E}[?25lb${E}[?1049hc`, 'abc'],
    ['a private SGR is not SGR', `a${E}[>4;2mb`, 'ab'],
    ['OSC title ended by BEL', `a${E}]0;evil title\u0007b`, 'ab'],
    ['OSC 8 hyperlink ended by ST', `${E}]8;;https://x.example${E}\\link${E}]8;;${E}\\`, 'link'],
    ['DCS, SOS, PM, APC', `a${E}Pq#0;1${E}\\b${E}Xs${E}\\c${E}^p${E}\\d${E}_a${E}\\e`, 'abcde'],
    ['charset and two-character escapes', `a${E}(Bb${E}7c${E}=d${E}#8e`, 'abcde'],
    ['C1 CSI and OSC', 'a\u009b31mb\u009d0;t\u009cc', 'abc'],
    ['other C0 and C1 controls', 'a\u0007b\u0008c\rd\u0000e\u007ff\u0085g', 'abcdefg'],
    ['an ESC at the end', `abc${E}`, 'abc'],
    ['an unterminated CSI', `abc${E}[31`, 'abc'],
    ['an unterminated OSC swallows the rest', `abc${E}]0;title`, 'abc'],
    ['an ESC interrupting a CSI', `a${E}[3${E}[1mb`, 'ab'],
    ['an ESC before a non-ASCII letter', `a${E}éb`, 'aéb'],
  ])('removes %s', (_name, input, visible) => {
    expect(parseAnsi(input).text).toBe(visible);
    expect(visibleText(input)).toBe(visible);
  });

  it('never leaves a control character in the text, and its spans cover the text exactly', () => {
    const unit = fc.oneof(
      fc.constantFrom(E, '[', ']', ';', ':', 'm', '3', '8', '5', '2', '\u0007', '\\', '\u009b', '\u009c', '\r', '?', 'P', 'a', 'é'),
      fc.string({ maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (input) => {
        const line = parseAnsi(input);
        // eslint-disable-next-line no-control-regex -- no control character may survive
        expect(line.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        let position = 0;
        for (const span of line.spans) {
          expect(span.start).toBe(position);
          expect(span.end).toBeGreaterThan(span.start);
          position = span.end;
        }
        expect(position).toBe(line.text.length);
      }),
    );
  });
});

describe('CSS for styles', () => {
  it('maps palette and truecolour to CSS, the basic 16 through theme variables', () => {
    expect(colorCss({ kind: 'palette', index: 1 })).toBe('var(--ansi-1, #cd0000)');
    expect(colorCss({ kind: 'palette', index: 16 })).toBe('rgb(0, 0, 0)');
    expect(colorCss({ kind: 'palette', index: 196 })).toBe('rgb(255, 0, 0)');
    expect(colorCss({ kind: 'palette', index: 231 })).toBe('rgb(255, 255, 255)');
    expect(colorCss({ kind: 'palette', index: 232 })).toBe('rgb(8, 8, 8)');
    expect(colorCss({ kind: 'palette', index: 255 })).toBe('rgb(238, 238, 238)');
    expect(colorCss({ kind: 'rgb', r: 1, g: 2, b: 3 })).toBe('rgb(1, 2, 3)');
  });

  it('writes inline CSS for a style, swapping colours for inverse', () => {
    expect(styleCss(PLAIN_STYLE)).toBe('');
    expect(styleCss(style({ fg: { kind: 'rgb', r: 1, g: 2, b: 3 }, bold: true, underline: true, strikethrough: true }))).toBe(
      'color: rgb(1, 2, 3); font-weight: bold; text-decoration: underline line-through',
    );
    expect(styleCss(style({ fg: { kind: 'palette', index: 2 }, inverse: true }))).toBe(
      'color: var(--log-bg, Canvas); background-color: var(--ansi-2, #00cd00)',
    );
    expect(styleCss(style({ dim: true, italic: true }))).toBe('opacity: 0.6; font-style: italic');
  });
});
