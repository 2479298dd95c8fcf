// A tab as the strip shows it: its kind, its title and its state badge. Terminal and log tabs, each
// showing sessions in main (one per pane), across any number of contexts. The tabs themselves (order,
// the active one, what each keeps) are the app's workspace model (app/workspace/).
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { SessionId, SessionKind, SessionState } from '../../../shared/bridge/sessions.ts';

/** A playback pane plays a recording, a files pane browses a container's files: neither has a session in main. */
export type TabKind = 'terminal' | 'logs' | 'playback' | 'files';

/** What a tab's badge shows: SessionState, minus what only main cares about. */
export type TabStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly error: UserError }
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'ended' }
  | { readonly kind: 'error'; readonly error: UserError }
  | { readonly kind: 'connection-lost'; readonly error: UserError }
  | { readonly kind: 'closed' };

export interface Tab {
  /** The tab's key. */
  readonly id: string;
  /** The session of the pane the tab shows (its focused one); null when main has none for it. */
  readonly sessionId: SessionId | null;
  readonly kind: TabKind;
  readonly context: string;
  /** The title main gave the session, e.g. "web-7d9f/nginx". */
  readonly defaultTitle: string;
  /** The user's own title, when renamed. */
  readonly customTitle?: string;
  readonly status: TabStatus;
}

export const MAX_TITLE_LENGTH = 120;

/** The drag data type a dragged tab carries (its id), so a pane can tell a tab from other drops. */
export const TAB_DRAG_TYPE = 'application/x-porthole-tab';

export function tabTitle(tab: Tab): string {
  return tab.customTitle ?? tab.defaultTitle;
}

export function tabStatus(state: SessionState): TabStatus {
  switch (state.kind) {
    case 'connecting':
    case 'ended':
    case 'closed':
      return { kind: state.kind };
    case 'live':
      return { kind: 'live' };
    case 'resuming':
      return { kind: 'reconnecting', attempt: state.attempt, error: state.error };
    case 'exited':
      return { kind: 'exited', exitCode: state.exitCode };
    case 'failed':
      return { kind: 'error', error: state.error };
    case 'connection-lost':
      return { kind: 'connection-lost', error: state.error };
  }
}

export type StatusTone = 'pending' | 'ok' | 'warning' | 'error' | 'done';

/** The badge: a short label and a tone the CSS colours; `detail` goes into the tooltip. */
export function statusBadge(status: TabStatus): { label: string; tone: StatusTone; detail?: string } {
  switch (status.kind) {
    case 'connecting':
      return { label: 'connecting', tone: 'pending' };
    case 'live':
      return { label: 'live', tone: 'ok' };
    case 'reconnecting':
      return { label: `reconnecting (${status.attempt})`, tone: 'warning', detail: status.error.detail };
    case 'exited':
      return { label: `exited ${status.exitCode}`, tone: status.exitCode === 0 ? 'done' : 'error' };
    case 'ended':
      return { label: 'ended', tone: 'done' };
    case 'error':
      return { label: 'error', tone: 'error', detail: `${status.error.title}: ${status.error.detail}` };
    case 'connection-lost':
      return { label: 'connection lost', tone: 'error', detail: status.error.detail };
    case 'closed':
      return { label: 'closed', tone: 'done' };
  }
}

export function tabKindOf(kind: SessionKind | 'playback' | 'files'): TabKind | null {
  if (kind === 'playback' || kind === 'files') return kind;
  if (kind === 'exec' || kind === 'attach') return 'terminal';
  if (kind === 'logs' || kind === 'merged-logs') return 'logs';
  return null; // port-forwards live in their own list, not in tabs
}
