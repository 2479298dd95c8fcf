// Reads a whole JSON response body (a list page) and parses it. Bounded: a list page is what we
// asked for with `limit`, so a body past the bound means something other than the API server
// answered, and holding it all would only exhaust memory.
import type { Readable } from 'node:stream';
import { CoreError } from '../errors/core-error.ts';

/** A page of 500 large pods stays far below this. */
export const MAX_JSON_BODY_BYTES = 256 * 1024 * 1024;

/**
 * Resolves with the parsed body. Rejects with whatever the stream threw when it broke off (for the
 * caller to describe as a network failure), or a CoreError of kind 'protocol' when the body is
 * too big or not JSON.
 */
export async function readJson(body: Readable, what: string, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) {
      body.destroy();
      throw new CoreError({
        kind: 'protocol',
        title: 'Response too large',
        detail: `The response to ${what} passed ${maxBytes} bytes; the API server does not send list pages this big.`,
      });
    }
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CoreError({
      kind: 'protocol',
      title: 'Response is not JSON',
      detail: `The response to ${what} is not valid JSON (${error instanceof Error ? error.message : String(error)}); ` +
        `it began with ${JSON.stringify(text.slice(0, 80))}.`,
    });
  }
}
