import { describe, expect, it } from 'vitest';
import type { ExecCommand } from '../../../../../shared/bridge/sessions.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type { OpenSocket } from '../../../../../main/core/sessions/remote-command-session.ts';
import {
  SUCCESS,
  exitStatus,
  frame,
  internalError,
  type PeerConnection,
} from './scripted-server.ts';
import { isState, openExec, useScriptedServer } from './session-harness.ts';

const startServer = useScriptedServer();

const open = openExec;

describe('exec handshake', () => {
  it('offers v5, v4 and channel.k8s.io in one handshake, with one command= per argv element', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(SUCCESS));
    const { log } = open(srv, { command: { kind: 'argv', argv: ['sh', '-c', 'echo "a b"'] } });
    const peer = await srv.connection(0);
    expect(peer.offered).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
    expect(peer.url.pathname).toBe('/api/v1/namespaces/ns/pods/web-0/exec');
    expect(peer.url.searchParams.getAll('command')).toEqual(['sh', '-c', 'echo "a b"']);
    expect(peer.url.searchParams.get('container')).toBe('app');
    expect(peer.url.searchParams.get('stderr')).toBe('true');
    expect(peer.url.searchParams.has('stdin')).toBe(false);
    await log.finalState();
    expect(log.states()).toEqual(['live', 'exited']);
    expect(srv.connections.length).toBe(1);
  });

  it('surfaces a refused handshake as a failed state in the server’s own words', async () => {
    const message =
      'pods "web-0" is forbidden: User "viewer" cannot get resource "pods/exec" in API group "" in the namespace "ns"';
    const srv = await startServer({
      refuse: () => ({
        status: 403,
        body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'Forbidden', code: 403 }),
      }),
    });
    const { log, session } = open(srv);
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', httpStatus: 403 } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain(message);
    expect(log.states()).toEqual(['failed']);
    expect(session.state.kind).toBe('failed');
  });
});

