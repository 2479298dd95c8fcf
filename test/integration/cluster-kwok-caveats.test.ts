// Where kwok's fake kubelet differs from a real one, pinned down so that a kwok upgrade that
// changes any of it fails here and test/cluster/README.md ("kwok caveats") gets updated.
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';

const cluster = inject('cluster');

type Session = {
  output: () => string;
  /** Resolves once the output so far satisfies `test`. */
  waitForOutput: (test: (output: string) => boolean) => Promise<void>;
  stdin: PassThrough;
  status: Promise<V1Status>;
  socket: Awaited<ReturnType<Exec['exec']>>;
};

type TerminalSize = { rows: number; columns: number };

/**
 * Opens an exec on the `single` pod with client-node. With `size`, stdout looks like a terminal
 * (rows, columns, 'resize' events), which makes client-node send resize messages.
 */
async function open(info: ClusterInfo, command: string[], tty: boolean, size?: TerminalSize): Promise<Session & { resize: (to: TerminalSize) => void }> {
  const config = new KubeConfig();
  config.loadFromFile(info.kubeconfigPath);
  config.setCurrentContext(info.contexts.admin);
  const stdout = new PassThrough();
  if (size !== undefined) Object.assign(stdout, size);
  const stdin = new PassThrough();
  let text = '';
  const waiters = new Set<() => void>();
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const check of waiters) check();
  });
  let resolveStatus: (status: V1Status) => void = () => {};
  const status = new Promise<V1Status>((resolve) => (resolveStatus = resolve));
  const { namespace, name } = info.pods.single;
  const socket = await new Exec(config).exec(namespace, name, 'main', command, stdout, tty ? null : stdout, stdin, tty, resolveStatus);
  return {
    output: () => text,
    waitForOutput: (test) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!test(text)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    stdin,
    status,
    socket,
    resize: (to) => {
      Object.assign(stdout, to);
      stdout.emit('resize');
    },
  };
}

describe.skipIf(cluster === null)('kwok v0.8.0 as the kubelet', () => {
  // Only read inside tests, which do not run when the tier is skipped (cluster === null).
  const c = cluster as ClusterInfo;

  it('reports a non-zero exit as InternalError, not NonZeroExitCode with an ExitCode cause', async () => {
    const session = await open(c, ['sh', '-c', 'exit 3'], false);
    session.stdin.end();
    const status = await session.status;
    expect(status).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    // The exit code survives only inside the message.
    expect(status.message).toContain('exit status 3');
    expect(status.details?.causes?.some((cause) => cause.reason === 'ExitCode')).not.toBe(true);
  });

  it('never closes a non-tty process stdin: after the client half-closes it, `cat` is still running', async () => {
    const marker = `porthole-stdin-probe-${randomBytes(4).toString('hex')}`;
    const session = await open(c, ['sh', '-c', 'cat; echo cat-saw-eof', marker], false);
    session.stdin.write('ping\n');
    await session.waitForOutput((output) => output.includes('ping\n'));
    session.stdin.end(); // client-node sends the v5 close frame for stdin
    // A second exec looks for the first one's shell; the bracket keeps pgrep from matching itself.
    const probe = await open(c, ['pgrep', '-f', `[${marker[0]}]${marker.slice(1)}`], false);
    probe.stdin.end();
    expect((await probe.status).status).toBe('Success');
    expect(session.output()).not.toContain('cat-saw-eof');
    session.socket.close();
  });

  it('lets a command that stops reading by itself finish: the workaround for the missing EOF', async () => {
    const session = await open(c, ['head', '-n', '1'], false);
    session.stdin.write('only line\nnever read\n');
    expect((await session.status).status).toBe('Success');
    expect(session.output()).toBe('only line\n');
    session.stdin.end();
  });

  it('applies the initial size and later resizes of a tty exec to its pty', async () => {
    const session = await open(c, ['sh'], true, { rows: 19, columns: 77 });
    await session.waitForOutput((output) => output.includes('porthole$ '));
    session.stdin.write('stty size\n');
    await session.waitForOutput((output) => output.includes('19 77\r\n'));
    session.resize({ rows: 41, columns: 133 });
    // Resize and input travel on different channels; ask again until the new size shows.
    const prompts = (output: string): number => output.split('porthole$ ').length - 1;
    while (!session.output().includes('41 133\r\n')) {
      const before = prompts(session.output());
      session.stdin.write('stty size\n');
      await session.waitForOutput((output) => prompts(output) > before);
    }
    session.stdin.write('exit\n');
    expect((await session.status).status).toBe('Success');
  });

  it('gives a tty shell job control, so Ctrl-C interrupts the foreground command (ctty shim)', async () => {
    const session = await open(c, ['sh'], true);
    const prompts = (output: string): number => output.split('porthole$ ').length - 1;
    await session.waitForOutput((output) => prompts(output) === 1);
    expect(session.output()).not.toContain('job control turned off');
    session.stdin.write('sleep 600\n');
    await session.waitForOutput((output) => output.includes('sleep 600\r\n'));
    session.stdin.write('\x03');
    await session.waitForOutput((output) => prompts(output) === 2);
    // The shell still runs commands after the interrupt. Wait for the answer before `exit`: kwok's
    // pty can drop the last output of a process that exits (README, caveats).
    session.stdin.write('echo after-$((40 + 2))\n');
    await session.waitForOutput((output) => output.includes('after-42'));
    session.stdin.write('exit\n');
    expect((await session.status).status).toBe('Success');
  });
});
