// What a reload remembers of the workspace, and reading it back: saved data is anything until it is
// checked here. Exec, attach and debug requests are checked by the bridge's own schemas.
import { attachRequest, browserPath, debugShellRequest, execRequest, nodeShellRequest, recordingName } from '../../../../shared/bridge/call-schemas.ts';
import { accepts, array, boolean, integer, objectOf, oneOf, optional, SchemaError, string, variant, type Schema } from '../../../../shared/bridge/schema.ts';
import type { SessionId, SessionInfo } from '../../../../shared/bridge/sessions.ts';
import { MAX_TITLE_LENGTH, tabStatus, type TabKind } from '../../lib/tabs.ts';
import type { LogQuery, LogTarget } from '../log-query.ts';
import { hasPane, LayoutError, panesOf, parseLayout, relabel, remove, type Layout, type PaneId } from './layout.ts';
import type { AttachDetail, DebugDetail, ExecDetail, FilesDetail, LogsDetail, LogView, NodeShellDetail, PlaybackDetail, PodPlace, TabDetail } from './tab-kinds.ts';
import type { TabId, TabsState, WorkspacePane, WorkspaceTab } from './tab-strip.ts';

export const TABS_FORMAT_VERSION = 2;
export const TAB_DETAILS_FORMAT_VERSION = 1;
export const TABS_STORAGE_KEY = 'porthole.tabs';
export const TAB_DETAILS_STORAGE_KEY = 'porthole.tab-details';

/** A pane showing a session main runs. */
export interface SavedSessionPane {
  readonly sessionId: SessionId;
  readonly kind: Exclude<TabKind, 'playback' | 'files'>;
  readonly context: string;
  readonly title: string;
}

/** A pane playing one of main's recordings, by name (a file picked in the window is not kept). */
export interface SavedPlaybackPane {
  readonly kind: 'playback';
  readonly recording: string;
  readonly title: string;
}

/** A file browser (no session in main): the container and the folder it showed. */
export interface SavedFilesPane {
  readonly kind: 'files';
  readonly place: PodPlace;
  readonly path: string;
  readonly title: string;
}

export type SavedPane = SavedSessionPane | SavedPlaybackPane | SavedFilesPane;

export interface SavedTab {
  readonly id: TabId;
  readonly layout: Layout;
  readonly focused: PaneId;
  readonly customTitle?: string;
}

export interface SavedTabs {
  readonly version: typeof TABS_FORMAT_VERSION;
  readonly tabs: readonly SavedTab[];
  readonly panes: Readonly<Record<PaneId, SavedPane>>;
  readonly activeId: TabId | null;
}

export interface SavedDetails {
  readonly version: typeof TAB_DETAILS_FORMAT_VERSION;
  readonly details: Readonly<Record<SessionId, TabDetail>>;
}

/**
 * What a reload must remember, as plain JSON-safe data: the tabs with their layouts and panes (no
 * statuses: those come fresh from main) and each pane's detail, saved apart so that a detail that
 * no longer validates costs only that pane its "Run again".
 */
export interface SavedWorkspace {
  readonly tabs: SavedTabs;
  readonly details: SavedDetails;
}

