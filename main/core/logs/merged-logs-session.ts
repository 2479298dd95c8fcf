// Merged logs: every container log of the pods a label selector matches, as one stream in
// timestamp order (log-merger.ts), each line tagged with its pod and container. Pods join and
// leave as the pod watch says; each container's log is a LogStream of its own, with its own
// resume, so one pod's trouble never disturbs the others.
//
// Which logs: `container` when the request names one (pods without it are skipped, with a
// notice), else every container of the pod — init, main and ephemeral, as kubectl's
// --all-containers. A container is followed once it has started (a waiting container has no log
// yet and the server would refuse); with `previous`, only containers that have a previous
// instance. When a followed container restarts, the log of its new instance is followed too.
// A container is "started" once its status says running or terminated; before that (no status,
// or waiting) it is skipped until a pod update shows it started.
// limitBytes applies to each container's log, as with kubectl.
//
// States: connecting until the first pod list arrives, then live; 'resuming' while any of the
// streams is resuming (the attempt and error of the one furthest behind), live again once all are
// back. Without follow the session lists the pods once and ends when every log has ended. A
// stream that fails, a pod without the asked container, and pod-list trouble are 'notice' events.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary, PodWatchEvent } from '../../../shared/bridge/resources.ts';
import type { LogLine, MergedLogsRequest, SessionId } from '../../../shared/bridge/sessions.ts';
import type { Watermarks } from '../../../shared/flow/flow-budget.ts';
import type { BackoffPolicy } from '../resources/backoff.ts';
import { Session, type SessionSink } from '../sessions/session.ts';
import { LogMerger, type MergeOptions } from './log-merger.ts';
import { checkLogOptions, invalidLogRequest, type LogQueryOptions } from './log-request.ts';
import { LogStream, type LogStreamEnd, type LogStreamStatus } from './log-stream.ts';
import type { LogTransport } from './log-transport.ts';
import { pickDefined } from './pick-defined.ts';
import type { WatchPods } from './pod-source.ts';

export interface MergedLogsSessionInit {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly request: MergedLogsRequest;
  readonly transport: LogTransport;
  readonly watchPods: WatchPods;
  readonly watermarks?: Partial<Watermarks>;
  readonly merge?: MergeOptions;
  /** How long the logs of a deleted pod may still run to their end before they are closed. */
  readonly leaveGraceMs?: number;
  readonly maxLineBytes?: number;
  readonly backoff?: BackoffPolicy;
  readonly maxResumeAttempts?: number;
}

export const DEFAULT_LEAVE_GRACE_MS = 5000;

/** Pod-list errors that retrying will not fix: the session fails before it started. */
const PERMANENT_WATCH_ERRORS: ReadonlySet<UserError['kind']> = new Set([
  'bad-request',
  'forbidden',
  'not-found',
  'invalid-request',
  'kubeconfig',
  'credentials-rejected',
]);

interface FollowedContainer {
  readonly key: string;
  readonly uid: string;
  readonly pod: string;
  readonly container: string;
  readonly stream: LogStream;
  /** The container's restart count when the stream opened: a higher one is a new instance. */
  readonly restartCount: number;
  status: 'connecting' | 'live' | 'resuming' | 'ended';
  resume?: { attempt: number; error: UserError };
}

interface FollowedPod {
  pod: PodSummary;
  readonly containers: Map<string, FollowedContainer>;
  leaveTimer: ReturnType<typeof setTimeout> | null;
  /** A notice about the missing requested container was sent. */
  toldMissing: boolean;
}

export class MergedLogsSession extends Session {
  readonly #init: MergedLogsSessionInit;
  readonly #request: MergedLogsRequest;
  readonly #merger: LogMerger;
  readonly #pods = new Map<string, FollowedPod>();
  readonly #settled: Promise<void>;
  #settle: () => void = () => {};
  #unwatch: (() => void) | null = null;
  #listed = false;
  #generation = 0;

  /** Throws CoreError 'invalid-request' when the request cannot be sent as given. */
  constructor(init: MergedLogsSessionInit) {
    const { request } = init;
    checkLogOptions(request, request.context);
    if (typeof request.selector !== 'string' || request.selector.trim() === '') {
      throw invalidLogRequest('merged logs need a label selector such as app=web', request.context);
    }
    super({
      id: init.id,
      kind: 'merged-logs',
      title: mergedTitle(request),
      emit: init.emit,
      context: request.context,
      watermarks: init.watermarks,
    });
    this.#init = init;
    this.#request = request;
    this.#settled = new Promise((resolve) => (this.#settle = resolve));
    this.#merger = new LogMerger((lines, bytes) => this.#deliver(lines, bytes), init.merge);
  }

