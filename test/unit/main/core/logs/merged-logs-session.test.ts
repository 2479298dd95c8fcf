import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary, PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import type { LogLine, MergedLogsRequest, SessionEvent } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { MergedLogsSession } from '../../../../../main/core/logs/merged-logs-session.ts';
import type { LogTransport } from '../../../../../main/core/logs/log-transport.ts';
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
  /** Each context's listener, for sessions that follow several. */
  readonly listeners = new Map<string, (event: PodWatchEvent) => void>();
  readonly watchPods: WatchPods = (context, namespace, selector, onEvent) => {
    this.subscribed = { context, namespace, selector };
    this.listener = onEvent;
    this.listeners.set(context, onEvent);
    return () => {
      this.unsubscribed = true;
    };
  };
  send(event: PodWatchEvent): void {
    this.listener?.(event);
  }
  sendTo(context: string, event: PodWatchEvent): void {
    this.listeners.get(context)?.(event);
  }
}

const ONE_POD: MergedLogsRequest = { context: 'prod', namespace: 'shop', pod: 'web-0', follow: true };

function openSession(
  request: Partial<MergedLogsRequest> = {},
  transportFor?: (fake: FakeTransport) => (context: string) => LogTransport,
  base: MergedLogsRequest = REQUEST,
) {
  const fake = new FakeTransport();
  const watch = new ScriptedWatch();
  const events: SessionEvent[] = [];
  const session = new MergedLogsSession({
    id: 'm1',
    emit: (event) => events.push(event),
    request: { ...base, ...request },
    transportFor: transportFor?.(fake) ?? (() => fake.transport),
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

  it('refuses a request with both a selector and a pod, or neither', () => {
    expect(() => openSession({ pod: 'web-0' })).toThrow(/either a label selector such as app=web or a pod name/);
    expect(() => openSession({}, undefined, { context: 'prod', namespace: 'shop', follow: true })).toThrow(/either a label selector/);
    expect(() => openSession({ pod: '' }, undefined, ONE_POD)).toThrow(/need its name/);
  });

  describe('one pod (all containers of a single pod)', () => {
    const ARRIVALS = {
      'sidecar first': ['sidecar', 'app'],
      'app first': ['app', 'sidecar'],
    } as const;

    it.each(Object.entries(ARRIVALS))('merges its containers in timestamp order, %s', async (_name, order) => {
      const { fake, watch, events, session, started } = openSession({}, undefined, ONE_POD);
      // The namespace's pod watch (the one the pod list uses), filtered to the pod by name.
      expect(watch.subscribed).toEqual({ context: 'prod', namespace: 'shop', selector: '' });
      expect(session.info().title).toBe('logs of pod web-0, all containers (shop)');
      watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app'), container('sidecar')]), pod('web-1')] });
      await started;
      expect(fake.connections.map((c) => `${c.target.pod}/${c.query('container')}`).sort()).toEqual(['web-0/app', 'web-0/sidecar']);
      for (const connection of fake.connections) connection.accept();
      await settle();

      const written = { app: `${at(10)} app ten\n${at(30)} app thirty\n`, sidecar: `${at(20)} sidecar twenty\n${at(40)} sidecar forty\n` };
      for (const name of order) connectionFor(fake, 'web-0', name).send(written[name]);
      await vi.advanceTimersByTimeAsync(100);

      const inTimeOrder = [[10, 'app', 'app ten'], [20, 'sidecar', 'sidecar twenty'], [30, 'app', 'app thirty'], [40, 'sidecar', 'sidecar forty']] as const;
      expect(lines(events)).toEqual(inTimeOrder.map(([ms, name, text]) => ({ timestamp: at(ms), text, pod: 'web-0', container: name })));
    });

    it('leaves other pods of the namespace alone, and says so when the pod is not there', async () => {
      const { fake, watch, events, started } = openSession({ follow: false }, undefined, ONE_POD);
      watch.send({ kind: 'snapshot', pods: [pod('web-1'), pod('web-00')] });
      await started;
      expect(fake.connections).toEqual([]);
      expect(notices(events)).toEqual(['Pod web-0 is not in namespace shop.']);
      expect(states(events)).toEqual(['live', 'ended']);
    });

    it('reads the previous instance of each container that has one, and says so when none has', async () => {
      const restarted = container('sidecar', { restartCount: 1, hasPreviousLogs: true });
      const withPrevious = openSession({ follow: false, previous: true }, undefined, ONE_POD);
      withPrevious.watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app'), restarted])] });
      await withPrevious.started;
      expect(withPrevious.fake.connections.map((c) => `${c.query('container')} previous=${c.query('previous')}`)).toEqual(['sidecar previous=true']);
      expect(notices(withPrevious.events)).toEqual([]);

      const without = openSession({ follow: false, previous: true }, undefined, ONE_POD);
      without.watch.send({ kind: 'snapshot', pods: [pod('web-0', [container('app'), container('sidecar')])] });
      await without.started;
      expect(without.fake.connections).toEqual([]);
      expect(notices(without.events)).toEqual(['No container of pod web-0 has a previous instance (none has restarted).']);
      expect(states(without.events)).toEqual(['live', 'ended']);
    });

    it('follows a pod of the same name that replaces it, and no other pod that comes', async () => {
      const { fake, watch, started } = openSession({}, undefined, ONE_POD);
      watch.send({ kind: 'snapshot', pods: [] });
      await started;
      watch.send({ kind: 'upsert', pod: pod('web-1') });
      watch.send({ kind: 'batch', upserts: [pod('web-2')], deletes: [] });
      expect(fake.connections).toEqual([]);
      watch.send({ kind: 'upsert', pod: pod('web-0', [container('app')], { uid: 'uid-web-0-again' }) });
      expect(fake.connections.map((c) => `${c.target.pod}/${c.query('container')}`)).toEqual(['web-0/app']);
    });
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
    // Nothing of the previous instance was shown: its tail is read once, then the new one followed.
    expect(fake.connections).toHaveLength(2);
    expect(fake.last.query('previous')).toBe('true');
    expect(fake.last.query('tailLines')).toBe('5');
    fake.last.accept();
    await settle();
    fake.last.end();
    expect(fake.connections).toHaveLength(3);
    expect(fake.last.query('previous')).toBeNull();
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

  describe('following a workload', () => {
    const atSecond = (second: number, ms = 0): string => `2024-05-01T10:00:0${second}.${String(ms * 1_000_000).padStart(9, '0')}Z`;
    const shown = (events: readonly SessionEvent[]): string[] => lines(events).map((l) => (l.marker === undefined ? l.text : `[${l.marker}] ${l.text}`));

    it('marks a pod that joins, stamped when it started, before its first lines', async () => {
      const { fake, watch, events } = openSession();
      watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
      watch.send({ kind: 'upsert', pod: pod('web-1', [container('app', { state: { kind: 'running', startedAt: atSecond(1) } })]) });
      for (const connection of fake.connections) connection.accept();
      await settle();
      connectionFor(fake, 'web-0', 'app').send(`${atSecond(0, 5)} old\n${atSecond(2)} later\n`);
      connectionFor(fake, 'web-1', 'app').send(`${atSecond(1, 1)} first\n`);
      await vi.advanceTimersByTimeAsync(100);
      expect(shown(events)).toEqual(['old', '[joined] pod web-1 joined', 'first', 'later']);
      expect(lines(events)[1]).toMatchObject({ pod: 'web-1', timestamp: atSecond(1) });
    });

    it('marks a deleted pod below its last lines as soon as its logs ended', async () => {
      const { fake, watch, events } = openSession();
      watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
      fake.last.accept();
      await settle();
      fake.last.send(`${atSecond(0, 1)} last words\n`);
      watch.send({ kind: 'upsert', pod: pod('web-0', [container('app')], { deleting: true }) });
      fake.last.end();
      await vi.advanceTimersByTimeAsync(0);
      expect(shown(events)).toEqual(['last words', '[left] pod web-0 deleted']);
    });

    it('marks a restart with how the previous instance ended, and shows its unshown lines once, before the new ones', async () => {
      const { fake, watch, events } = openSession();
      watch.send({ kind: 'snapshot', pods: [pod('web-0')] });
      fake.last.accept();
      await settle();
      fake.last.send(`${atSecond(0, 1)} a\n${atSecond(0, 2)} b\n`);
      // The stream ended before the last line reached us.
      fake.last.end();
      const restarted = container('app', {
        restartCount: 1,
        hasPreviousLogs: true,
        state: { kind: 'running', startedAt: atSecond(2) },
        lastTermination: { exitCode: 137, reason: 'OOMKilled', finishedAt: atSecond(1) },
      });
      watch.send({ kind: 'upsert', pod: pod('web-0', [restarted]) });
      const previous = fake.last;
      expect(previous.query('previous')).toBe('true');
      expect(previous.query('sinceTime')).toBe('2024-05-01T10:00:00Z');
      expect(previous.query('follow')).toBeNull();
      previous.accept();
      await settle();
      previous.send(`${atSecond(0, 1)} a\n${atSecond(0, 2)} b\n${atSecond(0, 3)} c, the crash\n`);
      previous.end();
      const current = fake.last;
      expect(current).not.toBe(previous);
      expect(current.query('follow')).toBe('true');
      current.accept();
      await settle();
      current.send(`${atSecond(2, 1)} fresh start\n`);
      await vi.advanceTimersByTimeAsync(100);
      expect(shown(events)).toEqual(['a', 'b', 'c, the crash', '[restarted] container app restarted: exit 137, OOMKilled', 'fresh start']);
    });

    it('leaves out init and ephemeral containers when asked to', () => {
      const { fake, watch } = openSession({ mainContainersOnly: true });
      const debug = container('debugger', { kind: 'ephemeral' });
      const init = container('setup', { kind: 'init', state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } });
      watch.send({ kind: 'snapshot', pods: [pod('web-0', [init, container('app'), debug])] });
      expect(fake.connections.map((c) => c.query('container'))).toEqual(['app']);
    });

    it('follows the selector in several contexts, tags each line, and marks a failing context while the others flow', async () => {
      const { fake, watch, events, started } = openSession({ extraContexts: ['staging', 'viewer'] });
      expect([...watch.listeners.keys()]).toEqual(['prod', 'staging', 'viewer']);
      const forbidden: UserError = { kind: 'forbidden', title: 'Denied by RBAC', detail: 'cannot list pods' };
      watch.sendTo('viewer', { kind: 'health', health: 'connecting', error: forbidden });
      watch.sendTo('prod', { kind: 'snapshot', pods: [pod('web-0')] });
      watch.sendTo('staging', { kind: 'snapshot', pods: [pod('web-0')] });
      await started;
      expect(states(events)).toEqual(['live']);
      for (const connection of fake.connections) connection.accept();
      await settle();
      fake.connections[0]?.send(`${atSecond(1)} from prod\n`);
      fake.connections[1]?.send(`${atSecond(2)} from staging\n`);
      await vi.advanceTimersByTimeAsync(100);
      const got = lines(events);
      expect(got.filter((l) => l.marker === undefined).map((l) => [l.context, l.text])).toEqual([
        ['prod', 'from prod'],
        ['staging', 'from staging'],
      ]);
      expect(got.filter((l) => l.marker !== undefined).map((l) => [l.marker, l.context, l.text])).toEqual([
        ['context-failed', 'viewer', 'context viewer: Denied by RBAC: cannot list pods'],
      ]);
    });

    it('marks a context it cannot reach at all, and fails only when no context is left', async () => {
      const unusable = (context: string): CoreError =>
        new CoreError({ kind: 'kubeconfig', title: 'Context not usable', detail: `no cluster for ${context}`, context });
      const { watch, events } = openSession({ extraContexts: ['gone'] }, (fake) => (context) => {
        if (context === 'gone') throw unusable(context);
        return fake.transport;
      });
      watch.sendTo('prod', { kind: 'snapshot', pods: [] });
      await vi.advanceTimersByTimeAsync(0);
      expect(states(events)).toEqual(['live']);
      expect(lines(events).map((l) => l.text)).toEqual(['context gone: Context not usable: no cluster for gone']);

      const alone = openSession({ extraContexts: ['gone'] }, () => (context) => {
        throw unusable(context);
      });
      await alone.started;
      expect(states(alone.events)).toEqual(['failed']);
    });
  });
});
