// The tabs and their panes as plain data: each tab has an id, a layout of panes (layout.ts) and a
// focused pane; each pane shows one session (or none) with its detail. Every change is a pure
// function from one state to the next.
import type { SessionId, SessionKind, SessionState } from '../../../../shared/bridge/sessions.ts';
import { MAX_TITLE_LENGTH, tabKindOf, tabStatus, type Tab, type TabKind, type TabStatus } from '../../lib/tabs.ts';
import { grid, hasPane, heir, insert, neighbour, paneLayout, panesOf, remove, resize, split, type FocusDirection, type Layout, type PaneId, type SplitSide } from './layout.ts';
import { detailPod, type TabDetail } from './tab-kinds.ts';

export type TabId = string;

export interface WorkspacePane {
  /** Panes are keyed by this, not by session id, so a pane that moves to a new session keeps its view. */
  readonly id: PaneId;
  /** The session in main it shows; null when main has none for it (an open that failed). */
  readonly sessionId: SessionId | null;
  readonly kind: TabKind;
  readonly context: string;
  /** The title main gave the session ("web-7d9f/nginx"), or what a failed open tried. */
  readonly title: string;
  readonly status: TabStatus;
  /** How to start the session again and what a log pane reads; null when not known here (taken over from another window, or not kept across a reload). */
  readonly detail: TabDetail | null;
}

export interface WorkspaceTab {
  readonly id: TabId;
  readonly layout: Layout;
  /** The pane that takes the keys (and whose title the tab shows). */
  readonly focused: PaneId;
  /** The user's own title, when renamed. */
  readonly customTitle?: string;
}

export interface TabsState {
  readonly tabs: readonly WorkspaceTab[];
  readonly panes: Readonly<Record<PaneId, WorkspacePane>>;
  readonly activeId: TabId | null;
}

export const EMPTY_TABS: TabsState = { tabs: [], panes: {}, activeId: null };

export class TabsError extends Error {
  override readonly name = 'TabsError';
}

/** What a pane shows: a session main has (its info), one that could not start (no id), or a recording played or files browsed here (no id). */
export interface PaneSession {
  readonly id: SessionId | null;
  readonly kind: SessionKind | 'playback' | 'files';
  readonly title: string;
  readonly state: SessionState;
}

/** The record of a new pane; port-forwards have none. */
export function newPane(id: PaneId, session: PaneSession, context: string, detail: TabDetail | null): WorkspacePane {
  const kind = tabKindOf(session.kind);
  if (kind === null) throw new TabsError(`a ${session.kind} session does not open in a pane`);
  return { id, sessionId: session.id, kind, context, title: session.title, status: tabStatus(session.state), detail };
}

/** A tab as the strip shows it: its focused pane's kind, context, title and state. */
export interface ShownTab extends Tab, WorkspaceTab {
  readonly panes: number;
}

export function shownTab(state: TabsState, tab: WorkspaceTab): ShownTab {
  const pane = paneOf(state, tab.focused);
  return { ...tab, sessionId: pane.sessionId, kind: pane.kind, context: pane.context, defaultTitle: pane.title, status: pane.status, panes: panesOf(tab.layout).length };
}

/** Where a pane's session runs, for its header: context, namespace, pod and container, or what is known. */
export function paneWhere(pane: WorkspacePane): string[] {
  const { detail } = pane;
  if (detail?.kind === 'logs' && detail.target.kind === 'selector') {
    const { context, namespace, selector, container } = detail.target;
    return [context, namespace, selector, ...(container === null ? [] : [container])];
  }
  const pod = detail === null ? null : detailPod(detail);
  if (pod !== null) return [pod.context, pod.namespace, pod.pod, pod.container ?? 'all containers'];
  return [...(pane.context === '' ? [] : [pane.context]), pane.title];
}

export function paneOf(state: TabsState, id: PaneId): WorkspacePane {
  const pane = state.panes[id];
  if (pane === undefined) throw new TabsError(`no pane ${id}`);
  return pane;
}

export function indexOfTab(state: TabsState, id: TabId): number {
  const index = state.tabs.findIndex((tab) => tab.id === id);
  if (index < 0) throw new TabsError(`no tab ${id}`);
  return index;
}

export function tabOfPane(state: TabsState, pane: PaneId): WorkspaceTab {
  const tab = state.tabs.find((t) => hasPane(t.layout, pane));
  if (tab === undefined) throw new TabsError(`no pane ${pane}`);
  return tab;
}

/** The pane showing a session (its own or, for a log pane of all containers, one it reads), if any. */
export function paneOfSession(state: TabsState, id: SessionId): WorkspacePane | null {
  return Object.values(state.panes).find((pane) => pane.sessionId === id) ?? null;
}

