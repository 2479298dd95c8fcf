// The client's methods derived from the call table (shared/bridge/bridge-client.ts): each exposed
// call the client does not write out sends that call with the caller's arguments and answers what
// main answered, over a link that records what the client sends.
import { describe, expect, it } from 'vitest';
import { BridgeClient } from '../../../../shared/bridge/bridge-client.ts';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import { EXPOSED_METHODS, routeOf, type ExposedMethod } from '../../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { SessionAttachment, SessionInfo } from '../../../../shared/bridge/sessions.ts';
import { WIRE_VERSION, type CallMessage } from '../../../../shared/bridge/wire.ts';

/** The calls the client writes out itself, because they keep state on this side or split their data. */
const WRITTEN_OUT: ReadonlySet<ExposedMethod> = new Set(['detachSession', 'write', 'acknowledge']);

const INFO: SessionInfo = { id: 's1', kind: 'exec', title: 'exec web-0', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } };
const ATTACHMENT: SessionAttachment = { info: INFO, replayFrom: 0, replayTo: 0, dropped: 0 };

function openClient(): { client: BridgeClient; sent: CallMessage[] } {
  const client = new BridgeClient();
  const sent: CallMessage[] = [];
  client.connected({ send: (message) => sent.push(message), close: () => undefined });
  client.receive({ t: 'hello', version: WIRE_VERSION });
  return { client, sent };
}

/** Calls `method` through the bridge as the renderer would, with arguments main never looks at here. */
function invoke(client: BridgeClient, method: ExposedMethod, args: unknown[]): Promise<unknown> {
  const call = client[method] as (...args: unknown[]) => Promise<unknown>;
  return call.apply(client, args);
}

const DERIVED = EXPOSED_METHODS.filter((method) => !WRITTEN_OUT.has(method));

describe('the derived calls', () => {
  it('are methods of the client’s prototype, one per exposed call it does not write out', () => {
    for (const method of EXPOSED_METHODS) expect(Object.hasOwn(BridgeClient.prototype, method), method).toBe(true);
    expect(DERIVED.length).toBe(EXPOSED_METHODS.length - WRITTEN_OUT.size);
  });

  it.each(DERIVED.filter((method) => routeOf(method) !== 'open' && method !== 'attachSession'))(
    '%s sends its arguments and answers main’s result as it came',
    async (method) => {
      const { client, sent } = openClient();
      const answer = invoke(client, method, ['an argument', 2]);
      expect(sent).toEqual([{ t: 'call', id: 1, method, args: ['an argument', 2] }]);
      const value = { answered: method };
      client.receive({ t: 'result', id: 1, value });
      await expect(answer).resolves.toBe(value);
    },
  );

  it.each(DERIVED.filter((method) => routeOf(method) === 'open'))('%s answers the session of the attachment main answered', async (method) => {
    const { client, sent } = openClient();
    const opened = invoke(client, method, [{ pod: 'web-0' }]);
    expect(sent).toEqual([{ t: 'call', id: 1, method, args: [{ pod: 'web-0' }] }]);
    client.receive({ t: 'result', id: 1, value: ATTACHMENT });
    await expect(opened).resolves.toEqual(INFO);
    // Bound: after a new link opens, the client attaches the session again from where its output stood.
    client.receive({ t: 'event', event: { kind: 'output', id: 's1', channel: 'stdout', bytes: new Uint8Array(3) } });
    client.disconnected({ kind: 'reconnecting', attempt: 1, error: { kind: 'connection-lost', title: 'Lost', detail: 'dropped' } });
    const resent: CallMessage[] = [];
    client.connected({ send: (message) => resent.push(message), close: () => undefined });
    client.receive({ t: 'hello', version: WIRE_VERSION });
    expect(resent).toEqual([{ t: 'call', id: 2, method: 'attachSession', args: ['s1', 3] }]);
  });

  it('attachSession answers the whole attachment and leaves out an absent position', async () => {
    const { client, sent } = openClient();
    const attached = client.attachSession('s1');
    expect(sent).toEqual([{ t: 'call', id: 1, method: 'attachSession', args: ['s1'] }]);
    client.receive({ t: 'result', id: 1, value: ATTACHMENT });
    await expect(attached).resolves.toEqual(ATTACHMENT);
  });

  it('rejects with the UserError main answered', async () => {
    const refused: UserError = { kind: 'invalid-request', title: 'Unknown session', detail: 'resize: there is no session "s9"' };
    const { client } = openClient();
    const resized = client.resize('s9', { cols: 80, rows: 24 });
    client.receive({ t: 'error', id: 1, error: refused });
    const reason = await resized.catch((error: unknown) => error);
    expect(reason).toBeInstanceOf(BridgeError);
    expect((reason as BridgeError).userError).toEqual(refused);
  });
});

describe('one-way calls (write, acknowledge)', () => {
  it('are done once sent: main never answers them', async () => {
    const { client, sent } = openClient();
    await expect(client.write('s1', new Uint8Array([104, 105]))).resolves.toBeUndefined();
    await expect(client.acknowledge('s1', 2)).resolves.toBeUndefined();
    expect(sent).toEqual([
      { t: 'call', id: 1, method: 'write', args: ['s1', new Uint8Array([104, 105])] },
      { t: 'call', id: 2, method: 'acknowledge', args: ['s1', 2] },
    ]);
  });

  it('wait for a link that is still opening, and fail while it is down', async () => {
    const client = new BridgeClient();
    const sent: CallMessage[] = [];
    await expect(client.write('s1', new Uint8Array([1]))).resolves.toBeUndefined();
    client.connected({ send: (message) => sent.push(message), close: () => undefined });
    client.receive({ t: 'hello', version: WIRE_VERSION });
    expect(sent).toEqual([{ t: 'call', id: 1, method: 'write', args: ['s1', new Uint8Array([1])] }]);
    client.disconnected({ kind: 'reconnecting', attempt: 1, error: { kind: 'connection-lost', title: 'Lost', detail: 'dropped' } });
    await expect(client.write('s1', new Uint8Array([2]))).rejects.toBeInstanceOf(BridgeError);
  });
});
