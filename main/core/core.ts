// The streaming core's facade: the CoreApi (shared/bridge/core-api.ts) that every host carries to
// the renderer. It owns the session registry — sessions belong to main, not to a window, so a
// reloaded or new window finds them here by id — and wires each request to the unit that serves
// it. Every failure leaves as a CoreError carrying a UserError.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ContextsEvent, ContextSummary, KubeconfigFileProblem } from '../../shared/bridge/contexts.ts';
import type { CoreApi, Unsubscribe } from '../../shared/bridge/core-api.ts';
import type { DebugShellRequest, NodeShellRequest } from '../../shared/bridge/debug.ts';
import type { FilePathRequest, ListingAnswer } from '../../shared/bridge/file-listing.ts';
import type { RecordingOptions, RecordingSummary } from '../../shared/bridge/recordings.ts';
import type { DownloadRequest, TransferEvent, TransferId, TransferInfo, UploadRequest } from '../../shared/bridge/transfers.ts';
import type { PodDetailsEvent } from '../../shared/bridge/pod-details.ts';
import type { NamespaceSummary, PodWatchEvent, ServiceSummary, WorkloadRef } from '../../shared/bridge/resources.ts';
import type {
  AttachRequest,
  ExecRequest,
  LogsRequest,
  MergedLogsRequest,
  PortForwardRequest,
  SavedForward,
  SessionEvent,
  SessionId,
  SessionInfo,
  SessionKind,
  TerminalSize,
} from '../../shared/bridge/sessions.ts';
import { deletePod } from './actions/delete-pod.ts';
import { podYaml } from './actions/pod-yaml.ts';
import { restartWorkload, workloadOf } from './actions/rollout-restart.ts';
import { CoreError } from './errors/core-error.ts';
import { Transfers } from './files/transfers.ts';
import type { AskDownloadPlace } from './files/download-place.ts';
import { deletePath, makeDirectory } from './files/file-operations.ts';
import { listDirectory } from './files/listing.ts';
import { reachFiles } from './files/listing-route.ts';
import { createDebugShellSession } from './debug/debug-shell.ts';
import { createNodeShellSession, deleteLeftoverNodeShells } from './debug/node-shell.ts';
import { NODE_SHELL_RECORD_FILE, NodeShellRecord } from './debug/node-shell-record.ts';
import type { PreparedShellSession } from './debug/prepared-shell-session.ts';
import type { KubeconfigStore } from './kubeconfig/kubeconfig-store.ts';
import { createLogsSession, type LogsSession } from './logs/logs-session.ts';
import { MergedLogsSession } from './logs/merged-logs-session.ts';
import { watchPodsWith } from './logs/pod-source.ts';
import { logTransportFor } from './logs/transport-choice.ts';
import { PortForwardSession } from './port-forward/port-forward-session.ts';
import { SAVED_FORWARDS_FILE, SavedForwards } from './port-forward/saved-forwards.ts';
import { Recordings } from './recordings/recordings.ts';
import { listNamespaces } from './resources/namespaces.ts';
import { listServices } from './resources/services.ts';
import { PodDetailsWatch } from './resources/pod-details-watch.ts';
import { PodWatchHub } from './resources/pod-watch-hub.ts';
import { resourceClientFor } from './resources/resource-client.ts';
import { createAttachSession } from './sessions/attach-session.ts';
import { createExecSession } from './sessions/exec-session.ts';
import type { RemoteCommandSession } from './sessions/remote-command-session.ts';
import type { SessionSink } from './sessions/session.ts';

type AnySession = RemoteCommandSession | PreparedShellSession | LogsSession | MergedLogsSession | PortForwardSession;

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
  /** The app's state directory (kept forwards); without one, nothing is kept across restarts. */
  readonly stateDirectory?: string;
  /** Where downloads land; without one, downloading is off. */
  readonly downloadsDirectory?: string;
  /** Asked before each download where it goes (Electron: the save dialog); without it, the directory above. */
  readonly askDownloadPlace?: AskDownloadPlace;
  /** Downloads are saved by the page's browser, fetched from the host (the web host); the two above are then unused. */
  readonly browserDownloads?: boolean;
}

