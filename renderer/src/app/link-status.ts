// What a tab's badge and banner say while the link to main is down: a session that was live (or
// connecting) cannot be known to still be so. The tab's own status comes back as it was once the
// link is open again (the bridge re-binds the session by itself).
import type { BridgeConnection } from '../../../shared/bridge/bridge.ts';
import type { TabStatus } from '../lib/tabs.ts';

export function statusOverLink(status: TabStatus, connection: BridgeConnection): TabStatus {
  if (status.kind !== 'live' && status.kind !== 'connecting') return status;
  if (connection.kind === 'reconnecting') return { kind: 'reconnecting', attempt: connection.attempt, error: connection.error };
  if (connection.kind === 'failed') return { kind: 'connection-lost', error: connection.error };
  return status;
}
