// Fault tests need a cluster of their own: restarting the API server or stopping the kubelet acts on
// child processes of whoever started the cluster, and would disturb every other test on the
// shared one. usePrivateCluster() starts one (with the core facade on it) before the file's tests
// and always stops both after them, also when a test failed.
import { afterAll, beforeAll } from 'vitest';
import type { PodWatchEvent, PodSummary, WatchHealth } from '../../shared/bridge/resources.ts';
import type { LogLine, SessionEvent, SessionId, SessionState } from '../../shared/bridge/sessions.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { startCluster, type RunningCluster } from '../cluster/cluster.ts';

/** A cluster start takes ~5 s, more on a loaded machine. */
const START_TIMEOUT_MS = 120_000;
/** Generous: a fault test restarts a component, which takes seconds, and asserts no timing. */
export const FAULT_TEST_TIMEOUT_MS = 90_000;

export type PrivateCluster = {
  readonly cluster: RunningCluster;
  readonly core: PortholeCore;
  /** Every session event of the core, in order. */
  readonly events: SessionEvents;
};

/** Registers beforeAll/afterAll hooks; the returned getters work inside the file's tests. */
export function usePrivateCluster(): PrivateCluster {
  let cluster: RunningCluster | undefined;
  let core: PortholeCore | undefined;
  const events = new SessionEvents();
  beforeAll(async () => {
    cluster = await startCluster();
    core = await createCore({ kubeconfigEnv: cluster.kubeconfigPath, watch: false });
    core.onSessionEvent(events.sink);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    try {
      await core?.dispose();
    } finally {
      await cluster?.stop();
    }
  }, START_TIMEOUT_MS);
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the private cluster's ${what} is not there: did beforeAll fail?`);
    return value;
  };
  return {
    get cluster() {
      return started(cluster, 'cluster');
    },
    get core() {
      return started(core, 'core');
    },
    events,
  };
}

const NOT_FINAL: ReadonlySet<SessionState['kind']> = new Set(['connecting', 'live', 'resuming']);

export function isFinal(state: SessionState): boolean {
  return !NOT_FINAL.has(state.kind);
}

/** The core's session events, asked about per session. */
export class SessionEvents {
  readonly #events: SessionEvent[] = [];
  #waiters: (() => void)[] = [];

  readonly sink = (event: SessionEvent): void => {
    this.#events.push(event);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  };

  of(id: SessionId): SessionEvent[] {
    return this.#events.filter((event) => event.id === id);
  }

  states(id: SessionId): SessionState[] {
    return this.of(id).flatMap((event) => (event.kind === 'state' ? [event.state] : []));
  }

  lines(id: SessionId): LogLine[] {
    return this.of(id).flatMap((event) => (event.kind === 'lines' ? event.lines : []));
  }

  output(id: SessionId): string {
    return Buffer.concat(this.of(id).flatMap((event) => (event.kind === 'output' ? [event.bytes] : []))).toString('utf8');
  }

  /** Waits until `condition` holds, checking it after every event of any session. */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Waits for the session's first state that is an end, and returns it. */
  async finalState(id: SessionId): Promise<SessionState> {
    await this.until(() => this.states(id).some(isFinal));
    return this.states(id).find(isFinal) as SessionState;
  }

  /** Waits until the session has delivered at least `count` log lines. */
  async untilLines(id: SessionId, count: number): Promise<LogLine[]> {
    await this.until(() => this.lines(id).length >= count);
    return this.lines(id);
  }
}

/** The N of a `seq N` line of the seq pod's generator. */
export function seqNumber(line: LogLine): number {
  const match = /^seq (\d+)$/.exec(line.text);
  if (match === null) throw new Error(`not a seq line: ${JSON.stringify(line.text)}`);
  return Number(match[1]);
}

/** Records a pod watch's events and answers questions about them. */
export class PodWatchRecorder {
  readonly events: PodWatchEvent[] = [];
  #waiters: (() => void)[] = [];

  readonly listener = (event: PodWatchEvent): void => {
    this.events.push(event);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  };

  healths(): WatchHealth[] {
    return this.events.flatMap((event) => (event.kind === 'health' ? [event.health] : []));
  }

  /** Pod states the watch reported from event `from` on, by snapshot, upsert or batch. */
  podsSince(from: number): PodSummary[] {
    return this.events.slice(from).flatMap((event) => {
      switch (event.kind) {
        case 'snapshot':
          return [...event.pods];
        case 'upsert':
          return [event.pod];
        case 'batch':
          return [...event.upserts];
        default:
          return [];
      }
    });
  }

  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}
