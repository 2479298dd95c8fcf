// A PortholeBridge in memory for component tests: answers from what the test put in it, records
// the calls, and lets the test push pod-watch and session events as main would. PortholeBridge comes
// from the call table (shared/bridge/call-schemas.ts), so a new call fails to compile here until
// the fake has it.
import { BridgeError } from '../../../shared/bridge/bridge-error.ts';
import type { BridgeConnection, PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { ContextSummary, KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { RecordingOptions, RecordingSummary } from '../../../shared/bridge/recordings.ts';
import type { ContainerSummary, NamespaceSummary, PodSummary, PodWatchEvent } from '../../../shared/bridge/resources.ts';
import type { SessionAttachment, SessionEvent, SessionId, SessionInfo, SessionKind } from '../../../shared/bridge/sessions.ts';

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
  sessions: SessionInfo[] = [];
  /** The next open of this kind rejects with this error. */
  refuse = new Map<SessionKind, UserError>();
  /** The recordings directory: what listRecordings answers, and each file's text for readRecording. */
  recordings: RecordingSummary[] = [];
  recordingTexts = new Map<string, string>();
  readonly #sessionListeners = new Set<(event: SessionEvent) => void>();
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

  watchPods(contextName: string, namespace: string, onEvent: (event: PodWatchEvent) => void, onError: (error: UserError) => void): Unsubscribe {
    this.#record('watchPods', contextName, namespace);
    const watch: Watch = { context: contextName, namespace, onEvent, onError, active: true };
    this.watches.push(watch);
    return () => {
      watch.active = false;
    };
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
    return this.#open('merged-logs', request.selector, request);
  }

  async openPortForward(request: Parameters<PortholeBridge['openPortForward']>[0]) {
    const info = await this.#open('port-forward', `${request.pod}:${request.remotePort}`, request);
    const live: SessionInfo = { ...info, localAddress: `127.0.0.1:${request.localPort ?? 40000}` };
    this.sessions[this.sessions.findIndex((s) => s.id === info.id)] = live;
    return live;
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

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#sessionListeners.add(listener);
    return () => {
      this.#sessionListeners.delete(listener);
    };
  }

  emit(event: SessionEvent): void {
    for (const listener of this.#sessionListeners) listener(event);
  }

  onConnection(listener: (state: BridgeConnection) => void): Unsubscribe {
    listener({ kind: 'open' });
    return () => undefined;
  }
}
