// Merged logs: every container log of the pods a label selector matches, as one stream in
// timestamp order (log-merger.ts), each line tagged with its pod and container. Pods join and
// leave as the pod watch says; each container's log is a LogStream of its own, with its own
// resume, so one pod's trouble never disturbs the others.
//
// One pod: with `pod` instead of a selector, the pods followed are those of that name (the
// namespace's pod watch, which the pod list shares, filtered by name): "all containers" of a
// single pod is the same merge with one pod, so its containers come in timestamp order too.
//
// Which logs: `container` when the request names one (pods without it are skipped, with a
// notice), else every container of the pod — init, main and ephemeral, as kubectl's
// --all-containers, or only the main ones with `mainContainersOnly`. A container is followed once
// it has started (a waiting container has no log yet and the server would refuse); with
// `previous`, only containers that have a previous instance. A container is "started" once its
// status says running or terminated; before that (no status, or waiting) it is skipped until a pod
// update shows it started. limitBytes applies to each container's log, as with kubectl.
//
// Following a workload (workload-markers.ts): a pod that joins after the first list is marked
// when its containers start, a pod that goes away is marked once its logs ran to their end (or the
// grace ran out), so its last lines stay above the mark. When a followed container restarts, the
// restart is marked with how the previous instance ended, and the previous instance's lines that
// were not shown yet (its stream may have dropped, or ended before the last bytes) are read once
// with previous=true from the last line shown (the same position a resume uses, so none comes
// twice); only then is the new instance followed, so its lines come after them.
//
// Contexts: the selector is followed in `context` and every one of `extraContexts`, each with its
// own pod watch and transport; with more than one, lines are tagged with their context. A context
// that fails is marked in the log and the others flow on; the session fails only when its one
// context, or every context, failed before listing.
//
// States: connecting until the first pod list arrives, then live; 'resuming' while any of the
// streams is resuming (the attempt and error of the one furthest behind), live again once all are
// back. Without follow the session lists the pods once and ends when every log has ended. A
// stream that fails, a pod without the asked container, and pod-list trouble are 'notice' events.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary, PodWatchEvent } from '../../../shared/bridge/resources.ts';
import type { LogLine, MergedLogsRequest, SessionId } from '../../../shared/bridge/sessions.ts';
import { LOG_SESSION_WATERMARKS, type Watermarks } from '../../../shared/flow/flow-budget.ts';
import type { BackoffPolicy } from '../resources/backoff.ts';
import { Session, type SessionSink } from '../sessions/session.ts';
import { LogMerger, type MergeOptions } from './log-merger.ts';
import { checkLogOptions, invalidLogRequest, type LogQueryOptions } from './log-request.ts';
import { LogStream, type LogStreamEnd, type LogStreamStatus } from './log-stream.ts';
import { parseInstant } from './log-timestamp.ts';
import type { LogTransport } from './log-transport.ts';
import { pickDefined } from './pick-defined.ts';
import type { WatchPods } from './pod-source.ts';
import { ResumePosition } from './resume-position.ts';
import { contextFailedMarker, joinedMarker, leftMarker, restartMarker, type LineTag } from './workload-markers.ts';
import { CoreError } from '../errors/core-error.ts';

export interface MergedLogsSessionInit {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly request: MergedLogsRequest;
  /** How to reach a context's logs; may throw a CoreError (unknown context, unusable entry). */
  readonly transportFor: (context: string) => LogTransport;
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
  readonly podKey: string;
  readonly tag: LineTag & { readonly pod: string; readonly container: string };
  readonly stream: LogStream;
  /** The container's restart count when the stream opened: a higher one is a new instance. */
  readonly restartCount: number;
  /** Where this instance's log stands (lines shown), and the last shown line's timestamp. */
  readonly shown: ResumePosition;
  lastShown?: string;
  status: 'connecting' | 'live' | 'resuming' | 'ended';
  resume?: { attempt: number; error: UserError };
}

interface FollowedPod {
  pod: PodSummary;
  readonly context: string;
  readonly containers: Map<string, FollowedContainer>;
  leaveTimer: ReturnType<typeof setTimeout> | null;
  /** A notice about the missing requested container was sent. */
  toldMissing: boolean;
  /** It appeared after the first list: its first stream is preceded by a 'joined' marker. */
  announce: boolean;
  /** A stream of it was opened: its leaving is worth a marker. */
  opened: boolean;
}

