// Pod objects as the API server sends them, small enough to write many of.
export function podObject(
  name: string,
  resourceVersion: string,
  extra: { labels?: Record<string, string>; phase?: string; deletionTimestamp?: string } = {},
): object {
  return {
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      resourceVersion,
      labels: extra.labels ?? { app: 'web' },
      ...(extra.deletionTimestamp === undefined ? {} : { deletionTimestamp: extra.deletionTimestamp }),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'web:1' }] },
    status: {
      phase: extra.phase ?? 'Running',
      containerStatuses: [{ name: 'app', restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }],
    },
  };
}

export function bookmark(resourceVersion: string): object {
  return { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion } };
}

export function goneStatus(): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'too old resource version: 5 (120)',
    reason: 'Expired',
    code: 410,
  };
}