  /** Starts watching pods. Resolves once the first pod list arrived or the session ended; never rejects. */
  start(): Promise<void> {
    if (this.#unwatch === null && !this.ended) {
      const { context, namespace, selector } = this.#request;
      const unwatch = this.#init.watchPods(context, namespace, selector, (event) => this.#onPodEvent(event));
      // The watch may have ended the session while subscribing (a permanent error).
      if (this.ended) unwatch();
      else this.#unwatch = unwatch;
    }
    return this.#settled;
  }

  protected override pauseOutput(): void {
    this.#setPaused(true);
  }

  protected override resumeOutput(): void {
    this.#setPaused(false);
  }

  close(): void {
    this.#stopAll();
    this.transition({ kind: 'closed' });
    this.#settle();
  }

  #onPodEvent(event: PodWatchEvent): void {
    if (this.ended) return;
    switch (event.kind) {
      case 'snapshot':
        this.#reconcile(event.pods);
        break;
      case 'upsert':
        this.#upsert(event.pod);
        break;
      case 'delete':
        this.#leave(event.uid);
        break;
      case 'batch':
        for (const pod of event.upserts) this.#upsert(pod);
        for (const uid of event.deletes) this.#leave(uid);
        break;
      case 'health':
        this.#onWatchHealth(event.error);
        return;
    }
    this.#afterListed();
  }

  /** A full list: pods not in it have left, the others join or change. */
  #reconcile(pods: readonly PodSummary[]): void {
    const present = new Set(pods.map((pod) => pod.uid));
    for (const uid of this.#pods.keys()) if (!present.has(uid)) this.#leave(uid);
    for (const pod of pods) this.#upsert(pod);
  }

  #afterListed(): void {
    if (this.#listed) {
      this.#checkAllEnded();
      return;
    }
    this.#listed = true;
    this.transition({ kind: 'live', protocol: this.#request.transport ?? 'http' });
    this.#settle();
    if (!this.#request.follow) {
      // Without follow the logs are those of the pods listed now; later changes do not matter.
      this.#unwatch?.();
      this.#unwatch = null;
      if (this.#pods.size === 0) this.#notice(`No pod in namespace ${this.#request.namespace} matches ${this.#request.selector}.`);
    }
    this.#checkAllEnded();
  }

  #onWatchHealth(error: UserError | undefined): void {
    if (error === undefined) return;
    if (!this.#listed && PERMANENT_WATCH_ERRORS.has(error.kind)) {
      this.#stopAll();
      this.transition({ kind: 'failed', error });
      this.#settle();
      return;
    }
    this.#notice(`Pod list of ${this.#request.namespace}: ${error.title}: ${error.detail}`);
  }

  #upsert(pod: PodSummary): void {
    if (!this.#request.follow && this.#listed) return;
    let followed = this.#pods.get(pod.uid);
    if (followed === undefined) {
      followed = { pod, containers: new Map(), leaveTimer: null, toldMissing: false };
      this.#pods.set(pod.uid, followed);
    }
    followed.pod = pod;
    if (pod.deleting) {
      this.#leave(pod.uid);
      return;
    }
    for (const container of this.#containersOf(followed)) this.#follow(followed, container);
  }

  #containersOf(followed: FollowedPod): ContainerSummary[] {
    const { pod } = followed;
    const wanted = this.#request.container;
    const candidates = wanted === undefined ? [...pod.containers] : pod.containers.filter((c) => c.name === wanted);
    if (wanted !== undefined && candidates.length === 0 && !followed.toldMissing) {
      followed.toldMissing = true;
      this.#notice(`Pod ${pod.name} has no container ${wanted}; its logs are not included.`);
    }
    // Only a container that has started has a log: before its first status the server (a real
    // kubelet) would refuse with "waiting to start", and the stream would be given up.
    return candidates.filter((c) =>
      this.#request.previous === true ? c.hasPreviousLogs : c.state.kind === 'running' || c.state.kind === 'terminated',
    );
  }

  #follow(followed: FollowedPod, container: ContainerSummary): void {
    const current = followed.containers.get(container.name);
    if (current !== undefined) {
      const newInstance =
        current.status === 'ended' &&
        this.#request.follow &&
        this.#request.previous !== true &&
        container.restartCount > current.restartCount &&
        container.state.kind === 'running';
      if (!newInstance) return;
      // The whole log of the new instance is new: where the user asked the log to start no longer applies.
      this.#openStream(followed, container, { follow: true });
      return;
    }
    this.#openStream(followed, container, {
      follow: this.#request.follow,
      ...pickDefined(this.#request, ['previous', 'tailLines', 'sinceSeconds', 'sinceTime']),
    });
  }

  #openStream(followed: FollowedPod, container: ContainerSummary, query: LogQueryOptions): void {
    const { pod } = followed;
    const key = `${pod.uid}/${container.name}/${++this.#generation}`;
    const tag = { pod: pod.name, container: container.name };
    const stream = new LogStream(
      this.#init.transport,
      { namespace: pod.namespace, pod: pod.name, container: container.name },
      {
        context: this.#request.context,
        ...query,
        ...pickDefined(this.#request, ['limitBytes']),
        ...pickDefined(this.#init, ['maxLineBytes', 'backoff', 'maxResumeAttempts']),
      },
      {
        lines: (lines, weights) => this.#merger.push(key, lines.map((line) => ({ ...line, ...tag })), weights),
        status: (status) => this.#onStreamStatus(entry, status),
        end: (end) => this.#onStreamEnd(entry, end),
      },
    );
    const entry: FollowedContainer = { key, uid: pod.uid, ...tag, stream, restartCount: container.restartCount, status: 'connecting' };
    followed.containers.set(container.name, entry);
    this.#merger.add(key);
    if (this.outputPaused) stream.pause();
    stream.start();
  }

  #onStreamStatus(entry: FollowedContainer, status: LogStreamStatus): void {
    if (status.kind === 'live') {
      entry.status = 'live';
      delete entry.resume;
      this.#merger.live(entry.key);
    } else {
      entry.status = 'resuming';
      entry.resume = { attempt: status.attempt, error: status.error };
      this.#merger.waiting(entry.key);
    }
    this.#updateResuming();
  }

  #onStreamEnd(entry: FollowedContainer, end: LogStreamEnd): void {
    entry.status = 'ended';
    delete entry.resume;
    this.#merger.end(entry.key);
    // A pod that left may well take its log with it: that is no news.
    const followed = this.#pods.get(entry.uid);
    const leaving = followed === undefined || followed.leaveTimer !== null;
    if (end.kind === 'failed' && !leaving) {
      this.#notice(`Logs of pod ${entry.pod}, container ${entry.container}: ${end.error.title}: ${end.error.detail}`);
    }
    this.#updateResuming();
    this.#checkAllEnded();
  }

  /** 'resuming' while any stream is, with the attempt and error of the one furthest behind. */
  #updateResuming(): void {
    if (!this.#listed || this.ended) return;
    let worst: { attempt: number; error: UserError } | undefined;
    for (const followed of this.#pods.values()) {
      for (const entry of followed.containers.values()) {
        if (entry.resume !== undefined && (worst === undefined || entry.resume.attempt > worst.attempt)) worst = entry.resume;
      }
    }
    const state = this.state;
    if (worst !== undefined) {
      if (state.kind !== 'resuming' || state.attempt !== worst.attempt || state.error !== worst.error) {
        this.transition({ kind: 'resuming', attempt: worst.attempt, error: worst.error });
      }
    } else if (state.kind === 'resuming') {
      this.transition({ kind: 'live', protocol: this.#request.transport ?? 'http' });
    }
  }

  /** Without follow, the session ends once every log has. */
  #checkAllEnded(): void {
    if (this.#request.follow || !this.#listed || this.ended) return;
    for (const followed of this.#pods.values()) {
      for (const entry of followed.containers.values()) if (entry.status !== 'ended') return;
    }
    this.#merger.flush();
    this.#stopAll();
    this.transition({ kind: 'ended' });
  }

  /** A pod left: its logs may still run to their end (its containers are stopping), for a while. */
  #leave(uid: string): void {
    const followed = this.#pods.get(uid);
    if (followed === undefined || followed.leaveTimer !== null) return;
    const stop = (): void => {
      this.#pods.delete(uid);
      for (const entry of followed.containers.values()) {
        entry.stream.close();
        this.#merger.end(entry.key);
      }
      this.#updateResuming();
      this.#checkAllEnded();
    };
    const running = [...followed.containers.values()].some((entry) => entry.status !== 'ended');
    if (!running) {
      stop();
      return;
    }
    followed.leaveTimer = setTimeout(stop, this.#init.leaveGraceMs ?? DEFAULT_LEAVE_GRACE_MS);
  }

  #deliver(lines: LogLine[], bytes: number): void {
    this.deliver({ kind: 'lines', id: this.id, lines, bytes }, bytes);
  }

  #setPaused(paused: boolean): void {
    for (const followed of this.#pods.values()) {
      for (const entry of followed.containers.values()) {
        if (paused) entry.stream.pause();
        else entry.stream.resume();
      }
    }
  }

  #notice(message: string): void {
    this.emit({ kind: 'notice', id: this.id, message });
  }

  #stopAll(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    for (const followed of this.#pods.values()) {
      if (followed.leaveTimer !== null) clearTimeout(followed.leaveTimer);
      for (const entry of followed.containers.values()) entry.stream.close();
    }
    this.#pods.clear();
    this.#merger.close();
  }
}

function mergedTitle(request: MergedLogsRequest): string {
  const container = request.container === undefined ? '' : `, container ${request.container}`;
  return `${request.previous === true ? 'previous logs' : 'logs'} of pods matching ${request.selector}${container} (${request.namespace})`;
}
