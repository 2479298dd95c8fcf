// The tab strip as data: terminal and log tabs, each bound to a session in main by its id, across
// any number of contexts. Every operation is a pure function from one TabsState to the next, so a
// component keeps the state in one $state and tests need no DOM.
//
// Sessions belong to main, not to the page. serializeTabs keeps what a reload needs (session ids,
// titles, order, the active tab); restoreTabs re-binds them to the sessions main still has and says
// which ones are gone.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { SessionId, SessionInfo, SessionKind, SessionState } from '../../../shared/bridge/sessions.ts';

export type TabKind = 'terminal' | 'logs';

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
  /** Also the tab's key: one tab per session. */
  readonly sessionId: SessionId;
  readonly kind: TabKind;
  readonly context: string;
  /** The title main gave the session, e.g. "web-7d9f/nginx". */
  readonly defaultTitle: string;
  /** The user's own title, when renamed. */
  readonly customTitle?: string;
  readonly status: TabStatus;
}

export interface TabsState {
  readonly tabs: readonly Tab[];
  readonly activeId: SessionId | null;
}

export const EMPTY_TABS: TabsState = { tabs: [], activeId: null };
export const MAX_TITLE_LENGTH = 120;

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

export function tabKindOf(kind: SessionKind): TabKind | null {
  if (kind === 'exec' || kind === 'attach') return 'terminal';
  if (kind === 'logs' || kind === 'merged-logs') return 'logs';
  return null; // port-forwards live in their own list, not in tabs
}

export class TabsError extends Error {
  override readonly name = 'TabsError';
}

function indexOfTab(state: TabsState, id: SessionId): number {
  const index = state.tabs.findIndex((tab) => tab.sessionId === id);
  if (index < 0) throw new TabsError(`no tab for session ${id}`);
  return index;
}

function replaceTab(state: TabsState, id: SessionId, change: (tab: Tab) => Tab): TabsState {
  const index = indexOfTab(state, id);
  const tabs = state.tabs.slice();
  tabs[index] = change(tabs[index] as Tab);
  return { ...state, tabs };
}

/** Opens a tab after the active one and activates it; a session that already has a tab is activated. */
export function openTab(state: TabsState, info: SessionInfo, context: string): TabsState {
  if (state.tabs.some((tab) => tab.sessionId === info.id)) return { ...state, activeId: info.id };
  const kind = tabKindOf(info.kind);
  if (kind === null) throw new TabsError(`a ${info.kind} session does not open in a tab`);
  const tab: Tab = { sessionId: info.id, kind, context, defaultTitle: info.title, status: tabStatus(info.state) };
  const activeIndex = state.activeId === null ? -1 : state.tabs.findIndex((t) => t.sessionId === state.activeId);
  const at = activeIndex < 0 ? state.tabs.length : activeIndex + 1;
  return { tabs: [...state.tabs.slice(0, at), tab, ...state.tabs.slice(at)], activeId: info.id };
}

/** Closes a tab. Closing the active one activates its right neighbour, or the left one at the end. */
export function closeTab(state: TabsState, id: SessionId): TabsState {
  const index = indexOfTab(state, id);
  const tabs = state.tabs.filter((tab) => tab.sessionId !== id);
  if (state.activeId !== id) return { ...state, tabs };
  const neighbour = tabs[Math.min(index, tabs.length - 1)];
  return { tabs, activeId: neighbour ? neighbour.sessionId : null };
}

/** Moves a tab to position `to` (clamped), as a drag or Ctrl+Shift+PageUp/PageDown does. */
export function moveTab(state: TabsState, id: SessionId, to: number): TabsState {
  const from = indexOfTab(state, id);
  if (!Number.isInteger(to)) throw new TabsError(`a tab position must be a whole number, got ${to}`);
  const target = Math.min(Math.max(0, to), state.tabs.length - 1);
  if (target === from) return state;
  const tabs = state.tabs.slice();
  const [moved] = tabs.splice(from, 1);
  tabs.splice(target, 0, moved as Tab);
  return { ...state, tabs };
}

/**
 * Renames a tab. Control characters are removed and whitespace trimmed; an empty title goes back to
 * the session's own, and a title longer than MAX_TITLE_LENGTH is refused.
 */
export function renameTab(state: TabsState, id: SessionId, title: string): TabsState {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = title.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (cleaned.length > MAX_TITLE_LENGTH) {
    throw new TabsError(`a tab title can be at most ${MAX_TITLE_LENGTH} characters, this one has ${cleaned.length}`);
  }
  return replaceTab(state, id, (tab) => {
    const { customTitle: _old, ...rest } = tab;
    return cleaned === '' || cleaned === tab.defaultTitle ? rest : { ...rest, customTitle: cleaned };
  });
}

/**
 * Puts a new session in an existing tab, in place ("Run again", new log options): the position,
 * the user's title and whether it is active stay; the title main gave and the state are the new
 * session's.
 */
export function rebindTab(state: TabsState, id: SessionId, info: SessionInfo): TabsState {
  const index = indexOfTab(state, id);
  if (info.id !== id && state.tabs.some((tab) => tab.sessionId === info.id)) {
    throw new TabsError(`session ${info.id} already has a tab`);
  }
  const kind = tabKindOf(info.kind);
  const tab = state.tabs[index] as Tab;
  if (kind !== tab.kind) throw new TabsError(`a ${tab.kind} tab cannot show a ${info.kind} session`);
  const tabs = state.tabs.slice();
  tabs[index] = { ...tab, sessionId: info.id, defaultTitle: info.title, status: tabStatus(info.state) };
  return { tabs, activeId: state.activeId === id ? info.id : state.activeId };
}