interface FollowedContext {
  /** Null when the context cannot be reached at all (`problem` says why). */
  readonly transport: LogTransport | null;
  readonly problem?: UserError;
  unwatch: (() => void) | null;
  listed: boolean;
  /** Failed for good (before its first list, or no transport): it takes no further part. */
  failed: boolean;
  /** Its pod list is failing now: marked once until it recovers. */
  failing: boolean;
}

export class MergedLogsSession extends Session {
  readonly #init: MergedLogsSessionInit;
  readonly #request: MergedLogsRequest;
  readonly #merger: LogMerger;
  readonly #pods = new Map<string, FollowedPod>();
  readonly #contexts = new Map<string, FollowedContext>();
  /** More than one context: lines say which. */
  readonly #tagContexts: boolean;
  readonly #settled: Promise<void>;
  #settle: () => void = () => {};
  #started = false;
  #listed = false;
  #generation = 0;

  /** Throws CoreError 'invalid-request' when the request cannot be sent as given. */
  constructor(init: MergedLogsSessionInit) {
    const { request } = init;
    checkLogOptions(request, request.context);
    checkPodsWanted(request);
    super({
      id: init.id,
      kind: 'merged-logs',
      title: mergedTitle(request),
      emit: init.emit,
      context: request.context,
      watermarks: init.watermarks ?? LOG_SESSION_WATERMARKS,
    });
    this.#init = init;
    this.#request = request;
    const contexts = new Set([request.context, ...(request.extraContexts ?? [])]);
    this.#tagContexts = contexts.size > 1;
    for (const context of contexts) this.#contexts.set(context, this.#contextFor(context));
    this.#settled = new Promise((resolve) => (this.#settle = resolve));
    this.#merger = new LogMerger((lines, bytes) => this.#deliver(lines, bytes), init.merge);
  }

