// The RBAC-limited viewer context through the core: logs are allowed (get pods/log), attach is
// denied, in the API server's own words naming pods/attach. (Exec: exec-end.test.ts.)
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent } from '../../shared/bridge/sessions.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { EventLog } from '../support/event-log.ts';

const cluster = inject('cluster');
const WAIT_MS = 30_000;

describe.skipIf(cluster === null)('the viewer context through the core', () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  const log = new EventLog({ timeoutMs: WAIT_MS });
  const eventsOf = (id: string): SessionEvent[] => log.events.filter((event) => event.id === id);
  const finalOf = (id: string) =>
    log.until((event) => event.id === id && event.kind === 'state' && !['connecting', 'live', 'resuming'].includes(event.state.kind));

  beforeAll(async () => {
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    core.onSessionEvent(log.sink);
  });
  afterAll(() => core?.dispose());

  it('reads a pod’s logs: the lines arrive and the session ends normally', async () => {
    const { namespace, name } = c.pods.single;
    const info = await core.openLogs({ context: c.contexts.viewer, namespace, pod: name, follow: false });
    const final = await finalOf(info.id);
    expect(final.kind === 'state' && final.state.kind).toBe('ended');
    const lines = eventsOf(info.id).flatMap((event) => (event.kind === 'lines' ? event.lines.map((line) => line.text) : []));
    expect(lines).toEqual([...STATIC_LOG_LINES.default]);
    core.close(info.id);
  });

  it('is denied attach, with the server’s message naming pods/attach', async () => {
    const { namespace, name } = c.pods.seq;
    const info = await core.openAttach({ context: c.contexts.viewer, namespace, pod: name, tty: false, stdin: false });
    const final = await finalOf(info.id);
    expect(final.kind === 'state' && final.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', httpStatus: 403, context: c.contexts.viewer } });
    const detail = final.kind === 'state' && final.state.kind === 'failed' ? final.state.error.detail : '';
    expect(detail).toContain(`pods "${name}" is forbidden: User "${c.users.viewer}" cannot`);
    expect(detail).toContain('pods/attach');
    core.close(info.id);
  });
});
