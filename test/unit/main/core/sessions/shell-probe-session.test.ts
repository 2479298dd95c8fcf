import { describe, expect, it } from 'vitest';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import type { OpenSocket } from '../../../../../main/core/sessions/remote-command-session.ts';
import {
  SUCCESS,
  exitStatus,
  internalError,
  notFoundStatus,
  type PeerConnection,
} from './scripted-server.ts';
import { isState, openExec, useScriptedServer } from './session-harness.ts';

const startServer = useScriptedServer();

const commandOf = (peer: PeerConnection): string => peer.url.searchParams.getAll('command').join(' ');

/**
 * What a pty's line discipline sends back for input, whether or not a process reads it (default
 * settings: ICRNL turns CR into LF, ECHO echoes it, ONLCR writes LF as CR LF).
 */
const ttyEcho = (input: string): string => input.replace(/[\r\n]/g, '\r\n');

/**
 * An interactive shell on a pty: prints its prompt first, echoes its input as the pty does, and
 * exits on "exit\r".
 */
function echoShell(peer: PeerConnection): void {
  peer.send(1, '$ ');
  peer.socket.on('message', (message: Buffer) => {
    if (message[0] !== 0) return;
    peer.send(1, ttyEcho(message.subarray(1).toString('utf8')));
    if (peer.stdinText().endsWith('exit\r')) peer.sendStatus(SUCCESS);
  });
}

const shell = { command: { kind: 'shell' }, tty: true, stdin: true } as const;

