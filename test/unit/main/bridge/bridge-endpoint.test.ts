// Main's bridge endpoint, driven as a host adapter would drive it: frames in through receive(),
// frames out through send (structured-cloned, as a MessagePort would).
import headless from '@xterm/headless';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import { BRIDGE_METHODS, routeOf, type RoutedMethod } from '../../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { ExecRequest, SessionAttachment, SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { WIRE_VERSION, cloneCodec, type ServerMessage } from '../../../../shared/bridge/wire.ts';
import { BridgeServer } from '../../../../main/bridge/bridge-server.ts';
import { MAX_WATCHES_PER_CLIENT } from '../../../../main/bridge/bridge-endpoint.ts';
import { FAKE_KUBECONFIG_PROBLEMS, FakeCore } from './fake-core.ts';

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'electron' };
const EXEC: ExecRequest = { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true };

let core: FakeCore;
let server: BridgeServer;
let logged: Array<{ message: string; error: unknown }>;

beforeEach(() => {
  vi.useFakeTimers();
  core = new FakeCore();
  logged = [];
  server = new BridgeServer({
    core,
    appInfo: APP,
    batching: { delayMs: 5, maxBatchBytes: 64 * 1024 },
    log: (message, error) => logged.push({ message, error }),
  });
});

afterEach(() => {
  server.close();
  vi.useRealTimers();
});

/** Lets pending promises settle and batch timers fire. */
const settle = () => vi.advanceTimersByTimeAsync(20);

function connectClient(options: { sessionSecret?: string } = {}) {
  const received: ServerMessage[] = [];
  const endpoint = server.connect<unknown>({
    codec: cloneCodec,
    send: (frame) => received.push(structuredClone(frame) as ServerMessage),
    ...options,
  });
  let nextId = 1;
  const client = {
    endpoint,
    received,
    send(method: string, ...args: unknown[]): number {
      const id = nextId++;
      endpoint.receive({ t: 'call', id, method, args });
      return id;
    },
    answer(id: number): ServerMessage | undefined {
      return received.find((message) => (message.t === 'result' || message.t === 'error') && message.id === id);
    },
    async call(method: string, ...args: unknown[]): Promise<unknown> {
      const id = client.send(method, ...args);
      await settle();
      const answer = client.answer(id);
      if (answer?.t === 'result') return answer.value;
      if (answer?.t === 'error') return { refused: answer.error };
      throw new Error(`no answer to ${method}`);
    },
    async refusal(method: string, ...args: unknown[]): Promise<UserError> {
      const outcome = (await client.call(method, ...args)) as { refused?: UserError };
      if (outcome.refused === undefined) throw new Error(`${method} was not refused`);
      return outcome.refused;
    },
    /** A one-way call (write, acknowledge): main never answers it; answers what main logged meanwhile. */
    async oneWay(method: string, ...args: unknown[]): Promise<string[]> {
      const before = logged.length;
      const id = client.send(method, ...args);
      await settle();
      if (client.answer(id) !== undefined) throw new Error(`${method} was answered`);
      return logged.slice(before).map(({ message }) => message);
    },
    /** What main logged when it refused a one-way call (it answers nothing). */
    async loggedRefusal(method: string, ...args: unknown[]): Promise<string> {
      const [message, ...more] = await client.oneWay(method, ...args);
      if (message === undefined || more.length > 0) throw new Error(`${method} was not refused in one line of the log`);
      return message;
    },
    async open(request: ExecRequest = EXEC): Promise<SessionAttachment> {
      return (await client.call('openExec', request)) as SessionAttachment;
    },
    events(): SessionEvent[] {
      return received.flatMap((message) => (message.t === 'event' ? [message.event] : []));
    },
    output(id: string): string {
      return client
        .events()
        .map((event) => (event.kind === 'output' && event.id === id ? Buffer.from(event.bytes).toString('utf8') : ''))
        .join('');
    },
  };
  return client;
}

