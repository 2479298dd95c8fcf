// The host-independent server side of the bridge: one per host (the Electron app, the web host).
// It owns the SessionHub shared by all clients and makes one BridgeEndpoint per client. A host
// adapter only moves frames:
//
//   const endpoint = server.connect({ codec, send: (frame) => channel.post(frame) });
//   channel.onMessage((frame) => endpoint.receive(frame));
//   channel.onClose(() => endpoint.close());
//
// Electron: codec = cloneCodec over the window's MessagePort (posted as copies: preload-link.ts).
// Web host: codec = webCodec over the page's WebSocket.
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import type { CoreApi } from '../../shared/bridge/core-api.ts';
import { BridgeEndpoint, type EndpointChannel } from './bridge-endpoint.ts';
import { OUTBOX_BATCHING, REPLAY_LIMITS, type BatchingOptions, type ReplayLimits } from '../../shared/flow/flow-budget.ts';
import { SessionHub } from './session-hub.ts';

export interface BridgeServerOptions {
  readonly core: CoreApi;
  readonly appInfo: AppInfo;
  readonly replay?: ReplayLimits;
  readonly batching?: BatchingOptions;
  /** Where unexpected failures are reported (bugs; never shown to the client). */
  readonly log?: (message: string, error?: unknown) => void;
}

export class BridgeServer {
  readonly #options: BridgeServerOptions;
  readonly #hub: SessionHub;
  readonly #endpoints = new Set<BridgeEndpoint<unknown>>();
  readonly #log: (message: string, error?: unknown) => void;

  constructor(options: BridgeServerOptions) {
    this.#options = options;
    this.#log = options.log ?? ((message, error) => console.error(`porthole bridge: ${message}`, error ?? ''));
    this.#hub = new SessionHub(options.core, options.replay ?? REPLAY_LIMITS, this.#log);
  }

  /** A new client: the endpoint sends its hello at once through `channel.send`. */
  connect<Frame>(channel: EndpointChannel<Frame>): BridgeEndpoint<Frame> {
    const endpoint: BridgeEndpoint<Frame> = new BridgeEndpoint(channel, {
      core: this.#options.core,
      hub: this.#hub,
      appInfo: this.#options.appInfo,
      batching: this.#options.batching ?? OUTBOX_BATCHING,
      log: this.#log,
      onClose: () => this.#endpoints.delete(endpoint as BridgeEndpoint<unknown>),
    });
    this.#endpoints.add(endpoint as BridgeEndpoint<unknown>);
    return endpoint;
  }

  get clientCount(): number {
    return this.#endpoints.size;
  }

  /** Closes every client's endpoint and stops listening to the core; the core itself stays up. */
  close(): void {
    for (const endpoint of [...this.#endpoints]) endpoint.close();
    this.#hub.dispose();
  }
}
