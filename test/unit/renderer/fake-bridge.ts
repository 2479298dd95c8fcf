// A PortholeBridge in memory for component tests: answers from what the test put in it, records
// the calls, and lets the test push pod-watch and session events as main would. PortholeBridge comes
// from the call table (shared/bridge/call-schemas.ts), so a new call fails to compile here until
// the fake has it.
import { BridgeError } from '../../../shared/bridge/bridge-error.ts';
import type { BridgeConnection, PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { ContextsEvent, ContextSummary, KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { FilePathRequest, ListingAnswer } from '../../../shared/bridge/file-listing.ts';
import type { RecordingOptions, RecordingSummary } from '../../../shared/bridge/recordings.ts';
import type { PodDetailsEvent } from '../../../shared/bridge/pod-details.ts';
import type { ContainerSummary, NamespaceSummary, PodSummary, PodWatchEvent, ServiceSummary, WorkloadRef } from '../../../shared/bridge/resources.ts';
import type { PortForwardRequest, SavedForward, SessionAttachment, SessionEvent, SessionId, SessionInfo, SessionKind } from '../../../shared/bridge/sessions.ts';
import type { DownloadRequest, TransferEvent, TransferId, TransferInfo, UploadRequest } from '../../../shared/bridge/transfers.ts';

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface Watch {
  readonly context: string;
  readonly namespace: string;
  readonly onEvent: (event: PodWatchEvent) => void;
  readonly onError: (error: UserError) => void;
  active: boolean;
}

export function context(name: string, extra: Partial<ContextSummary> = {}): ContextSummary {
  return { name, cluster: name, server: 'https://127.0.0.1:6443', user: 'me', namespace: 'default', authKind: 'token', isCurrent: false, ...extra };
}

export function container(name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return { name, kind: 'main', image: 'busybox', state: { kind: 'running' }, restartCount: 0, hasPreviousLogs: false, ...extra };
}

export function pod(name: string, extra: Partial<PodSummary> = {}): PodSummary {
  return { uid: `uid-${name}`, name, namespace: 'default', phase: 'Running', labels: {}, containers: [container('main')], deleting: false, ...extra };
}

export class FakeBridge implements PortholeBridge {
  readonly calls: Call[] = [];
  readonly watches: Watch[] = [];
  contexts: readonly ContextSummary[] = [context('dev', { isCurrent: true })];
  /** What kubeconfigProblems answers: the problems, or the error it rejects with. */
  fileProblems: readonly KubeconfigFileProblem[] | UserError = [];
  namespaces = new Map<string, readonly NamespaceSummary[] | UserError>();
  /** What listServices answers for "context/namespace" (an error rejects); none for any other. */
  services = new Map<string, readonly ServiceSummary[] | UserError>();
  sessions: SessionInfo[] = [];
  /** The next open of this kind rejects with this error. */
  refuse = new Map<SessionKind, UserError>();
  /** The recordings directory: what listRecordings answers, and each file's text for readRecording. */
  recordings: RecordingSummary[] = [];
  /** The kept port-forwards: what listSavedForwards answers. */
  savedForwards: SavedForward[] = [];
  recordingTexts = new Map<string, string>();
  readonly #sessionListeners = new Set<(event: SessionEvent) => void>();
  readonly #transferListeners = new Set<(event: TransferEvent) => void>();
  /** What listTransfers answers; emitTransfer keeps it current. */
  transfers: TransferInfo[] = [];
  /** Set: startDownload answers with this address, as the web host's core does. */
  downloadFetchPath: string | undefined;
  /** Each upload's chunks as uploadChunk received them. */
  readonly uploaded = new Map<TransferId, Uint8Array[]>();
  /** What listDirectory answers for a path (an error rejects); an empty listing for any other. */
  directories = new Map<string, ListingAnswer | UserError>();
  /** The next makeDirectory or deletePath rejects with this error. */
  refuseFileOperation: UserError | null = null;
  #nextId = 1;

  #record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  async appInfo() {
    return { name: 'Porthole', version: 'test', host: 'web' as const };
  }

  async listContexts(): Promise<readonly ContextSummary[]> {
    this.#record('listContexts');
    return this.contexts;
  }

  async kubeconfigProblems(): Promise<readonly KubeconfigFileProblem[]> {
    this.#record('kubeconfigProblems');
    if (!Array.isArray(this.fileProblems)) throw new BridgeError(this.fileProblems as UserError);
    return this.fileProblems;
  }

  async listNamespaces(name: string): Promise<readonly NamespaceSummary[]> {
    this.#record('listNamespaces', name);
    const answer = this.namespaces.get(name) ?? [{ name: 'default', phase: 'Active' }];
    if (!Array.isArray(answer)) throw new BridgeError(answer as UserError);
    return answer;
  }

  async listServices(contextName: string, namespace: string): Promise<readonly ServiceSummary[]> {
    this.#record('listServices', contextName, namespace);
    const answer = this.services.get(`${contextName}/${namespace}`) ?? [];
    if (!Array.isArray(answer)) throw new BridgeError(answer as UserError);
    return answer;
  }

  watchPods(contextName: string, namespace: string, onEvent: (event: PodWatchEvent) => void, onError: (error: UserError) => void): Unsubscribe {
    this.#record('watchPods', contextName, namespace);
    const watch: Watch = { context: contextName, namespace, onEvent, onError, active: true };
    this.watches.push(watch);
    return () => {
      watch.active = false;
    };
  }

  /** The pod-details watches started, newest last; a test emits through their onEvent. */
  readonly detailsWatches: { readonly pod: string; readonly onEvent: (event: PodDetailsEvent) => void; active: boolean }[] = [];
  /** What podYaml answers. */
  podYamlText = 'apiVersion: v1\nkind: Pod\n';
  #contextListeners = new Set<(event: ContextsEvent) => void>();

  watchPodDetails(contextName: string, namespace: string, podName: string, onEvent: (event: PodDetailsEvent) => void): Unsubscribe {
    this.#record('watchPodDetails', contextName, namespace, podName);
    const watch = { pod: podName, onEvent, active: true };
    this.detailsWatches.push(watch);
    return () => {
      watch.active = false;
    };
  }

  watchContexts(onEvent: (event: ContextsEvent) => void): Unsubscribe {
    this.#record('watchContexts');
    this.#contextListeners.add(onEvent);
    return () => this.#contextListeners.delete(onEvent);
  }

  /** As main does after a kubeconfig file changed. */
  changeContexts(contexts: readonly ContextSummary[]): void {
    this.contexts = contexts;
    for (const listener of this.#contextListeners) listener({ kind: 'contexts', contexts, problems: [] });
  }

  async deletePod(contextName: string, namespace: string, podName: string): Promise<void> {
    this.#record('deletePod', contextName, namespace, podName);
  }

  async workloadOf(contextName: string, namespace: string, podName: string): Promise<WorkloadRef | null> {
    this.#record('workloadOf', contextName, namespace, podName);
    return { kind: 'Deployment', name: 'web' };
  }

  async restartWorkload(contextName: string, namespace: string, podName: string): Promise<WorkloadRef> {
    this.#record('restartWorkload', contextName, namespace, podName);
    return { kind: 'Deployment', name: 'web' };
  }

  async podYaml(contextName: string, namespace: string, podName: string, managedFields: boolean): Promise<string> {
    this.#record('podYaml', contextName, namespace, podName, managedFields);
    return this.podYamlText;
  }

  /** The active watch of a namespace (the last one started). */
  watch(contextName: string, namespace: string): Watch {
    const watch = this.watches.filter((w) => w.active && w.context === contextName && w.namespace === namespace).at(-1);
    if (!watch) throw new Error(`no active watch of ${contextName}/${namespace}`);
    return watch;
  }

  #open(kind: SessionKind, title: string, request: unknown): Promise<SessionInfo> {
    this.#record(`open:${kind}`, request);
    const refusal = this.refuse.get(kind);
    if (refusal) {
      this.refuse.delete(kind);
      return Promise.reject(new BridgeError(refusal));
    }
    const info: SessionInfo = { id: `s${this.#nextId++}`, kind, title, state: { kind: 'connecting' } };
    this.sessions.push(info);
    return Promise.resolve(info);
  }

  openExec(request: Parameters<PortholeBridge['openExec']>[0]) {
    return this.#open('exec', `${request.pod}: shell`, request);
  }

  openAttach(request: Parameters<PortholeBridge['openAttach']>[0]) {
    return this.#open('attach', `${request.pod}: attach`, request);
  }

  openLogs(request: Parameters<PortholeBridge['openLogs']>[0]) {
    return this.#open('logs', `${request.pod}/${request.container ?? ''}`, request);
  }

  openMergedLogs(request: Parameters<PortholeBridge['openMergedLogs']>[0]) {
    return this.#open('merged-logs', request.selector ?? `${request.pod ?? ''} (all)`, request);
  }

  async openPortForward(request: Parameters<PortholeBridge['openPortForward']>[0]) {
    const name = request.target.kind === 'selector' ? request.target.selector : request.target.name;
    const info = await this.#open('port-forward', `${name}:${request.remotePort}`, request);
    const live: SessionInfo = { ...info, localAddress: `127.0.0.1:${request.localPort ?? 40000}`, forwardRequest: request };
    this.sessions[this.sessions.findIndex((s) => s.id === info.id)] = live;
    return live;
  }

  openDebugShell(request: Parameters<PortholeBridge['openDebugShell']>[0]) {
    this.#record('openDebugShell', request);
    return this.#open('exec', `${request.pod}: debug`, request);
  }

  openNodeShell(request: Parameters<PortholeBridge['openNodeShell']>[0]) {
    this.#record('openNodeShell', request);
    return this.#open('exec', `node ${request.node}: shell`, request);
  }

  async listSessions(): Promise<readonly SessionInfo[]> {
    this.#record('listSessions');
    return this.sessions;
  }

  async attachSession(id: SessionId, from?: number): Promise<SessionAttachment> {
    this.#record('attachSession', id, from);
    const info = this.sessions.find((s) => s.id === id);
    if (!info) throw new BridgeError({ kind: 'invalid-request', title: 'Unknown session', detail: id });
    return { info, replayFrom: 0, replayTo: 0, dropped: 0 };
  }

  async detachSession(id: SessionId): Promise<void> {
    this.#record('detachSession', id);
  }

  async write(id: SessionId, data: Uint8Array): Promise<void> {
    this.#record('write', id, data);
  }

  async resize(id: SessionId, size: { cols: number; rows: number }): Promise<void> {
    this.#record('resize', id, size);
  }

  async closeStdin(id: SessionId): Promise<void> {
    this.#record('closeStdin', id);
  }

  async acknowledge(id: SessionId, amount: number): Promise<void> {
    this.#record('acknowledge', id, amount);
  }

  /** Total acknowledged for a session. */
  acknowledged(id: SessionId): number {
    return this.callsOf('acknowledge')
      .filter((call) => call.args[0] === id)
      .reduce((sum, call) => sum + (call.args[1] as number), 0);
  }

  async close(id: SessionId): Promise<void> {
    this.#record('close', id);
    this.emit({ kind: 'state', id, state: { kind: 'closed' } });
  }

  /** Starts at once, as main does: the 'recording' event marks the session. */
  async startRecording(id: SessionId, options: RecordingOptions): Promise<void> {
    this.#record('startRecording', id, options);
    this.emit({ kind: 'recording', id, recording: { name: `recording-${id}.cast`, input: options.input } });
  }

  async stopRecording(id: SessionId): Promise<void> {
    this.#record('stopRecording', id);
    this.emit({ kind: 'recording', id, recording: null });
  }

  async listSavedForwards(): Promise<readonly SavedForward[]> {
    this.#record('listSavedForwards');
    return this.savedForwards;
  }

  async keepForward(request: PortForwardRequest): Promise<SavedForward> {
    this.#record('keepForward', request);
    const saved = { id: `f-${this.savedForwards.length + 1}`, request };
    this.savedForwards.push(saved);
    return saved;
  }

  async forgetForward(id: string): Promise<void> {
    this.#record('forgetForward', id);
    this.savedForwards = this.savedForwards.filter((saved) => saved.id !== id);
  }

  async listRecordings(): Promise<readonly RecordingSummary[]> {
    this.#record('listRecordings');
    return this.recordings;
  }

  async readRecording(name: string): Promise<string> {
    this.#record('readRecording', name);
    const text = this.recordingTexts.get(name);
    if (text === undefined) throw new BridgeError({ kind: 'not-found', title: 'No such recording', detail: name });
    return text;
  }

  async deleteRecording(name: string): Promise<void> {
    this.#record('deleteRecording', name);
    this.recordings = this.recordings.filter((recording) => recording.name !== name);
  }

  async listDirectory(request: FilePathRequest): Promise<ListingAnswer> {
    this.#record('listDirectory', request);
    const answer = this.directories.get(request.path);
    if (answer === undefined) return { kind: 'listed', listing: { path: request.path, entries: [], route: { kind: 'exec' } } };
    if ('title' in answer) throw new BridgeError(answer);
    return answer;
  }

  async makeDirectory(request: FilePathRequest): Promise<void> {
    this.#record('makeDirectory', request);
    this.#refuseFileOperation();
  }

  async deletePath(request: FilePathRequest): Promise<void> {
    this.#record('deletePath', request);
    this.#refuseFileOperation();
  }

  #refuseFileOperation(): void {
    const error = this.refuseFileOperation;
    this.refuseFileOperation = null;
    if (error !== null) throw new BridgeError(error);
  }

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#sessionListeners.add(listener);
    return () => {
      this.#sessionListeners.delete(listener);
    };
  }

  emit(event: SessionEvent): void {
    for (const listener of this.#sessionListeners) listener(event);
  }

  async startDownload(request: DownloadRequest): Promise<TransferInfo> {
    this.#record('startDownload', request);
    const info = this.#startTransfer('download', request.target, request.remotePath, request.remotePath.split('/').pop() ?? '');
    return this.downloadFetchPath === undefined ? info : { ...info, fetchPath: this.downloadFetchPath };
  }

  async startUpload(request: UploadRequest): Promise<TransferInfo> {
    this.#record('startUpload', request);
    return this.#startTransfer('upload', request.target, request.remoteDirectory, request.files[0]?.path ?? '');
  }

  async uploadChunk(id: TransferId, data: Uint8Array): Promise<void> {
    this.#record('uploadChunk', id, data.length);
    this.uploaded.set(id, [...(this.uploaded.get(id) ?? []), data]);
  }

  async cancelTransfer(id: TransferId): Promise<void> {
    this.#record('cancelTransfer', id);
    const transfer = this.transfers.find((candidate) => candidate.id === id);
    if (transfer !== undefined) this.emitTransfer({ ...transfer, state: { kind: 'cancelled' } });
  }

  async listTransfers(): Promise<readonly TransferInfo[]> {
    this.#record('listTransfers');
    return this.transfers;
  }

  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe {
    this.#transferListeners.add(listener);
    return () => {
      this.#transferListeners.delete(listener);
    };
  }

  /** A transfer started or changed, as main reports it. */
  emitTransfer(transfer: TransferInfo): void {
    this.transfers = [...this.transfers.filter((candidate) => candidate.id !== transfer.id), transfer];
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

  onConnection(listener: (state: BridgeConnection) => void): Unsubscribe {
    listener({ kind: 'open' });
    return () => undefined;
  }
}
