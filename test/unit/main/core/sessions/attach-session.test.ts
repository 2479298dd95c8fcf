import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedServer, SUCCESS, internalError } from './scripted-server.ts';
import { closeAllSessions, isState, openAttach } from './session-harness.ts';

let server: ScriptedServer | undefined;

afterEach(async () => {
  closeAllSessions();
  await server?.close();
  server = undefined;
});

describe('attach', () => {
  it('attaches with no command, streams output, and ends when the process does', async () => {
    server = await ScriptedServer.start();
    server.onConnection((peer) => {
      peer.send(1, 'seq 1\n');
      peer.send(2, 'warning\n');
      peer.sendStatus(SUCCESS);
    });
    const { session, log } = openAttach(server);
    expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    const peer = await server.connection(0);
    expect(peer.url.pathname).toBe('/api/v1/namespaces/ns/pods/web-0/attach');
    expect(peer.url.searchParams.has('command')).toBe(false);
    expect(peer.offered).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
    expect(log.outputText('stdout')).toBe('seq 1\n');
    expect(log.outputText('stderr')).toBe('warning\n');
    expect(session.info()).toMatchObject({ kind: 'attach', title: 'web-0/app (attached)' });
  });

  it('sends input and the terminal size to a tty attach', async () => {
    server = await ScriptedServer.start();
    const { session, log } = openAttach(server, { tty: true, stdin: true, size: { cols: 80, rows: 24 } });
    await log.until(isState('live'));
    session.write(Buffer.from('q'));
    session.resize({ cols: 100, rows: 50 });
    const peer = await server.connection(0);
    await peer.until(() => peer.received.length >= 3);
    expect(peer.received.map((message) => [message[0], message.subarray(1).toString()])).toEqual([
      [4, '{"Width":80,"Height":24}'],
      [0, 'q'],
      [4, '{"Width":100,"Height":50}'],
    ]);
    expect(peer.url.searchParams.get('tty')).toBe('true');
  });

  it('reports the server’s failure', async () => {
    server = await ScriptedServer.start();
    server.onConnection((peer) =>
      peer.sendStatus(internalError('Internal error occurred: error attaching to container: no attaches found')),
    );
    const { log } = openAttach(server);
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { title: 'Attach failed (InternalError)' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain('no attaches found');
  });
});
