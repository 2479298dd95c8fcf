// How much output one session event carries, in the unit CoreApi.acknowledge counts (core-api.ts):
// bytes of terminal output, and for log lines the `bytes` weight the core gave them. Main's replay
// positions and the renderer's acknowledgements both count with this one function, so they
// cannot drift apart.
import type { SessionEvent } from './sessions.ts';

export function outputAmount(event: SessionEvent): number {
  if (event.kind === 'output') return event.bytes.length;
  if (event.kind === 'lines') return event.bytes;
  return 0;
}
