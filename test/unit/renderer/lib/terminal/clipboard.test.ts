// @vitest-environment jsdom
// Paste into a terminal, by host: in Electron the page asks main (which pastes into the focused
// xterm textarea) and never reads the clipboard itself, because the window refuses it
// 'clipboard-read'; in a browser the page reads the clipboard and hands the text to xterm.
// Then the clipboard addon on a real xterm: its keys, the right click, and what it says when refused.
import './jsdom-for-xterm.ts'; // before xterm loads
import { describe, expect, it, vi } from 'vitest';
import type { PortholeBridge } from '../../../../../shared/bridge/bridge.ts';
import { pasteClipboard, TerminalClipboard, type PasteCheck, type SystemClipboard } from '../../../../../renderer/src/lib/terminal/clipboard.ts';
import { FakeBridge } from '../../fake-bridge.ts';
import { openHost, pressCommand, show } from './host-fixture.ts';

class FakeTerminal {
  readonly pasted: string[] = [];
  paste(text: string): void {
    this.pasted.push(text);
  }
}

function clipboardHolding(text: string) {
  const clipboard = {
    reads: 0,
    readText: () => {
      clipboard.reads += 1;
      return Promise.resolve(text);
    },
  };
  return clipboard;
}

describe('paste in Electron (the bridge has paste)', () => {
  it('asks main to paste and never reads the clipboard in the page', async () => {
    let asked = 0;
    const bridge = Object.assign(new FakeBridge(), { paste: () => void (asked += 1) });
    const terminal = new FakeTerminal();
    const clipboard = clipboardHolding('kubectl get pods');
    await pasteClipboard(bridge, terminal, clipboard);
    expect(asked).toBe(1);
    expect(clipboard.reads).toBe(0);
    expect(terminal.pasted).toEqual([]);
  });
});

describe('paste in a browser (the web host’s bridge has no paste)', () => {
  it('reads the clipboard and hands the text to the terminal', async () => {
    const terminal = new FakeTerminal();
    await pasteClipboard(new FakeBridge(), terminal, clipboardHolding('ls -la\n'));
    expect(terminal.pasted).toEqual(['ls -la\n']);
  });

  it('pastes nothing for an empty clipboard', async () => {
    const terminal = new FakeTerminal();
    await pasteClipboard(new FakeBridge(), terminal, clipboardHolding(''));
    expect(terminal.pasted).toEqual([]);
  });

  it('rejects when the browser refuses, for the terminal to say so', async () => {
    const refused = new Error('Read permission denied.');
    const clipboard = { readText: () => Promise.reject(refused) };
    await expect(pasteClipboard(new FakeBridge() as PortholeBridge, new FakeTerminal(), clipboard)).rejects.toBe(refused);
  });
});

/** A system clipboard holding `text`, recording what was copied. */
function systemClipboard(text = ''): SystemClipboard & { copied: string[] } {
  const copied: string[] = [];
  return { copied, readText: () => Promise.resolve(text), writeText: (value) => Promise.resolve(void copied.push(value)) };
}

/** A host with the clipboard addon, "copy-me" on its first line. */
async function hostWithClipboard(clipboard: SystemClipboard, bridge: PortholeBridge = new FakeBridge(), checkPaste?: PasteCheck) {
  const opened = openHost();
  const problems: string[] = [];
  const addon = opened.host.loadAddon(new TerminalClipboard(bridge, clipboard, (message) => problems.push(message), checkPaste));
  await show(opened.host, 'copy-me and more');
  return { ...opened, addon, problems };
}

function rightClick(container: HTMLElement): MouseEvent {
  const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
  container.querySelector('.xterm-screen')!.dispatchEvent(event);
  return event;
}