export class PortholeCore implements CoreApi {
  readonly #store: KubeconfigStore;
  readonly #pods: PodWatchHub;
  readonly #sessions = new Map<SessionId, AnySession>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #recordings: Recordings;
  readonly #transferListeners = new Set<(event: TransferEvent) => void>();
  /** File transfers (main/core/files/); public for hosts and tests that upload local paths. */
  readonly transfers: Transfers;
  readonly #savedForwards: SavedForwards;
  /** The node-shell pods this Porthole created and has not deleted yet (its state directory's file). */
  readonly #nodeShells: NodeShellRecord;
  /** Names this Porthole on the node-shell pods it creates. */
  readonly #instance = randomUUID();
  #lastId = 0;

  constructor(store: KubeconfigStore, options: CoreOptions = {}) {
    this.#store = store;
    this.#recordings = new Recordings({ directory: options.recordingsDirectory ?? null, emit: (event) => this.#emit(event) });
    this.#pods = new PodWatchHub((context) => resourceClientFor(store.connection(context)));
    this.transfers = new Transfers({
      connectionFor: (context) => store.connection(context),
      downloadsDirectory: options.downloadsDirectory ?? null,
      askDownloadPlace: options.askDownloadPlace ?? null,
      browserDownloads: options.browserDownloads ?? false,
      emit: (event) => {
        for (const listener of this.#transferListeners) listener(event);
      },
    });
    this.#savedForwards = new SavedForwards(options.stateDirectory === undefined ? null : join(options.stateDirectory, SAVED_FORWARDS_FILE));
    this.#nodeShells = new NodeShellRecord(options.stateDirectory === undefined ? null : join(options.stateDirectory, NODE_SHELL_RECORD_FILE));
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

  async listServices(context: string, namespace: string): Promise<readonly ServiceSummary[]> {
    return listServices(resourceClientFor(this.#store.connection(context)), namespace);
  }

  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe {
    return this.#pods.watch(context, namespace, onEvent);
  }

  /** Never throws: a watch that cannot start (unknown context) is one 'health' event with its error. */
  watchPodDetails(context: string, namespace: string, pod: string, onEvent: (event: PodDetailsEvent) => void): Unsubscribe {
    let watch: PodDetailsWatch;
    try {
      watch = new PodDetailsWatch({ client: resourceClientFor(this.#store.connection(context)), namespace, pod }, onEvent);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      onEvent({ kind: 'health', health: 'connecting', error: error.userError });
      return () => undefined;
    }
    watch.start();
    return () => void watch.stop();
  }

  watchContexts(onEvent: (event: ContextsEvent) => void): Unsubscribe {
    const send = (): void => onEvent({ kind: 'contexts', contexts: this.#store.contexts(), problems: this.#store.fileProblems() });
    send();
    return this.#store.onChange(send);
  }

  deletePod(context: string, namespace: string, pod: string): Promise<void> {
    return deletePod(this.#store.connection(context), namespace, pod);
  }

  workloadOf(context: string, namespace: string, pod: string): Promise<WorkloadRef | null> {
    return workloadOf(this.#store.connection(context), namespace, pod);
  }

  restartWorkload(context: string, namespace: string, pod: string): Promise<WorkloadRef> {
    return restartWorkload(this.#store.connection(context), namespace, pod);
  }

  podYaml(context: string, namespace: string, pod: string, managedFields: boolean): Promise<string> {
    return podYaml(this.#store.connection(context), namespace, pod, managedFields);
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
      // The first context must be usable (its failure is the open's); another one that is not is marked in the log.
      this.#store.connection(request.context);
      return new MergedLogsSession({
        id,
        emit,
        request,
        transportFor: (context) => logTransportFor(this.#store.connection(context), request.transport),
        watchPods: watchPodsWith(this.#pods),
      });
    });
  }

  openPortForward(request: PortForwardRequest): Promise<SessionInfo> {
    return this.#open('port-forward', (id, emit) =>
      new PortForwardSession({
        id,
        emit,
        connection: this.#store.connection(request.context),
        request,
        watchPods: (context, namespace, listener, selector) => this.#pods.watch(context, namespace, listener, selector),
      }),
    );
  }

  listSavedForwards(): Promise<readonly SavedForward[]> {
    return this.#savedForwards.list();
  }

  keepForward(request: PortForwardRequest): Promise<SavedForward> {
    return this.#savedForwards.keep(request);
  }

  forgetForward(id: string): Promise<void> {
    return this.#savedForwards.forget(id);
  }

  /**
   * Starts the kept forwards whose context exists (the app's start): each in the background, as
   * a session any window lists; one that cannot start says why in its own state.
   */
  async startSavedForwards(): Promise<void> {
    const known = new Set(this.#store.contexts().map((context) => context.name));
    for (const saved of await this.#savedForwards.list()) {
      if (known.has(saved.request.context)) this.openPortForward(saved.request).catch(() => undefined);
    }
  }

  openDebugShell(request: DebugShellRequest): Promise<SessionInfo> {
    return this.#open('exec', (id, emit) => {
      this.#recordings.sized(id, request.size);
      return createDebugShellSession({ id, emit, connection: this.#store.connection(request.context), request });
    });
  }

  openNodeShell(request: NodeShellRequest): Promise<SessionInfo> {
    return this.#open('exec', (id, emit) => {
      this.#recordings.sized(id, request.size);
      const connection = this.#store.connection(request.context);
      return createNodeShellSession({ id, emit, connection, request, record: this.#nodeShells, instance: this.#instance });
    });
  }

  /** Deletes the node-shell pods an earlier run left behind (a crash, a kill); answers how many. */
  deleteLeftoverNodeShells(): Promise<number> {
    return deleteLeftoverNodeShells(this.#nodeShells, (context) => this.#store.connection(context));
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

  async listDirectory(request: FilePathRequest): Promise<ListingAnswer> {
    return listDirectory(await reachFiles(this.#store.connection(request.context), request), request.path);
  }

  async makeDirectory(request: FilePathRequest): Promise<void> {
    await makeDirectory(await reachFiles(this.#store.connection(request.context), request), request.path);
  }

  async deletePath(request: FilePathRequest): Promise<void> {
    await deletePath(await reachFiles(this.#store.connection(request.context), request), request.path);
  }

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async startDownload(request: DownloadRequest): Promise<TransferInfo | null> {
    return this.transfers.startDownload(request);
  }

  async startUpload(request: UploadRequest): Promise<TransferInfo> {
    return this.transfers.startUpload(request);
  }

  uploadChunk(id: TransferId, data: Uint8Array): Promise<void> {
    return this.transfers.uploadChunk(id, data);
  }

  cancelTransfer(id: TransferId): void {
    this.transfers.cancelTransfer(id);
  }

  listTransfers(): readonly TransferInfo[] {
    return this.transfers.listTransfers();
  }

  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe {
    this.#transferListeners.add(listener);
    return () => this.#transferListeners.delete(listener);
  }

  /** Closes every session and pod watch and stops watching the kubeconfig files. */
  async dispose(): Promise<void> {
    for (const id of [...this.#sessions.keys()]) this.close(id);
    this.transfers.dispose();
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

  #remoteCommand(id: SessionId, action: 'write' | 'resize' | 'closeStdin'): RemoteCommandSession | PreparedShellSession {
    return this.#accepting(id, action) as RemoteCommandSession | PreparedShellSession;
  }
}
