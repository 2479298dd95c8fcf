import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary, PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import type { LogLine, MergedLogsRequest, SessionEvent } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { MergedLogsSession } from '../../../../../main/core/logs/merged-logs-session.ts';
import type { WatchPods } from '../../../../../main/core/logs/pod-source.ts';
import { FakeTransport, LOST, settle, type FakeConnection } from './fake-transport.ts';

const REQUEST: MergedLogsRequest = { context: 'prod', namespace: 'shop', selector: 'app=web', follow: true };

function container(name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return { name, kind: 'main', image: `${name}:1`, state: { kind: 'running' }, restartCount: 0, hasPreviousLogs: false, ...extra };
}

function pod(name: string, containers: ContainerSummary[] = [container('app')], extra: Partial<PodSummary> = {}): PodSummary {
  return { uid: `uid-${name}`, name, namespace: 'shop', phase: 'Running', labels: { app: 'web' }, containers, deleting: false, ...extra };
}

/** A pod watch the test drives. */
class ScriptedWatch {
  listener: ((event: PodWatchEvent) => void) | null = null;
  subscribed: { context: string; namespace: string; selector: string } | null = null;
  unsubscribed = false;
  readonly watchPods: WatchPods = (context, namespace, selector, onEvent) => {
    this.subscribed = { context, namespace, selector };
    this.listener = onEvent;
    return () => {
      this.unsubscribed = true;
    };
  };
  send(event: PodWatchEvent): void {
    this.listener?.(event);
  }
}

function openSession(request: Partial<MergedLogsRequest> = {}) {
  const fake = new FakeTransport();
  const watch = new ScriptedWatch();
  const events: SessionEvent[] = [];
  const session = new MergedLogsSession({
    id: 'm1',
    emit: (event) => events.push(event),
    request: { ...REQUEST, ...request },
    transport: fake.transport,
    watchPods: watch.watchPods,
    merge: { holdMs: 100, connectWaitMs: 1000, maxPendingBytes: 100_000 },
    watermarks: { high: 1000, low: 100 },
    leaveGraceMs: 500,
    backoff: { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 },
  });
  const started = session.start();
  return { session, fake, watch, events, started };
}

/** The connection reading `pod`/`container`. */
function connectionFor(fake: FakeTransport, podName: string, containerName: string): FakeConnection {
  const found = fake.connections.filter((c) => c.target.pod === podName && c.query('container') === containerName).at(-1);
  if (found === undefined) throw new Error(`no connection for ${podName}/${containerName}`);
  return found;
}

