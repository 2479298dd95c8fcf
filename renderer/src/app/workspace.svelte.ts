// The window's workspace: which tabs are open, in what order, which one is active, and per tab one
// record carrying its session, its detail (what it shows, and how to start it again) and its pane
// key. It is the single source of truth for tabs: App.svelte draws it and wires events to it.
//
// A tab kind is one entry of TAB_KINDS (how its session starts) plus one variant of TabDetail (what
// is kept to start it again, validated when read back). Sessions belong to main, not to the page:
// serialize() keeps what a reload needs, restore() binds saved tabs again to the sessions main still
// has and says which ones are gone.
//
// A tab shows one pane today. Its record is where a layout of panes would go: the pane key, the
// session and the detail would move into each pane, and the tab would keep the layout.
import { tick } from 'svelte';
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import { attachRequest, execRequest } from '../../../shared/bridge/call-schemas.ts';
import { array, boolean, integer, objectOf, oneOf, SchemaError, string, variant, type Schema } from '../../../shared/bridge/schema.ts';
import type { AttachRequest, ExecRequest, SessionId, SessionInfo, SessionState, TerminalSize } from '../../../shared/bridge/sessions.ts';
import { MAX_TITLE_LENGTH, tabKindOf, tabStatus, type Tab } from '../lib/tabs.ts';
import { DEFAULT_LOG_QUERY, logOpens, targetContext, targetTitle, type LogQuery, type LogTarget } from './log-query.ts';
import { userErrorOf } from './user-error.ts';

// ---- what a tab keeps, per kind -----------------------------------------------------------------

export interface LogView {
  readonly timestamps: boolean;
  readonly wrap: boolean;
}

export type ExecDetail = { readonly kind: 'exec'; readonly request: ExecRequest };
export type AttachDetail = { readonly kind: 'attach'; readonly request: AttachRequest };
export type LogsDetail = {
  readonly kind: 'logs';
  readonly target: LogTarget;
  readonly query: LogQuery;
  readonly view: LogView;
  /** Sessions besides the tab's own that feed it (all containers of a pod: one log each). */
  readonly extraSessions: readonly SessionId[];
};
export type TabDetail = ExecDetail | AttachDetail | LogsDetail;

/** Where a session runs: a pod, and a container when one is named. */
export interface PodPlace {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container?: string;
}

/** A shell in a pod, with a terminal. */
export function shellDetail(place: PodPlace): ExecDetail {
  return { kind: 'exec', request: { ...place, command: { kind: 'shell' }, tty: true, stdin: true } };
}

/** A log tab as it first opens: the default query and view. */
export function logsDetail(target: LogTarget): LogsDetail {
  return { kind: 'logs', target, query: DEFAULT_LOG_QUERY, view: { timestamps: false, wrap: false }, extraSessions: [] };
}

type Bridge = Pick<PortholeBridge, 'openExec' | 'openAttach' | 'openLogs' | 'openMergedLogs' | 'attachSession' | 'listSessions' | 'close'>;

/** A session started for a tab, and the detail the tab keeps with it. */
interface Started<D extends TabDetail> {
  readonly info: SessionInfo;
  readonly detail: D;
}

/** How a kind of tab starts its session: on open, and again on "Run again". */
interface TabKindSpec<D extends TabDetail> {
  start(bridge: Bridge, detail: D, size: TerminalSize): Promise<Started<D>>;
  /** The title of a tab whose session could not start. */
  title(detail: D): string;
  context(detail: D): string;
  /** What failed, in words, when the session could not start ("opening a shell"). */
  doing: string;
}

function podTitle(place: PodPlace): string {
  return place.container ? `${place.pod}/${place.container}` : place.pod;
}

/** Opens every session a log tab reads, or none: a partial open closes what it opened. */
async function startLogs(bridge: Bridge, detail: LogsDetail): Promise<Started<LogsDetail>> {
  const opens = logOpens(detail.target, detail.query);
  const results = await Promise.allSettled(opens.map((open) => (open.kind === 'merged' ? bridge.openMergedLogs(open.request) : bridge.openLogs(open.request))));
  const opened = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = results.find((result) => result.status === 'rejected');
  const [first, ...rest] = opened;
  if (failed === undefined && first !== undefined) {
    return { info: { ...first, title: targetTitle(detail.target) }, detail: { ...detail, extraSessions: rest.map((info) => info.id) } };
  }
  for (const info of opened) bridge.close(info.id).catch(() => undefined);
  throw failed?.status === 'rejected' ? failed.reason : new Error(`${targetTitle(detail.target)} has no container with a log yet`);
}

