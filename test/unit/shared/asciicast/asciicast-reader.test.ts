import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciicastError, type AsciicastEvent } from '../../../../shared/asciicast/asciicast.ts';
import { AsciicastReader, parseAsciicast } from '../../../../shared/asciicast/asciicast-reader.ts';

/** Fixtures written by hand from the v2 spec, shaped as other tools write them. */
function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
}

/** The error parseAsciicast throws for `text`, or a failure if it throws none or another. */
function errorOf(text: string, options?: { maxCharacters: number }): AsciicastError {
  try {
    parseAsciicast(text, options);
  } catch (error) {
    if (error instanceof AsciicastError) return error;
    throw new Error(`threw ${String(error)} instead of an AsciicastError`, { cause: error });
  }
  throw new Error('parsed without an error');
}

const HEADER = '{"version": 2, "width": 80, "height": 24}';

describe('AsciicastReader: files other tools write play', () => {
  it('an asciinema recording: header with env, output events with escapes and Unicode', () => {
    const cast = parseAsciicast(fixture('asciinema-shell.cast'));
    expect(cast.header).toEqual({ version: 2, width: 80, height: 24, timestamp: 1733476800, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' } });
    expect(cast.events).toHaveLength(15);
    expect(cast.events[0]).toEqual({ time: 0.012345, code: 'o', data: '\u001b[?2004h\u001b[1;32muser@host\u001b[0m:\u001b[1;34m~\u001b[0m$ ' });
    expect(cast.events[12]).toEqual({ time: 3.4512, code: 'o', data: 'hélló wörld 漢字 😀\r\n' });
  });

  it('every header field, every event code, and an unknown code skipped', () => {
    const cast = parseAsciicast(fixture('every-field.cast'));
    expect(cast.header).toEqual({
      version: 2,
      width: 100,
      height: 30,
      timestamp: 1733476800,
      duration: 12.5,
      idleTimeLimit: 2,
      command: '/bin/zsh -l',
      title: 'Every field',
      env: { SHELL: '/bin/zsh', TERM: 'xterm-256color' },
      theme: {
        fg: '#d0d0d0',
        bg: '#212121',
        palette: '#151515:#ac4142:#7e8e50:#e5b567:#6c99bb:#9f4e85:#7dd6cf:#d0d0d0:#505050:#ac4142:#7e8e50:#e5b567:#6c99bb:#9f4e85:#7dd6cf:#f5f5f5',
      },
    });
    expect(cast.events.map((event) => event.code)).toEqual(['o', 'i', 'o', 'i', 'o', 'i', 'o', 'm', 'r', 'o', 'o']);
    expect(cast.events[7]).toEqual({ time: 1.5, code: 'm', data: 'listed the files' });
    expect(cast.events[8]).toEqual({ time: 2, code: 'r', size: { cols: 120, rows: 40 } });
  });

  it('a Windows file: byte-order mark, CRLF, a blank line, no newline at the end', () => {
    const cast = parseAsciicast(fixture('windows-crlf-bom.cast'));
    expect(cast.header).toEqual({ version: 2, width: 40, height: 10, title: 'Written on Windows' });
    expect(cast.events).toEqual([
      { time: 0.5, code: 'o', data: 'first line\r\n' },
      { time: 1.25, code: 'o', data: 'second line\r\n' },
    ]);
  });

  it('null for an optional header field means absent', () => {
    const cast = parseAsciicast('{"version":2,"width":80,"height":24,"title":null,"idle_time_limit":null,"theme":null,"env":null}\n');
    expect(cast.header).toEqual({ version: 2, width: 80, height: 24 });
  });

  it('Porthole\'s own field says whether input was recorded', () => {
    expect(parseAsciicast('{"version":2,"width":80,"height":24,"porthole_input":true}').header.inputRecorded).toBe(true);
  });
});

describe('AsciicastReader: streaming', () => {
  for (const name of ['asciinema-shell.cast', 'every-field.cast', 'windows-crlf-bom.cast']) {
    it(`${name} read in pieces cut anywhere gives what reading it whole gives`, () => {
      const text = fixture(name);
      const whole = parseAsciicast(text);
      fc.assert(
        fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
          const offsets = [0, ...new Set(cuts)].sort((a, b) => a - b);
          const reader = new AsciicastReader();
          const events: AsciicastEvent[] = [];
          offsets.forEach((offset, index) => events.push(...reader.push(text.slice(offset, offsets[index + 1] ?? text.length))));
          events.push(...reader.end());
          expect(reader.header).toEqual(whole.header);
          expect(events).toEqual(whole.events);
        }),
      );
    });
  }

  it('answers each event as soon as its line is complete', () => {
    const reader = new AsciicastReader();
    expect(reader.push(`${HEADER}\n[0.5, "o", "a`)).toEqual([]);
    expect(reader.header).toEqual({ version: 2, width: 80, height: 24 });
    expect(reader.push('b"]\n')).toEqual([{ time: 0.5, code: 'o', data: 'ab' }]);
    expect(reader.end()).toEqual([]);
  });
});

