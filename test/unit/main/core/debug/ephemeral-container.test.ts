import { describe, expect, it } from 'vitest';
import {
  DEBUG_CONTAINER_PREFIX,
  debugContainerName,
  debugContainerProgress,
  ephemeralContainerPatch,
  reusableDebugContainer,
  startingText,
  toDebuggablePod,
} from '../../../../../main/core/debug/ephemeral-container.ts';

interface Ephemeral {
  readonly name: string;
  readonly image?: string;
  readonly target?: string;
  readonly state?: object;
}

function pod(ephemeral: readonly Ephemeral[] = [], annotations: Record<string, string> = {}): unknown {
  return {
    metadata: { name: 'app-0', namespace: 'shop', uid: 'u1', annotations },
    spec: {
      containers: [{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'side:1' }],
      ephemeralContainers: ephemeral.map((e) => ({ name: e.name, image: e.image ?? 'busybox:1.36', ...(e.target === undefined ? {} : { targetContainerName: e.target }) })),
    },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', image: 'app:1', state: { running: {} } }],
      ephemeralContainerStatuses: ephemeral
        .filter((e) => e.state !== undefined)
        .map((e) => ({ name: e.name, image: e.image ?? 'busybox:1.36', state: e.state })),
    },
  };
}

describe('debugContainerName', () => {
  it('is porthole-debug- and five characters a container name allows', () => {
    const name = debugContainerName();
    expect(name.startsWith(DEBUG_CONTAINER_PREFIX)).toBe(true);
    expect(name).toMatch(/^porthole-debug-[a-z0-9]{5}$/);
  });

  it('differs between calls with different randomness', () => {
    expect(debugContainerName(() => 0)).not.toBe(debugContainerName(() => 0.99));
  });
});

describe('ephemeralContainerPatch', () => {
  it('adds one ephemeral container with its target, stdin and tty, as kubectl debug --target does', () => {
    expect(ephemeralContainerPatch({ name: 'porthole-debug-abcde', image: 'busybox:1.36', target: 'app' })).toEqual({
      spec: {
        ephemeralContainers: [
          {
            name: 'porthole-debug-abcde',
            image: 'busybox:1.36',
            targetContainerName: 'app',
            stdin: true,
            tty: true,
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
      },
    });
  });
});

describe('toDebuggablePod', () => {
  it('reads each ephemeral container target, and the first container as the default', () => {
    const parsed = toDebuggablePod(pod([{ name: 'porthole-debug-aaaaa', target: 'app' }, { name: 'other' }]));
    expect(parsed.targets.get('porthole-debug-aaaaa')).toBe('app');
    expect(parsed.targets.get('other')).toBe('');
    expect(parsed.defaultContainer).toBe('app');
  });

  it('takes the default-container annotation when it names a container', () => {
    expect(toDebuggablePod(pod([], { 'kubectl.kubernetes.io/default-container': 'sidecar' })).defaultContainer).toBe('sidecar');
    expect(toDebuggablePod(pod([], { 'kubectl.kubernetes.io/default-container': 'nope' })).defaultContainer).toBe('app');
  });

  it('refuses a malformed pod with a protocol error naming the field', () => {
    expect(() => toDebuggablePod({ metadata: { name: 'x', uid: 'u', namespace: 'n' }, spec: { ephemeralContainers: 'no' } })).toThrow(/ephemeralContainers/);
  });
});

describe('reusableDebugContainer', () => {
  const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };

  it('reuses our running debug container of the same image and target', () => {
    expect(reusableDebugContainer(toDebuggablePod(pod([{ name: 'porthole-debug-aaaaa', target: 'app', state: running }])), 'app', 'busybox:1.36')).toBe('porthole-debug-aaaaa');
  });

  it('does not reuse one of another image, another target, not ours, or terminated', () => {
    const parsed = toDebuggablePod(
      pod([
        { name: 'porthole-debug-image', target: 'app', image: 'alpine:3', state: running },
        { name: 'porthole-debug-other', target: 'sidecar', state: running },
        { name: 'debugger-kubectl', target: 'app', state: running },
        { name: 'porthole-debug-ended', target: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ]),
    );
    expect(reusableDebugContainer(parsed, 'app', 'busybox:1.36')).toBeUndefined();
  });

  it('prefers a running one to one still starting', () => {
    const parsed = toDebuggablePod(
      pod([
        { name: 'porthole-debug-start', target: 'app', state: { waiting: { reason: 'ContainerCreating' } } },
        { name: 'porthole-debug-runs', target: 'app', state: running },
      ]),
    );
    expect(reusableDebugContainer(parsed, 'app', 'busybox:1.36')).toBe('porthole-debug-runs');
  });
});

describe('debugContainerProgress', () => {
  const progressOf = (state?: object) => debugContainerProgress(toDebuggablePod(pod([{ name: 'porthole-debug-x', target: 'app', ...(state === undefined ? {} : { state }) }])), 'porthole-debug-x');

  it('is starting before the kubelet reports it, and while the image is pulled', () => {
    expect(progressOf()).toEqual({ kind: 'starting', reason: 'Pending' });
    expect(progressOf({ waiting: { reason: 'ContainerCreating' } })).toEqual({ kind: 'starting', reason: 'ContainerCreating' });
  });

  it('is running once it runs', () => {
    expect(progressOf({ running: {} })).toEqual({ kind: 'running' });
  });

  it('fails with the kubelet words when the image cannot be pulled', () => {
    const message = 'Back-off pulling image "nope:1"';
    expect(progressOf({ waiting: { reason: 'ImagePullBackOff', message } })).toEqual({ kind: 'failed', reason: 'ImagePullBackOff', message });
    expect(progressOf({ waiting: { reason: 'ErrImagePull', message: 'x' } }).kind).toBe('failed');
  });

  it('fails when it already ended', () => {
    expect(progressOf({ terminated: { exitCode: 1, reason: 'Error' } })).toEqual({ kind: 'failed', reason: 'Error', message: 'it exited with code 1' });
  });
});

describe('startingText', () => {
  it('says the image is being pulled while the container is created', () => {
    expect(startingText('ContainerCreating', 'busybox:1.36')).toBe('Pulling image busybox:1.36 and starting…');
    expect(startingText('PodInitializing', 'busybox:1.36')).toBe('Waiting (PodInitializing)…');
  });
});
