// What a reload remembers of the workspace, and reading it back: saved data is anything until it is
// checked here. Exec and attach requests are checked by the bridge's own schemas.
import { attachRequest, execRequest } from '../../../../shared/bridge/call-schemas.ts';
import { array, boolean, integer, objectOf, oneOf, SchemaError, string, variant, type Schema } from '../../../../shared/bridge/schema.ts';
import type { SessionId, SessionInfo } from '../../../../shared/bridge/sessions.ts';
import { MAX_TITLE_LENGTH, tabStatus, type Tab } from '../../lib/tabs.ts';
import type { LogQuery, LogTarget } from '../log-query.ts';
import type { AttachDetail, ExecDetail, LogsDetail, LogView, TabDetail } from './tab-kinds.ts';
import type { TabsState, WorkspaceTab } from './tab-strip.ts';

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