const at = (ms: number): string => `2024-05-01T10:00:00.${String(ms * 1_000_000).padStart(9, '0')}Z`;
const lines = (events: readonly SessionEvent[]): LogLine[] => events.flatMap((event) => (event.kind === 'lines' ? event.lines : []));
const states = (events: readonly SessionEvent[]): string[] => events.flatMap((event) => (event.kind === 'state' ? [event.state.kind] : []));
const notices = (events: readonly SessionEvent[]): string[] => events.flatMap((event) => (event.kind === 'notice' ? [event.message] : []));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MergedLogsSession', () => {
  it('refuses a request without a selector', () => {
    expect(() => openSession({ selector: ' ' })).toThrow(CoreError);
  });

  it('follows every container of every listed pod and merges their lines in timestamp order, tagged', async () => {
    const { fake, watch, events, started } = openSession();
    expect(watch.subscribed).toEqual({ context: 'prod', namespace: 'shop', selector: 'app=web' });
    watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app'), container('sidecar'), container('init', { kind: 'init', state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } })]), pod('web-1')] });
    await started;
    expect(states(events)).toEqual(['live']);
    expect(fake.connections.map((c) => `${c.target.pod}/${c.query('container')}`).sort()).toEqual([
      'web-0/app',
      'web-0/init',
      'web-0/sidecar',
      'web-1/app',
    ]);
    for (const connection of fake.connections) connection.accept();
    await settle();

    connectionFor(fake, 'web-0', 'init').send(`${at(1)} init done\n`);
    connectionFor(fake, 'web-1', 'app').send(`${at(30)} web-1 thirty\n`);
    connectionFor(fake, 'web-0', 'app').send(`${at(10)} web-0 ten\n${at(40)} web-0 forty\n`);
    connectionFor(fake, 'web-0', 'sidecar').send(`${at(20)} sidecar twenty\n`);
    await vi.advanceTimersByTimeAsync(100);

    expect(lines(events)).toEqual([
      { timestamp: at(1), text: 'init done', pod: 'web-0', container: 'init' },
      { timestamp: at(10), text: 'web-0 ten', pod: 'web-0', container: 'app' },
      { timestamp: at(20), text: 'sidecar twenty', pod: 'web-0', container: 'sidecar' },
      { timestamp: at(30), text: 'web-1 thirty', pod: 'web-1', container: 'app' },
      { timestamp: at(40), text: 'web-0 forty', pod: 'web-0', container: 'app' },
    ]);
  });

  it('adds pods that join and stops the logs of pods that leave, after their grace', async () => {
    const { fake, watch } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
    watch.send({ kind: 'upsert', pod: pod('web-1') });
    expect(fake.connections.map((c) => c.target.pod)).toEqual(['web-0', 'web-1']);
    watch.send({ kind: 'delete', uid: 'uid-web-0' });
    const leaving = connectionFor(fake, 'web-0', 'app');
    leaving.accept();
    await settle();
    await vi.advanceTimersByTimeAsync(499);
    expect(leaving.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(leaving.closed).toBe(true);
    watch.send({ kind: 'batch', upserts: [pod('web-2')], deletes: ['uid-web-1'] });
    expect(fake.connections.map((c) => c.target.pod)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('treats a pod missing from a new snapshot as gone', async () => {
    const { fake, watch } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0'), pod('web-1')] });
    connectionFor(fake, 'web-1', 'app').accept();
    watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
    await vi.advanceTimersByTimeAsync(500);
    expect(connectionFor(fake, 'web-1', 'app').closed).toBe(true);
  });

  it('waits for a container to start, and follows a restarted container anew', async () => {
    const { fake, watch } = openSession({ tailLines: 5 });
    watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app', { state: { kind: 'waiting', reason: 'ContainerCreating' } })])] });
    expect(fake.connections).toEqual([]);
    watch.send({ kind: 'upsert', pod: pod('web-0') });
    expect(fake.connections).toHaveLength(1);
    expect(fake.last.query('tailLines')).toBe('5');
    fake.last.accept();
    await settle();
    fake.last.end(); // the container stopped
    watch.send({ kind: 'upsert', pod: pod('web-0', [container('app', { restartCount: 1 })]) });
    expect(fake.connections).toHaveLength(2);
    expect(fake.last.query('tailLines')).toBeNull();
  });

  it('follows only the container asked for, and says which pods lack it', () => {
    const { fake, watch, events } = openSession({ container: 'app' });
    watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app'), container('sidecar')]), pod('db-0', [container('db')])] });
    expect(fake.connections.map((c) => `${c.target.pod}/${c.query('container')}`)).toEqual(['web-0/app']);
    expect(notices(events)).toEqual(['Pod db-0 has no container app; its logs are not included.']);
  });

  it('without follow, reads the listed pods once and ends when every log has ended', async () => {
    const { fake, watch, events } = openSession({ follow: false });
    watch.send({ kind: 'snapshot', pods: [pod('web-0'), pod('web-1')] });
    expect(watch.unsubscribed).toBe(true);
    for (const connection of fake.connections) connection.accept();
    await settle();
    connectionFor(fake, 'web-1', 'app').send(`${at(2)} b\n`);
    connectionFor(fake, 'web-1', 'app').end();
    connectionFor(fake, 'web-0', 'app').send(`${at(1)} a\n${at(3)} c`);
    expect(states(events)).toEqual(['live']);
    connectionFor(fake, 'web-0', 'app').end();
    expect(lines(events).map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(states(events)).toEqual(['live', 'ended']);
  });

  it('is resuming while a stream resumes, and live again once it is back', async () => {
    const { fake, watch, events } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0'), pod('web-1')] });
    for (const connection of fake.connections) connection.accept();
    await settle();
    connectionFor(fake, 'web-0', 'app').send(`${at(1)} a\n`);
    connectionFor(fake, 'web-0', 'app').drop();
    expect(events.at(-1)).toEqual({ kind: 'state', id: 'm1', state: { kind: 'resuming', attempt: 1, error: LOST } });
    await vi.advanceTimersByTimeAsync(50);
    fake.last.accept();
    await settle();
    expect(states(events)).toEqual(['live', 'resuming', 'live']);
  });

  it('tells a failed stream as a notice and keeps the others going', async () => {
    const { fake, watch, events } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0'), pod('web-1')] });
    const refused: UserError = { kind: 'bad-request', title: 'Request refused', detail: 'container is terminated' };
    connectionFor(fake, 'web-0', 'app').refuse(refused);
    connectionFor(fake, 'web-1', 'app').accept();
    await settle();
    expect(notices(events)).toEqual(['Logs of pod web-0, container app: Request refused: container is terminated']);
    expect(states(events)).toEqual(['live']);
  });

  it('fails when the pod list is refused for good before it arrived', async () => {
    const { watch, events, started } = openSession();
    const forbidden: UserError = { kind: 'forbidden', title: 'Denied by RBAC', detail: 'cannot list pods' };
    watch.send({ kind: 'health', health: 'connecting', error: forbidden });
    await started;
    expect(states(events)).toEqual(['failed']);
    expect(watch.unsubscribed).toBe(true);
  });

  it('pauses every stream while the consumer is behind, including streams opened meanwhile', async () => {
    const { session, fake, watch } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
    fake.last.accept();
    await settle();
    fake.last.send(`${at(1)} ${'x'.repeat(1200)}\n`);
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.last.paused).toBe(true);
    watch.send({ kind: 'upsert', pod: pod('web-1') });
    fake.last.accept();
    await settle();
    expect(fake.last.paused).toBe(true);
    session.acknowledge(session.unacknowledged);
    expect(fake.connections.map((c) => c.paused)).toEqual([false, false]);
  });

  it('closes everything on close()', async () => {
    const { session, fake, watch, events } = openSession();
    watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
    fake.last.accept();
    await settle();
    session.close();
    expect(fake.last.closed).toBe(true);
    expect(watch.unsubscribed).toBe(true);
    expect(states(events)).toEqual(['live', 'closed']);
  });
});
