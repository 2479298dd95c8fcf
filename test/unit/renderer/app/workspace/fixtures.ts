// What the workspace's tests share: sessions, tab records and details to build states from.
import type { SessionInfo, SessionKind, SessionState } from '../../../../../shared/bridge/sessions.ts';
import { DEFAULT_LOG_QUERY } from '../../../../../renderer/src/app/log-query.ts';
import { restoreTabs } from '../../../../../renderer/src/app/workspace/saved-workspace.ts';
import type { ExecDetail, LogsDetail, TabDetail } from '../../../../../renderer/src/app/workspace/tab-kinds.ts';
import { EMPTY_TABS, newTab, openTab, type TabsState } from '../../../../../renderer/src/app/workspace/tab-strip.ts';

export const info = (id: string, kind: SessionKind = 'exec', state: SessionState = { kind: 'connecting' }): SessionInfo => ({
  id,
  kind,
  title: `title-${id}`,
  state,
});
export const ids = (state: TabsState) => state.tabs.map((tab) => tab.sessionId);
let nextPaneKey = 1;
export const paneKey = () => nextPaneKey++;
export const tab = (session: SessionInfo, context = 'ctx-a', detail: TabDetail | null = null) => newTab(session, context, detail, paneKey());
export const restore = (saved: unknown, sessions: readonly SessionInfo[]) => restoreTabs(saved, {}, sessions, paneKey);

export function opened(...names: string[]): TabsState {
  return names.reduce((state, id) => openTab(state, tab(info(id))), EMPTY_TABS);
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
  extraSessions: ['s9'],
};

