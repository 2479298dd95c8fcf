// What a log tab reads: one container of a pod, all of its containers, or every pod a label
// selector matches; and how much of it (tail, since, previous instance). Pure: the tab turns this
// into bridge requests, and the k9s keys into changes of it.
import type { LogsRequest, MergedLogsRequest } from '../../../shared/bridge/sessions.ts';
import { SINCE_SECONDS, type LogPaneCommand } from '../lib/shortcuts.ts';

export type LogTarget =
  | {
      readonly kind: 'pod';
      readonly context: string;
      readonly namespace: string;
      readonly pod: string;
      /** The containers that can be chosen, in the pod's order. */
      readonly containers: readonly string[];
      /** One container, or null for all of them. */
      readonly container: string | null;
    }
  | {
      readonly kind: 'selector';
      readonly context: string;
      readonly namespace: string;
      readonly selector: string;
      readonly container: string | null;
      /** Init and ephemeral containers are read too (key i); absent: only the main ones. */
      readonly initAndEphemeral?: boolean;
      /** The same selector followed in these contexts too, each line tagged with its context. */
      readonly extraContexts?: readonly string[];
    }
  /**
   * A log session another window opened and this one took over: what it reads is not known
   * here, so it can be shown but not reopened with other options.
   */
  | { readonly kind: 'session'; readonly title: string };

export interface LogQuery {
  /** The last N lines; null for all the server has. */
  readonly tailLines: number | null;
  /** Only lines newer than this many seconds; null for no time limit. */
  readonly sinceSeconds: number | null;
  /** The previous (crashed or restarted) instance of the container. */
  readonly previous: boolean;
}

export const DEFAULT_LOG_QUERY: LogQuery = { tailLines: 1000, sinceSeconds: null, previous: false };
export const TAIL_PRESETS: readonly (number | null)[] = [100, 1000, 10_000, null];
export const SINCE_PRESETS: readonly (number | null)[] = [null, ...Object.values(SINCE_SECONDS)];

export type LogOpen = { readonly kind: 'logs'; readonly request: LogsRequest } | { readonly kind: 'merged'; readonly request: MergedLogsRequest };

function options(query: LogQuery): { follow: boolean; previous?: boolean; tailLines?: number; sinceSeconds?: number } {
  // A previous instance has stopped writing: its log is read to the end, not followed.
  return {
    follow: !query.previous,
    ...(query.previous ? { previous: true } : {}),
    ...(query.tailLines === null ? {} : { tailLines: query.tailLines }),
    ...(query.sinceSeconds === null ? {} : { sinceSeconds: query.sinceSeconds }),
  };
}

/**
 * The session a log tab reads: a logs session for one container of a pod, or a merged-logs session
 * for all of a pod's containers or for a selector (merged in timestamp order, each line tagged
 * with its pod and container). Null for a session taken over from another window.
 */
export function logOpen(target: LogTarget, query: LogQuery): LogOpen | null {
  if (target.kind === 'session') return null;
  const base = { context: target.context, namespace: target.namespace, ...options(query) };
  if (target.kind === 'pod') {
    if (target.container !== null) return { kind: 'logs', request: { ...base, pod: target.pod, container: target.container } };
    return { kind: 'merged', request: { ...base, pod: target.pod } };
  }
  const request: MergedLogsRequest = {
    ...base,
    selector: target.selector,
    ...(target.container === null ? {} : { container: target.container }),
    mainContainersOnly: target.initAndEphemeral !== true,
    ...(target.extraContexts === undefined || target.extraContexts.length === 0 ? {} : { extraContexts: target.extraContexts }),
  };
  return { kind: 'merged', request };
}

/** The context a target reads from; '' when not known here. */
export function targetContext(target: LogTarget): string {
  return target.kind === 'session' ? '' : target.context;
}

/** Whether the tab knows what it reads, so it can read it again with other options. */
export function canReopen(target: LogTarget): boolean {
  return target.kind !== 'session';
}

export function targetTitle(target: LogTarget): string {
  if (target.kind === 'session') return target.title;
  if (target.kind === 'selector') {
    const more = target.extraContexts === undefined || target.extraContexts.length === 0 ? '' : ` in ${[target.context, ...target.extraContexts].join(', ')}`;
    return `${target.selector} (${target.namespace})${more}`;
  }
  return target.container === null ? `${target.pod} (all)` : `${target.pod}/${target.container}`;
}

/** The k9s keys that change what is read; null for the keys that do not (they only change the view). */
export function applyLogCommand(target: LogTarget, query: LogQuery, command: LogPaneCommand): { target: LogTarget; query: LogQuery } | null {
  if (!canReopen(target)) return null;
  switch (command) {
    case 'previous-container':
      return { target, query: { ...query, previous: !query.previous } };
    case 'tail':
      return { target, query: { ...query, sinceSeconds: null, tailLines: query.tailLines ?? DEFAULT_LOG_QUERY.tailLines } };
    case 'since-1m':
    case 'since-5m':
    case 'since-15m':
    case 'since-30m':
    case 'since-1h':
      return { target, query: { ...query, sinceSeconds: SINCE_SECONDS[command], tailLines: null } };
    case 'toggle-init-containers':
      return target.kind === 'selector' ? { target: { ...target, initAndEphemeral: target.initAndEphemeral !== true }, query } : null;
    case 'toggle-all-containers': {
      if (target.kind !== 'pod' || target.containers.length < 2) return null;
      const container = target.container === null ? (target.containers[0] ?? null) : null;
      return { target: { ...target, container }, query };
    }
    default:
      return null;
  }
}

export function describeTail(tail: number | null): string {
  return tail === null ? 'All lines' : `Last ${tail.toLocaleString('en-US')}`;
}

export function describeSince(seconds: number | null): string {
  if (seconds === null) return 'Any time';
  return seconds < 3600 ? `Last ${seconds / 60} min` : `Last ${seconds / 3600} h`;
}
