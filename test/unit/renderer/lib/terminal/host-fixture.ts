// A TerminalHost on a real xterm in jsdom, disposed when the test ends, with the input it sent.
import './jsdom-for-xterm.ts';
import { onTestFinished } from 'vitest';
import type { AppCommand } from '../../../../../renderer/src/lib/shortcuts.ts';
import { TerminalHost, type TerminalHostOptions, type TerminalLook } from '../../../../../renderer/src/lib/terminal/terminal-host.ts';

export const LOOK: TerminalLook = { fontFamily: 'monospace', fontSize: 13, scrollback: 1000, theme: { background: '#000000' } };

export interface OpenHost {
  readonly host: TerminalHost;
  /** Every onInput call, in order. */
  readonly input: Uint8Array[];
  /** All input so far, decoded. */
  inputText(): string;
}

export function openHost(options: Partial<TerminalHostOptions> = {}): OpenHost {
  const container = document.createElement('div');
  document.body.append(container);
  const input: Uint8Array[] = [];
  const host = new TerminalHost(container, { look: LOOK, platform: 'other', onInput: (data) => input.push(data), ...options });
  onTestFinished(() => {
    host.dispose();
    container.remove();
  });
  const decoder = new TextDecoder();
  return { host, input, inputText: () => input.map((data) => decoder.decode(data)).join('') };
}

/** Resolves once xterm has parsed everything written to it so far. */
export function parsed(host: TerminalHost): Promise<void> {
  return new Promise((resolve) => host.terminal.write('', resolve));
}

/** Writes text to the screen (not as a session's output) and waits until xterm parsed it. */
export async function show(host: TerminalHost, text: string): Promise<void> {
  host.terminal.write(text);
  await parsed(host);
}

const CHORDS = {
  copy: { key: 'C', code: 'KeyC', keyCode: 67 },
  paste: { key: 'V', code: 'KeyV', keyCode: 86 },
  find: { key: 'F', code: 'KeyF', keyCode: 70 },
  'new-shell': { key: 'T', code: 'KeyT', keyCode: 84 },
} as const satisfies Partial<Record<AppCommand, KeyboardEventInit>>;

/** Presses an app command's Ctrl+Shift chord (Linux and Windows) in the terminal; the keydown event, to see whether it was taken. */
export function pressCommand(host: TerminalHost, command: keyof typeof CHORDS): KeyboardEvent {
  return press(host, { ...CHORDS[command], ctrlKey: true, shiftKey: true });
}

/** A keydown in xterm's textarea, where the keyboard focus is while the user types. */
export function press(host: TerminalHost, init: KeyboardEventInit): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  host.terminal.textarea!.dispatchEvent(event);
  return event;
}
