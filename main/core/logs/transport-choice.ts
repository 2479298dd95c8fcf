// Picks the log transport a request asked for. Plain HTTP is the default, as kubectl does it;
// WebSocket is there for networks whose proxies buffer chunked HTTP responses.
import type { LogTransport as LogTransportName } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { httpLogTransport } from './http-log-transport.ts';
import type { LogTransport } from './log-transport.ts';
import { webSocketLogTransport } from './websocket-log-transport.ts';

export function logTransportFor(conn: ClusterConnection, name: LogTransportName | undefined): LogTransport {
  return name === 'websocket' ? webSocketLogTransport(conn) : httpLogTransport(conn);
}
