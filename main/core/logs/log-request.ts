// Checks the log options a user asked for, and turns them into the query of one connection.
//
// What is sent differs from what was asked in two ways:
//   - timestamps=true always: the timestamp is the position a dropped connection resumes from
//     (the UI decides whether to show it);
//   - limitBytes never: the kubelet would count our timestamps against it (see byte-limit.ts).
// A resumed connection replaces tailLines / sinceSeconds / sinceTime with sinceTime = the resume
// position: those options chose where the log starts, and it has started already.
import { podRef } from '../../../shared/bridge/call-schemas.ts';
import { accepts, type Schema } from '../../../shared/bridge/schema.ts';
import type { LogOptions, LogTransport } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { parseInstant } from './log-timestamp.ts';

/** Which container log one stream reads. */
export interface LogSource {
  readonly namespace: string;
  readonly pod: string;
  /** Absent: the server picks the only container (and refuses with 400 if there are several). */
  readonly container?: string;
}

/** The subset of LogOptions that shapes each request (transport and display are not in it). */
export type LogQueryOptions = Pick<LogOptions, 'follow' | 'previous' | 'tailLines' | 'sinceSeconds' | 'sinceTime'>;

const TRANSPORTS: readonly LogTransport[] = ['http', 'websocket'];

/** Throws CoreError 'invalid-request' naming the first option that cannot be sent as given. */
export function checkLogOptions(options: LogOptions, context: string): void {
  const problem = logOptionsProblem(options);
  if (problem !== null) throw invalidLogRequest(problem, context);
}

/**
 * Throws CoreError 'invalid-request' when a name cannot be a namespace, pod or container, by the
 * bridge's own name schemas (call-schemas.ts podRef).
 */
export function checkLogSource(source: LogSource, context: string): void {
  const problem =
    nameProblem('namespace', source.namespace, podRef.namespace) ??
    nameProblem('pod', source.pod, podRef.pod) ??
    (source.container === undefined ? null : nameProblem('container', source.container, podRef.container.optional));
  if (problem !== null) throw invalidLogRequest(problem, context);
}

export function invalidLogRequest(detail: string, context: string): CoreError {
  return new CoreError({ kind: 'invalid-request', title: 'Invalid log request', detail, context });
}

/** The API path of a pod's log. */
export function logPath(source: LogSource): string {
  return `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/pods/${encodeURIComponent(source.pod)}/log`;
}

/**
 * The query of one connection. `resumeSinceTime` is set for a connection that resumes a dropped
 * one from a position.
 */
export function logQuery(source: LogSource, options: LogQueryOptions, resumeSinceTime: string | null): URLSearchParams {
  const query = new URLSearchParams();
  if (source.container !== undefined) query.set('container', source.container);
  if (options.follow) query.set('follow', 'true');
  if (options.previous === true) query.set('previous', 'true');
  query.set('timestamps', 'true');
  if (resumeSinceTime !== null) {
    query.set('sinceTime', resumeSinceTime);
    return query;
  }
  if (options.tailLines !== undefined) query.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) query.set('sinceSeconds', String(options.sinceSeconds));
  if (options.sinceTime !== undefined) query.set('sinceTime', options.sinceTime);
  return query;
}

/** What a person would call the stream, for messages: "logs of pod web-0, container app". */
export function describeLogSource(source: LogSource, previous: boolean | undefined): string {
  const which = previous === true ? 'previous logs' : 'logs';
  const container = source.container === undefined ? '' : `, container ${source.container}`;
  return `${which} of pod ${source.pod}${container}`;
}

function logOptionsProblem(options: LogOptions): string | null {
  if (typeof options.follow !== 'boolean') return `follow must be true or false, got ${describe(options.follow)}`;
  for (const flag of ['previous', 'timestamps'] as const) {
    const value = options[flag];
    if (value !== undefined && typeof value !== 'boolean') return `${flag} must be true or false, got ${describe(value)}`;
  }
  if (options.tailLines !== undefined && !isWholeNumber(options.tailLines, 0)) {
    return `tailLines must be a whole number of at least 0, got ${describe(options.tailLines)}`;
  }
  if (options.sinceSeconds !== undefined && !isWholeNumber(options.sinceSeconds, 1)) {
    return `sinceSeconds must be a whole number of at least 1, got ${describe(options.sinceSeconds)}`;
  }
  if (options.sinceTime !== undefined) {
    if (typeof options.sinceTime !== 'string' || parseInstant(options.sinceTime) === null) {
      return `sinceTime must be an RFC 3339 time such as 2024-05-01T10:00:00Z, got ${describe(options.sinceTime)}`;
    }
    if (options.sinceSeconds !== undefined) return 'sinceSeconds and sinceTime cannot be given together; choose one';
  }
  if (options.limitBytes !== undefined && !isWholeNumber(options.limitBytes, 1)) {
    return `limitBytes must be a whole number of at least 1, got ${describe(options.limitBytes)}`;
  }
  if (options.transport !== undefined && !TRANSPORTS.includes(options.transport)) {
    return `transport must be one of ${TRANSPORTS.join(', ')}, got ${describe(options.transport)}`;
  }
  return null;
}

function nameProblem(what: string, value: unknown, schema: Schema<unknown>): string | null {
  if (accepts(schema, value)) return null;
  return `${what} ${describe(value)} is not a valid Kubernetes ${what} name (lower-case letters, digits, '-'${what === 'pod' ? " and '.'" : ''})`;
}

function isWholeNumber(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
}
