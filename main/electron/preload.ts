// The sandboxed preload: exposes exactly the bridge type from shared/ and nothing of ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type PortholeBridge } from '../../shared/bridge/bridge.ts';
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import { APP_INFO_CHANNEL } from './ipc-channels.ts';

const bridge: PortholeBridge = {
  appInfo: () => ipcRenderer.invoke(APP_INFO_CHANNEL) as Promise<AppInfo>,
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
