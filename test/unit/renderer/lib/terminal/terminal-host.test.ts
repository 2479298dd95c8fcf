// @vitest-environment jsdom
// The terminal host on a real xterm (jsdom: the DOM renderer, no layout).
import './jsdom-for-xterm.ts'; // before xterm loads
import { describe, expect, it, vi } from 'vitest';
import { TERMINAL_WRITE_BYTES } from '../../../../../shared/flow/flow-budget.ts';
import { TerminalHostError, type TerminalAddon } from '../../../../../renderer/src/lib/terminal/terminal-host.ts';
import { LOOK, openHost, parsed, press, pressCommand } from './host-fixture.ts';

function acknowledgements() {
  const acks: Array<[string, number]> = [];
  return { acks, fn: (id: string, amount: number) => void acks.push([id, amount]), total: () => acks.reduce((sum, [, n]) => sum + n, 0) };
}

function screenLine(host: ReturnType<typeof openHost>['host'], row: number): string {
  return host.terminal.buffer.active.getLine(row)?.translateToString(true) ?? '';
}

describe('input leaves through the one onInput seam', () => {
  it('as UTF-8 bytes, typed or pasted', () => {
    const { host, input, inputText } = openHost();
    host.terminal.input('é');
    expect(input.map((data) => Array.from(data))).toEqual([[0xc3, 0xa9]]);
    host.terminal.paste('ls -la');
    expect(inputText()).toBe('éls -la');
  });

  it('keeps plain Ctrl+C an interrupt for the shell', () => {
    const { host, inputText } = openHost();
    const event = press(host, { key: 'c', code: 'KeyC', keyCode: 67, ctrlKey: true });
    expect(inputText()).toBe('\x03');
    expect(event.defaultPrevented).toBe(true); // xterm took it
  });

  it('sends nothing while input is disabled (the session ended)', () => {
    const { host, inputText } = openHost();
    host.setInputEnabled(false);
    host.terminal.input('lost');
    host.setInputEnabled(true);
    host.terminal.input('kept');
    expect(inputText()).toBe('kept');
  });
});

describe('app command keys', () => {
  it('run the registered command and never reach the pod', () => {
    const { host, input } = openHost();
    const copy = vi.fn();
    host.registerCommand('copy', copy);
    const event = pressCommand(host, 'copy');
    expect(copy).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    expect(input).toEqual([]);
  });

  it('bubble on to the window when the terminal has no handler, and still never reach the pod', () => {
    const { host, input } = openHost();
    const event = pressCommand(host, 'new-shell');
    expect(event.defaultPrevented).toBe(false);
    expect(input).toEqual([]);
  });

  it('have one handler each, free again once its registration is disposed', () => {
    const { host } = openHost();
    const registration = host.registerCommand('find', () => undefined);
    expect(() => host.registerCommand('find', () => undefined)).toThrow(new TerminalHostError('the find command already has a handler'));
    registration.dispose();
    const find = vi.fn();
    host.registerCommand('find', find);
    pressCommand(host, 'find');
    expect(find).toHaveBeenCalledTimes(1);
  });
});