/** What a reload keeps; panes main has no session for (opens that failed) are left out, and tabs left with none. */
export function serializeTabs(state: TabsState): SavedWorkspace {
  const details: Record<SessionId, TabDetail> = {};
  const panes: Record<PaneId, SavedPane> = {};
  const tabs: SavedTab[] = [];
  for (const tab of state.tabs) {
    let layout: Layout | null = tab.layout;
    for (const id of panesOf(tab.layout)) {
      const pane = state.panes[id] as WorkspacePane;
      if (pane.detail?.kind === 'playback' && pane.detail.source.kind === 'recording') {
        panes[id] = { kind: 'playback', recording: pane.detail.source.name, title: pane.title };
        continue;
      }
      if (pane.detail?.kind === 'files') {
        panes[id] = { kind: 'files', place: pane.detail.place, path: pane.detail.path, title: pane.title };
        continue;
      }
      if (pane.sessionId === null || pane.kind === 'playback' || pane.kind === 'files') {
        layout = layout === null ? null : remove(layout, id);
        continue;
      }
      panes[id] = { sessionId: pane.sessionId, kind: pane.kind, context: pane.context, title: pane.title };
      if (pane.detail !== null) details[pane.sessionId] = pane.detail;
    }
    if (layout === null) continue;
    const focused = hasPane(layout, tab.focused) ? tab.focused : (panesOf(layout)[0] as PaneId);
    const saved: SavedTab = { id: tab.id, layout, focused };
    tabs.push(tab.customTitle === undefined ? saved : { ...saved, customTitle: tab.customTitle });
  }
  const activeId = tabs.some((tab) => tab.id === state.activeId) ? state.activeId : null;
  return { tabs: { version: TABS_FORMAT_VERSION, tabs, panes, activeId }, details: { version: TAB_DETAILS_FORMAT_VERSION, details } };
}

const nullable =
  <T>(schema: Schema<T>): Schema<T | null> =>
  (value, path) =>
    value === null ? null : schema(value, path);
// Saved by this page, so any length the bridge accepts; main checks names again when a tab reopens.
const text = string({ max: 4096 });
const name = string({ min: 1, max: 4096 });
const count = integer(0, Number.MAX_SAFE_INTEGER);
const logTarget = variant<LogTarget>('kind', {
  pod: objectOf<Extract<LogTarget, { kind: 'pod' }>>({
    kind: oneOf('pod'),
    context: name,
    namespace: name,
    pod: name,
    containers: array(text, { max: 1024 }),
    container: nullable(text),
  }),
  selector: objectOf<Extract<LogTarget, { kind: 'selector' }>>({
    kind: oneOf('selector'),
    context: name,
    namespace: name,
    selector: name,
    container: nullable(text),
    initAndEphemeral: optional(boolean),
    extraContexts: optional(array(name, { max: 64 })),
  }),
  session: objectOf<Extract<LogTarget, { kind: 'session' }>>({ kind: oneOf('session'), title: text }),
});
const podPlace = objectOf<PodPlace>({ context: name, namespace: name, pod: name, container: optional(name) });
/** A saved detail: exec, attach and debug requests are checked by the bridge's own schemas. */
const tabDetail = variant<TabDetail>('kind', {
  exec: objectOf<ExecDetail>({ kind: oneOf('exec'), request: execRequest }),
  attach: objectOf<AttachDetail>({ kind: oneOf('attach'), request: attachRequest }),
  debug: objectOf<DebugDetail>({ kind: oneOf('debug'), request: debugShellRequest }),
  'node-shell': objectOf<NodeShellDetail>({ kind: oneOf('node-shell'), request: nodeShellRequest }),
  logs: objectOf<LogsDetail>({
    kind: oneOf('logs'),
    target: logTarget,
    query: objectOf<LogQuery>({ tailLines: nullable(count), sinceSeconds: nullable(count), previous: boolean }),
    view: objectOf<LogView>({ timestamps: boolean, wrap: boolean }),
  }),
});

/** The checked copy of a saved detail, or null when it does not validate. */
export function parseTabDetail(value: unknown): TabDetail | null {
  try {
    return tabDetail(value, 'detail');
  } catch (error) {
    if (error instanceof SchemaError) return null;
    throw error;
  }
}

/** Saved details by session id, as read back. */
export type RestoredDetails = Readonly<Record<SessionId, TabDetail>>;

/** Reads saved details back; entries that do not validate are left out (their tabs still restore, without "Run again"). */
export function restoreDetails(saved: unknown): RestoredDetails {
  if (!isRecord(saved) || saved['version'] !== TAB_DETAILS_FORMAT_VERSION || !isRecord(saved['details'])) return {};
  return Object.fromEntries(
    Object.entries(saved['details']).flatMap(([id, value]) => {
      const detail = parseTabDetail(value);
      return detail === null ? [] : [[id, detail]];
    }),
  );
}

