// Attach on the real node: to the `seq` container's own stdout, and both ways to the `cat`
// container, whose main process echoes its stdin.
import { describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('attach on the real cluster', () => {
  const c = cluster as ClusterInfo;
  const sessions = useRealSessions();

  it('streams the main process’s output as it is written, until closed', async () => {
    const { session, log } = sessions.attach();
    const numbers = (): number[] => [...log.outputText().matchAll(/seq (\d+)/g)].map((match) => Number(match[1]));
    await log.until(() => numbers().length >= 3);
    const seen = numbers();
    // Consecutive lines, as the writer appends them: nothing lost or repeated in between.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe((seen[i - 1] ?? 0) + 1);
    expect(session.state).toEqual({ kind: 'live', protocol: 'v5.channel.k8s.io' });
    expect(session.info().title).toBe(`${c.pods.seq.name}/${c.pods.seq.containers[0]} (attached)`);
    session.close();
    expect(log.states()).toEqual(['live', 'closed']);
  });

  it('writes to a container’s own stdin and reads its stdout back (a `cat` container)', async () => {
    const pod = c.pods.cat;
    const { session, log } = sessions.attach({ namespace: pod.namespace, pod: pod.name, container: pod.containers[0], stdin: true });
    await log.until(() => session.state.kind === 'live');
    const marker = `porthole-attach-${Date.now()}`;
    session.write(Buffer.from(`${marker}\n`));
    await log.until(() => log.outputText().includes(`${marker}\n`));
    expect(log.outputText('stdout')).toBe(`${marker}\n`);
    session.close();
    expect(log.states()).toEqual(['live', 'closed']);
  });

  it('fails the viewer’s attach with the server’s own words', async () => {
    const { log } = sessions.attach({ context: c.contexts.viewer });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', httpStatus: 403 } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain('resource "pods/attach"');
  });
});
