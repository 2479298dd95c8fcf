import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { toPodSummary } from '../../../../../main/core/resources/pod-summary.ts';

function podWith(metadata: object, status: object = {}): unknown {
  return { metadata: { name: 'web-7f9c-x2', namespace: 'shop', uid: 'u1', ...metadata }, spec: { containers: [{ name: 'app' }] }, status };
}

function protocolDetail(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError && error.userError.kind === 'protocol') return error.userError.detail;
    throw error;
  }
  throw new Error('expected a protocol error');
}

describe('pod owner and readiness', () => {
  it('takes the controlling owner reference, not another owner', () => {
    const pod = toPodSummary(
      podWith({
        ownerReferences: [
          { kind: 'ConfigMap', name: 'not-the-controller', uid: 'a' },
          { kind: 'ReplicaSet', name: 'web-7f9c', uid: 'b', controller: true },
        ],
      }),
    );
    expect(pod.owner).toEqual({ kind: 'ReplicaSet', name: 'web-7f9c' });
  });

  it('has no owner for a lone pod or one whose owners do not control it', () => {
    expect(toPodSummary(podWith({})).owner).toBeUndefined();
    expect(toPodSummary(podWith({ ownerReferences: [{ kind: 'Node', name: 'n1', controller: false }] })).owner).toBeUndefined();
  });

  it('reads the Ready condition, and says nothing when the status does not', () => {
    expect(toPodSummary(podWith({}, { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] })).ready).toBe(true);
    expect(toPodSummary(podWith({}, { conditions: [{ type: 'Ready', status: 'False' }] })).ready).toBe(false);
    expect(toPodSummary(podWith({})).ready).toBeUndefined();
  });

  it('names the field when an owner reference or a condition is malformed', () => {
    expect(protocolDetail(() => toPodSummary(podWith({ ownerReferences: ['x'] })))).toContain('metadata.ownerReferences[0] should be an owner reference object');
    expect(protocolDetail(() => toPodSummary(podWith({ ownerReferences: [{ kind: 'Job', name: 'j', controller: 'yes' }] })))).toContain(
      'metadata.ownerReferences[0].controller should be true or false',
    );
    expect(protocolDetail(() => toPodSummary(podWith({ ownerReferences: [{ name: 'j', controller: true }] })))).toContain('metadata.ownerReferences[0].kind');
    expect(protocolDetail(() => toPodSummary(podWith({}, { conditions: [3] })))).toContain('status.conditions[0] should be a pod condition object');
  });

  it('reads how the previous instance ended, with its finish time', () => {
    const pod = toPodSummary({
      metadata: { name: 'p', namespace: 'n', uid: 'u' },
      spec: { containers: [{ name: 'app' }] },
      status: {
        containerStatuses: [
          { name: 'app', restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2024-05-01T10:00:05Z' } } },
        ],
      },
    });
    expect(pod.containers[0]?.lastTermination).toEqual({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2024-05-01T10:00:05Z' });
  });
});
