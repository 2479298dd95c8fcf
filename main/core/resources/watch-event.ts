// One line of a watch response: {"type": ..., "object": ...} (metav1.WatchEvent). The object of an
// ERROR event is a metav1.Status; of a BOOKMARK, an object carrying only its resourceVersion.
import { child, integerField, isObject, malformed, objectField, requiredString, stringField, type FieldPath } from './json-fields.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type WatchEvent =
  | { readonly type: ChangeType; readonly object: unknown; readonly resourceVersion: string }
  /** Progress without change: the watch is current up to `resourceVersion`. */
  | { readonly type: 'BOOKMARK'; readonly resourceVersion: string }
  /** The server ended the watch with a Status; 410 means the resourceVersion is too old. */
  | { readonly type: 'ERROR'; readonly code?: number; readonly reason: string; readonly message: string };

/** 410 Gone: "too old resource version", the watch must start over with a fresh list. */
export const GONE = 410;

/** Parses one line; throws a CoreError of kind 'protocol' for anything that is not a watch event. */
export function parseWatchEvent(line: string, resource: string): WatchEvent {
  const at: FieldPath = { what: `an event of the ${resource}`, path: '' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw malformed(at, 'a JSON watch event', line);
  }
  if (!isObject(value)) throw malformed(at, 'a watch event object', value);
  const type = requiredString(value, 'type', at);
  const object = objectField(value, 'object', at);
  if (object === undefined) throw malformed(child(at, 'object'), 'an object', undefined);
  const objectAt = child(at, 'object');

  switch (type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
    case 'BOOKMARK': {
      const metadata = objectField(object, 'metadata', objectAt);
      if (metadata === undefined) throw malformed(child(objectAt, 'metadata'), 'an object', undefined);
      const resourceVersion = requiredString(metadata, 'resourceVersion', child(objectAt, 'metadata'));
      return type === 'BOOKMARK' ? { type, resourceVersion } : { type, object, resourceVersion };
    }
    case 'ERROR': {
      const code = integerField(object, 'code', objectAt);
      return {
        type,
        ...(code === undefined ? {} : { code }),
        reason: stringField(object, 'reason', objectAt) ?? '',
        message: stringField(object, 'message', objectAt) ?? '',
      };
    }
    default:
      throw malformed(child(at, 'type'), 'ADDED, MODIFIED, DELETED, BOOKMARK or ERROR', type);
  }
}