describe('connection', () => {
  it('greets with the wire version, and a web session secret only when given one', () => {
    expect(connectClient().received).toEqual([{ t: 'hello', version: WIRE_VERSION }]);
    expect(connectClient({ sessionSecret: 'sekret' }).received).toEqual([{ t: 'hello', version: WIRE_VERSION, sessionSecret: 'sekret' }]);
  });

  it('answers calls with the core results', async () => {
    const client = connectClient();
    expect(await client.call('appInfo')).toEqual(APP);
    expect(await client.call('listContexts')).toEqual(await core.listContexts());
    expect(await client.call('listNamespaces', 'kind-dev')).toEqual([{ name: 'default', phase: 'Active' }]);
  });

  it('answers kubeconfigProblems with the core’s file problems as they are at each call', async () => {
    const client = connectClient();
    expect(await client.call('kubeconfigProblems')).toEqual(FAKE_KUBECONFIG_PROBLEMS);
    core.kubeconfigFileProblems = [];
    expect(await client.call('kubeconfigProblems')).toEqual([]);
    expect(core.coreCalls('kubeconfigProblems')).toHaveLength(2);
  });

  it('refuses kubeconfigProblems with an argument before the core hears of it', async () => {
    const client = connectClient();
    expect(await client.refusal('kubeconfigProblems', '/etc/passwd')).toEqual({
      kind: 'invalid-request',
      title: 'Invalid kubeconfigProblems request',
      detail: 'kubeconfigProblems takes 0 arguments (), got 1',
    });
    expect(core.coreCalls('kubeconfigProblems')).toEqual([]);
  });
});

describe('validation before anything else', () => {
  it('refuses malformed arguments without touching the core', async () => {
    const client = connectClient();
    const error = await client.refusal('openExec', { ...EXEC, pod: '../etc' });
    expect(error.kind).toBe('invalid-request');
    expect(error.detail).toMatch(/^openExec: request\.pod must be a pod name/);
    expect(await client.loggedRefusal('write', 's1', 'text')).toBe(
      'bridge call write refused (not answered: it is one-way): Invalid write request: write: data must be bytes (a Uint8Array), got "text"',
    );
    const polluted: unknown = JSON.parse('{"cols":80,"rows":24,"__proto__":{"isAdmin":true}}');
    expect(await client.refusal('resize', 's1', polluted)).toMatchObject({
      detail: 'resize: size must not have the key "__proto__" (prototype pollution)',
    });
    expect(await client.refusal('nuke')).toEqual({ kind: 'invalid-request', title: 'Unknown bridge method', detail: '"nuke" is not a bridge method' });
    expect(core.calls).toEqual([]);
  });

  it('answers a malformed message by its id when it has one, else with a fault', async () => {
    const client = connectClient();
    client.endpoint.receive({ t: 'call', id: 9, method: 'close' });
    client.endpoint.receive('not a message');
    await settle();
    expect(client.received.slice(1)).toEqual([
      { t: 'error', id: 9, error: { kind: 'invalid-request', title: 'Malformed bridge message', detail: 'Malformed message.args: is missing' } },
      { t: 'fault', error: { kind: 'invalid-request', title: 'Malformed bridge message', detail: 'Malformed message: must be an object, got "not a message"' } },
    ]);
    expect(core.calls).toEqual([]);
  });

  it('refuses session ids that do not exist, and sessions bound to another window', async () => {
    const owner = connectClient();
    const other = connectClient();
    const { info } = await owner.open();
    expect(await other.refusal('resize', 'nope', { cols: 80, rows: 24 })).toEqual({
      kind: 'invalid-request',
      title: 'Unknown session',
      detail: 'resize: there is no session "nope"',
    });
    expect(await other.refusal('resize', info.id, { cols: 80, rows: 24 })).toEqual({
      kind: 'invalid-request',
      title: 'Session not attached',
      detail: `resize: session "${info.id}" is not attached to this window; attach it first`,
    });
    expect(await other.loggedRefusal('write', 'nope', new Uint8Array([1]))).toContain('Unknown session: write: there is no session "nope"');
    expect(await other.loggedRefusal('write', info.id, new Uint8Array([1]))).toContain(`Session not attached: write: session "${info.id}" is not attached`);
    expect(await other.refusal('close', 'nope')).toMatchObject({ detail: 'close: there is no session "nope"' });
    expect(core.coreCalls('write')).toEqual([]);
    expect(core.coreCalls('resize')).toEqual([]);
  });

  it('refuses every call the table routes to a bound session from a window not bound to it, before the core hears of it', async () => {
    const rest: Record<RoutedMethod<'bound-session'>, unknown[]> = {
      write: [new Uint8Array([1])],
      resize: [{ cols: 80, rows: 24 }],
      closeStdin: [],
      startRecording: [{ input: false }],
    };
    expect(Object.keys(rest).sort()).toEqual(BRIDGE_METHODS.filter((method) => routeOf(method) === 'bound-session').sort());
    const owner = connectClient();
    const other = connectClient();
    const { info } = await owner.open();
    for (const [method, args] of Object.entries(rest)) {
      // write is one-way: its refusal is in main's log, not in an answer.
      if (method === 'write') expect(await other.loggedRefusal(method, info.id, ...args)).toContain('Session not attached');
      else expect(await other.refusal(method, info.id, ...args), method).toMatchObject({ title: 'Session not attached' });
      expect(core.coreCalls(method), method).toEqual([]);
    }
  });
});

