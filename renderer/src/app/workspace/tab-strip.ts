// The tab strip as plain data: one record per tab (its session, detail and pane key) in order, and
// the active one; every change is a pure function from one state to the next.
import type { SessionId, SessionInfo, SessionState } from '../../../../shared/bridge/sessions.ts';
import { MAX_TITLE_LENGTH, tabKindOf, tabStatus, type Tab } from '../../lib/tabs.ts';
import type { TabDetail } from './tab-kinds.ts';

export interface WorkspaceTab extends Tab {
  /** Panes are keyed by this, not by session id, so a tab that moves to a new session keeps its pane. */
  readonly paneKey: number;
  /** How to start the session again and what a log tab reads; null when not known here (taken over from another window, or not kept across a reload). */
  readonly detail: TabDetail | null;
}

export interface TabsState {
  readonly tabs: readonly WorkspaceTab[];
  readonly activeId: SessionId | null;
}

export const EMPTY_TABS: TabsState = { tabs: [], activeId: null };

export class TabsError extends Error {
  override readonly name = 'TabsError';
}

/** The record of a new tab for a session; port-forwards have no tab. */
export function newTab(info: SessionInfo, context: string, detail: TabDetail | null, paneKey: number): WorkspaceTab {
  const kind = tabKindOf(info.kind);
  if (kind === null) throw new TabsError(`a ${info.kind} session does not open in a tab`);
  return { sessionId: info.id, kind, context, defaultTitle: info.title, status: tabStatus(info.state), paneKey, detail };
}

export function indexOfTab(state: TabsState, id: SessionId): number {
  const index = state.tabs.findIndex((tab) => tab.sessionId === id);
  if (index < 0) throw new TabsError(`no tab for session ${id}`);
  return index;
}

function replaceTab(state: TabsState, id: SessionId, change: (tab: WorkspaceTab) => WorkspaceTab): TabsState {
  const index = indexOfTab(state, id);
  const tabs = state.tabs.slice();
  tabs[index] = change(tabs[index] as WorkspaceTab);
  return { ...state, tabs };
}

/** Opens a tab after the active one and activates it; a session that already has a tab is activated. */
export function openTab(state: TabsState, tab: WorkspaceTab): TabsState {
  if (state.tabs.some((t) => t.sessionId === tab.sessionId)) return { ...state, activeId: tab.sessionId };
  const activeIndex = state.activeId === null ? -1 : state.tabs.findIndex((t) => t.sessionId === state.activeId);
  const at = activeIndex < 0 ? state.tabs.length : activeIndex + 1;
  return { tabs: [...state.tabs.slice(0, at), tab, ...state.tabs.slice(at)], activeId: tab.sessionId };
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
  tabs.splice(target, 0, moved as WorkspaceTab);
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
 * the pane, the user's title and whether it is active stay; the title main gave, the state and the
 * detail are the new session's.
 */
export function rebindTab(state: TabsState, id: SessionId, info: SessionInfo, detail: TabDetail | null): TabsState {
  const index = indexOfTab(state, id);
  if (info.id !== id && state.tabs.some((tab) => tab.sessionId === info.id)) {
    throw new TabsError(`session ${info.id} already has a tab`);
  }
  const kind = tabKindOf(info.kind);
  const tab = state.tabs[index] as WorkspaceTab;
  if (kind !== tab.kind) throw new TabsError(`a ${tab.kind} tab cannot show a ${info.kind} session`);
  const tabs = state.tabs.slice();
  tabs[index] = { ...tab, sessionId: info.id, defaultTitle: info.title, status: tabStatus(info.state), detail };
  return { tabs, activeId: state.activeId === id ? info.id : state.activeId };
}

/** A tab's detail changed in place (a log tab's view). */
export function withDetail(state: TabsState, id: SessionId, detail: TabDetail): TabsState {
  return replaceTab(state, id, (tab) => ({ ...tab, detail }));
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
  return { ...state, activeId: (state.tabs[next] as WorkspaceTab).sessionId };
}

/** A session's new state, for its tab if it has one (events for other windows' sessions are ignored). */
export function applySessionState(state: TabsState, id: SessionId, sessionState: SessionState): TabsState {
  if (!state.tabs.some((tab) => tab.sessionId === id)) return state;
  return replaceTab(state, id, (tab) => ({ ...tab, status: tabStatus(sessionState) }));
}

