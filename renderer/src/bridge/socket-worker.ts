// The dedicated worker that owns the web bridge's WebSocket (why: socket-relay.ts). It runs in the
// page's origin, so the handshake carries the page's Origin as the web host requires.
import { serveRelay, type RelayEnd, type RelayedSocket } from './socket-relay.ts';

serveRelay(self as unknown as RelayEnd, (url) => new WebSocket(url) as unknown as RelayedSocket);
