// The one API the renderer has. Every host (Electron IPC, the loopback web host) implements it, so
// the renderer never knows or cares which one it runs in.
import type { AppInfo } from './app-info.ts';

export interface PortholeBridge {
  appInfo(): Promise<AppInfo>;
}

/** The name under which a host exposes the bridge on the renderer's global object. */
export const BRIDGE_GLOBAL = 'porthole' as const;
