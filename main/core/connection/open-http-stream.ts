// Opens a plain HTTP GET stream (logs, watches) with the same TLS/agent/auth options as the
// WebSockets, and turns a refusal into the same precise errors.
import http from 'node:http';
import https from 'node:https';
import { CoreError } from '../errors/core-error.ts';
import { errorFromResponse } from '../errors/http-errors.ts';
import { errorFromNetwork, timeoutError } from '../errors/network-errors.ts';
import { abortable } from './abortable.ts';
import type { ClusterConnection } from './cluster-connection.ts';
import { readBoundedBody } from './read-body.ts';
import { targetUrl } from './target-url.ts';

export interface HttpStreamTarget {
  path: string;
  query: URLSearchParams;
  /** What is being opened, in words, for error messages: "logs of pod web-0". */
  resource: string;
}

export interface OpenHttpStreamOptions {
  /**
   * Aborting before the response rejects with the signal's reason (not a CoreError); aborting
   * later destroys the response stream (it emits 'close' without 'end').
   */
  signal?: AbortSignal;
  /** From sending the request to the response headers (not the body, which may idle for hours). */
  responseTimeoutMs?: number;
}

export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;

/** Resolves with the response of a 2xx answer; rejects with a CoreError for any other. */
export async function openHttpStream(
  conn: ClusterConnection,
  target: HttpStreamTarget,
  options: OpenHttpStreamOptions = {},
): Promise<http.IncomingMessage> {
  const ctx = conn.errorContext(target.resource);
  const requestOptions = await abortable(conn.requestOptions(), options.signal);
  const url = targetUrl(conn.server, target.path, target.query);
  const timeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const send = url.protocol === 'https:' ? https.request : http.request;

  return new Promise((resolve, reject) => {
    const request = send(url, { ...requestOptions, method: 'GET' });
    let settled = false;
    const settle = (outcome: { error: unknown } | { response: http.IncomingMessage }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('response' in outcome) {
        resolve(outcome.response);
        return;
      }
      options.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(outcome.error);
    };
    const onAbort = (): void => {
      if (settled) request.destroy();
      else settle({ error: options.signal?.reason as unknown });
    };
    const timer = setTimeout(
      () => settle({ error: new CoreError(timeoutError(ctx, 'response headers', timeoutMs)) }),
      timeoutMs,
    );

    request.on('error', (error) => settle({ error: new CoreError(errorFromNetwork(error, ctx)) }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        response.once('close', () => options.signal?.removeEventListener('abort', onAbort));
        settle({ response });
        return;
      }
      clearTimeout(timer);
      void readBoundedBody(response).body.then((body) =>
        settle({ error: new CoreError(errorFromResponse(status, body, ctx)) }),
      );
    });
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
}
