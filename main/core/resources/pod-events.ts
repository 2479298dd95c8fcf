// Maps a core/v1 Event as the API server sends it to the PodEvent the details panel lists, and
// orders a pod's events newest first. Pure; a field present with the wrong type throws a CoreError
// of kind 'protocol' naming it.
import { MAX_POD_EVENTS, type PodEvent } from '../../../shared/bridge/pod-details.ts';
import { child, integerField, isObject, malformed, objectField, requiredString, stringField, type FieldPath } from './json-fields.ts';

export function toPodEvent(event: unknown): PodEvent {
  const root: FieldPath = { what: 'event', path: '' };
  if (!isObject(event)) throw malformed(root, 'an Event object', event);
  const metadata = objectField(event, 'metadata', root);
  if (metadata === undefined) throw malformed(child(root, 'metadata'), 'an object', undefined);
  const uid = requiredString(metadata, 'uid', child(root, 'metadata'));
  const at: FieldPath = { what: `event ${uid}`, path: '' };
  const source = objectField(event, 'source', at);
  const reporter = stringField(event, 'reportingComponent', at) || (source === undefined ? undefined : stringField(source, 'component', child(at, 'source')));
  const lastSeen =
    stringField(event, 'lastTimestamp', at) || stringField(event, 'eventTime', at) || stringField(metadata, 'creationTimestamp', child(at, 'metadata'));
  // events.k8s.io/v1 series count repeated occurrences where core/v1 has `count`.
  const series = objectField(event, 'series', at);
  const count = integerField(event, 'count', at) ?? (series === undefined ? undefined : integerField(series, 'count', child(at, 'series'))) ?? 1;
  return {
    uid,
    type: stringField(event, 'type', at) || 'Normal',
    reason: stringField(event, 'reason', at) ?? '',
    message: stringField(event, 'message', at) ?? '',
    count,
    ...(lastSeen ? { lastSeen } : {}),
    ...(reporter ? { source: reporter } : {}),
  };
}

/** Newest first (by lastSeen; undated last), at most MAX_POD_EVENTS. */
export function newestFirst(events: Iterable<PodEvent>): PodEvent[] {
  return [...events].sort((a, b) => seenAt(b) - seenAt(a)).slice(0, MAX_POD_EVENTS);
}

function seenAt(event: PodEvent): number {
  const time = Date.parse(event.lastSeen ?? '');
  return Number.isNaN(time) ? 0 : time;
}
