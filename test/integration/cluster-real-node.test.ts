// What the real node's kubelet (with containerd and runc) does where kwok's fake kubelet did not,
// checked with client-node, a client nobody here wrote: these are the behaviours every streaming
// test relies on (test/cluster/README.md, "The real node").
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
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

describe.skipIf(cluster === null)('the real node as the kubelet', () => {
  // Only read inside tests, which do not run when the tier is skipped (cluster === null).
  const c = cluster as ClusterInfo;

  it('reports a non-zero exit as NonZeroExitCode with an ExitCode cause', async () => {
    const session = await open(c, ['sh', '-c', 'exit 3'], false);
    session.stdin.end();
    const status = await session.status;
    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode' });
    expect(status.details?.causes).toEqual([{ reason: 'ExitCode', message: '3' }]);
  });

  it('closes a non-tty process stdin when the client half-closes it: `cat` ends', async () => {
    const session = await open(c, ['sh', '-c', 'cat; echo cat-saw-eof'], false);
    session.stdin.write('ping\n');
    await session.waitForOutput((output) => output.includes('ping\n'));
    session.stdin.end(); // client-node sends the v5 close frame for stdin
    expect((await session.status).status).toBe('Success');
    expect(session.output()).toBe('ping\ncat-saw-eof\n');
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

  it('gives a tty shell a controlling terminal and job control: Ctrl-C interrupts the foreground command', async () => {
    const session = await open(c, ['sh'], true);
    const prompts = (output: string): number => output.split('porthole$ ').length - 1;
    await session.waitForOutput((output) => prompts(output) === 1);
    expect(session.output()).not.toContain('job control turned off');
    session.stdin.write('tty\n');
    await session.waitForOutput((output) => /\/dev\/pts\/\d+\r\n/.test(output));
    // Ctrl-C only once `sleep` runs: the pty echoes the typed line before the shell has read it.
    session.stdin.write('echo sleeping; sleep 600\n');
    await session.waitForOutput((output) => /^sleeping\r$/m.test(output));
    // "sleeping" shows before the shell has made `sleep` the terminal's foreground group; a Ctrl-C
    // landing in that gap goes to the shell, which ignores it while it waits for its job (seen on
    // CI's loaded machine). So press Ctrl-C again until the prompt is back, as a user would.
    while (prompts(session.output()) < 3) {
      session.stdin.write('\x03');
      await Promise.race([session.waitForOutput((output) => prompts(output) === 3), new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
    session.stdin.write('echo after-$((40 + 2))\n');
    await session.waitForOutput((output) => output.includes('after-42'));
    session.stdin.write('exit\n');
    expect((await session.status).status).toBe('Success');
  });

  it('runs each container in its own filesystem: the distroless image has no shell, busybox has no bash', async () => {
    const config = new KubeConfig();
    config.loadFromFile(c.kubeconfigPath);
    config.setCurrentContext(c.contexts.admin);
    const statusOf = async (pod: { namespace: string; name: string }, command: string[]): Promise<V1Status> => {
      let resolveStatus: (status: V1Status) => void = () => {};
      const status = new Promise<V1Status>((resolve) => (resolveStatus = resolve));
      await new Exec(config).exec(pod.namespace, pod.name, 'main', command, new PassThrough(), new PassThrough(), null, false, resolveStatus);
      return status;
    };
    const distroless = await statusOf(c.pods.distroless, ['sh']);
    expect(distroless).toMatchObject({ status: 'Failure', reason: 'InternalError' });
    expect(distroless.message).toContain('exec: "sh": executable file not found in $PATH');
    const noBash = await statusOf(c.pods.shOnly, ['/bin/bash']);
    expect(noBash.message).toContain('exec: "/bin/bash": stat /bin/bash: no such file or directory');
  });
});