describe('sessions', () => {
  it('binds the opener: answers the attachment, then streams output batched', async () => {
    const client = connectClient();
    const attachment = await client.open();
    expect(attachment).toEqual({ info: core.sessions.get('s1'), replayFrom: 0, replayTo: 0, dropped: 0 });
    core.output('s1', 'hello ');
    core.output('s1', 'world');
    expect(client.events()).toEqual([]);
    await settle();
    expect(client.events()).toHaveLength(1);
    expect(client.output('s1')).toBe('hello world');
  });

  it('sends the screen of output the session produced before the open was answered, after the answer', async () => {
    let release!: () => void;
    core.gate = new Promise((resolve) => (release = resolve));
    const client = connectClient();
    const id = client.send('openExec', EXEC);
    release();
    await Promise.resolve();
    core.output('s1', 'early');
    await settle();
    const answerAt = client.received.findIndex((message) => message.t === 'result' && message.id === id);
    const outputAt = client.received.findIndex((message) => message.t === 'event');
    expect(answerAt).toBeGreaterThan(0);
    expect(outputAt).toBeGreaterThan(answerAt);
    expect(client.events()).toEqual([{ kind: 'screen', id: 's1', data: 'early' }]);
  });

  it('carries writes, resizes and stdin close of a bound session to the core', async () => {
    const client = connectClient();
    await client.open();
    expect(await client.oneWay('write', 's1', new TextEncoder().encode('ls\n'))).toEqual([]);
    await client.call('resize', 's1', { cols: 120, rows: 40 });
    await client.call('closeStdin', 's1');
    expect(core.totalWritten('s1')).toBe('ls\n');
    expect(core.coreCalls('resize')).toEqual([{ method: 'resize', args: ['s1', { cols: 120, rows: 40 }] }]);
    expect(core.coreCalls('closeStdin')).toHaveLength(1);
  });

  it('splits large output into messages of at most 64 KiB, losing nothing', async () => {
    const client = connectClient();
    await client.open();
    const big = new Uint8Array(200_000).map((_, index) => 97 + (index % 26));
    core.output('s1', big);
    await settle();
    const sizes = client.events().map((event) => (event.kind === 'output' ? event.bytes.length : 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.concat(client.events().map((event) => (event.kind === 'output' ? event.bytes : new Uint8Array())))).toEqual(Buffer.from(big));
  });

  it('forwards acknowledgements to the core', async () => {
    const client = connectClient();
    await client.open();
    core.output('s1', 'x'.repeat(10));
    await settle();
    expect(await client.oneWay('acknowledge', 's1', 10)).toEqual([]);
    expect(core.acknowledged.get('s1')).toBe(10);
  });

  it('lets another window attach and draw the screen the session printed', async () => {
    const first = connectClient();
    await first.open();
    core.output('s1', '$ echo hi\nhi\n');
    await settle();
    const second = connectClient();
    expect(second.output('s1')).toBe('');
    const attachment = (await second.call('attachSession', 's1')) as SessionAttachment;
    expect(attachment).toMatchObject({ replayFrom: 13, replayTo: 13, dropped: 0 });
    core.output('s1', '$ ');
    await settle();
    // The screen as a terminal shows that output (a bare LF moves down without a carriage return).
    expect(second.events()[0]).toEqual({ kind: 'screen', id: 's1', data: expect.stringMatching(/^\$ echo hi\r\n.*hi/) });
    expect(first.output('s1')).toBe('$ echo hi\nhi\n$ ');
    expect(second.output('s1')).toBe('$ ');
  });

  it('draws a later window’s screen at the size a window resized the session to', async () => {
    const first = connectClient();
    await first.open();
    await first.call('resize', 's1', { cols: 10, rows: 5 });
    // A cursor move far right stops at the last column: where '|' lands tells the width.
    core.output('s1', 'ab\x1b[99C|');
    const second = connectClient();
    await second.call('attachSession', 's1');
    await settle();
    const screen = second.events()[0] as Extract<SessionEvent, { kind: 'screen' }>;
    const terminal = new headless.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
    terminal.write(screen.data);
    await settle(); // xterm parses on a timer, and this file's timers are fake
    expect(terminal.buffer.active.getLine(0)?.translateToString(true)).toBe('ab       |');
  });

  it('stops a detached window receiving output', async () => {
    const client = connectClient();
    await client.open();
    await client.call('detachSession', 's1');
    core.output('s1', 'after');
    await settle();
    expect(client.output('s1')).toBe('');
    expect(await client.loggedRefusal('write', 's1', new Uint8Array([1]))).toContain('Session not attached');
  });

  it('closes a session on request, and the closed state reaches the window', async () => {
    const client = connectClient();
    await client.open();
    await client.call('close', 's1');
    expect(client.events()).toContainEqual({ kind: 'state', id: 's1', state: { kind: 'closed' } });
    expect(await client.loggedRefusal('write', 's1', new Uint8Array([1]))).toContain('Unknown session');
  });

  it('keeps the ordering of a state change after the output before it', async () => {
    const client = connectClient();
    await client.open();
    core.output('s1', 'bye\n');
    core.emit({ kind: 'state', id: 's1', state: { kind: 'exited', exitCode: 3 } });
    await settle();
    expect(client.events().map((event) => event.kind)).toEqual(['output', 'state']);
  });
});

describe('failures', () => {
  it('answers a core refusal with its UserError', async () => {
    const denied: UserError = { kind: 'forbidden', title: 'Denied by RBAC', detail: 'pods "web-0" is forbidden', context: 'kind-dev', httpStatus: 403 };
    core.refuseNextOpen = denied;
    const client = connectClient();
    expect(await client.refusal('openExec', EXEC)).toEqual(denied);
  });

  it('answers an unexpected failure without its message or stack, and logs it in main', async () => {
    core.listContexts = () => Promise.reject(new Error('boom at /home/user/secret/path.ts:12'));
    const client = connectClient();
    const error = await client.refusal('listContexts');
    expect(error).toEqual({ kind: 'server-error', title: 'Internal error in Porthole', detail: "listContexts failed inside Porthole's main process; its log has the details." });
    expect(JSON.stringify(client.received)).not.toContain('secret');
    expect(logged.map((entry) => entry.message)).toContain('bridge call listContexts failed unexpectedly');
  });

  it('answers a synchronous core throw the same way', async () => {
    const client = connectClient();
    await client.open();
    core.resize = () => {
      throw new TypeError('x is undefined');
    };
    expect(await client.refusal('resize', 's1', { cols: 1, rows: 1 })).toMatchObject({ kind: 'server-error' });
  });
});

describe('pod watches', () => {
  it('tags watch events with the id of the call that started the watch, the first snapshot included', async () => {
    core.snapshotOnWatch = { kind: 'snapshot', pods: [] };
    const client = connectClient();
    const sub = client.send('watchPods', 'kind-dev', 'default');
    await settle();
    core.watches[0]?.onEvent({ kind: 'delete', uid: 'u1' });
    const pods = client.received.filter((message) => message.t === 'pods');
    expect(pods).toEqual([
      { t: 'pods', sub, event: { kind: 'snapshot', pods: [] } },
      { t: 'pods', sub, event: { kind: 'delete', uid: 'u1' } },
    ]);
    expect(client.answer(sub)).toEqual({ t: 'result', id: sub, value: null });
  });

  it('stops a watch on unwatchPods and refuses an unknown one', async () => {
    const client = connectClient();
    const sub = client.send('watchPods', 'kind-dev', 'default');
    await settle();
    await client.call('unwatchPods', sub);
    expect(core.activeWatches).toBe(0);
    core.watches[0]?.onEvent({ kind: 'delete', uid: 'late' });
    expect(client.received.filter((message) => message.t === 'pods')).toEqual([]);
    expect(await client.refusal('unwatchPods', sub)).toMatchObject({ detail: `unwatchPods: this window has no pod watch ${sub}` });
  });

  it('caps the watches one window may hold', async () => {
    const client = connectClient();
    for (let index = 0; index < MAX_WATCHES_PER_CLIENT; index += 1) client.send('watchPods', 'kind-dev', 'default');
    expect(await client.refusal('watchPods', 'kind-dev', 'default')).toMatchObject({ title: 'Too many watches' });
    expect(core.activeWatches).toBe(MAX_WATCHES_PER_CLIENT);
  });
});

describe('a client going away', () => {
  it('stops its watches and releases its sessions, which keep running', async () => {
    const client = connectClient();
    await client.open();
    client.send('watchPods', 'kind-dev', 'default');
    core.output('s1', 'unread');
    await settle();
    client.endpoint.close();
    expect(core.activeWatches).toBe(0);
    expect(core.acknowledged.get('s1')).toBe(6);
    expect(core.sessions.has('s1')).toBe(true);
    expect(core.coreCalls('close')).toEqual([]);
    expect(server.clientCount).toBe(0);
    const before = client.received.length;
    core.output('s1', 'more');
    client.endpoint.receive({ t: 'call', id: 99, method: 'appInfo', args: [] });
    await settle();
    expect(client.received).toHaveLength(before);
  });

  it('closes a session whose open finished after its requester left: nobody could find it', async () => {
    let release!: () => void;
    core.gate = new Promise((resolve) => (release = resolve));
    const client = connectClient();
    client.send('openExec', EXEC);
    client.endpoint.close();
    release();
    await settle();
    expect(core.coreCalls('close')).toEqual([{ method: 'close', args: ['s1'] }]);
  });

  it('lets a new window re-bind to the session and get the output it missed', async () => {
    const first = connectClient();
    await first.open();
    core.output('s1', 'seen ');
    await settle();
    first.endpoint.close();
    core.output('s1', 'missed');
    const second = connectClient();
    const attachment = (await second.call('attachSession', 's1', 5)) as SessionAttachment;
    expect(attachment).toMatchObject({ replayFrom: 5, replayTo: 11, dropped: 0 });
    expect(second.output('s1')).toBe('missed');
  });
});
