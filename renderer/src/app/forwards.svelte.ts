// The window's port-forwards: every forward main runs (whichever window or the app's start opened
// it), each with its state, its pod and traffic ('forward' events) and its latest notice ("Now via
// web-7f9c-x2"); and the forwards the user keeps, which can be started and stopped in bulk. The
// drawer (PortForwards.svelte) draws this; it holds no state of its own beyond its form.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ForwardStatus, PortForwardRequest, SavedForward, SessionId, SessionInfo, SessionState } from '../../../shared/bridge/sessions.ts';
import type { SessionRouter } from './session-router.ts';
import { userErrorOf } from './user-error.ts';

export type ForwardsBridge = Pick<
  PortholeBridge,
  'openPortForward' | 'close' | 'listSessions' | 'attachSession' | 'listSavedForwards' | 'keepForward' | 'forgetForward'
>;

export interface ForwardView {
  readonly id: SessionId;
  readonly title: string;
  readonly state: SessionState;
  readonly localAddress?: string;
  readonly status?: ForwardStatus;
  readonly request?: PortForwardRequest;
  /** The latest notice: a move ("Now via …") or a connection's failure. */
  readonly notice?: string;
}

/** Whether two requests ask for the same forward (a kept one and a running one). */
export function sameForward(a: PortForwardRequest, b: PortForwardRequest): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(request: PortForwardRequest): unknown[] {
  const { target } = request;
  return [request.context, request.namespace, target.kind, target.kind === 'selector' ? target.selector : target.name, request.remotePort, request.localPort ?? 0];
}

/** "http://127.0.0.1:PORT/" for a forward that serves HTTP and is live; null otherwise. */
export function browserUrl(forward: ForwardView): string | null {
  if (forward.state.kind !== 'live' || forward.localAddress === undefined || forward.status?.http !== true) return null;
  return `http://${forward.localAddress}/`;
}

export class Forwards {
  list = $state<ForwardView[]>([]);
  saved = $state.raw<readonly SavedForward[]>([]);
  /** Why the last action failed; null after one that worked. */
  error = $state.raw<UserError | null>(null);
  readonly #bridge: ForwardsBridge;
  readonly #router: SessionRouter;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: the subscriptions to end
  readonly #subscriptions = new Map<SessionId, Unsubscribe>();

  constructor(bridge: ForwardsBridge, router: SessionRouter) {
    this.#bridge = bridge;
    this.#router = router;
  }

  /** Finds the forwards main runs (binding this window to each) and the kept ones. */
  async load(): Promise<void> {
    try {
      const sessions = await this.#bridge.listSessions();
      for (const info of sessions.filter((session) => session.kind === 'port-forward')) {
        const attachment = await this.#bridge.attachSession(info.id).catch(() => null);
        if (attachment !== null) this.#follow(attachment.info);
      }
      this.saved = [...(await this.#bridge.listSavedForwards())];
    } catch (error) {
      this.error = userErrorOf(error, 'listing port-forwards');
    }
  }

  /** Starts a forward; its failure (if it fails at once) is its state, shown in the list. */
  async start(request: PortForwardRequest): Promise<void> {
    this.error = null;
    try {
      this.#follow(await this.#bridge.openPortForward(request));
    } catch (error) {
      this.error = userErrorOf(error, 'starting the port-forward');
    }
  }

  stop(id: SessionId): void {
    this.#bridge.close(id).catch((error: unknown) => {
      this.error = userErrorOf(error, 'stopping the port-forward');
      this.#forget(id);
    });
  }

  async keep(request: PortForwardRequest): Promise<void> {
    await this.#savedAction('keeping the port-forward', () => this.#bridge.keepForward(request));
  }

  async forget(id: string): Promise<void> {
    await this.#savedAction('forgetting the kept port-forward', () => this.#bridge.forgetForward(id));
  }

  /** The kept forward a running one matches, if any. */
  keptAs(forward: ForwardView): SavedForward | undefined {
    const { request } = forward;
    return request === undefined ? undefined : this.saved.find((saved) => sameForward(saved.request, request));
  }

  /** The running forward a kept one matches, if any (a failed one counts as not running). */
  runningOf(saved: SavedForward): ForwardView | undefined {
    return this.list.find((forward) => forward.request !== undefined && sameForward(forward.request, saved.request) && forward.state.kind !== 'failed');
  }

  /** Starts every kept forward that does not run. */
  async startKept(): Promise<void> {
    for (const saved of this.saved) {
      const failed = this.list.find((forward) => forward.request !== undefined && sameForward(forward.request, saved.request));
      if (failed !== undefined && failed.state.kind === 'failed') this.stop(failed.id);
      if (this.runningOf(saved) === undefined) await this.start(saved.request);
    }
  }

  /** Stops every running forward that is a kept one. */
  stopKept(): void {
    for (const saved of this.saved) {
      const running = this.runningOf(saved);
      if (running !== undefined) this.stop(running.id);
    }
  }

  dispose(): void {
    for (const unsubscribe of this.#subscriptions.values()) unsubscribe();
    this.#subscriptions.clear();
  }

  async #savedAction(what: string, action: () => Promise<unknown>): Promise<void> {
    this.error = null;
    try {
      await action();
      this.saved = [...(await this.#bridge.listSavedForwards())];
    } catch (error) {
      this.error = userErrorOf(error, what);
    }
  }

  #follow(info: SessionInfo): void {
    this.#upsert(info.id, {
      id: info.id,
      title: info.title,
      state: info.state,
      ...(info.localAddress === undefined ? {} : { localAddress: info.localAddress }),
      ...(info.forward === undefined ? {} : { status: info.forward }),
      ...(info.forwardRequest === undefined ? {} : { request: info.forwardRequest }),
    });
    if (this.#subscriptions.has(info.id)) return;
    this.#subscriptions.set(
      info.id,
      this.#router.subscribe(info.id, (event) => {
        if (event.kind === 'state' && event.state.kind === 'closed') this.#forget(info.id);
        else if (event.kind === 'state') this.#update(info.id, { state: event.state });
        else if (event.kind === 'forward') this.#update(info.id, { status: event.status });
        else if (event.kind === 'notice') this.#update(info.id, { notice: event.message });
      }),
    );
  }

  #upsert(id: SessionId, forward: ForwardView): void {
    const index = this.list.findIndex((each) => each.id === id);
    if (index < 0) this.list.push(forward);
    else this.list[index] = { ...this.list[index], ...forward };
  }

  #update(id: SessionId, change: Partial<ForwardView>): void {
    const index = this.list.findIndex((each) => each.id === id);
    const current = this.list[index];
    if (current !== undefined) this.list[index] = { ...current, ...change };
  }

  #forget(id: SessionId): void {
    this.#subscriptions.get(id)?.();
    this.#subscriptions.delete(id);
    this.#router.forget(id);
    this.list = this.list.filter((forward) => forward.id !== id);
  }
}