describe('default shell probe', () => {
  it('falls back from a missing bash to sh on a new socket, losing no keystroke typed meanwhile', async () => {
    let releaseSh: () => void = () => {};
    const shGate = new Promise<void>((resolve) => (releaseSh = resolve));
    const srv = await startServer({
      gate: (url) => (url.searchParams.get('command') === 'sh' ? shGate : Promise.resolve()),
    });
    srv.onConnection((peer) => {
      if (commandOf(peer) === 'bash') {
        // The runtime answers only after the first keystrokes reached the failing candidate.
        void peer.until(() => peer.stdinText() === 'ab').then(() => {
          peer.sendStatus(notFoundStatus('bash'));
          peer.socket.close(1000);
        });
      } else {
        echoShell(peer);
      }
    });
    const { session, log } = openExec(srv, shell);
    session.write(Buffer.from('a')); // typed while connecting
    await log.until(isState('live'));
    session.write(Buffer.from('b')); // typed while bash is being tried
    const bash = await srv.connection(0);
    await bash.until(() => bash.closeCode !== undefined);
    session.write(Buffer.from('c')); // typed between the two sockets
    releaseSh();
    const sh = await srv.connection(1);
    await sh.until(() => sh.stdinText() === 'abc');
    session.write(Buffer.from('d'));
    session.write(Buffer.from('exit\r'));

    const final = await log.finalState();
    expect(final.state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(sh.stdinText()).toBe('abcdexit\r');
    expect(log.outputText()).toBe('$ abcdexit\r\n');
    expect(commandOf(sh)).toBe('sh');
    expect(bash.stdinText()).toBe('ab');
    expect(log.states()).toEqual(['live', 'exited']);
    expect(session.candidate).toBe('sh');
    expect(srv.connections.length).toBe(2);
  });

  it('does not take the failed candidate’s terminal echo of typed-ahead input for a running shell', async () => {
    // kwok, and runtimes that copy stdin into the new pty before they find the executable missing:
    // the pty echoes what arrived although no process ever reads it, then the not-found answer comes.
    const typed = 'echo one\recho two\r';
    const srv = await startServer();
    srv.onConnection((peer) => {
      if (commandOf(peer) !== 'bash') {
        echoShell(peer);
        return;
      }
      void peer.until(() => peer.stdinText() === typed).then(() => {
        peer.send(1, ttyEcho('echo one\r'));
        peer.send(1, ttyEcho('echo two\r'));
        peer.sendStatus(notFoundStatus('bash'));
      });
    });
    const { session, log } = openExec(srv, shell);
    session.write(Buffer.from('echo one\r')); // typed while connecting
    await log.until(isState('live'));
    session.write(Buffer.from('echo two\r')); // typed while bash is being tried
    await log.until(() => log.outputText().startsWith('$ ')); // sh's prompt: the fallback happened
    const sh = await srv.connection(1);
    await sh.until(() => sh.stdinText() === typed);
    session.write(Buffer.from('exit\r'));

    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(session.candidate).toBe('sh');
    // Every keystroke reached the shell that runs, once and in order; the dead pty's echo is not shown.
    expect(sh.stdinText()).toBe(`${typed}exit\r`);
    expect(log.outputText()).toBe(`$ ${ttyEcho(`${typed}exit\r`)}`);
    expect(log.states()).toEqual(['live', 'exited']);
  });

  it('shows a running shell’s early echo together with its prompt, in order', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      // A slow shell: the pty echoes the typed-ahead line before the shell prints its prompt.
      void peer.until(() => peer.stdinText() === 'ls\r').then(() => {
        peer.send(1, 'l');
        peer.send(1, 's\r\n');
        peer.send(1, '$ ');
        peer.send(1, 'file\r\n$ ');
        // A not-found message now is the running shell's business (a command it could not find).
        peer.sendStatus(notFoundStatus('bash'));
      });
    });
    const { session, log } = openExec(srv, shell);
    session.write(Buffer.from('ls\r'));
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'server-error' } });
    expect(log.outputText()).toBe('ls\r\n$ file\r\n$ ');
    expect(srv.connections.length).toBe(1);
  });

  it('reads a not-found answer that was already in when the typed-ahead input went out', async () => {
    // A runtime that fails at once: its answer, the close and the end of the connection are all
    // here before the session sends the terminal size and the held keystrokes. The server's end
    // is closed, so the first frame draws a TCP reset; a write after that fails, and a socket
    // destroyed by that failure would never read the answer waiting in the kernel.
    const srv = await startServer();
    srv.onConnection((peer) => {
      if (commandOf(peer) !== 'bash') echoShell(peer);
    });
    const answeredFirst: OpenSocket = async (conn, target, options) => {
      const opened = await openWebSocket(conn, target, options); // paused: nothing is read yet
      if (target.query.get('command') === 'bash') {
        const bash = await srv.connection(0);
        bash.sendStatus(notFoundStatus('bash'));
        bash.socket.close(1000);
        bash.socket.terminate();
        await bash.until(() => bash.closeCode !== undefined);
      }
      return opened;
    };
    const { session, log } = openExec(srv, { ...shell, size: { cols: 80, rows: 24 } }, { openSocket: answeredFirst });
    session.write(Buffer.from('a'));
    session.write(Buffer.from('b'));
    session.write(Buffer.from('c'));
    await log.until(() => log.outputText().startsWith('$ ')); // sh's prompt: the fallback happened
    const sh = await srv.connection(1);
    await sh.until(() => sh.stdinText() === 'abc');
    session.write(Buffer.from('exit\r'));
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(sh.stdinText()).toBe('abcexit\r');
    expect(log.states()).toEqual(['live', 'exited']);
  });

  it('sends the terminal size to the fallback before the replayed keystrokes', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      if (commandOf(peer) === 'bash') peer.sendStatus(notFoundStatus('bash'));
    });
    const { session } = openExec(srv, { ...shell, size: { cols: 120, rows: 40 } });
    session.write(Buffer.from('ls\r'));
    const sh = await srv.connection(1);
    await sh.until(() => sh.received.length >= 2);
    expect(sh.received.slice(0, 2).map((message) => [message[0], message.subarray(1).toString()])).toEqual([
      [4, '{"Width":120,"Height":40}'],
      [0, 'ls\r'],
    ]);
  });

  it('recognises the dockershim answer (message on stdout, exit 126) and does not show it', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      if (commandOf(peer) === 'bash') {
        peer.send(
          1,
          'OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: exec: "bash": executable file not found in $PATH: unknown\r\n',
        );
        peer.sendStatus(exitStatus(126));
      } else {
        peer.send(1, '/ # ');
        peer.sendStatus(SUCCESS);
      }
    });
    const { log } = openExec(srv, shell);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText()).toBe('/ # ');
  });

  it('shows such output when the exit code says the shell did run', async () => {
    const srv = await startServer();
    const line = 'exec: "bash": executable file not found in $PATH\r\n';
    srv.onConnection((peer) => {
      peer.send(1, line);
      peer.sendStatus(exitStatus(2));
    });
    const { log } = openExec(srv, shell);
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 2 });
    expect(log.outputText()).toBe(line);
    expect(srv.connections.length).toBe(1);
  });

  it('fails naming every shell tried when the container has none', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(notFoundStatus(commandOf(peer))));
    const { log } = openExec(srv, { ...shell, command: { kind: 'shell', nodeOs: 'linux' } });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'not-found', title: 'No shell in the container' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toMatch(/Tried bash, sh in pod web-0.*"sh": executable file not found/);
    expect(srv.connections.map(commandOf)).toEqual(['bash', 'sh']);
  });

  it('tries powershell then cmd on a Windows node, and the Linux pair first without a hint', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(notFoundStatus(commandOf(peer))));
    const windows = openExec(srv, { ...shell, command: { kind: 'shell', nodeOs: 'windows' } });
    await windows.log.finalState();
    expect(srv.connections.map(commandOf)).toEqual(['powershell', 'cmd']);
    const unknown = openExec(srv, shell);
    await unknown.log.finalState();
    expect(srv.connections.slice(2).map(commandOf)).toEqual(['bash', 'sh', 'powershell', 'cmd']);
  });

  it('confirms the shell on its first output: a later not-found answer is an ordinary failure', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      peer.send(1, 'bash-5.2$ ');
      void peer.until(() => peer.stdinText() === 'x').then(() => peer.sendStatus(notFoundStatus('bash')));
    });
    const { session, log } = openExec(srv, shell);
    await log.until((event) => event.kind === 'output');
    session.write(Buffer.from('x'));
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'server-error' } });
    expect(srv.connections.length).toBe(1);
  });

  it('does not fall back on other failures', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => peer.sendStatus(internalError('Internal error occurred: container not found ("app")')));
    const { log } = openExec(srv, shell);
    expect((await log.finalState()).state).toMatchObject({ kind: 'failed', error: { title: 'Exec failed (InternalError)' } });
    expect(srv.connections.length).toBe(1);
  });

  it('stops holding input beyond the limit and then no longer falls back', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      if (commandOf(peer) === 'bash') {
        void peer.until(() => peer.stdinText() === 'abcdef').then(() => peer.sendStatus(notFoundStatus('bash')));
      }
    });
    const { session, log } = openExec(srv, shell, { heldInputLimit: 4 });
    await log.until(isState('live'));
    session.write(Buffer.from('abc'));
    session.write(Buffer.from('def'));
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'server-error' } });
    expect(srv.connections.length).toBe(1);
  });

  it('never disturbs another session while it probes', async () => {
    const srv = await startServer();
    srv.onConnection((peer) => {
      const command = commandOf(peer);
      if (command === 'bash') peer.sendStatus(notFoundStatus('bash'));
      else if (command === 'cat') peer.socket.on('message', (message: Buffer) => message[0] === 0 && peer.send(1, message.subarray(1)));
      else echoShell(peer);
    });
    const other = openExec(srv, { command: { kind: 'argv', argv: ['cat'] }, tty: true, stdin: true });
    await other.log.until(isState('live'));
    other.session.write(Buffer.from('before '));
    await other.log.until(() => other.log.outputText() === 'before ');

    const probing = openExec(srv, shell);
    probing.session.write(Buffer.from('hi'));
    await probing.log.until(() => probing.log.outputText() === '$ hi');

    other.session.write(Buffer.from('after'));
    await other.log.until(() => other.log.outputText() === 'before after');
    expect(other.log.states()).toEqual(['live']);
    expect(other.session.state.kind).toBe('live');
    const [otherPeer] = srv.connections;
    expect(otherPeer?.closeCode).toBeUndefined();
    expect(srv.connections.map(commandOf)).toEqual(['cat', 'bash', 'sh']);
  });
});
