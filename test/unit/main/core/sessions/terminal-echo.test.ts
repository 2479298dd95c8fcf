import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TerminalEcho } from '../../../../../main/core/sessions/terminal-echo.ts';
import { bytesOf as bytes, chunk } from '../../../../support/bytes.ts';


function echoOf(...inputs: string[]): TerminalEcho {
  const echo = new TerminalEcho();
  for (const input of inputs) echo.sent(bytes(input));
  return echo;
}

describe('TerminalEcho', () => {
  it('expects printable text, tab and UTF-8 as sent, CR and LF as CR LF (what a fresh pty echoes)', () => {
    const echo = echoOf('echo first-$((40 + 2))\r', 'ä\tb\n');
    expect(echo.accepts(bytes('echo first-$((40 + 2))\r\n'))).toBe(true);
    expect(echo.accepts(bytes('ä\tb\r\n'))).toBe(true);
    expect(echo.accepts(bytes('x'))).toBe(false);
  });

  it('follows chunk boundaries of the input and of the output independently', () => {
    const echo = echoOf('ab', 'c\r', 'd');
    for (const piece of ['a', 'bc\r', '\nd']) expect(echo.accepts(bytes(piece))).toBe(true);
  });

  it('refuses, without consuming, output that differs from the echo or goes beyond it', () => {
    const echo = echoOf('ls\r');
    expect(echo.accepts(bytes('ls\r\n$ '))).toBe(false);
    expect(echo.accepts(bytes('lx'))).toBe(false);
    expect(echo.accepts(bytes('ls\r\n'))).toBe(true);
    expect(echo.accepts(bytes('$ '))).toBe(false);
  });

  it('accepts nothing before input was sent, and no CR without its LF turned into CR LF', () => {
    expect(new TerminalEcho().accepts(bytes('$ '))).toBe(false);
    const echo = echoOf('a\r');
    expect(echo.accepts(bytes('a\r'))).toBe(true); // a prefix: the LF may follow in the next message
    expect(echo.accepts(bytes('x'))).toBe(false);
  });

  it('stops at a control character whose echo depends on more terminal settings', () => {
    for (const control of ['\x7f', '\x03', '\x04', '\x1b[A', '\x15']) {
      const echo = echoOf(`ab${control}cd`, 'ef');
      expect(echo.accepts(bytes('ab'))).toBe(true);
      expect(echo.accepts(bytes('c'))).toBe(false);
      expect(echo.accepts(bytes('^'))).toBe(false);
    }
  });

  it('accepts the echo of any typed text however input and output are cut, and nothing beyond it', () => {
    const typed = fc.string({ unit: fc.oneof(fc.constantFrom('\r', '\n', '\t', ' ', '$', '(', 'é', '日'), fc.string({ minLength: 1, maxLength: 1 }).filter((c) => c >= ' ' && c !== '\x7f')) });
    fc.assert(
      fc.property(typed, fc.array(fc.nat()), fc.array(fc.nat()), fc.string({ minLength: 1 }), (text, inputCuts, outputCuts, extra) => {
        const echo = new TerminalEcho();
        for (const piece of chunk(bytes(text), inputCuts)) echo.sent(piece);
        const expected = bytes(text.replace(/[\r\n]/g, '\r\n'));
        for (const piece of chunk(expected, outputCuts)) expect(echo.accepts(piece)).toBe(true);
        expect(echo.accepts(bytes(extra))).toBe(false);
      }),
    );
  });
});
