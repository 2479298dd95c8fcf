import { describe, expect, it, vi } from 'vitest';
import type { SessionEvent, TerminalSize } from '../../../../../shared/bridge/sessions.ts';
import { PreparedShellSession, type PrepareShell } from '../../../../../main/core/debug/prepared-shell-session.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type { RemoteCommandSession } from '../../../../../main/core/sessions/remote-command-session.ts';
import type { SessionSink } from '../../../../../main/core/sessions/session.ts';
import { connectionFromKubeconfig } from '../../../../fake-server/fake-server.ts';

const connection = connectionFromKubeconfig(
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: [{ name: 'fake', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'fake',
  }),
);

/** The shell the preparation makes: records what it is asked, and emits through the sink it was given. */
class StubShell {
  readonly written: string[] = [];
  readonly acknowledged: number[] = [];
  size: TerminalSize | undefined;
  emit: SessionSink = () => undefined;
  closed = false;
  write(bytes: Uint8Array): void {
    this.written.push(new TextDecoder().decode(bytes));
  }
  resize(size: TerminalSize): void {
    this.size = size;
  }
  closeStdin(): void {}
  acknowledge(amount: number): void {
    this.acknowledged.push(amount);
  }
  start(): Promise<void> {
    this.emit({ kind: 'state', id: 's1', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } });
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
    this.emit({ kind: 'state', id: 's1', state: { kind: 'closed' } });
  }
}

function setup(prepare: (shell: StubShell) => PrepareShell) {
  const events: SessionEvent[] = [];
  const shell = new StubShell();
  const cleanUp = vi.fn();
  const session = new PreparedShellSession({ id: 's1', title: 'app-0: debug', emit: (event) => events.push(event), connection, doing: 'adding a debug container', prepare: prepare(shell), cleanUp });
  return { session, events, shell, cleanUp };
}

/** A preparation that reports one line, then waits for `go`. */
function gated(): { prepare: (shell: StubShell) => PrepareShell; go: () => void } {
  let go: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (go = resolve));
  return {
    go: () => go(),
    prepare: (shell) => async (progress) => {
      progress('Adding debug container…');
      await ready;
      return (emit, size) => {
        shell.emit = emit;
        shell.size = size;
        return shell as unknown as RemoteCommandSession;
      };
    },
  };
}

const text = (events: SessionEvent[]) => events.flatMap((event) => (event.kind === 'output' ? [new TextDecoder().decode(event.bytes)] : [])).join('');
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PreparedShellSession', () => {
  it('shows the preparation as dim lines, then the shell takes over under the same id', async () => {
    const { prepare, go } = gated();
    const { session, events, shell } = setup(prepare);
    await session.start();
    expect(session.info()).toMatchObject({ id: 's1', kind: 'exec', state: { kind: 'connecting' } });
    expect(text(events)).toBe('\x1b[2mAdding debug container…\x1b[0m\r\n');
    session.resize({ cols: 100, rows: 30 });
    session.write(new TextEncoder().encode('ls\r'));
    go();
    await flush();
    expect(session.state).toEqual({ kind: 'live', protocol: 'v5.channel.k8s.io' });
    // Typed before the shell existed: it reaches the shell, at the terminal's size.
    expect(shell.written).toEqual(['ls\r']);
    expect(shell.size).toEqual({ cols: 100, rows: 30 });
    shell.emit({ kind: 'output', id: 's1', channel: 'stdout', bytes: new TextEncoder().encode('/ # ') });
    expect(text(events)).toContain('/ # ');
  });

  it('acknowledges its own progress lines first, the rest to the shell', async () => {
    const { prepare, go } = gated();
    const { session, shell } = setup(prepare);
    await session.start();
    go();
    await flush();
    const own = session.unacknowledged;
    session.acknowledge(own + 7);
    expect(session.unacknowledged).toBe(0);
    expect(shell.acknowledged).toEqual([7]);
  });

  it('ends failed with the preparation’s error, and cleans up once', async () => {
    const refusal = new CoreError({ kind: 'forbidden', title: 'Not allowed to patch pods/ephemeralcontainers', detail: 'RBAC…' });
    const { session, cleanUp } = setup(() => () => Promise.reject(refusal));
    await session.start();
    await flush();
    expect(session.state).toEqual({ kind: 'failed', error: refusal.userError });
    session.close();
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });

  it('closed while preparing: aborts the preparation, ends closed and cleans up', async () => {
    let signal: AbortSignal | undefined;
    const { session, cleanUp } = setup(() => (_progress, given) => {
      signal = given;
      return new Promise(() => undefined);
    });
    await session.start();
    session.close();
    expect(signal?.aborted).toBe(true);
    expect(session.state).toEqual({ kind: 'closed' });
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });

  it('closing a running shell closes it, and its end is the session’s', async () => {
    const { prepare, go } = gated();
    const { session, shell, cleanUp } = setup(prepare);
    await session.start();
    go();
    await flush();
    session.close();
    expect(shell.closed).toBe(true);
    expect(session.state).toEqual({ kind: 'closed' });
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });
});
