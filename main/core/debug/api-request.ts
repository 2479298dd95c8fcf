// One JSON request to the API server (GET, POST, PATCH, DELETE of a pod and its subresources),
// with the connection's TLS and credentials, and a refusal turned into the same precise errors as
// every other request (errorFromResponse quotes the server's metav1.Status).
import http from 'node:http';
import https from 'node:https';
import { abortable } from '../connection/abortable.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { readBoundedBody } from '../connection/read-body.ts';
import { targetUrl } from '../connection/target-url.ts';
import { CoreError } from '../errors/core-error.ts';
import { errorFromResponse } from '../errors/http-errors.ts';
import { errorFromNetwork, timeoutError } from '../errors/network-errors.ts';

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: URLSearchParams;
  /** Sent as JSON with `contentType` (application/json unless a patch type is named). */
  readonly body?: unknown;
  readonly contentType?: string;
  /** What is asked for, in words, for errors: "adding a debug container to pod web-0". */
  readonly resource: string;
  readonly namespace?: string;
}

/** A pod, a Status: an object answer is all the API returns; bigger ones are refused as a server fault. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

/** Resolves with the parsed JSON of a 2xx answer; rejects with a CoreError for anything else. */
export async function apiRequest(conn: ClusterConnection, request: ApiRequest, signal?: AbortSignal): Promise<unknown> {
  const ctx = conn.errorContext(request.resource, request.namespace === undefined ? {} : { namespace: request.namespace });
  const options = await abortable(conn.requestOptions(), signal);
  const url = targetUrl(conn.server, request.path, request.query ?? new URLSearchParams());
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string> = { ...(options.headers as Record<string, string>), accept: 'application/json' };
  if (payload !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = send(url, { ...options, headers, method: request.method, timeout: REQUEST_TIMEOUT_MS, ...(signal === undefined ? {} : { signal }) });
    req.on('timeout', () => req.destroy(new CoreError(timeoutError(ctx, 'an answer', REQUEST_TIMEOUT_MS))));
    req.on('error', (error) => reject(error instanceof CoreError || signal?.aborted === true ? error : new CoreError(errorFromNetwork(error, ctx))));
    req.on('response', (response) => {
      void readBoundedBody(response, MAX_ANSWER_BYTES).body.then((text) => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    req.end(payload);
  });
  if (status < 200 || status >= 300) throw new CoreError(errorFromResponse(status, body, ctx));
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new CoreError({
      kind: 'protocol',
      title: 'Unreadable answer from the API server',
      detail: `The server answered ${request.resource} with status ${status} but a body that is not JSON.`,
      context: conn.context,
    });
  }
}

export function podPath(namespace: string, pod: string, subresource?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`;
  return subresource === undefined ? base : `${base}/${subresource}`;
}
