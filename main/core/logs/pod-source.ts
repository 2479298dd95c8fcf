// What merged logs need from the pod watch: the pods of a namespace matching a label selector, as
// they come and go. The resources side provides it (PodWatchHub); this is the seam, so merged
// logs are tested with a scripted source and run with the shared watch.
import type { PodWatchEvent } from '../../../shared/bridge/resources.ts';
import type { PodWatchHub } from '../resources/pod-watch-hub.ts';

/** Subscribes to the pods matching `selector`; returns the unsubscribe function. */
export type WatchPods = (
  context: string,
  namespace: string,
  selector: string,
  onEvent: (event: PodWatchEvent) => void,
) => () => void;

/** The shared pod watches of the resources hub, one per context, namespace and selector. */
export function watchPodsWith(hub: Pick<PodWatchHub, 'watch'>): WatchPods {
  return (context, namespace, selector, onEvent) => hub.watch(context, namespace, onEvent, selector);
}
