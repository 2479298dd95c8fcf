// One whole API request (not a stream): a GET, DELETE or PATCH whose JSON answer is read in full.
// The pod actions (delete, rollout restart, YAML) are each one or two of these. A refusal is the
// same precise CoreError every request gets (errors/http-errors.ts).
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { openHttpStream, type HttpStreamTarget } from '../connection/open-http-stream.ts';
import { CoreError } from '../errors/core-error.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import { readJson } from '../resources/read-json.ts';

/** An API object answer is far below this; more means something else answered. */
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;

export async function requestJson(connection: ClusterConnection, target: Omit<HttpStreamTarget, 'query'> & { query?: URLSearchParams }): Promise<unknown> {
  const full: HttpStreamTarget = { ...target, query: target.query ?? new URLSearchParams() };
  try {
    const body = await openHttpStream(connection, full);
    return await readJson(body, target.resource, MAX_OBJECT_BYTES);
  } catch (error) {
    throw error instanceof CoreError ? error : new CoreError(errorFromNetwork(error, connection.errorContext(target.resource)));
  }
}
