// Opens exec and attach sessions against the real test cluster (through the kubeconfig store, the
// real openWebSocket and the API server's stream translator) with an EventLog attached.
import type { AttachRequest, ExecRequest } from '../../shared/bridge/sessions.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { createAttachSession, type AttachSessionOptions } from '../../main/core/sessions/attach-session.ts';
import { createExecSession, type ExecSessionOptions } from '../../main/core/sessions/exec-session.ts';
import type { RemoteCommandSession } from '../../main/core/sessions/remote-command-session.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { EventLog } from '../support/event-log.ts';

/**
 * A wait on a session gives up before the test's 60 s timeout, so a stuck test fails with what
 * the session said so far (states, output) rather than a bare timeout.
 */
const WAIT_TIMEOUT_MS = 40_000;

export class RealSessions {
  readonly cluster: ClusterInfo;
  readonly #store: KubeconfigStore;
  readonly #opened: RemoteCommandSession[] = [];

  constructor(cluster: ClusterInfo) {
    this.cluster = cluster;
    this.#store = new KubeconfigStore({ kubeconfigEnv: cluster.kubeconfigPath, watch: false });
  }

  /** Exec in the `single` seed pod (container `main`) unless the request says otherwise. */
  exec(
    request: Partial<ExecRequest> & Pick<ExecRequest, 'command'>,
    extra: Partial<ExecSessionOptions> = {},
  ): { session: RemoteCommandSession; log: EventLog } {
    const pod = this.cluster.pods.single;
    const full: ExecRequest = {
      context: this.cluster.contexts.admin,
      namespace: pod.namespace,
      pod: pod.name,
      container: pod.containers[0],
      tty: false,
      stdin: false,
      ...request,
    };
    return this.#start((emit, id) =>
      createExecSession({ id: `exec-${id}`, emit, connection: this.#store.connection(full.context), request: full, ...extra }),
    );
  }

  attach(request: Partial<AttachRequest> = {}, extra: Partial<AttachSessionOptions> = {}): { session: RemoteCommandSession; log: EventLog } {
    const pod = this.cluster.pods.seq;
    const full: AttachRequest = {
      context: this.cluster.contexts.admin,
      namespace: pod.namespace,
      pod: pod.name,
      container: pod.containers[0],
      tty: false,
      stdin: false,
      ...request,
    };
    return this.#start((emit, id) =>
      createAttachSession({ id: `attach-${id}`, emit, connection: this.#store.connection(full.context), request: full, ...extra }),
    );
  }

  /** Creates a session with an event log, starts it, and remembers it for close(). */
  #start(create: (emit: EventLog['sink'], id: number) => RemoteCommandSession): { session: RemoteCommandSession; log: EventLog } {
    const log = new EventLog({ timeoutMs: WAIT_TIMEOUT_MS });
    const session = create(log.sink, this.#opened.length + 1);
    this.#opened.push(session);
    void session.start();
    return { session, log };
  }

  close(): void {
    for (const session of this.#opened.splice(0)) session.close();
    this.#store.close();
  }
}