describe('exec output and end', () => {
  // openWebSocket must hand the socket over paused: `ws` emits frames that came with the 101
  // answer before the awaiting session can listen. Without that, this fails (status lost).
  it('loses no frame sent together with the handshake answer (real openWebSocket)', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      peer.send(1, 'fast');
      peer.sendStatus(exitStatus(4));
    });
    const { log } = open(srv);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 4 });
    expect(log.outputText()).toBe('fast');
  });

  it('emits raw stdout and stderr bytes, then the exit code, and closes the socket itself', async () => {
    const srv = await startServer();
    const split = Buffer.from('é', 'utf8');
    srv.onConnection((peer) => {
      peer.send(1, Buffer.concat([Buffer.from('caf'), split.subarray(0, 1)]));
      peer.send(1, split.subarray(1));
      peer.send(2, 'oops\n');
      peer.sendStatus(exitStatus(3));
    });
    const { log } = open(srv);
    const final = await log.finalState();
    expect(final.state).toEqual({ kind: 'exited', exitCode: 3 });
    const outputs = log.events.filter((event) => event.kind === 'output');
    expect(outputs.map((event) => [event.channel, Buffer.from(event.bytes).toString('hex')])).toEqual([
      ['stdout', Buffer.from('caf\xc3', 'latin1').toString('hex')],
      ['stdout', 'a9'],
      ['stderr', Buffer.from('oops\n').toString('hex')],
    ]);
    expect(log.outputText()).toBe('café');
    const peer = await srv.connection(0);
    // 1000 from our side: the session closed the socket after reading the status.
    await peer.until(() => peer.closeCode !== undefined);
    expect(peer.closeCode).toBe(1000);
  });

  it('reports exited 0 on Success', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(SUCCESS));
    const { log } = open(srv);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('reports another status failure as failed with the server’s reason and message', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(internalError('Internal error occurred: container is stopping')));
    const { log } = open(srv);
    const final = await log.finalState();
    expect(final.state).toMatchObject({
      kind: 'failed',
      error: { kind: 'server-error', title: 'Exec failed (InternalError)', httpStatus: 500, context: 'test-context' },
    });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain('container is stopping');
  });

  it('reads a status that arrives in two frames', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      const json = JSON.stringify(exitStatus(7));
      peer.send(3, json.slice(0, 20));
      peer.send(3, json.slice(20));
    });
    const { log } = open(srv);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 7 });
  });

  it.each(['v5.channel.k8s.io', 'v4.channel.k8s.io'])(
    'calls a close without status under %s a lost connection',
    async (protocol) => {
      const srv = await startServer({ choose: () => protocol });
      srv.onConnection((peer) => {
        peer.send(1, 'partial');
        peer.socket.close(1011, 'kubelet went away');
      });
      const { log } = open(srv);
      const final = await log.finalState();
      expect(final.state).toMatchObject({ kind: 'connection-lost', error: { kind: 'connection-lost' } });
      expect(final.state.kind === 'connection-lost' && final.state.error.detail).toContain('1011: kubelet went away');
      expect(log.outputText()).toBe('partial');
    },
  );

  it('calls a close without status under channel.k8s.io a clean end, and reads its plain-text errors', async () => {
    const srv = await startServer({ choose: () => 'channel.k8s.io' });
    srv.onConnection((peer) => peer.socket.close(1000));
    const first = open(srv);
    expect((await first.log.finalState()).state).toEqual({ kind: 'ended' });

    srv.onConnection((peer) => peer.send(3, 'error executing command in container: boom'));
    const second = open(srv);
    const final = await second.log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { title: 'Exec failed (Unknown)' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain('boom');
  });

  it.each([
    ['a frame on an unknown channel', (peer: PeerConnection) => peer.socket.send(frame(7, 'x')), 'unknown-channel'],
    ['a text message under a binary protocol', (peer: PeerConnection) => peer.socket.send('1aGk='), 'wrong-message-type'],
    ['a status that is not JSON', (peer: PeerConnection) => {
      peer.send(3, '{"status":');
      peer.socket.close(1000);
    }, 'bad-status-json'],
  ])('fails with a protocol error on %s', async (_case, misbehave, code) => {
    const srv = await startServer();
    srv.onConnection(misbehave);
    const { log } = open(srv);
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'protocol', title: 'Protocol violation' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain(code);
  });

  it('reports a socket that closed before the session took it over', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.socket.close(1011));
    const closedFirst: OpenSocket = async (conn, target, options) => {
      const opened = await openWebSocket(conn, target, options);
      opened.socket.resume();
      await new Promise((resolve) => opened.socket.once('close', resolve));
      return opened;
    };
    const { log } = open(srv, {}, { openSocket: closedFirst });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost' });
    expect(final.state.kind === 'connection-lost' && final.state.error.detail).toContain('closed before the session took the socket');
  });

  it('reports the outcome of a command that ended before the typed-ahead input went out', async () => {
    // Its status, the close and the end of the connection are in before the session sends the
    // size and the held input. The first frame draws a TCP reset from the closed end; a second
    // write would fail and destroy the socket with the status unread ("connection lost").
    const srv = await startServer();
    const endedFirst: OpenSocket = async (conn, target, options) => {
      const opened = await openWebSocket(conn, target, options); // paused: nothing is read yet
      const peer = await srv.connection(0);
      peer.sendStatus(exitStatus(3));
      peer.socket.close(1000);
      peer.socket.terminate();
      await peer.until(() => peer.closeCode !== undefined);
      return opened;
    };
    const { session, log } = open(
      srv,
      { command: { kind: 'argv', argv: ['sh'] }, tty: true, stdin: true, size: { cols: 80, rows: 24 } },
      { openSocket: endedFirst },
    );
    for (const key of ['e', 'c', 'h', 'o']) session.write(Buffer.from(key));
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 3 });
  });

  it('reports a lost connection when pongs stop coming', async () => {
    const srv = await startServer({ autoPong: false });
    const { log } = open(srv, {}, { keepalive: { intervalMs: 20, timeoutMs: 100 } });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost', error: { kind: 'connection-lost', context: 'test-context' } });
  });

  it('does not call a quiet connection lost while pongs come back', async () => {
    const srv = await startServer();
    const { log } = open(srv, {}, { keepalive: { intervalMs: 10, timeoutMs: 50 } });
    const peer = await srv.connection(0);
    // Ten pings answered: twice the timeout has passed with nothing but pongs coming back.
    await new Promise<void>((resolve) => {
      let pings = 0;
      peer.socket.on('ping', () => {
        if (++pings === 10) resolve();
      });
    });
    peer.sendStatus(SUCCESS);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });
});

