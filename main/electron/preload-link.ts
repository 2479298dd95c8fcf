// The page's end of its window's bridge port, run by the preload in its isolated world: a
// BridgeClient whose link posts on the port, and the menu's commands taken off the same port.
// Nothing here imports electron, so it runs in plain Node tests over a Node MessageChannel.
//
// Messages are posted WITHOUT a transfer list. Main's end is a MessagePortMain, which cannot
// receive a transferred ArrayBuffer: the message arrives there as null (electron/electron#34905;
// Electron's shell/common/v8_util.cc reads no transferred buffers), and a keystroke's bytes, which
// own their whole buffer after contextBridge copied them, would be lost. A copy is cheap at these
// sizes: structuredClone of a 1 MiB write takes about 1 ms on the 2-core test machine.
import { isCommandFrame, parseAppCommandMessage, type AppCommand, type AppCommandSource } from '../../shared/bridge/app-commands.ts';
import type { BridgeClient } from '../../shared/bridge/bridge-client.ts';
import type { Unsubscribe } from '../../shared/bridge/core-api.ts';
import type { UserError } from '../../shared/bridge/errors.ts';
import { cloneCodec, type ServerMessage } from '../../shared/bridge/wire.ts';

/** What the preload needs of the page's MessagePort (a DOM MessagePort in Electron). */
export interface PagePort {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  /** Blink's 'close' event: main closed its end (the link was dropped or main is quitting). */
  onclose: (() => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

export class AppCommandListeners implements AppCommandSource {
  readonly #listeners = new Set<(command: AppCommand) => void>();

  onAppCommand(listener: (command: AppCommand) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  dispatch(command: AppCommand): void {
    for (const listener of this.#listeners) {
      try {
        listener(command);
      } catch (error) {
        // One listener's bug must not keep the command from the others; it still surfaces.
        void Promise.reject(error);
      }
    }
  }
}

type Incoming = { readonly kind: 'command'; readonly command: AppCommand } | { readonly kind: 'bridge'; readonly message: ServerMessage };

/** Throws (SchemaError or WireError) when main sent something that is neither. */
function decode(frame: unknown): Incoming {
  if (isCommandFrame(frame)) return { kind: 'command', command: parseAppCommandMessage(frame, 'command').command };
  return { kind: 'bridge', message: cloneCodec.decodeServer(frame) };
}

function unreadable(error: unknown): UserError {
  return {
    kind: 'protocol',
    title: 'Lost the link to Porthole',
    detail: `Main sent a message this window cannot read (${error instanceof Error ? error.message : String(error)}); reload the window (View, Reload).`,
  };
}

const LINK_CLOSED: UserError = {
  kind: 'connection-lost',
  title: 'Not connected to Porthole',
  detail: 'Main closed this window’s link; asking for a new one.',
};

/**
 * Runs `client` over `port` until main closes it; then the client hears the link is down (its
 * sessions re-bind on the next link) and `onClosed` runs, to ask main for a new port.
 */
export function linkPort(client: BridgeClient, port: PagePort, commands: AppCommandListeners, onClosed: () => void): void {
  client.connected({
    send: (message) => port.postMessage(cloneCodec.encodeClient(message)),
    close: () => port.close(),
  });
  port.onclose = () => {
    port.onmessage = null;
    port.onclose = null;
    client.disconnected({ kind: 'reconnecting', attempt: 1, error: LINK_CLOSED });
    onClosed();
  };
  port.onmessage = (event) => {
    let incoming: Incoming;
    try {
      incoming = decode(event.data);
    } catch (error) {
      // Main and this preload are built together, so this is a bug, not a hostile peer: stop
      // using the port and tell the UI plainly instead of guessing at the rest of the stream.
      port.onmessage = null;
      port.onclose = null;
      port.close();
      client.disconnected({ kind: 'failed', error: unreadable(error) });
      return;
    }
    if (incoming.kind === 'command') commands.dispatch(incoming.command);
    else client.receive(incoming.message);
  };
}