function replaceTab(state: TabsState, id: TabId, change: (tab: WorkspaceTab) => WorkspaceTab): TabsState {
  const index = indexOfTab(state, id);
  const tabs = state.tabs.slice();
  tabs[index] = change(tabs[index] as WorkspaceTab);
  return { ...state, tabs };
}

function replacePane(state: TabsState, id: PaneId, change: (pane: WorkspacePane) => WorkspacePane): TabsState {
  return { ...state, panes: { ...state.panes, [id]: change(paneOf(state, id)) } };
}

function withoutPanes(panes: TabsState['panes'], gone: readonly PaneId[]): TabsState['panes'] {
  return Object.fromEntries(Object.entries(panes).filter(([id]) => !gone.includes(id)));
}

function addPanes(state: TabsState, panes: readonly WorkspacePane[]): TabsState['panes'] {
  const added = { ...state.panes };
  for (const pane of panes) {
    if (Object.hasOwn(added, pane.id)) throw new TabsError(`pane ${pane.id} already exists`);
    added[pane.id] = pane;
  }
  return added;
}

/**
 * Opens a tab of one pane after the active tab and activates it; a session that already has a
 * pane is shown instead (its tab activated, the pane focused).
 */
export function openTab(state: TabsState, id: TabId, pane: WorkspacePane): TabsState {
  const existing = pane.sessionId === null ? null : paneOfSession(state, pane.sessionId);
  if (existing !== null) return focusPane(state, existing.id);
  return openTabOf(state, { id, layout: paneLayout(pane.id), focused: pane.id }, [pane]);
}

/** Opens one tab holding every pane in a near-square grid ("shell into every pod"), the first focused. */
export function openGridTab(state: TabsState, id: TabId, panes: readonly WorkspacePane[], title: string): TabsState {
  const first = panes[0];
  if (first === undefined) throw new TabsError('a grid tab needs at least one pane');
  return renameTab(openTabOf(state, { id, layout: grid(panes.map((pane) => pane.id)), focused: first.id }, panes), id, title);
}

function openTabOf(state: TabsState, tab: WorkspaceTab, panes: readonly WorkspacePane[]): TabsState {
  if (state.tabs.some((t) => t.id === tab.id)) throw new TabsError(`tab ${tab.id} already exists`);
  const activeIndex = state.activeId === null ? -1 : state.tabs.findIndex((t) => t.id === state.activeId);
  const at = activeIndex < 0 ? state.tabs.length : activeIndex + 1;
  return { tabs: [...state.tabs.slice(0, at), tab, ...state.tabs.slice(at)], panes: addPanes(state, panes), activeId: tab.id };
}

/** Splits a pane, the new one on its right or below it, and focuses the new one. */
export function splitPane(state: TabsState, target: PaneId, side: SplitSide, pane: WorkspacePane): TabsState {
  const tab = tabOfPane(state, target);
  const next = replaceTab(state, tab.id, (t) => ({ ...t, layout: split(t.layout, target, side, pane.id), focused: pane.id }));
  return { ...next, panes: addPanes(state, [pane]), activeId: tab.id };
}

/** Closes a tab and its panes. Closing the active one activates its right neighbour, or the left one at the end. */
export function closeTab(state: TabsState, id: TabId): TabsState {
  const index = indexOfTab(state, id);
  const closing = state.tabs[index] as WorkspaceTab;
  const tabs = state.tabs.filter((tab) => tab.id !== id);
  const panes = withoutPanes(state.panes, panesOf(closing.layout));
  if (state.activeId !== id) return { ...state, tabs, panes };
  const neighbourTab = tabs[Math.min(index, tabs.length - 1)];
  return { tabs, panes, activeId: neighbourTab ? neighbourTab.id : null };
}

/** Closes a pane; the focus goes to a neighbour of it. The last pane of a tab closes the tab. */
export function closePane(state: TabsState, id: PaneId): TabsState {
  const tab = tabOfPane(state, id);
  const layout = remove(tab.layout, id);
  if (layout === null) return closeTab(state, tab.id);
  const focused = tab.focused !== id ? tab.focused : (heir(tab.layout, id) ?? (panesOf(layout)[0] as PaneId));
  const next = replaceTab(state, tab.id, (t) => ({ ...t, layout, focused }));
  return { ...next, panes: withoutPanes(state.panes, [id]) };
}