const TAB_KINDS: { readonly [K in TabDetail['kind']]: TabKindSpec<Extract<TabDetail, { kind: K }>> } = {
  exec: {
    start: async (bridge, detail, size) => ({ info: await bridge.openExec({ ...detail.request, size }), detail }),
    title: (detail) => `${podTitle(detail.request)}: shell`,
    context: (detail) => detail.request.context,
    doing: 'opening a shell',
  },
  attach: {
    start: async (bridge, detail, size) => ({ info: await bridge.openAttach({ ...detail.request, size }), detail }),
    title: (detail) => `${podTitle(detail.request)}: attach`,
    context: (detail) => detail.request.context,
    doing: 'attaching',
  },
  logs: {
    start: (bridge, detail) => startLogs(bridge, detail),
    title: (detail) => targetTitle(detail.target),
    context: (detail) => targetContext(detail.target),
    doing: 'opening logs',
  },
};

function kindOf<D extends TabDetail>(detail: D): TabKindSpec<D> {
  return TAB_KINDS[detail.kind] as TabKindSpec<D>;
}

/** Where a tab's session runs: the pod and container, for "new shell here". */
export function detailPod(detail: TabDetail): PodPlace | null {
  if (detail.kind === 'exec' || detail.kind === 'attach') return detail.request;
  if (detail.target.kind === 'pod') {
    const { context, namespace, pod, container } = detail.target;
    return container === null ? { context, namespace, pod } : { context, namespace, pod, container };
  }
  return null;
}

/** Every session a tab reads: its own, and for a log tab of all containers, the others. */
export function tabSessions(tab: Pick<WorkspaceTab, 'sessionId' | 'detail'>): SessionId[] {
  return [tab.sessionId, ...(tab.detail?.kind === 'logs' ? tab.detail.extraSessions : [])];
}

// ---- the tab record and the strip ---------------------------------------------------------------

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

