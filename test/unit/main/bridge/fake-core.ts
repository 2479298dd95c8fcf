// A CoreApi in memory for bridge tests: records every call, opens sessions instantly (or when a
// test lets them), and lets the test emit session and pod-watch events. CoreApi comes from the call
// table (shared/bridge/call-schemas.ts), so a new call fails to compile here until the fake has it.
import type { ContextSummary, KubeconfigFileProblem } from '../../../../shared/bridge/contexts.ts';
import type { CoreApi, Unsubscribe } from '../../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { RecordingOptions, RecordingSummary } from '../../../../shared/bridge/recordings.ts';
import type { NamespaceSummary, PodWatchEvent } from '../../../../shared/bridge/resources.ts';
import type {
  AttachRequest,
  ExecRequest,
  LogLine,
  LogsRequest,
  MergedLogsRequest,
  OutputChannel,
  PortForwardRequest,
  SessionEvent,
  SessionId,
  SessionInfo,
  SessionKind,
  TerminalSize,
} from '../../../../shared/bridge/sessions.ts';
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

  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe {
    this.#record('watchPods', [context, namespace]);
    const watch: FakeWatch = { context, namespace, onEvent, active: true };
    this.watches.push(watch);
    if (this.snapshotOnWatch !== null) onEvent(this.snapshotOnWatch);
    return () => {
      watch.active = false;
    };
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

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
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