export function activateTab(state: TabsState, id: SessionId): TabsState {
  indexOfTab(state, id);
  return { ...state, activeId: id };
}

/** The next (+1) or previous (-1) tab, wrapping around at either end. */
export function cycleTab(state: TabsState, step: 1 | -1): TabsState {
  if (state.tabs.length === 0) return state;
  const current = state.activeId === null ? -1 : state.tabs.findIndex((tab) => tab.sessionId === state.activeId);
  const start = current < 0 ? (step === 1 ? -1 : 0) : current;
  const next = (start + step + state.tabs.length) % state.tabs.length;
  return { ...state, activeId: (state.tabs[next] as Tab).sessionId };
}

/** A session's new state, for its tab if it has one (events for other windows' sessions are ignored). */
export function applySessionState(state: TabsState, id: SessionId, sessionState: SessionState): TabsState {
  if (!state.tabs.some((tab) => tab.sessionId === id)) return state;
  return replaceTab(state, id, (tab) => ({ ...tab, status: tabStatus(sessionState) }));
}

// ---- persistence --------------------------------------------------------------------------------

export const TABS_FORMAT_VERSION = 1;

export interface SavedTab {
  readonly sessionId: SessionId;
  readonly kind: TabKind;
  readonly context: string;
  readonly defaultTitle: string;
  readonly customTitle?: string;
}

export interface SavedTabs {
  readonly version: typeof TABS_FORMAT_VERSION;
  readonly tabs: readonly SavedTab[];
  readonly activeId: SessionId | null;
}

/** What a reload must remember, as plain JSON-safe data (no statuses: those come fresh from main). */
export function serializeTabs(state: TabsState): SavedTabs {
  return {
    version: TABS_FORMAT_VERSION,
    tabs: state.tabs.map((tab) => {
      const saved: SavedTab = { sessionId: tab.sessionId, kind: tab.kind, context: tab.context, defaultTitle: tab.defaultTitle };
      return tab.customTitle === undefined ? saved : { ...saved, customTitle: tab.customTitle };
    }),
    activeId: state.activeId,
  };
}

export type RestoreResult =
  | {
      readonly ok: true;
      readonly state: TabsState;
      /** Saved tabs whose sessions main no longer has (it restarted, or they were closed elsewhere). */
      readonly gone: readonly SavedTab[];
    }
  | { readonly ok: false; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSavedTab(value: unknown, index: number): SavedTab | string {
  if (!isRecord(value)) return `tab ${index} is not an object`;
  const { sessionId, kind, context, defaultTitle, customTitle } = value;
  if (typeof sessionId !== 'string' || sessionId === '') return `tab ${index} has no session id`;
  if (kind !== 'terminal' && kind !== 'logs') return `tab ${index} has an unknown kind ${JSON.stringify(kind)}`;
  if (typeof context !== 'string') return `tab ${index} has no context`;
  if (typeof defaultTitle !== 'string') return `tab ${index} has no title`;
  if (customTitle !== undefined && (typeof customTitle !== 'string' || customTitle.length > MAX_TITLE_LENGTH)) {
    return `tab ${index} has an invalid custom title`;
  }
  const tab: SavedTab = { sessionId, kind, context, defaultTitle };
  return customTitle === undefined ? tab : { ...tab, customTitle };
}

/**
 * Re-binds saved tabs (anything read back from storage, validated here) to the sessions main still
 * has. Live sessions keep the saved order and titles, take their current state, and the saved active
 * tab stays active when it survived.
 */
export function restoreTabs(saved: unknown, sessions: readonly SessionInfo[]): RestoreResult {
  if (!isRecord(saved)) return { ok: false, error: 'saved tabs are not an object' };
  if (saved['version'] !== TABS_FORMAT_VERSION) {
    return { ok: false, error: `saved tabs have format version ${JSON.stringify(saved['version'])}, expected ${TABS_FORMAT_VERSION}` };
  }
  const list = saved['tabs'];
  if (!Array.isArray(list)) return { ok: false, error: 'saved tabs have no tab list' };
  const activeId = saved['activeId'];
  if (activeId !== null && typeof activeId !== 'string') return { ok: false, error: 'saved tabs have an invalid active tab' };

  const byId = new Map(sessions.map((info) => [info.id, info]));
  const tabs: Tab[] = [];
  const gone: SavedTab[] = [];
  const seen = new Set<string>();
  for (const [index, value] of list.entries()) {
    const parsed = parseSavedTab(value, index);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    if (seen.has(parsed.sessionId)) return { ok: false, error: `session ${parsed.sessionId} is saved twice` };
    seen.add(parsed.sessionId);
    const info = byId.get(parsed.sessionId);
    if (info === undefined) gone.push(parsed);
    else tabs.push({ ...parsed, status: tabStatus(info.state) });
  }
  const active = tabs.some((tab) => tab.sessionId === activeId) ? (activeId as SessionId) : (tabs[0]?.sessionId ?? null);
  return { ok: true, state: { tabs, activeId: active }, gone };
}
