// The rows that tell what happened to the pods a merged log follows: a pod joined, a pod left, a
// container restarted (with how its previous instance ended), a context failed. They travel as
// LogLines with `marker` set, through the same merger and 'lines' events as the log itself, so
// they sort among the lines by their timestamp and every window sees them in the same place.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary } from '../../../shared/bridge/resources.ts';
import type { LogLine, LogMarkerKind } from '../../../shared/bridge/sessions.ts';
import { compareInstants, parseInstant } from './log-timestamp.ts';

/** Where a line came from, as merged logs tag it (context only when several are followed). */
export interface LineTag {
  readonly pod?: string;
  readonly container?: string;
  readonly context?: string;
}

function marker(kind: LogMarkerKind, text: string, timestamp: string, tag: LineTag): LogLine {
  return { timestamp, text, marker: kind, ...tag };
}

/** RFC 3339 of a clock reading (milliseconds), for markers of things that happen now. */
export function timestampOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** The later of two RFC 3339 times; `b` when `a` cannot be read. */
export function laterTimestamp(a: string | undefined, b: string): string {
  const first = a === undefined ? null : parseInstant(a);
  const second = parseInstant(b);
  if (first === null) return b;
  return second === null || compareInstants(first, second) > 0 ? (a as string) : b;
}

/**
 * A pod that joined while the log was followed. It is stamped when its containers started, so it
 * sorts before their first lines.
 */
export function joinedMarker(pod: PodSummary, tag: LineTag, nowMs: number): LogLine {
  const started = pod.containers.flatMap((c) => (c.state.kind === 'running' && c.state.startedAt !== undefined ? [c.state.startedAt] : []));
  const earliest = started.sort()[0] ?? timestampOf(nowMs);
  return marker('joined', `pod ${pod.name} joined`, earliest, tag);
}

/** A pod that went away; its last lines came before this. */
export function leftMarker(pod: PodSummary, tag: LineTag, nowMs: number): LogLine {
  return marker('left', `pod ${pod.name} ${pod.deleting ? 'deleted' : 'left'}`, timestampOf(nowMs), tag);
}

/**
 * A followed container restarted: "restarted: exit 137, OOMKilled", from how its previous
 * instance ended. Stamped at that end (or at the last line shown of it, if later), so it sorts
 * after the previous instance's lines and before the new one's.
 */
export function restartMarker(container: ContainerSummary, lastShown: string | undefined, tag: LineTag, nowMs: number): LogLine {
  const ended = container.lastTermination;
  const how = ended === undefined ? '' : `: exit ${ended.exitCode}${ended.reason === '' ? '' : `, ${ended.reason}`}`;
  const at = laterTimestamp(lastShown, ended?.finishedAt ?? timestampOf(nowMs));
  return marker('restarted', `container ${container.name} restarted${how}`, at, tag);
}

/** A context whose pods cannot be listed or followed: why, while the other contexts flow on. */
export function contextFailedMarker(context: string, error: UserError, nowMs: number): LogLine {
  return marker('context-failed', `context ${context}: ${error.title}: ${error.detail}`, timestampOf(nowMs), { context });
}
