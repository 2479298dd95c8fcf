// Reads the body of a refused request, bounded: a refusal is a small metav1.Status, but whatever
// answered (a proxy, a misconfigured server) may send anything, so we never hold more than this.
import type http from 'node:http';

export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Resolves with the body as text (up to `limit` bytes) when it ends, errors or is cut off; never
 * rejects: an unreadable body still leaves the status code to report. `stop()` resolves early
 * with what has arrived so far (a body that stalls).
 */
export function readBoundedBody(
  response: http.IncomingMessage,
  limit = MAX_ERROR_BODY_BYTES,
): { body: Promise<string>; stop: () => void } {
  const chunks: Buffer[] = [];
  let size = 0;
  let finish: () => void = () => {};
  const body = new Promise<string>((resolve) => {
    let done = false;
    finish = () => {
      if (done) return;
      done = true;
      response.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      const room = limit - size;
      if (room > 0) {
        const kept = chunk.subarray(0, room);
        chunks.push(kept);
        size += kept.length;
      }
      if (size >= limit) finish();
    });
    response.on('end', finish);
    response.on('error', finish);
    response.on('close', finish);
  });
  return { body, stop: () => finish() };
}
