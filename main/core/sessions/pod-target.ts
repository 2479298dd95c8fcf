// The WebSocket target of an exec or attach request: the pod subresource path and the query the
// API server decodes into PodExecOptions / PodAttachOptions.
import { podRef } from '../../../shared/bridge/call-schemas.ts';
import { SchemaError } from '../../../shared/bridge/schema.ts';
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

/**
 * Rejects a request the server would refuse anyway, with the bridge's own field checks
 * (call-schemas.ts podRef) and a title that says which field is wrong.
 */
export function checkPodRef(ref: PodRef): void {
  const fields = [
    ['context', podRef.context],
    ['namespace', podRef.namespace],
    ['pod', podRef.pod],
    ['container', podRef.container.optional],
  ] as const;
  for (const [field, schema] of fields) {
    const value: unknown = ref[field];
    if (field === 'container' && value === undefined) continue;
    try {
      schema(value, field);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw new CoreError({
        kind: 'invalid-request',
        title: `Invalid ${field}`,
        detail: `The ${error.message}.`,
        ...(typeof ref.context === 'string' ? { context: ref.context } : {}),
      });
    }
  }
}

/** "web-0/app" or "web-0": how a session title names its pod. */
export function podLabel(ref: PodRef): string {
  return ref.container === undefined ? ref.pod : `${ref.pod}/${ref.container}`;
}
