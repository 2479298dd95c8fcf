// The window's workspace: which tabs are open, in what order, which one is active, and per tab one
// record carrying its session, its detail (what it shows, and how to start it again) and its pane
// key. It is the single source of truth for tabs: App.svelte draws it and wires events to it.
//
// The pieces beside it: tab-kinds.ts (what a tab keeps and how each kind starts its session),
// tab-strip.ts (the strip as pure data) and saved-workspace.ts (what a reload keeps, checked when
// read back). Sessions belong to main, not to the page:
// serialize() keeps what a reload needs, restore() binds saved tabs again to the sessions main still
// has and says which ones are gone.
//
// A tab shows one pane today. Its record is where a layout of panes would go: the pane key, the
// session and the detail would move into each pane, and the tab would keep the layout.
import { tick } from 'svelte';
import type { SessionId, SessionInfo, SessionState, TerminalSize } from '../../../../shared/bridge/sessions.ts';
import { targetTitle } from '../log-query.ts';
import { userErrorOf } from '../user-error.ts';
import { restoreDetails, restoreTabs, serializeTabs, type SavedWorkspace, type StoredWorkspace } from './saved-workspace.ts';
import { kindOf, logsDetail, tabSessions, type TabDetail, type WorkspaceBridge } from './tab-kinds.ts';
import {
  activateTab,
  applySessionState,
  closeTab,
  cycleTab,
  EMPTY_TABS,
  indexOfTab,
  moveTab,
  newTab,
  openTab,
  rebindTab,
  renameTab,
  withDetail,
  type TabsState,
  type WorkspaceTab,
} from './tab-strip.ts';

export interface WorkspaceHooks {
  /** The session is gone for this window: drop what was kept for it (the session router's backlog). */
  forget(id: SessionId): void;
  /** Resolves once the panes of closed tabs have unmounted (Svelte's tick; tests pass their own). */
  afterPanesUnmount?: () => Promise<void>;
}

export class Workspace {
  #state = $state.raw<TabsState>(EMPTY_TABS);
  readonly #bridge: WorkspaceBridge;
  readonly #forget: (id: SessionId) => void;
  readonly #afterPanesUnmount: () => Promise<void>;
  #nextPaneKey = 1;
  #nextLocalId = 1;
  /** The size the last terminal had: a new terminal session starts at it. */
  terminalSize: TerminalSize = { cols: 100, rows: 30 };

  constructor(bridge: WorkspaceBridge, hooks: WorkspaceHooks) {
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

  /**
   * Input typed or pasted into a tab's terminal (its terminal host's one input seam): it goes to the
   * tab's session. Where input goes is the workspace's to decide, so input sent to several
   * sessions at once (a broadcast group) is a change here, not in the terminal.
   */
  input(id: SessionId, data: Uint8Array): void {
    this.#bridge.write(id, data).catch(() => {
      // The session ended or the link is down; the tab's banner says which.
    });
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
