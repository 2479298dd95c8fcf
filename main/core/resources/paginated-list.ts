// Lists a collection page by page (`limit` + `continue`), as client-go's pager does, so a
// namespace with 10,000 pods never arrives as one giant response that blocks the event loop while
// it is parsed. All pages of one list come from the same snapshot: the server encodes its
// resourceVersion in the continue token, and the watch that follows starts from it.
import type { ResourceClient } from './resource-client.ts';
import { readJson } from './read-json.ts';
import { arrayField, child, isObject, malformed, objectField, requiredString, stringField, type FieldPath } from './json-fields.ts';

export const DEFAULT_PAGE_SIZE = 500;

export interface ListRequest<T> {
  readonly path: string;
  /** Extra query parameters (labelSelector, fieldSelector). */
  readonly query?: URLSearchParams;
  /** What is being listed, in words: "pods in namespace shop". */
  readonly resource: string;
  readonly pageSize?: number;
  readonly signal: AbortSignal;
  /** Checks and converts one item; throws (a CoreError) on an item it cannot use. */
  readonly decode: (item: unknown) => T;
}

export interface ListResult<T> {
  readonly items: T[];
  /** Where a watch continues from. */
  readonly resourceVersion: string;
}

/**
 * Rejects with the client's errors as they are (a CoreError for a refused request; an expired
 * continue token is a 410), or a CoreError of kind 'protocol' for a page that is not a list.
 */
export async function listAll<T>(client: ResourceClient, request: ListRequest<T>): Promise<ListResult<T>> {
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  const items: T[] = [];
  let continueToken: string | undefined;
  let resourceVersion: string;
  let pageNumber = 0;
  do {
    pageNumber++;
    const query = new URLSearchParams(request.query);
    query.set('limit', String(pageSize));
    if (continueToken !== undefined) query.set('continue', continueToken);
    const what = `list ${request.resource} (page ${pageNumber})`;
    const body = await client.open({ path: request.path, query, resource: `list ${request.resource}` }, request.signal);
    const page = await readJson(body, what);
    const at: FieldPath = { what: `the ${what}`, path: '' };
    if (!isObject(page)) throw malformed(at, 'a list object', page);
    const metadata = objectField(page, 'metadata', at);
    if (metadata === undefined) throw malformed(child(at, 'metadata'), 'an object', undefined);
    resourceVersion = requiredString(metadata, 'resourceVersion', child(at, 'metadata'));
    for (const item of arrayField(page, 'items', at)) items.push(request.decode(item));
    continueToken = stringField(metadata, 'continue', child(at, 'metadata')) || undefined;
  } while (continueToken !== undefined);
  return { items, resourceVersion };
}
