// What the workspace's tests share: sessions, pane records and details to build states from.
import type { SessionInfo, SessionKind, SessionState } from '../../../../../shared/bridge/sessions.ts';
import { DEFAULT_LOG_QUERY } from '../../../../../renderer/src/app/log-query.ts';
import { restoreTabs, type NewIds } from '../../../../../renderer/src/app/workspace/saved-workspace.ts';
import type { ExecDetail, LogsDetail, TabDetail } from '../../../../../renderer/src/app/workspace/tab-kinds.ts';
import { EMPTY_TABS, newPane, openTab, type TabsState } from '../../../../../renderer/src/app/workspace/tab-strip.ts';

export const info = (id: string, kind: SessionKind = 'exec', state: SessionState = { kind: 'connecting' }): SessionInfo => ({
  id,
  kind,
  title: `title-${id}`,
  state,
});
/** The tab ids in strip order. */
export const ids = (state: TabsState) => state.tabs.map((tab) => tab.id);
/** A pane for a session, named after it: session 'a' is pane 'p-a'. */
export const pane = (session: SessionInfo, context = 'ctx-a', detail: TabDetail | null = null) => newPane(`p-${session.id}`, session, context, detail);
/** Ids as a window hands them out: t1, t2… and p1, p2…. */
export function newIds(): NewIds {
  let tabs = 1;
  let panes = 1;
  return { tab: () => `t${tabs++}`, pane: () => `p${panes++}` };
}
export const restore = (saved: unknown, sessions: readonly SessionInfo[]) => restoreTabs(saved, {}, sessions, newIds());

/** One tab per name, each with one pane of a session of that name: tab 'a' holds pane 'p-a' of session 'a'. */
export function opened(...names: string[]): TabsState {
  return names.reduce((state, id) => openTab(state, id, pane(info(id))), EMPTY_TABS);
}

export const exec: ExecDetail = {
  kind: 'exec',
  request: { context: 'prod', namespace: 'web', pod: 'web-1', container: 'app', command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 80, rows: 24 } },
};
export const logs: LogsDetail = {
  kind: 'logs',
  target: { kind: 'pod', context: 'prod', namespace: 'web', pod: 'web-1', containers: ['app', 'sidecar'], container: null },
  query: DEFAULT_LOG_QUERY,
  view: { timestamps: true, wrap: false },
};
