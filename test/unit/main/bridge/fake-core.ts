// A CoreApi in memory for bridge tests: records every call, opens sessions instantly (or when a
// test lets them), and lets the test emit session and pod-watch events. CoreApi comes from the call
// table (shared/bridge/call-schemas.ts), so a new call fails to compile here until the fake has it.
import type { ContextsEvent, ContextSummary, KubeconfigFileProblem } from '../../../../shared/bridge/contexts.ts';
import type { CoreApi, Unsubscribe } from '../../../../shared/bridge/core-api.ts';
import type { DebugShellRequest, NodeShellRequest } from '../../../../shared/bridge/debug.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { FilePathRequest, ListingAnswer } from '../../../../shared/bridge/file-listing.ts';
import type { RecordingOptions, RecordingSummary } from '../../../../shared/bridge/recordings.ts';
import type { PodDetailsEvent } from '../../../../shared/bridge/pod-details.ts';
import type { NamespaceSummary, PodWatchEvent, ServiceSummary, WorkloadRef } from '../../../../shared/bridge/resources.ts';
import type {
  AttachRequest,
  ExecRequest,
  LogLine,
  LogsRequest,
  MergedLogsRequest,
  OutputChannel,
  PortForwardRequest,
  SavedForward,
  SessionEvent,
  SessionId,
  SessionInfo,
  SessionKind,
  TerminalSize,
} from '../../../../shared/bridge/sessions.ts';
import type { DownloadRequest, TransferEvent, TransferId, TransferInfo, UploadRequest } from '../../../../shared/bridge/transfers.ts';
import { CoreError } from '../../../../main/core/errors/core-error.ts';

export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface FakeWatch {
  readonly context: string;
  readonly namespace: string;
  readonly onEvent: (event: PodWatchEvent) => void;
  active: boolean;
}

export const FAKE_CONTEXTS: readonly ContextSummary[] = [
  { name: 'kind-dev', cluster: 'dev', server: 'https://127.0.0.1:6443', user: 'admin', namespace: 'default', authKind: 'client-certificate', isCurrent: true },
];

export const FAKE_KUBECONFIG_PROBLEMS: readonly KubeconfigFileProblem[] = [
  {
    file: '/home/me/.kube/broken.yaml',
    problem: {
      kind: 'kubeconfig',
      title: 'Kubeconfig file unusable',
      detail: 'The kubeconfig file /home/me/.kube/broken.yaml is not valid YAML ("unexpected end of the stream"); it is ignored.',
    },
  },
];

export class FakeCore implements CoreApi {
  readonly calls: RecordedCall[] = [];
  readonly sessions = new Map<SessionId, SessionInfo>();
  readonly written = new Map<SessionId, Uint8Array[]>();
  readonly acknowledged = new Map<SessionId, number>();
  readonly watches: FakeWatch[] = [];
  /** When set, opens wait for it before resolving. */
  gate: Promise<void> | null = null;
  /** When set, the next open rejects with this error. */
  refuseNextOpen: UserError | null = null;
  /** Snapshot a new watch gets synchronously, before watchPods returns (as a cache-backed core might). */
  snapshotOnWatch: PodWatchEvent | null = null;
  /** What kubeconfigProblems answers; a test edits it as a reload of the files would. */
  kubeconfigFileProblems: readonly KubeconfigFileProblem[] = FAKE_KUBECONFIG_PROBLEMS;
  /** The recordings directory: each file's summary and text. */
  readonly recordings = new Map<string, { summary: RecordingSummary; text: string }>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #transferListeners = new Set<(event: TransferEvent) => void>();
  /** Every transfer started, as listTransfers answers them. */
  readonly transfers = new Map<TransferId, TransferInfo>();
  readonly uploaded = new Map<TransferId, Uint8Array[]>();
  #nextId = 1;

  get listenerCount(): number {
    return this.#listeners.size;
  }

  get activeWatches(): number {
    return this.watches.filter((watch) => watch.active).length;
  }

  totalWritten(id: SessionId): string {
    return Buffer.concat(this.written.get(id) ?? []).toString('utf8');
  }

