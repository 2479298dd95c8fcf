// Detects a dead connection the only way a client can: the API server and the kubelet answer
// pings but never send any, and a half-open TCP connection looks exactly like a quiet shell.
// So we ping every intervalMs and call the connection lost when no pong arrives within timeoutMs.
import WebSocket from 'ws';
import type { UserError } from '../../../shared/bridge/errors.ts';

export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
  /** The kubeconfig context, named in the error. */
  context?: string;
}

/** client-go pings every 5 s; we give a pong 30 s, well past any healthy round trip. */
export const KEEPALIVE_DEFAULTS = { intervalMs: 5000, timeoutMs: 30000 } as const;

/**
 * Starts pinging; calls onLost at most once, then stops by itself. Also stops when the socket
 * closes. While the socket is paused (flow control: `socket.pause()` stops reading, so pongs are
 * not read either) the silence is ours, not the server's: no pings are sent and the deadline is
 * pushed back. Returns stop().
 */
export function startKeepalive(
  socket: WebSocket,
  options: KeepaliveOptions,
  onLost: (error: UserError) => void,
): () => void {
  let deadline: NodeJS.Timeout | undefined;
  let stopped = false;

  const armDeadline = (): void => {
    deadline ??= setTimeout(onDeadline, options.timeoutMs);
  };
  const onDeadline = (): void => {
    deadline = undefined;
    if (socket.isPaused) {
      armDeadline();
      return;
    }
    stop();
    onLost({
      kind: 'connection-lost',
      title: 'Connection lost',
      detail:
        `The API server did not answer a keepalive ping within ${options.timeoutMs / 1000} s ` +
        `(pings every ${options.intervalMs / 1000} s); the connection is considered dead.`,
      ...(options.context === undefined ? {} : { context: options.context }),
    });
  };
  const onPong = (): void => {
    clearTimeout(deadline);
    deadline = undefined;
  };
  const ping = (): void => {
    if (socket.readyState !== WebSocket.OPEN || socket.isPaused) return;
    socket.ping();
    armDeadline();
  };
  const interval = setInterval(ping, options.intervalMs);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(interval);
    clearTimeout(deadline);
    socket.off('pong', onPong);
    socket.off('close', stop);
  }

  socket.on('pong', onPong);
  socket.on('close', stop);
  return stop;
}
