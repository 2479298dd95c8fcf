// The renderer reaches main only through the bridge a host put on the window.
import { BRIDGE_GLOBAL, type PortholeBridge } from '../../shared/bridge/bridge.ts';

export function bridgeFromWindow(win: Window): PortholeBridge {
  const bridge = (win as unknown as Record<string, PortholeBridge | undefined>)[BRIDGE_GLOBAL];
  if (!bridge) throw new Error(`No Porthole bridge on window.${BRIDGE_GLOBAL}: open the app through Porthole, not directly.`);
  return bridge;
}
