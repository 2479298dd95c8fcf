// The core facade as a host uses it: built by createCore from a kubeconfig, against the real
// cluster. The units behind it have their own tests; these check the wiring and the registry.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent } from '../../shared/bridge/sessions.ts';
import type { PodWatchEvent } from '../../shared/bridge/resources.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { CoreError } from '../../main/core/errors/core-error.ts';
import { EventLog } from '../support/event-log.ts';

const cluster = inject('cluster');

function userErrorOf(run: () => unknown): CoreError['userError'] {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error.userError;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe.skipIf(cluster === null)('the core facade on the real cluster', () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  const log = new EventLog();
  const eventsOf = (id: string): SessionEvent[] => log.events.filter((event) => event.id === id);

  beforeAll(async () => {
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    core.onSessionEvent(log.sink);
  });
  afterAll(() => core?.dispose());

  it('lists the kubeconfig contexts and the namespaces of one', async () => {
    const contexts = await core.listContexts();
    expect(contexts.map((context) => context.name).sort()).toEqual(Object.values(c.contexts).sort());
    const namespaces = await core.listNamespaces(c.contexts.admin);
    expect(namespaces.map((namespace) => namespace.name)).toEqual(expect.arrayContaining(c.namespaces));
  });

  it('watches pods: the first event brings the seed pods of the namespace', async () => {
    const events: PodWatchEvent[] = [];
    const snapshot = await new Promise<PodWatchEvent>((resolve) => {
      const stop = core.watchPods(c.contexts.admin, c.pods.single.namespace, (event) => {
        events.push(event);
        if (event.kind === 'snapshot') {
          stop();
          resolve(event);
        }
      });
    });
    expect(snapshot.kind === 'snapshot' && snapshot.pods.map((pod) => pod.name)).toEqual(
      expect.arrayContaining([c.pods.single.name, c.pods.seq.name]),
    );
  });

  it('runs an exec to its end, and forgets the session once closed', async () => {
    const info = await core.openExec({
      context: c.contexts.admin,
      namespace: c.pods.single.namespace,
      pod: c.pods.single.name,
      container: c.pods.single.containers[0],
      command: { kind: 'argv', argv: ['echo', 'through the facade'] },
      tty: false,
      stdin: false,
    });
    expect(info).toMatchObject({ kind: 'exec', id: expect.stringMatching(/^exec-\d+$/) });
    await log.until((event) => event.id === info.id && event.kind === 'state' && event.state.kind === 'exited');
    const output = eventsOf(info.id).flatMap((event) => (event.kind === 'output' ? [Buffer.from(event.bytes).toString()] : []));
    expect(output.join('')).toBe('through the facade\n');
    expect(core.listSessions().map((session) => session.id)).toContain(info.id);

    core.close(info.id);
    expect(core.listSessions().map((session) => session.id)).not.toContain(info.id);
    expect(userErrorOf(() => core.write(info.id, new Uint8Array([1])))).toMatchObject({ kind: 'invalid-request', title: 'No such session' });
  });

  it('streams log lines and refuses terminal input to a logs session', async () => {
    const info = await core.openLogs({
      context: c.contexts.admin,
      namespace: c.pods.single.namespace,
      pod: c.pods.single.name,
      follow: false,
    });
    await log.until((event) => event.id === info.id && event.kind === 'state' && event.state.kind === 'ended');
    const lines = eventsOf(info.id).flatMap((event) => (event.kind === 'lines' ? event.lines : []));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT/.test(line.timestamp))).toBe(true);
    expect(userErrorOf(() => core.write(info.id, new Uint8Array([1])))).toMatchObject({
      kind: 'invalid-request',
      title: 'A logs session cannot write',
    });
    expect(userErrorOf(() => core.resize(info.id, { cols: 80, rows: 24 }))).toMatchObject({ kind: 'invalid-request' });
    core.close(info.id);
  });

  it('rejects an open for a context the kubeconfig does not have, naming it', async () => {
    const opening = core.openExec({
      context: 'no-such-context',
      namespace: 'x',
      pod: 'y',
      command: { kind: 'shell' },
      tty: true,
      stdin: true,
    });
    await expect(opening).rejects.toMatchObject({ userError: { kind: 'kubeconfig', context: 'no-such-context' } });
  });
});
