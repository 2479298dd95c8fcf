// A tty shell on the real node: commands run, and `stty size` follows resizes.
import { describe, expect, inject, it } from 'vitest';
import type { EventLog } from '../support/event-log.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

/** Output after `from`, as text; a tty merges stderr into stdout. */
const textSince = (log: EventLog, from: number): string => log.outputText().slice(from);

describe.skipIf(cluster === null)('exec: tty shell on the real cluster', () => {
  const sessions = useRealSessions();

  it('runs commands, reports `stty size` after a resize, and exits 0', async () => {
    const { session, log } = sessions.exec({ command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 80, rows: 24 } });

    // The shell's answer is "SIZE=<rows> <cols>="; the echoed command line ("$(stty size)") never matches.
    const askSize = async (): Promise<string> => {
      const from = log.outputText().length;
      session.write(Buffer.from('echo SIZE=$(stty size)=\r'));
      await log.until(() => /SIZE=\d+ \d+=/.test(textSince(log, from)));
      return /SIZE=(\d+ \d+)=/.exec(textSince(log, from))?.[1] ?? '';
    };

    session.write(Buffer.from('echo ran-$((40 + 2))\r'));
    await log.until(() => log.outputText().includes('ran-42'));
    expect(await askSize()).toBe('24 80');

    session.resize({ cols: 132, rows: 43 });
    // The resize and the keystrokes travel as separate streams to the kubelet, so the first
    // question may overtake the resize; the shell must report the new size within a few asks.
    let size = await askSize();
    for (let asked = 1; size !== '43 132' && asked < 20; asked++) size = await askSize();
    expect(size).toBe('43 132');

    expect(session.state).toEqual({ kind: 'live', protocol: 'v5.channel.k8s.io' });
    expect(session.candidate).toBe('bash');
    session.write(Buffer.from('exit\r'));
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });
});
