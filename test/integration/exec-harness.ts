// Opens exec and attach sessions against the real test cluster (through the kubeconfig store, the
// real openWebSocket and the API server's stream translator) with an EventLog attached.
// useRealSessions() is a test file's preamble: the harness on the shared cluster for its tests.
import { afterAll, beforeAll, inject } from 'vitest';
import type { AttachRequest, ExecRequest, SessionKind } from '../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../../main/core/connection/cluster-connection.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { createAttachSession, type AttachSessionOptions } from '../../main/core/sessions/attach-session.ts';
import { createExecSession, type ExecSessionOptions } from '../../main/core/sessions/exec-session.ts';
import type { RemoteCommandSession } from '../../main/core/sessions/remote-command-session.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import type { SeedPod } from '../cluster/fixtures.ts';
import { EventLog } from '../support/event-log.ts';

/**
 * A wait on a session gives up before the test's 60 s timeout, so a stuck test fails with what
 * the session said so far (states, output) rather than a bare timeout.
 */
const WAIT_TIMEOUT_MS = 40_000;

/** What every remote-command session of the harness is created with, whatever its kind. */
interface Wiring {
  readonly id: string;
  readonly emit: EventLog['sink'];
  readonly connection: ClusterConnection;
}

export interface OpenedSession {
  readonly session: RemoteCommandSession;
  readonly log: EventLog;
}

export class RealSessions {
  readonly cluster: ClusterInfo;
  readonly #store: KubeconfigStore;
  readonly #opened: RemoteCommandSession[] = [];

  constructor(cluster: ClusterInfo) {
    this.cluster = cluster;
    this.#store = new KubeconfigStore({ kubeconfigEnv: cluster.kubeconfigPath, watch: false });
  }

  /** Exec in the `single` seed pod (container `main`) unless the request says otherwise. */
  exec(request: Partial<ExecRequest> & Pick<ExecRequest, 'command'>, extra: Partial<ExecSessionOptions> = {}): OpenedSession {
    const full: ExecRequest = { ...this.#defaults(this.cluster.pods.single), ...request };
    return this.#open('exec', full, (wiring) => createExecSession({ ...wiring, request: full, ...extra }));
  }

  /** Attach to the `seq` seed pod's first container unless the request says otherwise. */
  attach(request: Partial<AttachRequest> = {}, extra: Partial<AttachSessionOptions> = {}): OpenedSession {
    const full: AttachRequest = { ...this.#defaults(this.cluster.pods.seq), ...request };
    return this.#open('attach', full, (wiring) => createAttachSession({ ...wiring, request: full, ...extra }));
  }

  /** A request to a seed pod's first container as the admin, without a tty or stdin. */
  #defaults(pod: SeedPod): AttachRequest {
    return { context: this.cluster.contexts.admin, namespace: pod.namespace, pod: pod.name, container: pod.containers[0], tty: false, stdin: false };
  }

  /** Creates a session of `kind` with an event log, starts it, and remembers it for close(). */
  #open(kind: SessionKind, request: AttachRequest, create: (wiring: Wiring) => RemoteCommandSession): OpenedSession {
    const log = new EventLog({ timeoutMs: WAIT_TIMEOUT_MS });
    const session = create({ id: `${kind}-${this.#opened.length + 1}`, emit: log.sink, connection: this.#store.connection(request.context) });
    this.#opened.push(session);
    void session.start();
    return { session, log };
  }

  close(): void {
    for (const session of this.#opened.splice(0)) session.close();
    this.#store.close();
  }
}

/**
 * The sessions of a file's tests on the shared cluster: the harness is made before the first test
 * and closed, with every session it opened, after the last. Call it inside a describe skipped
 * where the cluster is missing (its body runs then, its hooks do not).
 */
export function useRealSessions(): Pick<RealSessions, 'exec' | 'attach'> {
  let sessions: RealSessions | undefined;
  beforeAll(() => {
    const cluster = inject('cluster');
    if (cluster === null) throw new Error('useRealSessions outside a describe skipped without the cluster');
    sessions = new RealSessions(cluster);
  });
  afterAll(() => sessions?.close());
  const opened = (): RealSessions => {
    if (sessions === undefined) throw new Error('the sessions open in useRealSessions\' beforeAll: use them inside a test or hook');
    return sessions;
  };
  return {
    exec: (request, extra) => opened().exec(request, extra),
    attach: (request, extra) => opened().attach(request, extra),
  };
}
