import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import { formatBytes, offeredPorts, offeredServicePorts, targetLabel, workloadTarget } from '../../../../renderer/src/app/forward-form.ts';

function pod(fields: Partial<PodSummary>): PodSummary {
  return { uid: 'u', name: 'web-7f9c-x2', namespace: 'shop', phase: 'Running', labels: {}, containers: [], deleting: false, ...fields };
}

const container = (name: string, kind: 'main' | 'init', ports: { name?: string; containerPort: number; protocol: string }[]) =>
  ({ name, kind, image: 'x', state: { kind: 'running' }, restartCount: 0, hasPreviousLogs: false, ports }) as const;

describe('offeredPorts', () => {
  it("lists the main containers' TCP ports once each, in spec order", () => {
    const offered = offeredPorts(
      pod({
        containers: [
          container('setup', 'init', [{ containerPort: 1234, protocol: 'TCP' }]),
          container('app', 'main', [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
          ]),
          container('sidecar', 'main', [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, protocol: 'TCP' }]),
        ],
      }),
    );
    expect(offered).toEqual([
      { port: 8080, name: 'http', tooltip: 'Port 8080 (http) of container app' },
      { port: 9090, tooltip: 'Port 9090 of container sidecar' },
    ]);
    expect(offeredPorts(pod({}))).toEqual([]);
  });
});

describe('offeredServicePorts', () => {
  it("lists the Service's TCP ports in spec order, each naming the pod port it leads to", () => {
    const offered = offeredServicePorts({
      name: 'web',
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
        { port: 443, targetPort: 8443, protocol: 'TCP' },
        { port: 9000, protocol: 'TCP' },
      ],
    });
    expect(offered).toEqual([
      { port: 80, name: 'http', tooltip: 'Service port 80 (http): to the port its pods name http' },
      { port: 443, tooltip: 'Service port 443: to port 8443 of its pods' },
      { port: 9000, tooltip: 'Service port 9000: to port 9000 of its pods' },
    ]);
    expect(offeredServicePorts({ name: 'none', ports: [] })).toEqual([]);
  });
});

describe('workloadTarget', () => {
  it("finds a Deployment through its ReplicaSet's name and the pod-template-hash", () => {
    expect(workloadTarget(pod({ owner: { kind: 'ReplicaSet', name: 'web-7f9c' }, labels: { 'pod-template-hash': '7f9c' } }))).toEqual({ kind: 'deployment', name: 'web' });
  });

  it('takes a StatefulSet or DaemonSet as it is, and nothing else', () => {
    expect(workloadTarget(pod({ owner: { kind: 'StatefulSet', name: 'db' } }))).toEqual({ kind: 'statefulset', name: 'db' });
    expect(workloadTarget(pod({ owner: { kind: 'DaemonSet', name: 'agent' } }))).toEqual({ kind: 'daemonset', name: 'agent' });
    expect(workloadTarget(pod({ owner: { kind: 'ReplicaSet', name: 'bare' } }))).toBeNull();
    expect(workloadTarget(pod({ owner: { kind: 'Job', name: 'once' } }))).toBeNull();
    expect(workloadTarget(pod({}))).toBeNull();
  });
});

describe('words', () => {
  it('names targets and byte counts as people read them', () => {
    expect(targetLabel({ kind: 'deployment', name: 'web' })).toBe('Deployment web');
    expect(targetLabel({ kind: 'selector', selector: 'app=web' })).toBe('pods with app=web');
    expect([0, 1023, 1024, 1536, 5 * 1024 * 1024].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '5.0 MiB']);
  });
});
