// Carrying the bridge across Electron's context isolation (shared/bridge/isolated-world.ts).
// contextBridge copies values much as structuredClone does, so structuredClone stands in for it.
import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../../../shared/bridge/app-commands.ts';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import { BridgeClient } from '../../../../shared/bridge/bridge-client.ts';
import type { PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import { BRIDGE_METHODS, EXPOSED_METHODS } from '../../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import { BRIDGE_METHOD_NAMES, exposableBridge, pageBridge } from '../../../../shared/bridge/isolated-world.ts';

const REFUSED: UserError = { kind: 'invalid-request', title: 'Invalid write request', detail: 'write: no session "x"' };

/** A bridge whose write rejects with `reason` and whose onSessionEvent returns `unsubscribe`. */
function stubBridge(reason: unknown, unsubscribe = () => undefined): PortholeBridge {
  const client = new BridgeClient();
  return Object.assign(Object.create(client) as PortholeBridge, {
    write: () => Promise.reject(reason),
    onSessionEvent: () => unsubscribe,
  });
}

const noCommands = { onAppCommand: () => () => undefined };
const noPaste = { paste: () => undefined };

describe('why the crossing needs care', () => {
  it('a BridgeError copied across loses the UserError the UI branches on', () => {
    const copied = structuredClone(new BridgeError(REFUSED)) as unknown as Record<string, unknown>;
    expect(copied).toBeInstanceOf(Error);
    expect(copied.userError).toBeUndefined();
  });
});

describe('BRIDGE_METHOD_NAMES', () => {
  it('agrees with the call table: every exposed call, the subscriptions, nothing else', () => {
    const subscriptions = ['watchPods', 'watchPodDetails', 'watchContexts', 'onSessionEvent', 'onTransferEvent', 'onConnection'];
    expect([...BRIDGE_METHOD_NAMES].sort()).toEqual([...EXPOSED_METHODS, ...subscriptions].sort());
    // The only calls the bridge does not expose as they are: the watches', which their subscriptions make.
    const exposed: readonly string[] = EXPOSED_METHODS;
    expect(BRIDGE_METHODS.filter((method) => !exposed.includes(method))).toEqual(['watchPods', 'unwatchPods', 'watchPodDetails', 'watchContexts']);
  });
});

describe('exposableBridge', () => {
  it('holds every bridge method of the client, even those on its prototype', () => {
    const exposed = exposableBridge(new BridgeClient(), noCommands, noPaste);
    expect(Object.keys(exposed).sort()).toEqual([...BRIDGE_METHOD_NAMES, 'onAppCommand', 'paste'].sort());
    // The client's public members are the bridge plus its transport side, which stays in the preload.
    const transportSide = new Set(['constructor', 'connected', 'receive', 'disconnected', 'connection']);
    const bridgeMembers = Object.getOwnPropertyNames(BridgeClient.prototype).filter((name) => !transportSide.has(name));
    expect(bridgeMembers.sort()).toEqual([...BRIDGE_METHOD_NAMES].sort());
  });

  it('rejects with a plain object that survives the copy whole', async () => {
    const exposed = exposableBridge(stubBridge(new BridgeError(REFUSED)), noCommands, noPaste);
    const reason = await exposed.write('x', new Uint8Array()).catch((error: unknown) => error);
    expect(structuredClone(reason)).toEqual({ crossedBridgeError: REFUSED });
  });

  it('leaves other rejections and plain return values as they are', async () => {
    const bug = new TypeError('a bug');
    const unsubscribe = () => undefined;
    const exposed = exposableBridge(stubBridge(bug, unsubscribe), noCommands, noPaste);
    await expect(exposed.write('x', new Uint8Array())).rejects.toBe(bug);
    expect(exposed.onSessionEvent(() => undefined)).toBe(unsubscribe);
  });

  it('hands onAppCommand to the command source', () => {
    const heard: Array<(command: AppCommand) => void> = [];
    const listener = () => undefined;
    exposableBridge(new BridgeClient(), { onAppCommand: (l) => (heard.push(l), () => undefined) }, noPaste).onAppCommand(listener);
    expect(heard).toEqual([listener]);
  });

  it('hands paste to the preload’s paste', () => {
    let pastes = 0;
    exposableBridge(new BridgeClient(), noCommands, { paste: () => void (pastes += 1) }).paste();
    expect(pastes).toBe(1);
  });
});

describe('pageBridge', () => {
  it('turns a crossed error back into a BridgeError with the same UserError', async () => {
    const crossed = structuredClone({ crossedBridgeError: REFUSED });
    const page = pageBridge(stubBridge(crossed));
    const reason = await page.write('x', new Uint8Array()).catch((error: unknown) => error);
    expect(reason).toBeInstanceOf(BridgeError);
    expect((reason as BridgeError).userError).toEqual(REFUSED);
  });

  it('passes a web bridge’s own BridgeErrors and values through, and keeps onAppCommand and paste only when present', async () => {
    const original = new BridgeError(REFUSED);
    const page = pageBridge(stubBridge(original));
    await expect(page.write('x', new Uint8Array())).rejects.toBe(original);
    expect('onAppCommand' in page).toBe(false);
    expect('paste' in page).toBe(false);
    const electron = pageBridge(exposableBridge(new BridgeClient(), noCommands, noPaste));
    expect('onAppCommand' in electron).toBe(true);
    expect('paste' in electron).toBe(true);
  });
});