export type RestoreResult =
  | {
      readonly ok: true;
      readonly state: TabsState;
      /** Saved panes whose sessions main no longer has (it restarted, or they were closed elsewhere). */
      readonly gone: readonly SavedSessionPane[];
    }
  | { readonly ok: false; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSavedPane(value: unknown, id: PaneId): SavedPane | string {
  if (!isRecord(value)) return `pane ${id} is not saved`;
  const { sessionId, kind, context, title, recording, place, path } = value;
  if (kind === 'playback') {
    if (!accepts(recordingName, recording)) return `pane ${id} plays no recording`;
    if (typeof title !== 'string') return `pane ${id} has no title`;
    return { kind, recording: recording as string, title };
  }
  if (kind === 'files') {
    if (!accepts(podPlace, place)) return `pane ${id} browses no container`;
    if (!accepts(browserPath, path)) return `pane ${id} browses no absolute path`;
    if (typeof title !== 'string') return `pane ${id} has no title`;
    return { kind, place: place as PodPlace, path: path as string, title };
  }
  if (typeof sessionId !== 'string' || sessionId === '') return `pane ${id} has no session id`;
  if (kind !== 'terminal' && kind !== 'logs') return `pane ${id} has an unknown kind ${JSON.stringify(kind)}`;
  if (typeof context !== 'string') return `pane ${id} has no context`;
  if (typeof title !== 'string') return `pane ${id} has no title`;
  return { sessionId, kind, context, title };
}

function parseSavedTab(value: unknown, index: number): SavedTab | string {
  if (!isRecord(value)) return `tab ${index} is not an object`;
  const { id, layout, focused, customTitle } = value;
  if (typeof id !== 'string' || id === '') return `tab ${index} has no id`;
  let checked: Layout;
  try {
    checked = parseLayout(layout);
  } catch (error) {
    if (error instanceof LayoutError) return `tab ${index} has a damaged layout: ${error.message}`;
    throw error;
  }
  if (typeof focused !== 'string' || !hasPane(checked, focused)) return `tab ${index} focuses a pane it does not have`;
  if (customTitle !== undefined && (typeof customTitle !== 'string' || customTitle.length > MAX_TITLE_LENGTH)) {
    return `tab ${index} has an invalid custom title`;
  }
  const tab: SavedTab = { id, layout: checked, focused };
  return customTitle === undefined ? tab : { ...tab, customTitle };
}

/** New ids for what is restored: this window numbers its own tabs and panes. */
export interface NewIds {
  tab(): TabId;
  pane(): PaneId;
}

/**
 * Binds saved tabs (anything read back from storage, validated here) to the sessions main still
 * has. Live panes keep their place in the saved layout, the saved titles, their current state and
 * their saved detail; panes whose sessions ended leave their layout (a tab left with none goes),
 * and the saved active tab stays active when it survived.
 */
export function restoreTabs(saved: unknown, details: RestoredDetails, sessions: readonly SessionInfo[], ids: NewIds): RestoreResult {
  if (!isRecord(saved)) return { ok: false, error: 'saved tabs are not an object' };
  if (saved['version'] !== TABS_FORMAT_VERSION) {
    return { ok: false, error: `saved tabs have format version ${JSON.stringify(saved['version'])}, expected ${TABS_FORMAT_VERSION}` };
  }
  const list = saved['tabs'];
  if (!Array.isArray(list)) return { ok: false, error: 'saved tabs have no tab list' };
  const savedPanes = saved['panes'];
  if (!isRecord(savedPanes)) return { ok: false, error: 'saved tabs have no pane list' };
  const activeId = saved['activeId'];
  if (activeId !== null && typeof activeId !== 'string') return { ok: false, error: 'saved tabs have an invalid active tab' };

  const tabs: WorkspaceTab[] = [];
  const panes: Record<PaneId, WorkspacePane> = {};
  const gone: SavedSessionPane[] = [];
  const seen = new Set<SessionId>();
  let active: TabId | null = null;
  for (const [index, value] of list.entries()) {
    const tab = parseSavedTab(value, index);
    if (typeof tab === 'string') return { ok: false, error: tab };
    let layout: Layout | null = tab.layout;
    const renamed = new Map<PaneId, PaneId>();
    for (const id of panesOf(tab.layout)) {
      const pane = parseSavedPane(savedPanes[id], id);
      if (typeof pane === 'string') return { ok: false, error: pane };
      if (pane.kind === 'playback') {
        const newId = ids.pane();
        renamed.set(id, newId);
        const detail: PlaybackDetail = { kind: 'playback', title: pane.title, source: { kind: 'recording', name: pane.recording } };
        panes[newId] = { id: newId, sessionId: null, kind: 'playback', context: '', title: pane.title, status: tabStatus({ kind: 'ended' }), detail };
        continue;
      }
      if (pane.kind === 'files') {
        const newId = ids.pane();
        renamed.set(id, newId);
        const detail: FilesDetail = { kind: 'files', place: pane.place, path: pane.path };
        panes[newId] = { id: newId, sessionId: null, kind: 'files', context: pane.place.context, title: pane.title, status: tabStatus({ kind: 'live', protocol: '' }), detail };
        continue;
      }
      if (seen.has(pane.sessionId)) return { ok: false, error: `session ${pane.sessionId} is saved twice` };
      seen.add(pane.sessionId);
      const info = sessions.find((session) => session.id === pane.sessionId);
      if (info === undefined) {
        gone.push(pane);
        layout = layout === null ? null : remove(layout, id);
        continue;
      }
      const newId = ids.pane();
      renamed.set(id, newId);
      const detail = Object.hasOwn(details, pane.sessionId) ? (details[pane.sessionId] as TabDetail) : null;
      panes[newId] = { id: newId, sessionId: pane.sessionId, kind: pane.kind, context: pane.context, title: pane.title, status: tabStatus(info.state), detail };
    }
    if (layout === null) continue;
    const restored: WorkspaceTab = {
      id: ids.tab(),
      layout: relabel(layout, (id) => renamed.get(id) as PaneId),
      focused: renamed.get(tab.focused) ?? (renamed.get(panesOf(layout)[0] as PaneId) as PaneId),
    };
    tabs.push(tab.customTitle === undefined ? restored : { ...restored, customTitle: tab.customTitle });
    if (tab.id === activeId) active = restored.id;
  }
  return { ok: true, state: { tabs, panes, activeId: active ?? tabs[0]?.id ?? null }, gone };
}

/**
 * How many panes of a saved workspace would come back, bound to the sessions main has: a new,
 * empty window offers the last workspace (kept in localStorage) when this is more than 0.
 */
export function restorablePanes(saved: StoredWorkspace, sessions: readonly SessionInfo[]): number {
  let next = 0;
  const fresh = (): string => `r${next++}`;
  const result = restoreTabs(saved.tabs, {}, sessions, { tab: fresh, pane: fresh });
  return result.ok ? Object.values(result.state.panes).filter((pane) => pane.sessionId !== null).length : 0;
}

/** Where the workspace is kept: the tab's sessionStorage across a reload, localStorage for a new window. */
export type WorkspaceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** A saved workspace as read back: anything, until restore() has checked it. */
export interface StoredWorkspace {
  readonly tabs: unknown;
  readonly details: unknown;
}

function readJson(storage: WorkspaceStorage, key: string): unknown {
  const text = storage.getItem(key);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function loadWorkspace(storage: WorkspaceStorage): StoredWorkspace {
  return { tabs: readJson(storage, TABS_STORAGE_KEY), details: readJson(storage, TAB_DETAILS_STORAGE_KEY) };
}

export function saveWorkspace(storage: WorkspaceStorage, saved: SavedWorkspace): void {
  storage.setItem(TABS_STORAGE_KEY, JSON.stringify(saved.tabs));
  storage.setItem(TAB_DETAILS_STORAGE_KEY, JSON.stringify(saved.details));
}