  #record(method: string, args: readonly unknown[]): void {
    this.calls.push({ method, args });
  }

  listContexts(): Promise<readonly ContextSummary[]> {
    this.#record('listContexts', []);
    return Promise.resolve(FAKE_CONTEXTS);
  }

  kubeconfigProblems(): Promise<readonly KubeconfigFileProblem[]> {
    this.#record('kubeconfigProblems', []);
    return Promise.resolve(this.kubeconfigFileProblems);
  }

  listNamespaces(context: string): Promise<readonly NamespaceSummary[]> {
    this.#record('listNamespaces', [context]);
    return Promise.resolve([{ name: 'default', phase: 'Active' }]);
  }

  listServices(context: string, namespace: string): Promise<readonly ServiceSummary[]> {
    this.#record('listServices', [context, namespace]);
    return Promise.resolve([{ name: 'web', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }]);
  }

  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe {
    this.#record('watchPods', [context, namespace]);
    const watch: FakeWatch = { context, namespace, onEvent, active: true };
    this.watches.push(watch);
    if (this.snapshotOnWatch !== null) onEvent(this.snapshotOnWatch);
    return () => {
      watch.active = false;
    };
  }

  /** Details watches of this fake deliver what a test emits through their onEvent. */
  readonly detailsWatches: { readonly args: readonly string[]; readonly onEvent: (event: PodDetailsEvent) => void; active: boolean }[] = [];

  watchPodDetails(context: string, namespace: string, pod: string, onEvent: (event: PodDetailsEvent) => void): Unsubscribe {
    this.#record('watchPodDetails', [context, namespace, pod]);
    const watch = { args: [context, namespace, pod], onEvent, active: true };
    this.detailsWatches.push(watch);
    return () => {
      watch.active = false;
    };
  }

  watchContexts(onEvent: (event: ContextsEvent) => void): Unsubscribe {
    this.#record('watchContexts', []);
    onEvent({ kind: 'contexts', contexts: FAKE_CONTEXTS, problems: this.kubeconfigFileProblems });
    return () => undefined;
  }

  deletePod(context: string, namespace: string, pod: string): Promise<void> {
    this.#record('deletePod', [context, namespace, pod]);
    return Promise.resolve();
  }

  workloadOf(context: string, namespace: string, pod: string): Promise<WorkloadRef | null> {
    this.#record('workloadOf', [context, namespace, pod]);
    return Promise.resolve({ kind: 'Deployment', name: 'web' });
  }

  restartWorkload(context: string, namespace: string, pod: string): Promise<WorkloadRef> {
    this.#record('restartWorkload', [context, namespace, pod]);
    return Promise.resolve({ kind: 'Deployment', name: 'web' });
  }

  podYaml(context: string, namespace: string, pod: string, managedFields: boolean): Promise<string> {
    this.#record('podYaml', [context, namespace, pod, managedFields]);
    return Promise.resolve(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n`);
  }

  openExec(request: ExecRequest): Promise<SessionInfo> {
    this.#record('openExec', [request]);
    return this.#open('exec', `exec ${request.pod}`);
  }

  openAttach(request: AttachRequest): Promise<SessionInfo> {
    this.#record('openAttach', [request]);
    return this.#open('attach', `attach ${request.pod}`);
  }

  openLogs(request: LogsRequest): Promise<SessionInfo> {
    this.#record('openLogs', [request]);
    return this.#open('logs', `logs ${request.pod}`);
  }

  openMergedLogs(request: MergedLogsRequest): Promise<SessionInfo> {
    this.#record('openMergedLogs', [request]);
    return this.#open('merged-logs', `logs ${request.selector}`);
  }

  openPortForward(request: PortForwardRequest): Promise<SessionInfo> {
    this.#record('openPortForward', [request]);
    return this.#open('port-forward', `forward ${request.remotePort}`);
  }

  openDebugShell(request: DebugShellRequest): Promise<SessionInfo> {
    this.#record('openDebugShell', [request]);
    return this.#open('exec', `debug ${request.pod}`);
  }

  openNodeShell(request: NodeShellRequest): Promise<SessionInfo> {
    this.#record('openNodeShell', [request]);
    return this.#open('exec', `node ${request.node}`);
  }

  async #open(kind: SessionKind, title: string): Promise<SessionInfo> {
    const refusal = this.refuseNextOpen;
    this.refuseNextOpen = null;
    if (this.gate !== null) await this.gate;
    if (refusal !== null) throw new CoreError(refusal);
    const id = `s${this.#nextId++}`;
    const info: SessionInfo = { id, kind, title, state: { kind: 'live', protocol: 'v5.channel.k8s.io' } };
    this.sessions.set(id, info);
    return info;
  }

  listSessions(): readonly SessionInfo[] {
    return [...this.sessions.values()];
  }

  write(id: SessionId, data: Uint8Array): void {
    this.#record('write', [id, data]);
    const chunks = this.written.get(id) ?? [];
    chunks.push(data);
    this.written.set(id, chunks);
  }

  resize(id: SessionId, size: TerminalSize): void {
    this.#record('resize', [id, size]);
  }

  closeStdin(id: SessionId): void {
    this.#record('closeStdin', [id]);
  }

  acknowledge(id: SessionId, amount: number): void {
    this.#record('acknowledge', [id, amount]);
    this.acknowledged.set(id, (this.acknowledged.get(id) ?? 0) + amount);
  }

  close(id: SessionId): void {
    this.#record('close', [id]);
    const info = this.sessions.get(id);
    if (info === undefined) return;
    this.sessions.set(id, { ...info, state: { kind: 'closed' } });
    this.emit({ kind: 'state', id, state: { kind: 'closed' } });
    this.sessions.delete(id);
  }

  startRecording(id: SessionId, options: RecordingOptions): void {
    this.#record('startRecording', [id, options]);
    const name = `recording-${id}.cast`;
    this.emit({ kind: 'recording', id, recording: { name, input: options.input } });
  }

  stopRecording(id: SessionId): void {
    this.#record('stopRecording', [id]);
    this.emit({ kind: 'recording', id, recording: null });
  }

  listSavedForwards(): Promise<readonly SavedForward[]> {
    this.#record('listSavedForwards', []);
    return Promise.resolve([]);
  }

  keepForward(request: PortForwardRequest): Promise<SavedForward> {
    this.#record('keepForward', [request]);
    return Promise.resolve({ id: 'f-1', request });
  }

  forgetForward(id: string): Promise<void> {
    this.#record('forgetForward', [id]);
    return Promise.resolve();
  }

  listRecordings(): Promise<readonly RecordingSummary[]> {
    this.#record('listRecordings', []);
    return Promise.resolve([...this.recordings.values()].map((file) => file.summary));
  }

  readRecording(name: string): Promise<string> {
    this.#record('readRecording', [name]);
    const file = this.recordings.get(name);
    if (file === undefined) return Promise.reject(new CoreError({ kind: 'not-found', title: 'No such recording', detail: name }));
    return Promise.resolve(file.text);
  }

  deleteRecording(name: string): Promise<void> {
    this.#record('deleteRecording', [name]);
    this.recordings.delete(name);
    return Promise.resolve();
  }

  listDirectory(request: FilePathRequest): Promise<ListingAnswer> {
    this.#record('listDirectory', [request]);
    return Promise.resolve({ kind: 'listed', listing: { path: request.path, entries: [], route: { kind: 'exec' } } });
  }

  makeDirectory(request: FilePathRequest): Promise<void> {
    this.#record('makeDirectory', [request]);
    return Promise.resolve();
  }

  deletePath(request: FilePathRequest): Promise<void> {
    this.#record('deletePath', [request]);
    return Promise.resolve();
  }

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  startDownload(request: DownloadRequest): Promise<TransferInfo> {
    this.#record('startDownload', [request]);
    return Promise.resolve(this.#startTransfer('download', request.target, request.remotePath, request.remotePath.split('/').pop() ?? ''));
  }

  startUpload(request: UploadRequest): Promise<TransferInfo> {
    this.#record('startUpload', [request]);
    return Promise.resolve(this.#startTransfer('upload', request.target, request.remoteDirectory, request.files[0]?.path ?? ''));
  }

  uploadChunk(id: TransferId, data: Uint8Array): Promise<void> {
    this.#record('uploadChunk', [id, data.length]);
    this.uploaded.set(id, [...(this.uploaded.get(id) ?? []), data]);
    return Promise.resolve();
  }

  cancelTransfer(id: TransferId): void {
    this.#record('cancelTransfer', [id]);
    const transfer = this.transfers.get(id);
    if (transfer !== undefined) this.emitTransfer({ ...transfer, state: { kind: 'cancelled' } });
  }

  listTransfers(): readonly TransferInfo[] {
    this.#record('listTransfers', []);
    return [...this.transfers.values()];
  }

  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe {
    this.#transferListeners.add(listener);
    return () => {
      this.#transferListeners.delete(listener);
    };
  }

  emitTransfer(transfer: TransferInfo): void {
    this.transfers.set(transfer.id, transfer);
    for (const listener of this.#transferListeners) listener({ kind: 'transfer', transfer });
  }

  #startTransfer(direction: TransferInfo['direction'], target: TransferInfo['target'], remotePath: string, localName: string): TransferInfo {
    const transfer: TransferInfo = {
      id: `transfer-${this.#nextId++}`,
      direction,
      target,
      remotePath,
      localName,
      progress: { bytesDone: 0, bytesTotal: null, filesDone: 0, filesTotal: null, bytesPerSecond: 0, etaSeconds: null },
      state: { kind: 'running' },
    };
    this.emitTransfer(transfer);
    return transfer;
  }

  emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  output(id: SessionId, text: string | Uint8Array, channel: OutputChannel = 'stdout'): void {
    this.emit({ kind: 'output', id, channel, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text });
  }

  lines(id: SessionId, texts: readonly string[]): void {
    const lines: LogLine[] = texts.map((text, index) => ({ timestamp: `2024-01-01T00:00:0${index % 10}.000000000Z`, text }));
    const bytes = texts.reduce((sum, text) => sum + new TextEncoder().encode(text).length + 31, 0);
    this.emit({ kind: 'lines', id, lines, bytes });
  }

  coreCalls(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }
}