function indexOfTab(state: TabsState, id: SessionId): number {
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

// ---- persistence --------------------------------------------------------------------------------

export const TABS_FORMAT_VERSION = 1;
export const TAB_DETAILS_FORMAT_VERSION = 1;
export const TABS_STORAGE_KEY = 'porthole.tabs';
export const TAB_DETAILS_STORAGE_KEY = 'porthole.tab-details';

export interface SavedTab {
  readonly sessionId: SessionId;
  readonly kind: Tab['kind'];
  readonly context: string;
  readonly defaultTitle: string;
  readonly customTitle?: string;
}

export interface SavedTabs {
  readonly version: typeof TABS_FORMAT_VERSION;
  readonly tabs: readonly SavedTab[];
  readonly activeId: SessionId | null;
}

export interface SavedDetails {
  readonly version: typeof TAB_DETAILS_FORMAT_VERSION;
  readonly details: Readonly<Record<SessionId, TabDetail>>;
}

/**
 * What a reload must remember, as plain JSON-safe data: the strip (no statuses: those come fresh
 * from main) and each tab's detail, saved apart so that a detail that no longer validates costs
 * only that tab its "Run again".
 */
export interface SavedWorkspace {
  readonly tabs: SavedTabs;
  readonly details: SavedDetails;
}

export function serializeTabs(state: TabsState): SavedWorkspace {
  const details: Record<SessionId, TabDetail> = {};
  for (const tab of state.tabs) if (tab.detail !== null) details[tab.sessionId] = tab.detail;
  return {
    tabs: {
      version: TABS_FORMAT_VERSION,
      tabs: state.tabs.map((tab) => {
        const saved: SavedTab = { sessionId: tab.sessionId, kind: tab.kind, context: tab.context, defaultTitle: tab.defaultTitle };
        return tab.customTitle === undefined ? saved : { ...saved, customTitle: tab.customTitle };
      }),
      activeId: state.activeId,
    },
    details: { version: TAB_DETAILS_FORMAT_VERSION, details },
  };
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
  selector: objectOf<Extract<LogTarget, { kind: 'selector' }>>({ kind: oneOf('selector'), context: name, namespace: name, selector: name, container: nullable(text) }),
  session: objectOf<Extract<LogTarget, { kind: 'session' }>>({ kind: oneOf('session'), title: text }),
});
/** A saved detail: exec and attach requests are checked by the bridge's own schemas. */
const tabDetail = variant<TabDetail>('kind', {
  exec: objectOf<ExecDetail>({ kind: oneOf('exec'), request: execRequest }),
  attach: objectOf<AttachDetail>({ kind: oneOf('attach'), request: attachRequest }),
  logs: objectOf<LogsDetail>({
    kind: oneOf('logs'),
    target: logTarget,
    query: objectOf<LogQuery>({ tailLines: nullable(count), sinceSeconds: nullable(count), previous: boolean }),
    view: objectOf<LogView>({ timestamps: boolean, wrap: boolean }),
    extraSessions: array(name, { max: 1024 }),
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
 * Binds saved tabs (anything read back from storage, validated here) to the sessions main still
 * has. Live sessions keep the saved order and titles, take their current state and their saved
 * detail, and the saved active tab stays active when it survived. `paneKey` gives each a new pane.
 */
export function restoreTabs(saved: unknown, details: RestoredDetails, sessions: readonly SessionInfo[], paneKey: () => number): RestoreResult {
  if (!isRecord(saved)) return { ok: false, error: 'saved tabs are not an object' };
  if (saved['version'] !== TABS_FORMAT_VERSION) {
    return { ok: false, error: `saved tabs have format version ${JSON.stringify(saved['version'])}, expected ${TABS_FORMAT_VERSION}` };
  }
  const list = saved['tabs'];
  if (!Array.isArray(list)) return { ok: false, error: 'saved tabs have no tab list' };
  const activeId = saved['activeId'];
  if (activeId !== null && typeof activeId !== 'string') return { ok: false, error: 'saved tabs have an invalid active tab' };

  const tabs: WorkspaceTab[] = [];
  const gone: SavedTab[] = [];
  for (const [index, value] of list.entries()) {
    const parsed = parseSavedTab(value, index);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    const id = parsed.sessionId;
    if ([...tabs, ...gone].some((tab) => tab.sessionId === id)) return { ok: false, error: `session ${id} is saved twice` };
    const info = sessions.find((session) => session.id === id);
    if (info === undefined) gone.push(parsed);
    else tabs.push({ ...parsed, status: tabStatus(info.state), paneKey: paneKey(), detail: Object.hasOwn(details, id) ? (details[id] as TabDetail) : null });
  }
  const active = tabs.some((tab) => tab.sessionId === activeId) ? (activeId as SessionId) : (tabs[0]?.sessionId ?? null);
  return { ok: true, state: { tabs, activeId: active }, gone };
}

/** Where the workspace is kept across a reload: the tab's sessionStorage. */
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

// ---- the workspace ------------------------------------------------------------------------------

export interface WorkspaceHooks {
  /** The session is gone for this window: drop what was kept for it (the session router's backlog). */
  forget(id: SessionId): void;
  /** Resolves once the panes of closed tabs have unmounted (Svelte's tick; tests pass their own). */
  afterPanesUnmount?: () => Promise<void>;
}

export class Workspace {
  #state = $state.raw<TabsState>(EMPTY_TABS);
  readonly #bridge: Bridge;
  readonly #forget: (id: SessionId) => void;
  readonly #afterPanesUnmount: () => Promise<void>;
  #nextPaneKey = 1;
  #nextLocalId = 1;
  /** The size the last terminal had: a new terminal session starts at it. */
  terminalSize: TerminalSize = { cols: 100, rows: 30 };

  constructor(bridge: Bridge, hooks: WorkspaceHooks) {
    this.#bridge = bridge;
    this.#forget = hooks.forget;
    this.#afterPanesUnmount = hooks.afterPanesUnmount ?? tick;
  }

  get tabs(): readonly WorkspaceTab[] {
    return this.#state.tabs;
  }

  get activeId(): SessionId | null {
    return this.#state.activeId;
  }

  readonly active: WorkspaceTab | null = $derived(this.#state.tabs.find((tab) => tab.sessionId === this.#state.activeId) ?? null);
  /** Every session this window shows (a log tab of all containers shows several). */
  readonly sessions: readonly SessionId[] = $derived(this.#state.tabs.flatMap(tabSessions));

  /** Starts a tab's session(s) and opens the tab; when that fails, a tab shows the error and can try again. */
  async open(detail: TabDetail): Promise<void> {
    const kind = kindOf(detail);
    try {
      const started = await kind.start(this.#bridge, detail, this.terminalSize);
      this.#add(started.info, started.detail, kind.context(detail));
    } catch (error) {
      const info: SessionInfo = {
        id: `local-${this.#nextLocalId++}`,
        kind: detail.kind,
        title: kind.title(detail),
        state: { kind: 'failed', error: userErrorOf(error, kind.doing) },
      };
      this.#add(info, detail, kind.context(detail));
    }
  }

  /** Opens a session another window started (or one left by a closed window) in a tab here. */
  async openHere(id: SessionId): Promise<void> {
    const { info } = await this.#bridge.attachSession(id);
    // What a taken-over log session reads is not known here: it shows, but cannot be read differently.
    const detail = info.kind === 'logs' || info.kind === 'merged-logs' ? logsDetail({ kind: 'session', title: info.title }) : null;
    // What context it runs in is not part of a session's info: the title names the pod.
    this.#add(info, detail, '');
  }

  close(id: SessionId): void {
    const tab = this.#state.tabs[indexOfTab(this.#state, id)] as WorkspaceTab;
    this.#state = closeTab(this.#state, id);
    const ids = tabSessions(tab);
    for (const sid of ids) this.#forget(sid);
    this.#closeWhenUnmounted(ids);
  }

  /** Starts the tab's session again in place, from its detail; a failure shows in the tab. */
  async runAgain(id: SessionId): Promise<void> {
    const tab = this.#state.tabs.find((t) => t.sessionId === id);
    if (tab === undefined || tab.detail === null) return;
    try {
      const started = await kindOf(tab.detail).start(this.#bridge, tab.detail, this.terminalSize);
      this.rebind(id, started.info, started.detail);
      // The old session has ended (or is being replaced): main can let go of it.
      this.#closeWhenUnmounted(tabSessions(tab));
    } catch (error) {
      this.applyState(id, { kind: 'failed', error: userErrorOf(error, 'starting the session again') });
    }
  }

  /** Moves a tab to a new session in place, keeping its pane (a log tab read with new options). */
  rebind(id: SessionId, info: SessionInfo, detail: TabDetail): void {
    const title = detail.kind === 'logs' ? targetTitle(detail.target) : info.title;
    this.#state = rebindTab(this.#state, id, { ...info, title }, detail);
    this.#forget(id);
  }

  setDetail(id: SessionId, detail: TabDetail): void {
    this.#state = withDetail(this.#state, id, detail);
  }

  activate(id: SessionId): void {
    this.#state = activateTab(this.#state, id);
  }

  move(id: SessionId, to: number): void {
    this.#state = moveTab(this.#state, id, to);
  }

  /** Throws a TabsError for a title that is too long. */
  rename(id: SessionId, title: string): void {
    this.#state = renameTab(this.#state, id, title);
  }

  cycle(step: 1 | -1): void {
    this.#state = cycleTab(this.#state, step);
  }

  applyState(id: SessionId, state: SessionState): void {
    this.#state = applySessionState(this.#state, id, state);
  }

  /** What a reload needs; tabs of opens that failed before main made a session are left out. */
  serialize(): SavedWorkspace {
    const { tabs, activeId } = this.#state;
    return serializeTabs({ tabs: tabs.filter((tab) => !isLocal(tab.sessionId)), activeId: activeId !== null && !isLocal(activeId) ? activeId : null });
  }

  /**
   * Opens saved tabs again, bound to the sessions main still has, then binds this window to each
   * session again: main replays what it kept, then live output follows. What went wrong, or which
   * tabs ended meanwhile, goes to `notice`.
   */
  async restore(saved: StoredWorkspace, notice: (message: string) => void): Promise<void> {
    if (saved.tabs === null) return;
    let sessions: readonly SessionInfo[];
    try {
      sessions = await this.#bridge.listSessions();
    } catch (error) {
      const problem = userErrorOf(error, 'listing sessions');
      notice(`Tabs not restored: ${problem.title}: ${problem.detail}`);
      return;
    }
    const result = restoreTabs(saved.tabs, restoreDetails(saved.details), sessions, () => this.#nextPaneKey++);
    if (!result.ok) {
      notice(`Tabs not restored: ${result.error}`);
      return;
    }
    this.#state = result.state;
    const { gone } = result;
    if (gone.length > 0) {
      notice(`${gone.length} ${gone.length === 1 ? 'tab was' : 'tabs were'} not restored: ${gone.map((tab) => tab.customTitle ?? tab.defaultTitle).join(', ')} ended meanwhile.`);
    }
    await Promise.all(
      result.state.tabs.flatMap(tabSessions).map((id) =>
        this.#bridge
          .attachSession(id)
          .then((attachment) => this.applyState(id, attachment.info.state))
          .catch((error: unknown) => this.applyState(id, { kind: 'failed', error: userErrorOf(error, 're-binding the tab') })),
      ),
    );
  }

  #add(info: SessionInfo, detail: TabDetail | null, context: string): void {
    this.#state = openTab(this.#state, newTab(info, context, detail, this.#nextPaneKey++));
  }

  /**
   * Closes sessions in main once their panes have let go: a pane acknowledges the last output it
   * processed as it unmounts, and that must reach main before the close, not after.
   */
  #closeWhenUnmounted(ids: readonly SessionId[]): void {
    void this.#afterPanesUnmount().then(() => {
      for (const id of ids) if (!isLocal(id)) this.#bridge.close(id).catch(() => undefined);
    });
  }
}

/** A tab for an open that failed before main made a session: it shows the error and can try again. */
function isLocal(id: SessionId): boolean {
  return id.startsWith('local-');
}
