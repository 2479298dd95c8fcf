// The window's workspace: which tabs are open, in what order, which one is active; per tab a layout
// of panes (layout.ts) and the focused one; per pane its session, its detail (what it shows, and
// how to start it again) and its state. It is the single source of truth for tabs and panes:
// App.svelte draws it and wires events to it.
//
// The pieces beside it: layout.ts (how a tab's panes share its area, as a pure tree), tab-kinds.ts
// (what a pane keeps and how each kind starts its session), tab-strip.ts (tabs and panes as pure
// data) and saved-workspace.ts (what a reload keeps, checked when read back). Sessions belong to
// main, not to the page: serialize() keeps what a reload needs, restore() binds saved panes again
// to the sessions main still has and says which ones are gone.
import { tick } from 'svelte';
import type { SessionId, SessionInfo, SessionState, TerminalSize } from '../../../../shared/bridge/sessions.ts';
import { targetTitle } from '../log-query.ts';
import { userErrorOf } from '../user-error.ts';
import { tabStatus } from '../../lib/tabs.ts';
import { Broadcast, type BroadcastOptions } from './broadcast.svelte.ts';
import { EchoGathering } from './echo-gathering.ts';
import { panesOf, type FocusDirection, type PaneId, type SplitSide } from './layout.ts';
import { restoreDetails, restoreTabs, serializeTabs, type SavedWorkspace, type StoredWorkspace } from './saved-workspace.ts';
import { detailPod, kindOf, logsDetail, paneSessions, shellDetail, type FilesDetail, type PlaybackDetail, type TabDetail, type WorkspaceBridge } from './tab-kinds.ts';
import {
  activateTab,
  applySessionState,
  closePane,
  closeTab,
  cycleTab,
  EMPTY_TABS,
  focusNeighbour,
  focusPane,
  indexOfTab,
  moveTab,
  moveTabInto,
  newPane,
  openGridTab,
  openTab,
  paneOf,
  rebindPane,
  renameTab,
  resizeSplit,
  shownTab,
  splitPane,
  withDetail,
  withStatus,
  type ShownTab,
  type TabId,
  type TabsState,
  type WorkspacePane,
  type WorkspaceTab,
} from './tab-strip.ts';

/** A pane and the tab it is in. */
export interface ShownPane extends WorkspacePane {
  readonly tabId: TabId;
}

export interface WorkspaceHooks {
  /** The session is gone for this window: drop what was kept for it (the session router's backlog). */
  forget(id: SessionId): void;
  /** Resolves once the panes of closed tabs have unmounted (Svelte's tick; tests pass their own). */
  afterPanesUnmount?: () => Promise<void>;
  /** Which sessions are production, and how to ask before broadcast input reaches them (broadcast.svelte.ts). */
  broadcast?: Pick<BroadcastOptions, 'isProduction' | 'confirm'>;
}

export class Workspace {
  #state = $state.raw<TabsState>(EMPTY_TABS);
  readonly #bridge: WorkspaceBridge;
  readonly #forget: (id: SessionId) => void;
  readonly #afterPanesUnmount: () => Promise<void>;
  /** Who to tell when input from another member of a session's broadcast group reaches it (onRelayedInput). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: listeners, never drawn
  readonly #relayedInput = new Map<SessionId, () => void>();
  /** A broadcast keystroke's echoes, drawn together (echo-gathering.ts). */
  readonly #echoes = new EchoGathering();
  #nextPane = 1;
  /** Broadcast groups: input typed into a member goes to every member (input() below). */
  readonly broadcast: Broadcast;
  #nextTab = 1;
  /** The size the last terminal had: a new terminal session starts at it. */
  terminalSize: TerminalSize = { cols: 100, rows: 30 };

  constructor(bridge: WorkspaceBridge, hooks: WorkspaceHooks) {
    this.#bridge = bridge;
    this.#forget = hooks.forget;
    this.#afterPanesUnmount = hooks.afterPanesUnmount ?? tick;
    // A member takes input while its session is starting (the shell probe holds it) or live.
    const isLive = (id: SessionId) => this.panes.some((pane) => pane.sessionId === id && (pane.status.kind === 'live' || pane.status.kind === 'connecting'));
    this.broadcast = new Broadcast({ ...hooks.broadcast, isLive });
  }

