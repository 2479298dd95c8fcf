// The web bridge's WebSocket, run in a dedicated worker and relayed to the page by postMessage.
//
// Why: Chromium hands a page's WebSocket its incoming bytes on the page's main thread, a bounded
// piece per turn of the task loop. During a flood that thread is busy with xterm (a parse slice of
// ~12 ms, then a frame), so the socket is drained a piece per turn and the terminal starves while
// main waits for acknowledgements. Measured in headless Chromium (a 20 MB flood of 64 KiB messages
// into a page whose main thread is busy in 12 ms slices and 6 ms frames, as xterm's is): 7 MiB/s
// on the page's own socket, 70+ MiB/s when a worker owns the socket and posts each whole message
// to the page; the same held for 256 KiB and 1 MiB messages. A worker's socket is drained on the
// worker's thread, and each message reaches the page as one task carrying the whole message.
//
// Page → worker: { kind: 'open', url } once, then 'send' and 'close'. Worker → page: 'open',
// 'message' (text, or an ArrayBuffer that is transferred, not copied) and one 'close'.
//
// The page's frames go to the worker gathered: every frame sent in one turn of the page's task loop
// (until its microtasks run out) travels in one 'send', in order. A keystroke typed into a broadcast
// group of 10 panes is 10 write calls made in one loop, and each postMessage costs the page's main
// thread a structured clone and a task on the worker; the frames still leave the worker as 10
// separate socket frames, so main sees exactly the calls the page made.
import type { WebFrame } from '../../../shared/bridge/web-codec.ts';
import type { SocketHandlers, WebSocketLike } from './web-bridge.ts';

export type PageToWorker =
  | { readonly kind: 'open'; readonly url: string }
  | { readonly kind: 'send'; readonly frames: readonly WebFrame[] }
  | { readonly kind: 'close' };

export type WorkerToPage =
  | { readonly kind: 'open' }
  | { readonly kind: 'message'; readonly frame: string | ArrayBuffer }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string };

/** One end of the page–worker channel: a Worker, the worker's global scope, or a MessagePort. */
export interface RelayEnd {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

/** The worker as the page holds it. */
export interface RelayWorker extends RelayEnd {
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

/** The part of a browser WebSocket the worker uses. */
export interface RelayedSocket {
  binaryType: 'arraybuffer' | 'blob';
  onopen: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  send(frame: string | Uint8Array<ArrayBuffer>): void;
  close(): void;
}

/** What the page does when the worker itself fails (its script did not load, it threw). */
export const CLOSE_WORKER_FAILED = 1006;

function isWorkerToPage(data: unknown): data is WorkerToPage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; frame?: unknown; code?: unknown; reason?: unknown };
  switch (message.kind) {
    case 'open':
      return true;
    case 'message':
      return typeof message.frame === 'string' || message.frame instanceof ArrayBuffer;
    case 'close':
      return typeof message.code === 'number' && typeof message.reason === 'string';
    default:
      return false;
  }
}

function isPageToWorker(data: unknown): data is PageToWorker {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; url?: unknown; frames?: unknown };
  switch (message.kind) {
    case 'open':
      return typeof message.url === 'string';
    case 'send':
      return Array.isArray(message.frames) && message.frames.every((frame) => typeof frame === 'string' || frame instanceof Uint8Array);
    case 'close':
      return true;
    default:
      return false;
  }
}

/**
 * The worker's side: opens one socket when the page asks and relays it both ways. Anything else the
 * page posts before 'open' or after the socket closed is ignored: there is no socket to give it to.
 */
export function serveRelay(scope: RelayEnd, openSocket: (url: string) => RelayedSocket): void {
  let socket: RelayedSocket | null = null;
  let closed = false;
  const post = (message: WorkerToPage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
  scope.addEventListener('message', ({ data }) => {
    if (!isPageToWorker(data) || closed) return;
    if (data.kind === 'open') {
      if (socket !== null) return;
      const opened = openSocket(data.url);
      opened.binaryType = 'arraybuffer';
      opened.onopen = () => post({ kind: 'open' });
      opened.onmessage = ({ data: frame }) => {
        if (typeof frame === 'string') post({ kind: 'message', frame });
        else if (frame instanceof ArrayBuffer) post({ kind: 'message', frame }, [frame]);
      };
      opened.onclose = ({ code, reason }) => {
        closed = true;
        post({ kind: 'close', code, reason });
      };
      socket = opened;
    } else if (data.kind === 'send') {
      for (const frame of data.frames) socket?.send(frame as string | Uint8Array<ArrayBuffer>);
    } else {
      socket?.close();
    }
  });
}

/**
 * The page's side: a WebSocketLike whose socket lives in `worker`. The worker is terminated once
 * the socket has closed (or the worker failed); `handlers.close` is called exactly once.
 */
export function relayedSocket(worker: RelayWorker, url: string, handlers: SocketHandlers): WebSocketLike {
  let closed = false;
  const finish = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    worker.terminate();
    handlers.close(code, reason);
  };
  worker.addEventListener('message', ({ data }) => {
    if (closed || !isWorkerToPage(data)) return;
    if (data.kind === 'open') handlers.open();
    else if (data.kind === 'message') handlers.message(typeof data.frame === 'string' ? data.frame : new Uint8Array(data.frame));
    else finish(data.code, data.reason);
  });
  worker.addEventListener('error', (event) => finish(CLOSE_WORKER_FAILED, `The bridge's socket worker failed: ${event.message ?? 'unknown error'}`));
  const post = (message: PageToWorker, transfer: Transferable[] = []): void => {
    if (!closed) worker.postMessage(message, transfer);
  };
  post({ kind: 'open', url });
  let gathered: WebFrame[] = [];
  const flush = (): void => {
    // Copied, not transferred: what the page sends is small (keys, acknowledgements, calls).
    if (gathered.length > 0) post({ kind: 'send', frames: gathered });
    gathered = [];
  };
  return {
    send: (frame) => {
      if (gathered.length === 0) queueMicrotask(flush);
      gathered.push(frame);
    },
    close: () => {
      flush();
      post({ kind: 'close' });
    },
  };
}