describe('AsciicastReader: bad files get an error naming the line and the problem', () => {
  const cases: ReadonlyArray<readonly [what: string, text: string, line: number, problem: RegExp]> = [
    ['an empty file', '', 0, /^The file is empty/],
    ['only blank lines', '\n\n  \n', 0, /^The file is empty/],
    ['a header that is not JSON', 'hello world\n', 1, /^is not JSON: "hello world"$/],
    ['a header that is an array', '[2, 80, 24]\n', 1, /^the header must be a JSON object/],
    ['no version', '{"width": 80, "height": 24}\n', 1, /has no version; Porthole plays asciicast version 2$/],
    ['version 1', '{"version": 1, "width": 80, "height": 24}\n', 1, /is version 1; Porthole plays asciicast version 2$/],
    ['version 3', '{"version": 3, "term": {"cols": 80, "rows": 24}}\n', 1, /is version 3;/],
    ['no width', '{"version": 2, "height": 24}\n', 1, /^the header's width must be a whole number of cells from 1 to 65535, got nothing$/],
    ['a width of 0', '{"version": 2, "width": 0, "height": 24}\n', 1, /width .* got 0$/],
    ['a fractional height', '{"version": 2, "width": 80, "height": 2.5}\n', 1, /height .* got 2.5$/],
    ['a height as a string', '{"version": 2, "width": 80, "height": "24"}\n', 1, /height .* got "24"$/],
    ['a negative idle_time_limit', '{"version": 2, "width": 80, "height": 24, "idle_time_limit": -1}\n', 1, /idle_time_limit must be a number more than 0, got -1$/],
    ['a title that is a number', '{"version": 2, "width": 80, "height": 24, "title": 5}\n', 1, /title must be a string, got 5$/],
    ['a theme without a palette', '{"version": 2, "width": 80, "height": 24, "theme": {"fg": "#fff", "bg": "#000"}}\n', 1, /theme must be an object with "fg", "bg" and "palette"/],
    ['an event that is not JSON', `${HEADER}\n[0.1, "o", "a"]\n[0.2, "o", "b"\n`, 3, /^is not JSON: /],
    ['an event that is an object', `${HEADER}\n{"time": 0.1}\n`, 2, /^an event must be an array \[time, code, data\], got an object$/],
    ['an event of two items', `${HEADER}\n[0.1, "o"]\n`, 2, /got an array of 2$/],
    ['a time as a string', `${HEADER}\n["0.1", "o", "a"]\n`, 2, /time must be a number of seconds, 0 or more, got "0.1"$/],
    ['a negative time', `${HEADER}\n[-1, "o", "a"]\n`, 2, /time must be a number .* got -1$/],
    ['time going backwards', `${HEADER}\n[1.5, "o", "a"]\n[1.2, "o", "b"]\n`, 3, /^time goes backwards: 1.2 s comes after 1.5 s$/],
    ['a code that is not a string', `${HEADER}\n[0.1, 111, "a"]\n`, 2, /code must be a string/],
    ['output data that is not a string', `${HEADER}\n[0.1, "o", 42]\n`, 2, /^an "o" event's data must be a string, got 42$/],
    ['a resize that is not COLSxROWS', `${HEADER}\n[0.1, "r", "wide"]\n`, 2, /^a resize \("r"\) event's data must be "COLSxROWS" such as "80x24", got "wide"$/],
    ['a resize to 0 rows', `${HEADER}\n[0.1, "r", "80x0"]\n`, 2, /COLSxROWS/],
  ];
  for (const [what, text, line, problem] of cases) {
    it(what, () => {
      const error = errorOf(text);
      expect(error.line).toBe(line);
      expect(error.problem).toMatch(problem);
      expect(error.message).toBe(line === 0 ? error.problem : `line ${line}: ${error.problem}`);
    });
  }

  it('a file past the size limit is refused as a whole', () => {
    const error = errorOf(`${HEADER}\n${'[0.1, "o", "a"]\n'.repeat(10)}`, { maxCharacters: 100 });
    expect(error.line).toBe(0);
    expect(error.problem).toBe('The recording is larger than 100 characters, the most Porthole plays.');
  });

  it('a long line that is not JSON is quoted shortly', () => {
    expect(errorOf(`${'x'.repeat(500)}\n`).problem).toBe(`is not JSON: "${'x'.repeat(40)}…"`);
  });

  it('random text never makes the reader throw anything but an AsciicastError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.array(fc.oneof(fc.json(), fc.string()), { maxLength: 5 }), (header, lines) => {
        const text = [header, ...lines].join('\n');
        try {
          parseAsciicast(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AsciicastError);
        }
      }),
    );
  });
});
