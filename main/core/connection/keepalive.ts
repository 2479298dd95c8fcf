// Detects a dead connection the only way a client can: the API server and the kubelet answer
// pings but never send any, and a half-open TCP connection looks exactly like a quiet shell.
// So we ping after intervalMs in which nothing arrived, and call the connection lost when no pong
// (or anything else) arrives within timeoutMs.
//
// Only after silence, and decided once what is waiting has been read: a ping that reaches a server
// which has already sent its last frames and closed is answered with a TCP reset, and the reset
// makes this machine's kernel throw away what it had received and we had not yet read: the end of
// the output and the exit status. kubectl pings every 5 s whatever arrives and loses exactly that
// (kubernetes/kubernetes#60140: 2 to 4 of 6 `kubectl cp` downloads of 10,000 files here, each 5 s
// in). Porthole lost it too when its loop had been busy past a ping: a download of the same files
// failed with "connection closed (code 1006) before the command's exit status" after the loop was
// blocked for 3 s, and for 15 s; with this rule both finish.
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
 * Starts watching; calls onLost at most once, then stops by itself. Also stops when the socket
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
  /** Something arrived since the last check: the connection is alive, there is nothing to ask. */
  let heard = false;

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
        `(sent after ${options.intervalMs / 1000} s in which nothing arrived); the connection is considered dead.`,
      ...(options.context === undefined ? {} : { context: options.context }),
    });
  };
  const onPong = (): void => {
    clearTimeout(deadline);
    deadline = undefined;
  };
  // A message proves the connection alive as a pong does; a pong only answers our own question.
  const onMessage = (): void => {
    heard = true;
    onPong();
  };
  const ping = (): void => {
    if (stopped || socket.readyState !== WebSocket.OPEN || socket.isPaused) return;
    if (heard) {
      heard = false;
      return;
    }
    socket.ping();
    armDeadline();
  };
  // setImmediate runs after the loop's poll phase: data already waiting on the socket is read (and
  // heard) before the decision, even when the loop was busy past the interval.
  const interval = setInterval(() => setImmediate(ping), options.intervalMs);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(interval);
    clearTimeout(deadline);
    socket.off('pong', onPong);
    socket.off('message', onMessage);
    socket.off('close', stop);
  }

  socket.on('pong', onPong);
  socket.on('message', onMessage);
  socket.on('close', stop);
  return stop;
}