/** Moves every pane of tab `id` into another tab, beside pane `target`; that tab stays, this one goes. */
export function moveTabInto(state: TabsState, id: TabId, target: PaneId, side: SplitSide): TabsState {
  const moving = state.tabs[indexOfTab(state, id)] as WorkspaceTab;
  const into = tabOfPane(state, target);
  if (into.id === id) throw new TabsError('a tab cannot be moved into its own pane');
  const tabs = state.tabs
    .filter((tab) => tab.id !== id)
    .map((tab) => (tab.id === into.id ? { ...tab, layout: insert(tab.layout, target, side, moving.layout), focused: moving.focused } : tab));
  return { ...state, tabs, activeId: into.id };
}

/** Moves a splitter of a tab's layout (layout.ts resize). */
export function resizeSplit(state: TabsState, id: TabId, path: readonly number[], index: number, delta: number): TabsState {
  return replaceTab(state, id, (tab) => ({ ...tab, layout: resize(tab.layout, path, index, delta) }));
}

/** Focuses a pane and activates its tab. */
export function focusPane(state: TabsState, id: PaneId): TabsState {
  const tab = tabOfPane(state, id);
  if (tab.focused === id && state.activeId === tab.id) return state;
  return { ...replaceTab(state, tab.id, (t) => ({ ...t, focused: id })), activeId: tab.id };
}

/** Focuses the pane next to the active tab's focused one; unchanged at the tab's edge. */
export function focusNeighbour(state: TabsState, direction: FocusDirection): TabsState {
  const tab = state.tabs.find((t) => t.id === state.activeId);
  if (tab === undefined) return state;
  const next = neighbour(tab.layout, tab.focused, direction);
  return next === null ? state : focusPane(state, next);
}

/** Moves a tab to position `to` (clamped), as a drag or Ctrl+Shift+PageUp/PageDown does. */
export function moveTab(state: TabsState, id: TabId, to: number): TabsState {
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
 * the focused pane's own, and a title longer than MAX_TITLE_LENGTH is refused.
 */
export function renameTab(state: TabsState, id: TabId, title: string): TabsState {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = title.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (cleaned.length > MAX_TITLE_LENGTH) {
    throw new TabsError(`a tab title can be at most ${MAX_TITLE_LENGTH} characters, this one has ${cleaned.length}`);
  }
  return replaceTab(state, id, (tab) => {
    const { customTitle: _old, ...rest } = tab;
    return cleaned === '' || cleaned === paneOf(state, tab.focused).title ? rest : { ...rest, customTitle: cleaned };
  });
}

/**
 * Puts a new session in an existing pane, in place ("Run again", new log options): the place, the
 * tab's title and focus stay; the title main gave, the state and the detail are the new session's.
 */
export function rebindPane(state: TabsState, id: PaneId, session: PaneSession, detail: TabDetail | null): TabsState {
  const pane = paneOf(state, id);
  const other = session.id === null ? null : paneOfSession(state, session.id);
  if (other !== null && other.id !== id) throw new TabsError(`session ${session.id} already has a pane`);
  const kind = tabKindOf(session.kind);
  if (kind !== pane.kind) throw new TabsError(`a ${pane.kind} pane cannot show a ${session.kind} session`);
  return replacePane(state, id, (p) => ({ ...p, sessionId: session.id, title: session.title, status: tabStatus(session.state), detail }));
}

/** A pane's detail changed in place (a log pane's view). */
export function withDetail(state: TabsState, id: PaneId, detail: TabDetail): TabsState {
  return replacePane(state, id, (pane) => ({ ...pane, detail }));
}

/** A pane's own state, for a pane whose session main does not report on (a run again that failed). */
export function withStatus(state: TabsState, id: PaneId, status: TabStatus): TabsState {
  return replacePane(state, id, (pane) => ({ ...pane, status }));
}

export function activateTab(state: TabsState, id: TabId): TabsState {
  indexOfTab(state, id);
  return { ...state, activeId: id };
}

/** The next (+1) or previous (-1) tab, wrapping around at either end. */
export function cycleTab(state: TabsState, step: 1 | -1): TabsState {
  if (state.tabs.length === 0) return state;
  const current = state.activeId === null ? -1 : state.tabs.findIndex((tab) => tab.id === state.activeId);
  const start = current < 0 ? (step === 1 ? -1 : 0) : current;
  const next = (start + step + state.tabs.length) % state.tabs.length;
  return { ...state, activeId: (state.tabs[next] as WorkspaceTab).id };
}

/** A session's new state, for its pane if it has one (events for other windows' sessions are ignored). */
export function applySessionState(state: TabsState, id: SessionId, sessionState: SessionState): TabsState {
  const pane = paneOfSession(state, id);
  return pane === null ? state : withStatus(state, pane.id, tabStatus(sessionState));
}
