// What a tab's badge and banner say while the link to main is down: a session that was live (or
// connecting) cannot be known to still be so. The tab's own status comes back as it was once the
// link is open again (the bridge re-binds the session by itself).
import type { BridgeConnection } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ChipTone } from '../lib/chip-tone.ts';
import type { TabStatus } from '../lib/tabs.ts';

export function statusOverLink(status: TabStatus, connection: BridgeConnection): TabStatus {
  if (status.kind !== 'live' && status.kind !== 'connecting') return status;
  if (connection.kind === 'reconnecting') return { kind: 'reconnecting', attempt: connection.attempt, error: connection.error };
  if (connection.kind === 'failed') return { kind: 'connection-lost', error: connection.error };
  return status;
}

/** The top bar's chip for the link itself: "connected" in green, "reconnecting" in amber, … */
export function linkChip(connection: BridgeConnection): { text: string; tone: ChipTone } {
  switch (connection.kind) {
    case 'open':
      return { text: 'connected', tone: 'ok' };
    case 'connecting':
      return { text: 'connecting', tone: 'muted' };
    case 'reconnecting':
      return { text: 'reconnecting', tone: 'warn' };
    case 'failed':
      return { text: 'failed', tone: 'error' };
  }
}

/** The banner above the window while the link is down: what is happening and why; null while it is up or starting. */
export function linkProblem(connection: BridgeConnection): { text: string; error?: UserError } | null {
  if (connection.kind === 'reconnecting') return { text: `Reconnecting to Porthole (attempt ${connection.attempt})…`, error: connection.error };
  if (connection.kind === 'failed') return { text: 'Not connected to Porthole', error: connection.error };
  return null;
}
