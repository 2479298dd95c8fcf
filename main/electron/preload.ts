// The sandboxed preload (built into ONE CommonJS file: a sandboxed preload cannot load modules).
// It asks main for the window's bridge port, runs the BridgeClient on it here in the isolated
// world, and exposes to the page exactly the bridge (plus the menu's commands and paste) through
// contextBridge: a plain object of functions. ipcRenderer never leaves this file, and nothing
// exposed takes a channel name.
import { contextBridge, ipcRenderer } from 'electron';
import { PASTE_REQUEST } from '../../shared/bridge/app-commands.ts';
import { BridgeClient } from '../../shared/bridge/bridge-client.ts';
import { BRIDGE_GLOBAL } from '../../shared/bridge/bridge.ts';
import { exposableBridge } from '../../shared/bridge/isolated-world.ts';
import { PORT_CHANNEL, PORT_REQUEST_CHANNEL } from './ipc-channels.ts';
import { AppCommandListeners, linkPort, type PagePort } from './preload-link.ts';

const client = new BridgeClient();
const commands = new AppCommandListeners();
/** The port of the live link; null while asking for one. */
let linked: PagePort | null = null;

function askForPort(): void {
  ipcRenderer.send(PORT_REQUEST_CHANNEL);
}

ipcRenderer.on(PORT_CHANNEL, (event) => {
  const port = event.ports[0] as PagePort | undefined;
  // Main answers each request with one port; anything while a link is live is ignored.
  if (linked !== null || port === undefined) return;
  linked = port;
  // When main closes the port (it dropped the link), ask again: the page stays the same page.
  linkPort(client, port, commands, () => {
    linked = null;
    askForPort();
  });
});
askForPort();

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  // Paste goes to main, which pastes into the focused element (webContents.paste()): the page
  // itself may not read the clipboard (web-contents-policy.ts). With no link, there is no one to ask.
  exposableBridge(client, commands, { paste: () => linked?.postMessage(PASTE_REQUEST) }),
);