  /** The tabs as the strip shows them: each with its layout, and its focused pane's title and state. */
  readonly tabs: readonly ShownTab[] = $derived(this.#state.tabs.map((tab) => shownTab(this.#state, tab)));

  get activeId(): TabId | null {
    return this.#state.activeId;
  }

  readonly active: ShownTab | null = $derived(this.tabs.find((tab) => tab.id === this.#state.activeId) ?? null);
  /** Every pane of every tab, tab by tab, each in its layout's reading order. */
  readonly panes: readonly ShownPane[] = $derived(this.tabs.flatMap((tab) => panesOf(tab.layout).map((id) => ({ ...paneOf(this.#state, id), tabId: tab.id }))));
  /** The active tab's focused pane: where keys go, and what "split" splits. */
  readonly focusedPane: ShownPane | null = $derived(this.panes.find((pane) => pane.id === this.active?.focused) ?? null);
  /** Every session this window shows (a log pane of all containers shows several). */
  readonly sessions: readonly SessionId[] = $derived(Object.values(this.#state.panes).flatMap(paneSessions));

  /** Starts a pane's session(s) and opens it in a new tab; when that fails, the pane shows the error and can try again. */
  async open(detail: TabDetail): Promise<void> {
    const pane = await this.#start(detail);
    this.#state = openTab(this.#state, this.#newTabId(), pane);
  }

  /**
   * Splits the focused pane: the new pane goes on its right or below it and takes the focus. What it
   * shows is `detail`, by default a new shell in the focused pane's pod and container (the same
   * logs, for a log pane). False when there is no focused pane, or nothing to start beside it (a
   * session taken over from another window keeps no detail).
   */
  async split(side: SplitSide, detail?: TabDetail): Promise<boolean> {
    const target = this.focusedPane;
    const next = detail ?? (target?.detail ? besideOf(target.detail) : null);
    if (target === null || next === null) return false;
    const pane = await this.#start(next);
    // The target may have closed meanwhile: the new pane then opens in a tab of its own.
    this.#state = Object.hasOwn(this.#state.panes, target.id) ? splitPane(this.#state, target.id, side, pane) : openTab(this.#state, this.#newTabId(), pane);
    return true;
  }

  /** One tab with one pane per detail in a near-square grid, titled `title` ("shell into every pod"). */
  async openGrid(title: string, details: readonly TabDetail[]): Promise<void> {
    const panes = await Promise.all(details.map((detail) => this.#start(detail)));
    this.#state = openGridTab(this.#state, this.#newTabId(), panes, title);
  }

  /** Opens a recording in a new tab: a pane with no session in main, which plays it itself. */
  openPlayback(detail: PlaybackDetail): void {
    const pane = newPane(this.#newPaneId(), { id: null, kind: 'playback', title: detail.title, state: { kind: 'ended' } }, '', detail);
    this.#state = openTab(this.#state, this.#newTabId(), pane);
  }

  /** Opens a container's files in a new tab: a pane with no session in main, which lists over calls of its own. */
  openFiles(detail: FilesDetail): void {
    const pane = newPane(this.#newPaneId(), { id: null, kind: 'files', title: kindOf(detail).title(detail), state: { kind: 'live', protocol: '' } }, detail.place.context, detail);
    this.#state = openTab(this.#state, this.#newTabId(), pane);
  }

  /** Opens a session another window started (or one left by a closed window) in a tab here. */
  async openHere(id: SessionId): Promise<void> {
    const { info } = await this.#bridge.attachSession(id);
    // What a taken-over log session reads is not known here: it shows, but cannot be read differently.
    const detail = info.kind === 'logs' || info.kind === 'merged-logs' ? logsDetail({ kind: 'session', title: info.title }) : null;
    // What context it runs in is not part of a session's info: the title names the pod.
    this.#state = openTab(this.#state, this.#newTabId(), newPane(this.#newPaneId(), info, '', detail));
  }

  /**
   * Input typed or pasted into a pane's terminal (its terminal host's one input seam): it goes to the
   * pane's session, or, for a member of a broadcast group, to every member's (after asking, when it
   * would reach a production member not confirmed yet). One write per session, each on its own: a
   * member that fails does not stop the others, and each keeps its own shell-probe hold and flow
   * control in main.
   */
  input(id: SessionId, data: Uint8Array): void {
    const targets: SessionId[] = [];
    this.broadcast.send(id, data, (target, bytes) => {
      targets.push(target);
      this.#bridge.write(target, bytes).catch(() => {
        // The session ended or the link is down; the pane's banner says which.
      });
      if (target !== id) this.#relayedInput.get(target)?.();
    });
    // Input sent after the user confirmed a production member goes later, ungathered.
    this.#echoes.expect(targets);
  }

  /** A terminal session's event: `deliver` runs now, or with the rest of a broadcast keystroke's echoes (echo-gathering.ts). */
  deliverSessionEvent(id: SessionId, output: boolean, deliver: () => void): void {
    this.#echoes.deliver(id, output, deliver);
  }

  /**
   * `listener` runs whenever input typed into another member of the session's broadcast group goes to
   * the session (its terminal then treats the answer as it treats the echo of a key typed into it:
   * TerminalHost.inputSentElsewhere). Answers the way to stop.
   */
  onRelayedInput(id: SessionId, listener: () => void): () => void {
    this.#relayedInput.set(id, listener);
    return () => {
      if (this.#relayedInput.get(id) === listener) this.#relayedInput.delete(id);
    };
  }

  /** Closes a tab and every pane in it. */
  close(id: TabId): void {
    const sessions = this.#sessionsOf(panesOf((this.#state.tabs[indexOfTab(this.#state, id)] as WorkspaceTab).layout));
    this.#state = closeTab(this.#state, id);
    this.#let(sessions);
  }

  /** Closes a pane; the last pane of a tab closes the tab. */
  closePane(id: PaneId): void {
    const sessions = this.#sessionsOf([id]);
    this.#state = closePane(this.#state, id);
    this.#let(sessions);
  }

  /** Focuses the pane next to the focused one (Alt+arrow); nothing at the tab's edge. */
  focusPane(direction: FocusDirection): void {
    this.#state = focusNeighbour(this.#state, direction);
  }

  /** Focuses a pane (a click in it) and activates its tab. */
  focus(id: PaneId): void {
    this.#state = focusPane(this.#state, id);
  }

  /** Moves a splitter of a tab by a fraction of its split (layout.ts resize). */
  resizeSplit(id: TabId, path: readonly number[], index: number, delta: number): void {
    this.#state = resizeSplit(this.#state, id, path, index, delta);
  }

  /** Moves every pane of a tab into another tab, beside one of its panes (a tab dropped on a pane). */
  moveTabInto(id: TabId, target: PaneId, side: SplitSide): void {
    this.#state = moveTabInto(this.#state, id, target, side);
  }

  /** Starts the pane's session again in place, from its detail; a failure shows in the pane. */
  async runAgain(id: PaneId): Promise<void> {
    const pane = paneOf(this.#state, id);
    if (pane.detail === null) return;
    try {
      const started = await kindOf(pane.detail).start(this.#bridge, pane.detail, this.terminalSize);
      this.rebind(id, started.info, started.detail);
      // The old session has ended (or is being replaced): main can let go of it.
      this.#closeWhenUnmounted(paneSessions(pane));
    } catch (error) {
      this.#state = withStatus(this.#state, id, tabStatus({ kind: 'failed', error: userErrorOf(error, 'starting the session again') }));
    }
  }

  /** Moves a pane to a new session in place, keeping its view (a log pane read with new options). */
  rebind(id: PaneId, info: SessionInfo, detail: TabDetail): void {
    const old = paneOf(this.#state, id).sessionId;
    const title = detail.kind === 'logs' ? targetTitle(detail.target) : info.title;
    this.#state = rebindPane(this.#state, id, { ...info, title }, detail);
    if (old !== null) this.#forget(old);
  }

  setDetail(id: PaneId, detail: TabDetail): void {
    this.#state = withDetail(this.#state, id, detail);
  }

  activate(id: TabId): void {
    this.#state = activateTab(this.#state, id);
  }

  move(id: TabId, to: number): void {
    this.#state = moveTab(this.#state, id, to);
  }

  /** Throws a TabsError for a title that is too long. */
  rename(id: TabId, title: string): void {
    this.#state = renameTab(this.#state, id, title);
  }

  cycle(step: 1 | -1): void {
    this.#state = cycleTab(this.#state, step);
  }

  applyState(id: SessionId, state: SessionState): void {
    this.#state = applySessionState(this.#state, id, state);
  }

  /** What a reload needs; panes of opens that failed before main made a session are left out. */
  serialize(): SavedWorkspace {
    return serializeTabs(this.#state);
  }

  /**
   * Opens saved tabs again, each pane bound to the session main still has, then binds this window
   * to each session again: main replays what it kept, then live output follows. What went wrong,
   * or which panes ended meanwhile, goes to `notice`.
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
    const result = restoreTabs(saved.tabs, restoreDetails(saved.details), sessions, { tab: () => this.#newTabId(), pane: () => this.#newPaneId() });
    if (!result.ok) {
      notice(`Tabs not restored: ${result.error}`);
      return;
    }
    this.#state = result.state;
    const { gone } = result;
    if (gone.length > 0) {
      notice(`${gone.length} ${gone.length === 1 ? 'pane was' : 'panes were'} not restored: ${gone.map((pane) => pane.title).join(', ')} ended meanwhile.`);
    }
    await Promise.all(
      Object.values(result.state.panes).flatMap(paneSessions).map((id) =>
        this.#bridge
          .attachSession(id)
          .then((attachment) => this.applyState(id, attachment.info.state))
          .catch((error: unknown) => this.applyState(id, { kind: 'failed', error: userErrorOf(error, 're-binding the pane') })),
      ),
    );
  }

  /** A pane for a detail: its session started, or, when that failed, the error and a way to try again. */
  async #start(detail: TabDetail): Promise<WorkspacePane> {
    const kind = kindOf(detail);
    try {
      const started = await kind.start(this.#bridge, detail, this.terminalSize);
      return newPane(this.#newPaneId(), started.info, kind.context(detail), started.detail);
    } catch (error) {
      // Debug and node shells are exec sessions: their failed pane is a terminal's.
      const paneKind = detail.kind === 'debug' || detail.kind === 'node-shell' ? 'exec' : detail.kind;
      const failed = { id: null, kind: paneKind, title: kind.title(detail), state: { kind: 'failed', error: userErrorOf(error, kind.doing) } } as const;
      return newPane(this.#newPaneId(), failed, kind.context(detail), detail);
    }
  }

  #newPaneId(): PaneId {
    return `p${this.#nextPane++}`;
  }

  #newTabId(): TabId {
    return `t${this.#nextTab++}`;
  }

  #sessionsOf(panes: readonly PaneId[]): SessionId[] {
    return panes.flatMap((id) => paneSessions(paneOf(this.#state, id)));
  }

  /** The window lets go of closed panes' sessions: forgotten here at once, closed in main once unmounted. */
  #let(sessions: readonly SessionId[]): void {
    for (const id of sessions) this.#forget(id);
    this.#closeWhenUnmounted(sessions);
  }

  /**
   * Closes sessions in main once their panes have let go: a pane acknowledges the last output it
   * processed as it unmounts, and that must reach main before the close, not after.
   */
  #closeWhenUnmounted(ids: readonly SessionId[]): void {
    void this.#afterPanesUnmount().then(() => {
      for (const id of ids) this.#bridge.close(id).catch(() => undefined);
    });
  }
}

/** What a split of a pane shows by default: a new shell where it runs, or the same logs. */
function besideOf(detail: TabDetail): TabDetail | null {
  if (detail.kind === 'logs') return detail.target.kind === 'session' ? null : logsDetail(detail.target);
  const pod = detailPod(detail);
  return pod === null ? null : shellDetail(pod);
}