  /** Starts watching pods. Resolves once the first pod list arrived or the session ended; never rejects. */
  start(): Promise<void> {
    if (this.#started || this.ended) return this.#settled;
    this.#started = true;
    const { namespace } = this.#request;
    // One pod: the namespace's whole pod watch (shared with the pod list), filtered by name below.
    const selector = this.#request.selector ?? '';
    for (const [context, followed] of this.#contexts) {
      if (followed.problem !== undefined) {
        this.#contextFailed(context, followed, followed.problem);
        continue;
      }
      const unwatch = this.#init.watchPods(context, namespace, selector, (event) => this.#onPodEvent(context, event));
      // The watch may have ended the session, or this context, while subscribing (a permanent error).
      if (this.ended || followed.failed) unwatch();
      else followed.unwatch = unwatch;
    }
    return this.#settled;
  }

  #contextFor(context: string): FollowedContext {
    try {
      return { transport: this.#init.transportFor(context), unwatch: null, listed: false, failed: false, failing: false };
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      return { transport: null, problem: error.userError, unwatch: null, listed: false, failed: false, failing: false };
    }
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

  #onPodEvent(context: string, event: PodWatchEvent): void {
    const followed = this.#contexts.get(context);
    if (this.ended || followed === undefined || followed.failed) return;
    switch (event.kind) {
      case 'snapshot':
        this.#reconcile(context, event.pods.filter((pod) => this.#wanted(pod)));
        break;
      case 'upsert':
        if (this.#wanted(event.pod)) this.#upsert(context, event.pod);
        break;
      case 'delete':
        this.#leave(podKeyOf(context, event.uid));
        break;
      case 'batch':
        for (const pod of event.upserts) if (this.#wanted(pod)) this.#upsert(context, pod);
        for (const uid of event.deletes) this.#leave(podKeyOf(context, uid));
        break;
      case 'health':
        this.#onWatchHealth(context, followed, event.error);
        return;
    }
    if (followed.failing) {
      // Pods arrive again: a later failure is news again.
      followed.failing = false;
    }
    this.#afterListed(followed);
  }

  /** The pod is one the request follows (the watch's selector chose it, or it bears the asked name). */
  #wanted(pod: PodSummary): boolean {
    return this.#request.pod === undefined || pod.name === this.#request.pod;
  }

  /** A full list of one context: its pods not in it have left, the others join or change. */
  #reconcile(context: string, pods: readonly PodSummary[]): void {
    const present = new Set(pods.map((pod) => podKeyOf(context, pod.uid)));
    for (const [key, followed] of this.#pods) if (followed.context === context && !present.has(key)) this.#leave(key);
    for (const pod of pods) this.#upsert(context, pod);
  }

  #afterListed(context: FollowedContext): void {
    if (!context.listed) {
      context.listed = true;
      if (!this.#request.follow) {
        // Without follow the logs are those of the pods listed now; later changes do not matter.
        context.unwatch?.();
        context.unwatch = null;
      }
    }
    if (!this.#listed) {
      this.#listed = true;
      this.transition({ kind: 'live', protocol: this.#request.transport ?? 'http' });
      this.#settle();
    }
    if (!this.#request.follow && this.#allListed()) {
      if (this.#pods.size === 0) this.#notice(`${noPodFound(this.#request)}.`);
      // Asked for previous logs where no container restarted: an empty log would not say why.
      else if (this.#request.previous === true && ![...this.#pods.values()].some((pod) => pod.opened)) this.#notice(`${noPreviousFound(this.#request)}.`);
    }
    this.#checkAllEnded();
  }

  /** Every context has listed its pods or failed. */
  #allListed(): boolean {
    for (const context of this.#contexts.values()) if (!context.listed && !context.failed) return false;
    return true;
  }

  #onWatchHealth(name: string, context: FollowedContext, error: UserError | undefined): void {
    if (error === undefined) {
      context.failing = false;
      return;
    }
    if (!context.listed && PERMANENT_WATCH_ERRORS.has(error.kind)) {
      this.#contextFailed(name, context, error);
      return;
    }
    if (this.#tagContexts) {
      if (context.failing) return;
      context.failing = true;
      this.#mark(contextFailedMarker(name, error, Date.now()));
      return;
    }
    this.#notice(`Pod list of ${this.#request.namespace}: ${error.title}: ${error.detail}`);
  }

  /** A context that cannot take part: the session fails if it was the last hope, else the log marks it. */
  #contextFailed(name: string, context: FollowedContext, error: UserError): void {
    context.failed = true;
    context.unwatch?.();
    context.unwatch = null;
    const alive = [...this.#contexts.values()].some((each) => !each.failed);
    if (!this.#listed && !alive) {
      this.#stopAll();
      this.transition({ kind: 'failed', error });
      this.#settle();
      return;
    }
    this.#mark(contextFailedMarker(name, error, Date.now()));
    if (!this.#listed && this.#allListed()) this.#afterListed(context);
    else this.#checkAllEnded();
  }

  #upsert(context: string, pod: PodSummary): void {
    const key = podKeyOf(context, pod.uid);
    let followed = this.#pods.get(key);
    if (!this.#request.follow && this.#contexts.get(context)?.listed === true) return;
    if (followed === undefined) {
      const announce = this.#request.follow && this.#contexts.get(context)?.listed === true;
      followed = { pod, context, containers: new Map(), leaveTimer: null, toldMissing: false, announce, opened: false };
      this.#pods.set(key, followed);
    }
    followed.pod = pod;
    if (pod.deleting) {
      this.#leave(key);
      return;
    }
    for (const container of this.#containersOf(followed)) this.#follow(followed, container);
  }

  #containersOf(followed: FollowedPod): ContainerSummary[] {
    const { pod } = followed;
    const wanted = this.#request.container;
    const kinds = this.#request.mainContainersOnly === true ? pod.containers.filter((c) => c.kind === 'main') : pod.containers;
    const candidates = wanted === undefined ? [...kinds] : kinds.filter((c) => c.name === wanted);
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
      if (newInstance) this.#restarted(followed, container, current);
      return;
    }
    this.#openStream(followed, container, {
      follow: this.#request.follow,
      ...pickDefined(this.#request, ['previous', 'tailLines', 'sinceSeconds', 'sinceTime']),
    });
  }

  /**
   * The container restarted: mark it, read what the previous instance wrote after the last line
   * shown of it (once, previous=true), then follow the new instance from its start.
   */
  #restarted(followed: FollowedPod, container: ContainerSummary, ended: FollowedContainer): void {
    const since = ended.shown.resumeSinceTime();
    ended.shown.beginConnection(since !== null);
    const mark = restartMarker(container, ended.lastShown, ended.tag, Date.now());
    this.#openStream(
      followed,
      container,
      { follow: false, previous: true, ...(since === null ? pickDefined(this.#request, ['tailLines']) : { sinceTime: since }) },
      {
        // A resumed position: the lines up to the last one shown come again and are dropped.
        shown: ended.shown,
        skipShown: true,
        // The new instance is followed once the previous one's lines and the mark are in.
        onEnd: (entry) => {
          this.#merger.push(entry.key, [mark], [0]);
          this.#merger.end(entry.key);
          if (this.#pods.get(entry.podKey) === followed && followed.leaveTimer === null) this.#openStream(followed, container, { follow: true });
        },
      },
    );
  }

  #openStream(
    followed: FollowedPod,
    container: ContainerSummary,
    query: LogQueryOptions,
    previous?: { readonly shown: ResumePosition; readonly skipShown: true; readonly onEnd: (entry: FollowedContainer) => void },
  ): void {
    const { pod, context } = followed;
    const podKey = podKeyOf(context, pod.uid);
    const key = `${podKey}/${container.name}/${++this.#generation}`;
    const tag = { pod: pod.name, container: container.name, ...(this.#tagContexts ? { context } : {}) };
    const transport = this.#contexts.get(context)?.transport;
    if (transport === undefined || transport === null) return;
    const stream = new LogStream(
      transport,
      { namespace: pod.namespace, pod: pod.name, container: container.name },
      {
        context,
        ...query,
        ...pickDefined(this.#request, ['limitBytes']),
        ...pickDefined(this.#init, ['maxLineBytes', 'backoff', 'maxResumeAttempts']),
      },
      {
        lines: (lines, weights) => this.#onLines(entry, lines, weights, previous !== undefined),
        status: (status) => this.#onStreamStatus(entry, status),
        end: (end) => this.#onStreamEnd(entry, end, previous?.onEnd),
      },
    );
    const entry: FollowedContainer = {
      key,
      podKey,
      tag,
      stream,
      restartCount: container.restartCount,
      shown: previous?.shown ?? new ResumePosition(),
      status: 'connecting',
    };
    followed.containers.set(container.name, entry);
    this.#merger.add(key);
    if (followed.announce) {
      followed.announce = false;
      this.#merger.push(key, [joinedMarker(pod, { pod: pod.name, ...(this.#tagContexts ? { context } : {}) }, Date.now())], [0]);
    }
    followed.opened = true;
    if (this.outputPaused) stream.pause();
    stream.start();
  }

  /**
   * A stream's lines go to the merger, tagged; the position of what was shown moves on. For the
   * previous instance's read, lines already shown (it starts at the last shown second) are dropped.
   */
  #onLines(entry: FollowedContainer, lines: readonly LogLine[], weights: readonly number[], skipShown: boolean): void {
    const kept: LogLine[] = [];
    const keptWeights: number[] = [];
    lines.forEach((line, index) => {
      const isNew = entry.shown.accept(parseInstant(line.timestamp));
      if (skipShown && !isNew) return;
      entry.lastShown = line.timestamp;
      kept.push({ ...line, ...entry.tag });
      keptWeights.push(weights[index] ?? 0);
    });
    if (kept.length > 0) this.#merger.push(entry.key, kept, keptWeights);
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

  #onStreamEnd(entry: FollowedContainer, end: LogStreamEnd, then?: (entry: FollowedContainer) => void): void {
    entry.status = 'ended';
    delete entry.resume;
    const followed = this.#pods.get(entry.podKey);
    // A pod that left may well take its log with it: that is no news.
    const leaving = followed === undefined || followed.leaveTimer !== null;
    if (end.kind === 'failed' && !leaving) {
      this.#notice(`Logs of pod ${entry.tag.pod}, container ${entry.tag.container}: ${end.error.title}: ${end.error.detail}`);
    }
    if (then === undefined) this.#merger.end(entry.key);
    else then(entry);
    this.#updateResuming();
    if (followed !== undefined && followed.leaveTimer !== null && allEnded(followed)) this.#gone(entry.podKey, followed);
    else if (followed !== undefined && then === undefined) {
      // The pod update that says the container restarted may have come before its log ended.
      const container = followed.pod.containers.find((c) => c.name === entry.tag.container);
      if (container !== undefined) this.#follow(followed, container);
    }
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

  /** Without follow, the session ends once every context listed and every log has ended. */
  #checkAllEnded(): void {
    if (this.#request.follow || !this.#allListed() || this.ended) return;
    for (const followed of this.#pods.values()) if (!allEnded(followed)) return;
    this.#merger.flush();
    this.#stopAll();
    this.transition({ kind: 'ended' });
  }

  /** A pod left: its logs may still run to their end (its containers are stopping), for a while. */
  #leave(key: string): void {
    const followed = this.#pods.get(key);
    if (followed === undefined || followed.leaveTimer !== null) return;
    if (allEnded(followed)) {
      this.#gone(key, followed);
      return;
    }
    followed.leaveTimer = setTimeout(() => this.#gone(key, followed), this.#init.leaveGraceMs ?? DEFAULT_LEAVE_GRACE_MS);
  }

  /** The pod's logs ended (or the grace ran out): close them, and mark it gone below its last lines. */
  #gone(key: string, followed: FollowedPod): void {
    if (this.#pods.get(key) !== followed) return;
    if (followed.leaveTimer !== null) clearTimeout(followed.leaveTimer);
    this.#pods.delete(key);
    for (const entry of followed.containers.values()) {
      entry.stream.close();
      this.#merger.end(entry.key);
    }
    if (followed.opened && this.#request.follow) {
      this.#mark(leftMarker(followed.pod, { pod: followed.pod.name, ...(this.#tagContexts ? { context: followed.context } : {}) }, Date.now()));
    }
    this.#updateResuming();
    this.#checkAllEnded();
  }

  /** A marker that belongs to no stream: a source of its own that ends at once, so it sorts by its time. */
  #mark(line: LogLine): void {
    const key = `mark/${++this.#generation}`;
    this.#merger.add(key);
    this.#merger.push(key, [line], [0]);
    this.#merger.end(key);
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
    for (const context of this.#contexts.values()) {
      context.unwatch?.();
      context.unwatch = null;
    }
    for (const followed of this.#pods.values()) {
      if (followed.leaveTimer !== null) clearTimeout(followed.leaveTimer);
      for (const entry of followed.containers.values()) entry.stream.close();
    }
    this.#pods.clear();
    this.#merger.close();
  }
}

function podKeyOf(context: string, uid: string): string {
  return `${context}\u0000${uid}`;
}

function allEnded(followed: FollowedPod): boolean {
  for (const entry of followed.containers.values()) if (entry.status !== 'ended') return false;
  return true;
}

/** Exactly one of selector and pod, and not blank: else CoreError 'invalid-request'. */
function checkPodsWanted(request: MergedLogsRequest): void {
  const { selector, pod } = request;
  if ((selector === undefined) === (pod === undefined)) {
    throw invalidLogRequest('merged logs need either a label selector such as app=web or a pod name, not both', request.context);
  }
  if (selector !== undefined && (typeof selector !== 'string' || selector.trim() === '')) {
    throw invalidLogRequest('merged logs need a label selector such as app=web', request.context);
  }
  if (pod !== undefined && (typeof pod !== 'string' || pod.trim() === '')) {
    throw invalidLogRequest('merged logs of one pod need its name', request.context);
  }
}

function noPodFound(request: MergedLogsRequest): string {
  return request.pod === undefined
    ? `No pod in namespace ${request.namespace} matches ${request.selector ?? ''}`
    : `Pod ${request.pod} is not in namespace ${request.namespace}`;
}

function noPreviousFound(request: MergedLogsRequest): string {
  const pods = request.pod === undefined ? `the pods matching ${request.selector ?? ''}` : `pod ${request.pod}`;
  return `No container of ${pods} has a previous instance (none has restarted)`;
}

function mergedTitle(request: MergedLogsRequest): string {
  const what = request.previous === true ? 'previous logs' : 'logs';
  const container = request.container === undefined ? '' : `, container ${request.container}`;
  const pods = request.pod === undefined ? `pods matching ${request.selector ?? ''}${container}` : `pod ${request.pod}${container === '' ? ', all containers' : container}`;
  return `${what} of ${pods} (${request.namespace})`;
}
