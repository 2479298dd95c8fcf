// What stands between input and a production terminal: the questions the confirmation dialog asks
// (one at a time, in order), which sessions run in production (production.ts, the settings' list
// and glob), what broadcasting or pasting several lines into them asks first, and turning broadcast
// on and off from the focused pane, since turning it on is one of the things it asks about.
// App.svelte hands the workspace's broadcast model `isProductionSession` and `confirmBroadcast`,
// each terminal its `checkPaste`, and draws `question` with ConfirmDialog.svelte.
import type { SessionId } from '../../../shared/bridge/sessions.ts';
import type { PasteCheck } from '../lib/terminal/clipboard.ts';
import { broadcastConfirmation, isProduction, pasteConfirmation, pasteLines, type Confirmation, type ProductionRule } from './production.ts';
import type { BroadcastConfirmation } from './workspace/broadcast.svelte.ts';
import type { Workspace } from './workspace/workspace.svelte.ts';

/** A question for the confirmation dialog and how to answer it. */
export interface Question {
  readonly confirmation: Confirmation;
  readonly answer: (yes: boolean) => void;
}

export class ProductionGuard {
  /** Questions waiting for the confirmation dialog, asked one at a time in order. */
  #questions = $state.raw<readonly Question[]>([]);
  readonly #workspace: Workspace;
  readonly #rule: () => ProductionRule;

  /** `rule` reads the settings as they are now: marking a context production applies at once. */
  constructor(workspace: Workspace, rule: () => ProductionRule) {
    this.#workspace = workspace;
    this.#rule = rule;
  }

  /** The question the dialog shows now; the next one comes once it is answered. */
  get question(): Question | undefined {
    return this.#questions[0];
  }

  ask(confirmation: Confirmation): Promise<boolean> {
    return new Promise((resolve) => (this.#questions = [...this.#questions, { confirmation, answer: resolve }]));
  }

  /** Answers the question shown now. */
  answer(yes: boolean): void {
    const [first, ...rest] = this.#questions;
    this.#questions = rest;
    first?.answer(yes);
  }

  inProduction(context: string): boolean {
    return context !== '' && isProduction(context, this.#rule());
  }

  isProductionSession(id: SessionId): boolean {
    return this.inProduction(this.#contextOf(id));
  }

  /** What the broadcast model asks before input reaches production members. */
  confirmBroadcast(request: BroadcastConfirmation): Promise<boolean> {
    return this.ask(broadcastConfirmation(request.reason, request.targets.length, request.production.length, this.#productionContexts(request.production)));
  }

  /** A paste of several lines that would reach a production terminal (this one, or a broadcast member) asks first. */
  checkPaste(id: SessionId): PasteCheck {
    return (text) => {
      if (pasteLines(text).length <= 1) return null;
      const contexts = this.#productionContexts(this.#workspace.broadcast.targets(id));
      return contexts.length === 0 ? null : this.ask(pasteConfirmation(text, contexts));
    };
  }

  /** Broadcast on for every terminal of the focused pane's tab, or off for the focused pane's group. */
  toggleBroadcast(): void {
    const workspace = this.#workspace;
    const focused = workspace.focusedPane;
    if (focused?.sessionId == null) return;
    const group = workspace.broadcast.groupOf(focused.sessionId);
    if (group !== null) {
      workspace.broadcast.stop(group.id);
      return;
    }
    const members = workspace.panes.flatMap((pane) => (pane.tabId === focused.tabId && pane.kind === 'terminal' && pane.sessionId !== null ? [pane.sessionId] : []));
    void workspace.broadcast.start(members);
  }

  toggleBroadcastOptOut(): void {
    const { broadcast } = this.#workspace;
    const id = this.#workspace.focusedPane?.sessionId;
    if (id == null || broadcast.groupOf(id) === null) return;
    if (broadcast.isOptedOut(id)) broadcast.rejoin(id);
    else broadcast.optOut(id);
  }

  /** The context a session runs in ('' when not known here: a session taken over from another window). */
  #contextOf(id: SessionId): string {
    return this.#workspace.panes.find((pane) => pane.sessionId === id)?.context ?? '';
  }

  /** The production contexts among these sessions', each once. */
  #productionContexts(ids: readonly SessionId[]): string[] {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: only removes repeats
    return [...new Set(ids.map((id) => this.#contextOf(id)).filter((context) => this.inProduction(context)))];
  }
}