describe('TerminalClipboard', () => {
  it('copies the selection with the copy key, and nothing without one', async () => {
    const clipboard = systemClipboard();
    const { host, addon } = await hostWithClipboard(clipboard);
    expect(await addon.copy()).toBe(false);
    host.terminal.select(0, 0, 7);
    pressCommand(host, 'copy');
    await vi.waitFor(() => expect(clipboard.copied).toEqual(['copy-me']));
  });

  it('pastes with the paste key: the text leaves as input', async () => {
    const { host, inputText } = await hostWithClipboard(systemClipboard('echo pasted'));
    pressCommand(host, 'paste');
    await vi.waitFor(() => expect(inputText()).toBe('echo pasted'));
  });

  it('asks main to paste in Electron', async () => {
    const paste = vi.fn();
    const { host, inputText } = await hostWithClipboard(systemClipboard('not read'), Object.assign(new FakeBridge(), { paste }));
    pressCommand(host, 'paste');
    await vi.waitFor(() => expect(paste).toHaveBeenCalledTimes(1));
    expect(inputText()).toBe('');
  });

  it('copies a selection on a right click and clears it, and pastes on one without a selection', async () => {
    const clipboard = systemClipboard('echo right-click');
    const { host, inputText } = await hostWithClipboard(clipboard);
    host.terminal.select(0, 0, 7);
    const first = rightClick(host.container);
    expect(first.defaultPrevented).toBe(true); // no browser menu
    await vi.waitFor(() => expect(host.terminal.hasSelection()).toBe(false));
    expect(clipboard.copied).toEqual(['copy-me']);
    expect(inputText()).toBe('');
    rightClick(host.container);
    await vi.waitFor(() => expect(inputText()).toBe('echo right-click'));
  });

  it('says in a sentence when the browser refuses a copy or a paste', async () => {
    const refused = new Error('Permission denied.');
    const { host, addon, problems } = await hostWithClipboard({ readText: () => Promise.reject(refused), writeText: () => Promise.reject(refused) });
    host.terminal.select(0, 0, 7);
    expect(await addon.copy()).toBe(false);
    await addon.paste();
    expect(problems).toEqual(['Copy failed: Permission denied.', "Paste failed (Permission denied.); the Edit menu's Paste or Shift+Insert may work"]);
  });

  it('leaves the keys and the right click alone once disposed', async () => {
    const clipboard = systemClipboard('after');
    const { host, addon, inputText } = await hostWithClipboard(clipboard);
    addon.dispose();
    const event = rightClick(host.container);
    expect(event.defaultPrevented).toBe(false);
    expect(pressCommand(host, 'paste').defaultPrevented).toBe(false);
    await Promise.resolve();
    expect(inputText()).toBe('');
  });
});

/** A paste event as main's paste (Electron) or the browser's Edit menu fires it in xterm's textarea. */
function pasteEvent(host: { terminal: { textarea?: HTMLTextAreaElement | undefined } }, text: string): Event {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: (type: string) => (type === 'text/plain' ? text : '') } });
  host.terminal.textarea!.dispatchEvent(event);
  return event;
}

/** A paste check that asks about every text, answered by the test. */
function askingCheck() {
  const asked: string[] = [];
  let answer: (yes: boolean) => void = () => undefined;
  const check: PasteCheck = (text) => {
    asked.push(text);
    return new Promise((resolve) => (answer = resolve));
  };
  return { asked, check, answer: (yes: boolean) => answer(yes) };
}

describe('TerminalClipboard with a paste check', () => {
  it('pastes at once what the check lets through', async () => {
    const { host, inputText } = await hostWithClipboard(systemClipboard('one line'), new FakeBridge(), () => null);
    pressCommand(host, 'paste');
    await vi.waitFor(() => expect(inputText()).toBe('one line'));
  });

  it('holds a paste the check asks about: pasted once the user says yes', async () => {
    const ask = askingCheck();
    const { host, inputText } = await hostWithClipboard(systemClipboard('a\nb'), new FakeBridge(), ask.check);
    pressCommand(host, 'paste');
    await vi.waitFor(() => expect(ask.asked).toEqual(['a\nb']));
    expect(inputText()).toBe('');
    ask.answer(true);
    await vi.waitFor(() => expect(inputText()).toBe('a\rb'));
  });

  it('drops a paste the user refuses, and one answered after the terminal closed', async () => {
    const ask = askingCheck();
    const { host, addon, inputText } = await hostWithClipboard(systemClipboard('a\nb'), new FakeBridge(), ask.check);
    pressCommand(host, 'paste');
    await vi.waitFor(() => expect(ask.asked).toHaveLength(1));
    ask.answer(false);
    await addon.paste();
    addon.dispose();
    ask.answer(true);
    await Promise.resolve();
    expect(inputText()).toBe('');
  });

  it('checks a paste event too (main\'s paste in Electron): held and stopped before xterm, pasted on yes', async () => {
    const ask = askingCheck();
    const { host, inputText } = await hostWithClipboard(systemClipboard(), new FakeBridge(), ask.check);
    const event = pasteEvent(host, 'x\ny');
    expect(event.defaultPrevented).toBe(true);
    expect(ask.asked).toEqual(['x\ny']);
    await Promise.resolve();
    expect(inputText()).toBe('');
    ask.answer(true);
    await vi.waitFor(() => expect(inputText()).toBe('x\ry'));
  });

  it('leaves a paste event the check lets through to xterm', async () => {
    const { host, inputText } = await hostWithClipboard(systemClipboard(), new FakeBridge(), () => null);
    pasteEvent(host, 'through');
    await vi.waitFor(() => expect(inputText()).toBe('through'));
  });
});
