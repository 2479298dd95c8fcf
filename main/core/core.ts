// The streaming core's facade: the CoreApi (shared/bridge/core-api.ts) that every host carries to
// the renderer. It owns the session registry — sessions belong to main, not to a window, so a
// reloaded or new window finds them here by id — and wires each request to the unit that serves
// it. Every failure leaves as a CoreError carrying a UserError.
import type { ContextSummary, KubeconfigFileProblem } from '../../shared/bridge/contexts.ts';
import type { CoreApi, Unsubscribe } from '../../shared/bridge/core-api.ts';
import type { RecordingOptions, RecordingSummary } from '../../shared/bridge/recordings.ts';
import type { NamespaceSummary, PodWatchEvent } from '../../shared/bridge/resources.ts';
import type {
  AttachRequest,
  ExecRequest,
  LogsRequest,
  MergedLogsRequest,
  PortForwardRequest,
  SessionEvent,
  SessionId,
  SessionInfo,
  SessionKind,
  TerminalSize,
} from '../../shared/bridge/sessions.ts';
import { CoreError } from './errors/core-error.ts';
import type { KubeconfigStore } from './kubeconfig/kubeconfig-store.ts';
import { createLogsSession, type LogsSession } from './logs/logs-session.ts';
import { MergedLogsSession } from './logs/merged-logs-session.ts';
import { watchPodsWith } from './logs/pod-source.ts';
import { logTransportFor } from './logs/transport-choice.ts';
import { PortForwardSession } from './port-forward/port-forward-session.ts';
import { Recordings } from './recordings/recordings.ts';
import { listNamespaces } from './resources/namespaces.ts';
import { PodWatchHub } from './resources/pod-watch-hub.ts';
import { resourceClientFor } from './resources/resource-client.ts';
import { createAttachSession } from './sessions/attach-session.ts';
import { createExecSession } from './sessions/exec-session.ts';
import type { RemoteCommandSession } from './sessions/remote-command-session.ts';
import type { SessionSink } from './sessions/session.ts';

type AnySession = RemoteCommandSession | LogsSession | MergedLogsSession | PortForwardSession;

/** What each kind of session can be asked to do besides close(). */
const ACCEPTS = {
  write: new Set<SessionKind>(['exec', 'attach']),
  resize: new Set<SessionKind>(['exec', 'attach']),
  closeStdin: new Set<SessionKind>(['exec', 'attach']),
  acknowledge: new Set<SessionKind>(['exec', 'attach', 'logs', 'merged-logs']),
} as const;

export interface CoreOptions {
  /** Where terminal recordings are written; without one, recording is off. */
  readonly recordingsDirectory?: string;
}

export class PortholeCore implements CoreApi {
  readonly #store: KubeconfigStore;
  readonly #pods: PodWatchHub;
  readonly #sessions = new Map<SessionId, AnySession>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #recordings: Recordings;
  #lastId = 0;

  constructor(store: KubeconfigStore, options: CoreOptions = {}) {
    this.#store = store;
    this.#recordings = new Recordings({ directory: options.recordingsDirectory ?? null, emit: (event) => this.#emit(event) });
    this.#pods = new PodWatchHub((context) => resourceClientFor(store.connection(context)));
  }

  async listContexts(): Promise<readonly ContextSummary[]> {
    return this.#store.contexts();
  }

  /** Read from the store at each call, so it is as fresh as the contexts after a file changed. */
  async kubeconfigProblems(): Promise<readonly KubeconfigFileProblem[]> {
    return this.#store.fileProblems();
  }

