// The sandboxed preload (built into ONE CommonJS file: a sandboxed preload cannot load modules).
// It asks main for the window's bridge port, runs the BridgeClient on it here in the isolated
// world, and exposes to the page exactly the bridge (plus the menu's commands) through
// contextBridge: a plain object of functions. ipcRenderer never leaves this file, and nothing
// exposed takes a channel name.
import { contextBridge, ipcRenderer } from 'electron';
import { BridgeClient } from '../../shared/bridge/bridge-client.ts';
import { BRIDGE_GLOBAL } from '../../shared/bridge/bridge.ts';
import { exposableBridge } from '../../shared/bridge/isolated-world.ts';
import { PORT_CHANNEL, PORT_REQUEST_CHANNEL } from './ipc-channels.ts';
import { AppCommandListeners, linkPort, type PagePort } from './preload-link.ts';

const client = new BridgeClient();
const commands = new AppCommandListeners();
let linked = false;

ipcRenderer.on(PORT_CHANNEL, (event) => {
  const port = event.ports[0];
  // Main answers the one request below with one port; anything more is ignored.
  if (linked || port === undefined) return;
  linked = true;
  linkPort(client, port as PagePort, commands);
});
ipcRenderer.send(PORT_REQUEST_CHANNEL);

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, exposableBridge(client, commands));