describe('flow control', () => {
  it('hands a session’s output to xterm in write-chunk pieces and acknowledges all of it once parsed', async () => {
    const { host } = openHost();
    const r = acknowledgements();
    const write = vi.spyOn(host.terminal, 'write');
    host.showSession('s1', r.fn);
    const output = new Uint8Array(2 * TERMINAL_WRITE_BYTES + 10).fill(0x61); // "aaa…"
    host.write(output);
    expect(write.mock.calls.map(([data]) => data.length)).toEqual([TERMINAL_WRITE_BYTES, TERMINAL_WRITE_BYTES, 10]);
    expect(r.total()).toBeLessThan(output.length); // nothing is acknowledged before xterm parsed it
    await parsed(host);
    expect(r.total()).toBe(output.length);
    expect(r.acks.every(([id]) => id === 's1')).toBe(true);
    expect(screenLine(host, 0)).toBe('a'.repeat(host.terminal.cols));
  });

  it('parses the output that follows input sent from elsewhere at once, as after a typed key, and sends nothing itself', () => {
    const { host, input } = openHost();
    host.showSession('s1', acknowledgements().fn);
    host.write(new TextEncoder().encode('late'));
    expect(screenLine(host, 0)).toBe(''); // other output waits for a task of its own
    const second = openHost();
    second.host.showSession('s2', acknowledgements().fn);
    second.host.inputSentElsewhere();
    second.host.write(new TextEncoder().encode('echo'));
    expect(screenLine(second.host, 0)).toBe('echo');
    expect(input).toEqual([]);
    expect(second.input).toEqual([]);
  });

  it('clears the screen when the session leaves it, and acknowledges nothing parsed after', async () => {
    const { host } = openHost();
    const r = acknowledgements();
    host.showSession('s1', r.fn);
    host.write(new TextEncoder().encode('first session'));
    await parsed(host);
    expect(r.acks).toEqual([['s1', 13]]);
    host.write(new Uint8Array(100).fill(0x62));
    host.clearSession();
    await parsed(host);
    expect(r.acks).toEqual([['s1', 13]]);
    expect(screenLine(host, 0)).not.toContain('first session');

    host.showSession('s2', r.fn); // "Run again": the next session in the same terminal
    host.write(new TextEncoder().encode('second'));
    await parsed(host);
    expect(r.acks.at(-1)).toEqual(['s2', 6]);
  });

  it('draws a session’s screen from main in a reset terminal, after the output before it, without acknowledging it', async () => {
    const { host } = openHost();
    const r = acknowledgements();
    host.showSession('s1', r.fn);
    // Leftovers that would shift a screen written after them: text, a cursor mid-line, a mode.
    host.write(new TextEncoder().encode('old prompt $ \x1b[?1h'));
    host.drawScreen('\x1b[1mvi\x1b[0m screen\r\nline 2');
    host.write(new TextEncoder().encode('!'));
    await parsed(host);
    expect([screenLine(host, 0), screenLine(host, 1)]).toEqual(['vi screen', 'line 2!']);
    expect(host.terminal.modes.applicationCursorKeysMode).toBe(false);
    expect(r.total()).toBe(19); // the output, not the screen
    expect(() => openHost().host.drawScreen('x')).toThrow(new TerminalHostError('a screen arrived while no session is shown'));
  });

  it('shows one session at a time, and takes output only while one is shown', () => {
    const { host } = openHost();
    expect(() => host.write(new Uint8Array(1))).toThrow(new TerminalHostError('output arrived while no session is shown'));
    host.showSession('s1', () => undefined);
    expect(() => host.showSession('s2', () => undefined)).toThrow(new TerminalHostError('session s1 is still shown'));
  });
});

describe('the host', () => {
  it('applies a new look', () => {
    const { host } = openHost();
    host.setLook({ fontFamily: 'serif', fontSize: 17, scrollback: 42, theme: { background: '#ffffff' } });
    expect(host.terminal.options).toMatchObject({ fontFamily: 'serif', fontSize: 17, scrollback: 42, theme: { background: '#ffffff' } });
    expect(host.terminal.options.fontFamily).not.toBe(LOOK.fontFamily);
  });

  it('reports its grid size', () => {
    const { host } = openHost();
    host.terminal.resize(100, 30);
    expect(host.size).toEqual({ cols: 100, rows: 30 });
  });

  it('activates each addon on itself and disposes them, last loaded first, with the session’s rest acknowledged', async () => {
    const { host } = openHost();
    const events: string[] = [];
    const addon = (name: string): TerminalAddon => ({
      activate: (on) => void events.push(`activate ${name} ${on === host}`),
      dispose: () => void events.push(`dispose ${name}`),
    });
    const first = addon('first');
    expect(host.loadAddon(first)).toBe(first);
    host.loadAddon(addon('second'));
    const r = acknowledgements();
    host.showSession('s1', r.fn);
    host.write(new Uint8Array(10));
    await parsed(host);
    host.dispose();
    host.dispose(); // once only
    expect(events).toEqual(['activate first true', 'activate second true', 'dispose second', 'dispose first']);
    expect(r.total()).toBe(10);
    expect(host.container.querySelector('.xterm')).toBeNull();
  });
});
