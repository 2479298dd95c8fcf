// What a tab keeps, per kind, and how each kind starts its session. A tab kind is one variant of
// TabDetail (what is kept to start it again; saved-workspace.ts checks it when read back), a factory
// for it, and one entry of TAB_KINDS (how its session starts, on open and on "Run again").
import type { PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import type { DebugShellRequest, NodeShellRequest } from '../../../../shared/bridge/debug.ts';
import type { AttachRequest, ExecRequest, SessionId, SessionInfo, TerminalSize } from '../../../../shared/bridge/sessions.ts';
import { DEFAULT_LOG_QUERY, logOpen, targetContext, targetTitle, type LogQuery, type LogTarget } from '../log-query.ts';

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
};
/** A recording played in a pane, with no session in main: one of main's recordings, or a .cast file picked in this window (kept in memory under `id`). */
export type PlaybackDetail = {
  readonly kind: 'playback';
  readonly title: string;
  readonly source: { readonly kind: 'recording'; readonly name: string } | { readonly kind: 'file'; readonly id: string };
};
/** A container's files, browsed in a pane (components/FileBrowser.svelte), with no session in main. */
export type FilesDetail = { readonly kind: 'files'; readonly place: PodPlace; readonly path: string };
/** A shell in a debug container beside a pod's container (shared/bridge/debug.ts). */
export type DebugDetail = { readonly kind: 'debug'; readonly request: DebugShellRequest };
/** A shell on a node, through a privileged pod deleted with the session. */
export type NodeShellDetail = { readonly kind: 'node-shell'; readonly request: NodeShellRequest };
export type TabDetail = ExecDetail | AttachDetail | LogsDetail | PlaybackDetail | FilesDetail | DebugDetail | NodeShellDetail;

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

/** A file browser on a container, opening at its root. */
export function filesDetail(place: PodPlace): FilesDetail {
  return { kind: 'files', place, path: '/' };
}

/** A log tab as it first opens: the default query and view. */
export function logsDetail(target: LogTarget): LogsDetail {
  return { kind: 'logs', target, query: DEFAULT_LOG_QUERY, view: { timestamps: false, wrap: false } };
}

export type WorkspaceBridge = Pick<PortholeBridge, 'openExec' | 'openAttach' | 'openDebugShell' | 'openNodeShell' | 'openLogs' | 'openMergedLogs' | 'attachSession' | 'listSessions' | 'close' | 'write'>;

/** A session started for a tab, and the detail the tab keeps with it. */
interface Started<D extends TabDetail> {
  readonly info: SessionInfo;
  readonly detail: D;
}

/** How a kind of tab starts its session: on open, and again on "Run again". */
interface TabKindSpec<D extends TabDetail> {
  start(bridge: WorkspaceBridge, detail: D, size: TerminalSize): Promise<Started<D>>;
  /** The title of a tab whose session could not start. */
  title(detail: D): string;
  context(detail: D): string;
  /** What failed, in words, when the session could not start ("opening a shell"). */
  doing: string;
}

function podTitle(place: PodPlace): string {
  return place.container ? `${place.pod}/${place.container}` : place.pod;
}

/** Opens the session a log tab reads. */
async function startLogs(bridge: WorkspaceBridge, detail: LogsDetail): Promise<Started<LogsDetail>> {
  const open = logOpen(detail.target, detail.query);
  if (open === null) throw new Error(`${targetTitle(detail.target)} was opened by another window: what it reads is not known here`);
  const info = await (open.kind === 'merged' ? bridge.openMergedLogs(open.request) : bridge.openLogs(open.request));
  return { info: { ...info, title: targetTitle(detail.target) }, detail };
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
  // A recording plays in its pane (Workspace.openPlayback): there is no session to start again.
  playback: {
    start: (_bridge, detail) => Promise.reject(new Error(`${detail.title} is a recording: it has no session to start`)),
    title: (detail) => detail.title,
    context: () => '',
    doing: 'playing a recording',
  },
  debug: {
    start: async (bridge, detail, size) => ({ info: await bridge.openDebugShell({ ...detail.request, size }), detail }),
    title: (detail) => `${podTitle(detail.request)}: debug`,
    context: (detail) => detail.request.context,
    doing: 'adding a debug container',
  },
  'node-shell': {
    start: async (bridge, detail, size) => ({ info: await bridge.openNodeShell({ ...detail.request, size }), detail }),
    title: (detail) => `node ${detail.request.node}: shell`,
    context: (detail) => detail.request.context,
    doing: 'opening a shell on the node',
  },
  // A file browser lists over short calls of its own (FileBrowser.svelte): no session either.
  files: {
    start: (_bridge, detail) => Promise.reject(new Error(`the files of ${podTitle(detail.place)} have no session to start`)),
    title: (detail) => `${podTitle(detail.place)}: files`,
    context: (detail) => detail.place.context,
    doing: 'browsing files',
  },
};

export function kindOf<D extends TabDetail>(detail: D): TabKindSpec<D> {
  return TAB_KINDS[detail.kind] as TabKindSpec<D>;
}

/** Where a tab's session runs: the pod and container, for "new shell here". */
export function detailPod(detail: TabDetail): PodPlace | null {
  if (detail.kind === 'exec' || detail.kind === 'attach') return detail.request;
  if (detail.kind === 'playback' || detail.kind === 'node-shell') return null;
  if (detail.kind === 'debug') {
    const { context, namespace, pod, container } = detail.request;
    return container === undefined ? { context, namespace, pod } : { context, namespace, pod, container };
  }
  if (detail.kind === 'files') return detail.place;
  if (detail.target.kind === 'pod') {
    const { context, namespace, pod, container } = detail.target;
    return container === null ? { context, namespace, pod } : { context, namespace, pod, container };
  }
  return null;
}

/** Every session a pane reads: its own, if main has one. */
export function paneSessions(pane: { readonly sessionId: SessionId | null }): SessionId[] {
  return pane.sessionId === null ? [] : [pane.sessionId];
}

