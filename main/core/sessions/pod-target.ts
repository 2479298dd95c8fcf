// The WebSocket target of an exec or attach request: the pod subresource path and the query the
// API server decodes into PodExecOptions / PodAttachOptions.
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { SUBPROTOCOL_OFFER } from '../../../shared/protocol/subprotocols.ts';
import type { WebSocketTarget } from '../connection/open-websocket.ts';
import { CoreError } from '../errors/core-error.ts';

export interface StreamFlags {
  readonly tty: boolean;
  readonly stdin: boolean;
}

/**
 * `command` holds one argv element per `command=` parameter (exec only). stdout is always
 * requested; stderr only without a tty, where it is a stream of its own (a tty merges it).
 */
export function podStreamTarget(
  subresource: 'exec' | 'attach',
  ref: PodRef,
  flags: StreamFlags,
  command: readonly string[] = [],
): WebSocketTarget {
  const query = new URLSearchParams();
  for (const arg of command) query.append('command', arg);
  if (ref.container !== undefined) query.set('container', ref.container);
  if (flags.stdin) query.set('stdin', 'true');
  query.set('stdout', 'true');
  if (!flags.tty) query.set('stderr', 'true');
  if (flags.tty) query.set('tty', 'true');
  const container = ref.container === undefined ? '' : ` container ${ref.container}`;
  return {
    path: `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.pod)}/${subresource}`,
    query,
    protocols: SUBPROTOCOL_OFFER.remotecommand,
    resource: `${subresource === 'exec' ? 'exec in' : 'attach to'} pod ${ref.pod}${container}`,
  };
}

/** Rejects a request the server would refuse anyway, with words that say which field is wrong. */
export function checkPodRef(ref: PodRef): void {
  const bad = (field: string, value: unknown): CoreError =>
    new CoreError({
      kind: 'invalid-request',
      title: `Invalid ${field}`,
      detail: `The ${field} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}.`,
      ...(typeof ref.context === 'string' ? { context: ref.context } : {}),
    });
  for (const field of ['context', 'namespace', 'pod'] as const) {
    const value: unknown = ref[field];
    if (typeof value !== 'string' || value === '') throw bad(field, value);
  }
  const container: unknown = ref.container;
  if (container !== undefined && (typeof container !== 'string' || container === '')) throw bad('container', container);
}

/** "web-0/app" or "web-0": how a session title names its pod. */
export function podLabel(ref: PodRef): string {
  return ref.container === undefined ? ref.pod : `${ref.pod}/${ref.container}`;
}
