// Paste into a terminal, by host. In Electron the window refuses the page 'clipboard-read' (a page
// that draws pod output must not read the clipboard whenever it likes), so the page asks main,
// which pastes into the focused element: xterm's own textarea, whose paste event xterm turns into
// input as it does for a typed paste (bracketed when the shell asked for it). In a browser (the
// web host) there is no main to ask: the page reads the clipboard with the browser's permission
// and hands the text to xterm.
import { hasNativePaste } from '../../../../shared/bridge/app-commands.ts';
import type { PortholeBridge } from '../../../../shared/bridge/bridge.ts';

export interface PasteTarget {
  paste(text: string): void;
}

/** Rejects when the browser refuses to read the clipboard. */
export async function pasteClipboard(bridge: PortholeBridge, terminal: PasteTarget, clipboard: Pick<Clipboard, 'readText'>): Promise<void> {
  if (hasNativePaste(bridge)) {
    bridge.paste();
    return;
  }
  const text = await clipboard.readText();
  if (text !== '') terminal.paste(text);
}