describe('exec input', () => {
  it('holds input written while connecting and sends it, in order, once connected', async () => {
    const srv = await startServer();
    srv.onConnection(() => {});
    const { session, log } = open(srv, { stdin: true });
    session.write(Buffer.from('one '));
    session.write(Buffer.from('two '));
    await log.until(isState('live'));
    session.write(Buffer.from('three'));
    const peer = await srv.connection(0);
    await peer.until(() => peer.stdinText() === 'one two three');
    expect(peer.url.searchParams.get('stdin')).toBe('true');
  });

  it('sends the initial size right after connecting, before held input, and later resizes on channel 4', async () => {
    const srv = await startServer();
    const { session, log } = open(srv, { tty: true, stdin: true, size: { cols: 100, rows: 30 } });
    session.write(Buffer.from('ls\r'));
    await log.until(isState('live'));
    session.resize({ cols: 132, rows: 43 });
    const peer = await srv.connection(0);
    await peer.until(() => peer.received.length >= 3);
    expect(peer.received.map((message) => [message[0], message.subarray(1).toString()])).toEqual([
      [4, '{"Width":100,"Height":30}'],
      [0, 'ls\r'],
      [4, '{"Width":132,"Height":43}'],
    ]);
    expect(peer.url.searchParams.get('tty')).toBe('true');
    expect(peer.url.searchParams.has('stderr')).toBe(false);
  });

  it('sends no resize without a tty', async () => {
    const srv = await startServer();
    const { session, log } = open(srv, { stdin: true, size: { cols: 80, rows: 24 } });
    await log.until(isState('live'));
    session.resize({ cols: 90, rows: 20 });
    session.write(Buffer.from('x'));
    const peer = await srv.connection(0);
    await peer.until(() => peer.received.length >= 1);
    expect(peer.payloads(4)).toEqual([]);
  });

  it('half-closes stdin under v5 with exactly [255, 0], and refuses input after it', async () => {
    const srv = await startServer();
    const { session, log } = open(srv, { stdin: true });
    await log.until(isState('live'));
    session.write(Buffer.from('data'));
    session.closeStdin();
    const peer = await srv.connection(0);
    await peer.until(() => peer.received.length >= 2);
    expect(peer.received[1]).toEqual(Buffer.of(255, 0));
    expect(() => session.write(Buffer.from('more'))).toThrow(CoreError);
    expect(log.events.some((event) => event.kind === 'notice')).toBe(false);
  });

  it('under v4 sends no close and tells the user EOF needs closing the session', async () => {
    const srv = await startServer({ choose: () => 'v4.channel.k8s.io' });
    const { session, log } = open(srv, { stdin: true });
    expect((await log.until(isState('live'))).kind).toBe('state');
    session.closeStdin();
    const notice = await log.until((event) => event.kind === 'notice');
    expect(notice.kind === 'notice' && notice.message).toMatch(/v4\.channel\.k8s\.io.*close the session/);
    session.write(Buffer.from('still'));
    const peer = await srv.connection(0);
    await peer.until(() => peer.received.length >= 1);
    expect(peer.received).toEqual([frame(0, 'still')]);
  });

  it('sends a close requested before connecting after the held input', async () => {
    const srv = await startServer();
    const { session } = open(srv, { stdin: true });
    session.write(Buffer.from('abc'));
    session.closeStdin();
    const peer = await srv.connection(0);
    await peer.until(() => peer.received.length >= 2);
    expect(peer.received).toEqual([frame(0, 'abc'), Buffer.of(255, 0)]);
  });

  it('refuses input, stdin close and bad sizes with typed errors', async () => {
    const srv = await startServer();
    const { session } = open(srv);
    const userError = (run: () => void): unknown => {
      try {
        run();
      } catch (error) {
        return error instanceof CoreError ? error.userError : error;
      }
      return 'no error';
    };
    expect(userError(() => session.write(Buffer.from('x')))).toMatchObject({ kind: 'invalid-request', title: 'No input stream' });
    expect(userError(() => session.closeStdin())).toMatchObject({ kind: 'invalid-request' });
    expect(userError(() => session.resize({ cols: 0, rows: 10 }))).toMatchObject({ title: 'Invalid terminal size' });
    expect(userError(() => session.resize({ cols: 70000, rows: 10 }))).toMatchObject({ title: 'Invalid terminal size' });
    expect(userError(() => session.acknowledge(-5))).toMatchObject({ title: 'Invalid acknowledgement' });
  });

  it('refuses too much input before connecting', async () => {
    const srv = await startServer();
    const { session } = open(srv, { stdin: true }, { heldInputLimit: 4 });
    session.write(Buffer.from('abcd'));
    expect(() => session.write(Buffer.from('e'))).toThrow(/before it connected/);
  });
});

