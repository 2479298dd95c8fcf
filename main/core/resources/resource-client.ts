// The narrow view of a cluster that namespace lists and watches need: open a streamed GET, and
// turn whatever went wrong into an error a person can act on. Production binds it to a
// ClusterConnection; unit tests script it, so the list/watch logic is tested without a server.
import type { Readable } from 'node:stream';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { openHttpStream } from '../connection/open-http-stream.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';

export interface HttpTarget {
  /** The API path, e.g. /api/v1/namespaces/shop/pods. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** What is being asked for, in words, for error messages: "watch of pods in namespace shop". */
  readonly resource: string;
}

export interface ResourceClient {
  /** The context, for errors raised here rather than by the server. */
  readonly context: string;
  /** A GET whose 2xx body is streamed; rejects with a CoreError for any other status. */
  open(target: HttpTarget, signal: AbortSignal): Promise<Readable>;
  /** What a failed open, or a body that broke off, means for the user. */
  describe(error: unknown, resource: string): UserError;
}

export function resourceClientFor(connection: ClusterConnection): ResourceClient {
  return {
    context: connection.context,
    open: (target, signal) => openHttpStream(connection, target, { signal }),
    // errorFromNetwork passes a CoreError's own UserError through unchanged.
    describe: (error, resource) => errorFromNetwork(error, connection.errorContext(resource)),
  };
}
