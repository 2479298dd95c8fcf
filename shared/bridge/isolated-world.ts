// Carrying the bridge across Electron's context isolation. The preload runs the BridgeClient in
// its isolated world and exposes it to the page with contextBridge, which has two rules that
// matter here:
// - it copies plain objects and proxies functions, but drops a class instance's prototype, so the
//   exposed bridge must be a plain object of functions (exposableBridge);
// - it copies an Error as a new Error with only its message, so a BridgeError's UserError (what
//   the UI branches on) would be lost. The preload therefore rejects with a plain CrossedBridgeError,
//   which is copied whole, and the page turns it back into a BridgeError (pageBridge).
import { BridgeError } from './bridge-error.ts';
import type { PortholeBridge } from './bridge.ts';
import { EXPOSED_METHODS, type ExposedMethod } from './call-schemas.ts';
import type { AppCommandSource, ElectronBridge, NativePaste } from './app-commands.ts';
import type { UserError } from './errors.ts';

/** The bridge's members that are no call of the table, so a wrapper cannot miss one (the compiler checks the list). */
const SUBSCRIPTIONS = {
  watchPods: true,
  watchPodDetails: true,
  watchContexts: true,
  onSessionEvent: true,
  onTransferEvent: true,
  onConnection: true,
} as const satisfies Record<Exclude<keyof PortholeBridge, ExposedMethod>, true>;

/** Every method of the bridge: the exposed calls of the table, then the subscriptions. */
export const BRIDGE_METHOD_NAMES: ReadonlyArray<keyof PortholeBridge> = [
  ...EXPOSED_METHODS,
  ...(Object.keys(SUBSCRIPTIONS) as ReadonlyArray<keyof typeof SUBSCRIPTIONS>),
];

/** A BridgeError as it crosses from the isolated world to the page. */
export interface CrossedBridgeError {
  readonly crossedBridgeError: UserError;
}

function isCrossedBridgeError(value: unknown): value is CrossedBridgeError {
  if (typeof value !== 'object' || value === null) return false;
  const userError = (value as { crossedBridgeError?: unknown }).crossedBridgeError;
  return typeof userError === 'object' && userError !== null;
}

type Method = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A plain object with one arrow function per method, each mapping its promise's rejection. */
function wrapMethods<T extends object>(source: T, names: readonly string[], mapRejection: (reason: unknown) => unknown): T {
  const target: Record<string, Method> = {};
  for (const name of names) {
    const method = (source as Record<string, Method>)[name];
    if (typeof method !== 'function') continue;
    target[name] = (...args) => {
      const result = method.apply(source, args);
      return isThenable(result) ? result.then(undefined, (reason: unknown) => Promise.reject(mapRejection(reason))) : result;
    };
  }
  return target as T;
}

function crossable(reason: unknown): unknown {
  return reason instanceof BridgeError ? ({ crossedBridgeError: reason.userError } satisfies CrossedBridgeError) : reason;
}

function restored(reason: unknown): unknown {
  return isCrossedBridgeError(reason) ? new BridgeError(reason.crossedBridgeError) : reason;
}

/** What only the Electron bridge has, beside the bridge methods. */
const ELECTRON_ONLY_METHODS: ReadonlyArray<keyof ElectronBridge> = ['onAppCommand', 'paste'];

/** Preload side: the object contextBridge.exposeInMainWorld carries to the page. */
export function exposableBridge(bridge: PortholeBridge, commands: AppCommandSource, nativePaste: NativePaste): ElectronBridge {
  return {
    ...wrapMethods(bridge, BRIDGE_METHOD_NAMES, crossable),
    onAppCommand: (listener) => commands.onAppCommand(listener),
    paste: () => nativePaste.paste(),
  };
}

/**
 * Page side: the bridge with its rejections as BridgeErrors again. A bridge that never crossed a
 * world (the web host's) behaves exactly as before; `onAppCommand` and `paste` are kept when the
 * bridge has them (wrapMethods skips the methods a bridge lacks).
 */
export function pageBridge(bridge: PortholeBridge): PortholeBridge {
  return wrapMethods(bridge, [...BRIDGE_METHOD_NAMES, ...ELECTRON_ONLY_METHODS], restored);
}