describe('exec requests', () => {
  it.each([
    [{ kind: 'argv', argv: [] }, 'No command given'],
    [{ kind: 'argv', argv: [''] }, 'No command given'],
    [{ kind: 'argv', argv: ['ls', 3] }, 'No command given'],
    // The bridge's schema (call-schemas.ts) is the one check: what it refuses, the core refuses too.
    [{ kind: 'argv', argv: ['ls\0'] }, 'No command given'],
  ])('refuses %j before connecting', async (command, title) => {
    const srv = await startServer();
    expect(() => open(srv, { command: command as ExecCommand })).toThrow(CoreError);
    try {
      open(srv, { command: command as ExecCommand });
    } catch (error) {
      expect((error as CoreError).userError.title).toBe(title);
    }
    expect(srv.connections.length).toBe(0);
  });
});

describe('exec request checks', () => {
  it.each([
    [{ kind: 'shell', nodeOs: 'darwin' }, 'Unknown node OS'],
    [undefined, 'No command given'],
    [{ kind: 'bogus' }, 'No command given'],
  ])('refuses the command %j with a typed error', async (command, title) => {
    const srv = await startServer();
    let caught: unknown;
    try {
      open(srv, { command: command as unknown as ExecCommand });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).userError).toMatchObject({ kind: 'invalid-request', title, context: 'test-context' });
  });

  it('connects once however often start() is called', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(SUCCESS));
    const { session, log } = open(srv);
    await Promise.all([session.start(), session.start()]);
    await log.finalState();
    expect(srv.connections.length).toBe(1);
  });
});

describe('exec close', () => {
  it('closes while connecting: state closed, nothing after it', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.send(1, 'late output'));
    const { session, log } = open(srv, { stdin: true });
    session.close();
    expect(log.states()).toEqual(['closed']);
    session.close();
    session.write(Buffer.from('ignored'));
    expect(log.states()).toEqual(['closed']);
    expect(log.events.some((event) => event.kind === 'output')).toBe(false);
  });

  it('closes a live session: the server sees a normal close and no event follows', async () => {
    const srv = await startServer();
    const { session, log } = open(srv);
    await log.until(isState('live'));
    const peer = await srv.connection(0);
    session.close();
    await peer.until(() => peer.closeCode !== undefined);
    expect(peer.closeCode).toBe(1000);
    expect(log.states()).toEqual(['live', 'closed']);
  });
});
