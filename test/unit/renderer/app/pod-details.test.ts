// The details panel's words: the problem that matters most, said plainly, and each container's state.
import { describe, expect, it } from 'vitest';
import { ageText, podProblem, stateText, terminationText } from '../../../../renderer/src/app/pod-details.ts';
import type { ContainerDetails, PodDetails, PodEvent } from '../../../../shared/bridge/pod-details.ts';

function container(extra: Partial<ContainerDetails> = {}): ContainerDetails {
  return { name: 'app', kind: 'main', image: 'busybox:1.36', state: { kind: 'running' }, ready: true, restartCount: 0, hasPreviousLogs: false, ...extra };
}

function pod(containers: ContainerDetails[], extra: Partial<PodDetails> = {}): PodDetails {
  return { uid: 'u', name: 'web-0', namespace: 'shop', phase: 'Running', deleting: false, containers, conditions: [], ...extra };
}

function event(extra: Partial<PodEvent>): PodEvent {
  return { uid: 'e1', type: 'Normal', reason: 'Pulled', message: 'pulled', count: 1, ...extra };
}

describe('the problem at the top', () => {
  it('is nothing for a running, ready pod', () => {
    expect(podProblem(pod([container()]), [event({})])).toBeNull();
  });

  it('says a crash loop with the exit code and the restarts', () => {
    const crashing = container({
      state: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=app' },
      restartCount: 4,
      lastTermination: { exitCode: 3, reason: 'Error', finishedAt: '2026-12-06T09:00:00Z' },
    });
    expect(podProblem(pod([crashing]), [])).toEqual({
      tone: 'error',
      headline: 'Container app keeps crashing: it exited with code 3 (Error); restarted 4 times, Kubernetes waits longer before each restart (CrashLoopBackOff)',
      detail: 'back-off 40s restarting failed container=app',
    });
  });

  it('says OOMKilled as running out of memory', () => {
    const killed = container({ state: { kind: 'waiting', reason: 'CrashLoopBackOff' }, restartCount: 1, lastTermination: { exitCode: 137, reason: 'OOMKilled' } });
    expect(podProblem(pod([killed]), [])?.headline).toBe(
      'Container app keeps crashing: it was killed for using more memory than its limit (OOMKilled, exit code 137); restarted once, Kubernetes waits longer before each restart (CrashLoopBackOff)',
    );
  });

  it('keeps telling the last crash while the container runs again between crashes', () => {
    const recovered = container({ restartCount: 2, lastTermination: { exitCode: 137, reason: 'OOMKilled' } });
    expect(podProblem(pod([recovered]), [])).toEqual({
      tone: 'warning',
      headline: 'Container app restarted 2 times; last time it was killed for using more memory than its limit (OOMKilled, exit code 137)',
    });
    const exited = container({ restartCount: 1, lastTermination: { exitCode: 3, reason: 'Error' } });
    expect(podProblem(pod([exited]), [])?.headline).toBe('Container app restarted once; last time it exited with code 3 (Error)');
    expect(podProblem(pod([container({ restartCount: 1, lastTermination: { exitCode: 0, reason: 'Completed' } })]), [])).toBeNull();
  });

  it('names the image that cannot be pulled, with the runtime words', () => {
    const pulling = container({ image: 'nope:404', ready: false, state: { kind: 'waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:404"' } });
    expect(podProblem(pod([pulling]), [])).toEqual({
      tone: 'error',
      headline: 'Container app cannot pull its image nope:404 (ImagePullBackOff)',
      detail: 'Back-off pulling image "nope:404"',
    });
  });

  it('puts a failing init container first: the others wait for it', () => {
    const init = container({ name: 'setup', kind: 'init', state: { kind: 'terminated', exitCode: 1, reason: 'Error' } });
    const waiting = container({ state: { kind: 'waiting', reason: 'PodInitializing' }, ready: false });
    expect(podProblem(pod([init, waiting]), [])?.headline).toBe('Init container setup exited with code 1 (Error)');
    const exitedAgain = container({ state: { kind: 'terminated', exitCode: 3, reason: 'Error' }, restartCount: 3 });
    expect(podProblem(pod([exitedAgain]), [])?.headline).toBe('Container app exited with code 3 (Error); restarted 3 times so far');
  });

  it('says a failing probe from its Unhealthy events', () => {
    const notReady = container({ ready: false });
    const probe = event({ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 7 });
    expect(podProblem(pod([notReady]), [probe])).toEqual({ tone: 'warning', headline: 'A probe fails (7 times)', detail: probe.message });
  });

  it('says a pod that cannot be scheduled, with the scheduler words', () => {
    const unscheduled = pod([container({ state: { kind: 'unknown' }, ready: false })], {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }],
    });
    expect(podProblem(unscheduled, [])).toEqual({ tone: 'error', headline: 'The pod cannot be scheduled on any node', detail: '0/2 nodes are available: 2 Insufficient memory.' });
  });

  it('says an evicted pod', () => {
    expect(podProblem(pod([], { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }), [])).toEqual({
      tone: 'error',
      headline: 'The pod failed: Evicted',
      detail: 'The node was low on resource: memory.',
    });
  });

  it('does not call start-up a problem', () => {
    expect(podProblem(pod([container({ state: { kind: 'waiting', reason: 'ContainerCreating' }, ready: false })]), [])).toBeNull();
  });
});

describe('container lines', () => {
  it('writes states shortly', () => {
    expect(stateText(container())).toBe('Running, ready');
    expect(stateText(container({ ready: false }))).toBe('Running, not ready');
    expect(stateText(container({ state: { kind: 'waiting', reason: 'CrashLoopBackOff' } }))).toBe('Waiting: CrashLoopBackOff');
    expect(stateText(container({ state: { kind: 'terminated', exitCode: 3, reason: 'Error' } }))).toBe('Exited 3 (Error)');
    expect(stateText(container({ state: { kind: 'unknown' } }))).toBe('Not started');
  });

  it('writes a last termination with its age', () => {
    const now = Date.parse('2026-12-06T09:05:00Z');
    expect(terminationText({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-12-06T09:00:00Z' }, now)).toBe('OOMKilled, exit 137, 5m ago');
    expect(terminationText({ exitCode: 1, reason: '' }, now)).toBe('Ended, exit 1');
  });

  it('writes ages as kubectl does', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(ageText('2026-12-06T11:59:18Z', now)).toBe('42s');
    expect(ageText('2026-12-06T11:00:00Z', now)).toBe('60m');
    expect(ageText('2026-12-06T02:00:00Z', now)).toBe('10h');
    expect(ageText('2026-11-01T12:00:00Z', now)).toBe('35d');
    expect(ageText('not a time', now)).toBe('?');
  });
});
