// Paste into a terminal, by host: in Electron the page asks main (which pastes into the focused
// xterm textarea) and never reads the clipboard itself, because the window refuses it
// 'clipboard-read'; in a browser the page reads the clipboard and hands the text to xterm.
import { describe, expect, it } from 'vitest';
import type { PortholeBridge } from '../../../../../shared/bridge/bridge.ts';
import { pasteClipboard } from '../../../../../renderer/src/lib/terminal/clipboard.ts';
import { FakeBridge } from '../../fake-bridge.ts';

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