  async listNamespaces(context: string): Promise<readonly NamespaceSummary[]> {
    return listNamespaces(resourceClientFor(this.#store.connection(context)));
  }

  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe {
    return this.#pods.watch(context, namespace, onEvent);
  }

  openExec(request: ExecRequest): Promise<SessionInfo> {
    return this.#open('exec', (id, emit) => {
      this.#recordings.sized(id, request.size);
      return createExecSession({ id, emit, connection: this.#store.connection(request.context), request });
    });
  }

  openAttach(request: AttachRequest): Promise<SessionInfo> {
    return this.#open('attach', (id, emit) => {
      this.#recordings.sized(id, request.size);
      return createAttachSession({ id, emit, connection: this.#store.connection(request.context), request });
    });
  }

  openLogs(request: LogsRequest): Promise<SessionInfo> {
    return this.#open('logs', (id, emit) =>
      createLogsSession({ id, emit, connection: this.#store.connection(request.context), request }),
    );
  }

  openMergedLogs(request: MergedLogsRequest): Promise<SessionInfo> {
    return this.#open('merged-logs', (id, emit) => {
      const connection = this.#store.connection(request.context);
      return new MergedLogsSession({
        id,
        emit,
        request,
        transport: logTransportFor(connection, request.transport),
        watchPods: watchPodsWith(this.#pods),
      });
    });
  }

  openPortForward(request: PortForwardRequest): Promise<SessionInfo> {
    return this.#open('port-forward', (id, emit) =>
      new PortForwardSession({ id, emit, connection: this.#store.connection(request.context), request }),
    );
  }

  listSessions(): readonly SessionInfo[] {
    return [...this.#sessions.values()].map((session) => this.#info(session));
  }

  write(id: SessionId, data: Uint8Array): void {
    this.#remoteCommand(id, 'write').write(data);
    this.#recordings.typed(id, data);
  }

  resize(id: SessionId, size: TerminalSize): void {
    this.#remoteCommand(id, 'resize').resize(size);
    this.#recordings.sized(id, size);
  }

  closeStdin(id: SessionId): void {
    this.#remoteCommand(id, 'closeStdin').closeStdin();
  }

  acknowledge(id: SessionId, amount: number): void {
    const session = this.#accepting(id, 'acknowledge');
    if (!(session instanceof PortForwardSession)) session.acknowledge(amount);
  }

  /** Ends the session (if it still runs) and forgets it: its id is unknown from now on. */
  close(id: SessionId): void {
    this.#session(id).close();
    this.#sessions.delete(id);
  }

  startRecording(id: SessionId, options: RecordingOptions): void {
    this.#recordings.start(this.#info(this.#session(id)), options);
  }

  stopRecording(id: SessionId): void {
    this.#recordings.stop(id);
  }

  listRecordings(): Promise<readonly RecordingSummary[]> {
    return this.#recordings.list();
  }

  readRecording(name: string): Promise<string> {
    return this.#recordings.read(name);
  }

  deleteRecording(name: string): Promise<void> {
    return this.#recordings.delete(name);
  }

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes every session and pod watch and stops watching the kubeconfig files. */
  async dispose(): Promise<void> {
    for (const id of [...this.#sessions.keys()]) this.close(id);
    this.#recordings.dispose();
    await this.#pods.close();
    this.#store.close();
  }

  async #open(kind: SessionKind, create: (id: SessionId, emit: SessionSink) => AnySession): Promise<SessionInfo> {
    const id = `${kind}-${++this.#lastId}`;
    const session = create(id, (event) => this.#emit(event));
    this.#sessions.set(id, session);
    await session.start();
    return session.info();
  }

  #emit(event: SessionEvent): void {
    // Recordings first: a session's end stops its recording, and windows hear that before the end
    // itself (after 'closed' the bridge forgets the session and would drop the 'recording' event).
    this.#recordings.observe(event);
    for (const listener of this.#listeners) listener(event);
  }

  #info(session: AnySession): SessionInfo {
    const recording = this.#recordings.markOf(session.id);
    return recording === undefined ? session.info() : { ...session.info(), recording };
  }

  #session(id: SessionId): AnySession {
    const session = this.#sessions.get(id);
    if (session === undefined) {
      throw new CoreError({ kind: 'invalid-request', title: 'No such session', detail: `No session has the id "${id}"; it may have been closed.` });
    }
    return session;
  }

  #accepting(id: SessionId, action: keyof typeof ACCEPTS): AnySession {
    const session = this.#session(id);
    if (!ACCEPTS[action].has(session.kind)) {
      throw new CoreError({
        kind: 'invalid-request',
        title: `A ${session.kind} session cannot ${action}`,
        detail: `Session "${id}" (${session.title}) is a ${session.kind} session, which takes no ${action} request.`,
      });
    }
    return session;
  }

  #remoteCommand(id: SessionId, action: 'write' | 'resize' | 'closeStdin'): RemoteCommandSession {
    return this.#accepting(id, action) as RemoteCommandSession;
  }
}
