import { describe, expect, it } from 'vitest';
import { PodSet } from '../../../renderer/src/app/pod-set.ts';
import {
  compilePodFilter,
  contextKey,
  flattenTree,
  keyParts,
  restorableExpansion,
  namespaceKey,
  parentKey,
  podKey,
  type NamespaceList,
  type TreeInput,
  type TreeRow,
} from '../../../renderer/src/app/pod-tree.ts';
import { container, context, pod } from './fake-bridge.ts';

function input(extra: Partial<TreeInput> = {}): TreeInput {
  return { contexts: [], namespaces: new Map(), pods: new Map(), expanded: new Set(), filter: '', ...extra };
}

const labels = (rows: readonly TreeRow[]) =>
  rows.map((row) => (row.kind === 'message' ? `! ${row.text}` : `${'  '.repeat(row.depth)}${row.path.split('/').at(-1)}`));

function podSet(...pods: ReturnType<typeof pod>[]): PodSet {
  const set = new PodSet();
  set.apply({ kind: 'snapshot', pods });
  return set;
}

describe('PodSet', () => {
  it('applies a snapshot, upserts, deletes and batches, sorted by name', () => {
    const set = new PodSet();
    expect(set.loaded).toBe(false);
    set.apply({ kind: 'snapshot', pods: [pod('web-b'), pod('web-a')] });
    expect(set.loaded).toBe(true);
    expect(set.sorted.map((p) => p.name)).toEqual(['web-a', 'web-b']);
    set.apply({ kind: 'upsert', pod: pod('api') });
    set.apply({ kind: 'delete', uid: 'uid-web-b' });
    expect(set.sorted.map((p) => p.name)).toEqual(['api', 'web-a']);
    set.apply({ kind: 'batch', upserts: [pod('db'), { ...pod('api'), phase: 'Failed' }], deletes: ['uid-web-a'] });
    expect(set.sorted.map((p) => `${p.name}:${p.phase}`)).toEqual(['api:Failed', 'db:Running']);
    expect(set.apply({ kind: 'delete', uid: 'nope' })).toBe(false);
  });

  it('keeps the sorted list until something changes', () => {
    const set = podSet(pod('a'), pod('b'));
    const first = set.sorted;
    set.apply({ kind: 'health', health: 'live' });
    expect(set.sorted).toBe(first);
    set.apply({ kind: 'upsert', pod: pod('c') });
    expect(set.sorted).not.toBe(first);
  });

  it('remembers why the watch is reconnecting, and forgets it when live again', () => {
    const set = podSet(pod('a'));
    const error = { kind: 'network' as const, title: 'Connection refused', detail: 'ECONNREFUSED 127.0.0.1:6443' };
    set.apply({ kind: 'health', health: 'reconnecting', error });
    expect(set.error).toBe(error);
    set.apply({ kind: 'health', health: 'live' });
    expect(set.error).toBeUndefined();
  });
});

describe('flattenTree', () => {
  const contexts = [context('prod', { isCurrent: true }), context('staging')];
  const namespaces = new Map<string, NamespaceList>([['prod', { loading: false, names: ['default', 'web'] }]]);

  it('shows contexts, the namespaces of open contexts and the pods and containers of open ones', () => {
    const pods = new Map([[namespaceKey('prod', 'web'), podSet(pod('web-1', { namespace: 'web', containers: [container('app'), container('setup', { kind: 'init' })] }), pod('web-0', { namespace: 'web' }))]]);
    const expanded = new Set([contextKey('prod'), namespaceKey('prod', 'web'), podKey('prod', 'web', 'web-1')]);
    expect(labels(flattenTree(input({ contexts, namespaces, pods, expanded })))).toEqual([
      'prod',
      '  default',
      '  web',
      '    web-0',
      '    web-1',
      '      setup', // init containers first, as they ran
      '      app',
      'staging',
    ]);
  });

  it('says what is loading, and why a context or a list failed', () => {
    const broken = context('broken', { problem: { kind: 'kubeconfig', title: 'Cluster missing', detail: 'cluster "x" is not in the kubeconfig' } });
    const denied: NamespaceList = {
      loading: false,
      names: ['team-a'],
      error: { kind: 'forbidden', title: 'Denied by RBAC', detail: 'namespaces is forbidden' },
    };
    const rows = flattenTree(
      input({
        contexts: [broken, context('limited'), context('slow')],
        namespaces: new Map([['limited', denied], ['slow', { loading: true, names: [] }]]),
        expanded: new Set([contextKey('broken'), contextKey('limited'), contextKey('slow'), namespaceKey('limited', 'team-a')]),
      }),
    );
    expect(labels(rows)).toEqual([
      'broken',
      '! Cluster missing',
      'limited',
      '! Namespaces not listed: Denied by RBAC',
      '  team-a', // the context's own namespace still works
      '! Loading pods…',
      'slow',
      '! Loading namespaces…',
    ]);
    expect(rows[1]).toMatchObject({ kind: 'message', tone: 'error', detail: 'cluster "x" is not in the kubeconfig' });
  });

  it('filters pods as you type: name parts, container names, label=value; every term must match', () => {
    const pods = new Map([
      [
        namespaceKey('prod', 'web'),
        podSet(
          pod('web-1', { labels: { app: 'web', tier: 'front' } }),
          pod('api-1', { labels: { app: 'api' }, containers: [container('envoy-sidecar')] }),
          pod('db-0', { labels: { app: 'db' } }),
        ),
      ],
    ]);
    const expanded = new Set([contextKey('prod'), namespaceKey('prod', 'web')]);
    const shown = (filter: string) => labels(flattenTree(input({ contexts: [context('prod')], namespaces, pods, expanded, filter }))).slice(3);
    expect(shown('WEB')).toEqual(['    web-1']);
    expect(shown('envoy')).toEqual(['    api-1']);
    expect(shown('app=db')).toEqual(['    db-0']);
    expect(shown('1 app=web')).toEqual(['    web-1']);
    expect(shown('nothing-like-this')).toEqual(['! No pods match “nothing-like-this”']);
    expect(compilePodFilter('   ')).toBeNull();
  });

  it('flattens 10,000 pods into 10,000 rows (what the virtual list windows over)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => pod(`pod-${String(i).padStart(5, '0')}`));
    const pods = new Map([[namespaceKey('prod', 'web'), podSet(...many)]]);
    const rows = flattenTree(input({ contexts: [context('prod')], namespaces, pods, expanded: new Set([contextKey('prod'), namespaceKey('prod', 'web')]) }));
    expect(rows).toHaveLength(3 + 10_000);
    expect(rows.at(-1)).toMatchObject({ kind: 'pod', path: 'prod/web/pod-09999' });
  });

  it('finds each row’s parent, for ArrowLeft', () => {
    const pods = new Map([[namespaceKey('prod', 'web'), podSet(pod('web-1'))]]);
    const expanded = new Set([contextKey('prod'), namespaceKey('prod', 'web'), podKey('prod', 'web', 'web-1')]);
    const rows = flattenTree(input({ contexts: [context('prod')], namespaces, pods, expanded }));
    const byPath = (path: string) => rows.find((row) => row.path === path) as TreeRow;
    expect(parentKey(byPath('prod/web/web-1/main'))).toBe(podKey('prod', 'web', 'web-1'));
    expect(parentKey(byPath('prod/web/web-1'))).toBe(namespaceKey('prod', 'web'));
    expect(parentKey(byPath('prod/web'))).toBe(contextKey('prod'));
    expect(parentKey(byPath('prod'))).toBeNull();
  });
});

describe('saved expansion', () => {
  it('reads row keys back, and nothing else', () => {
    expect(keyParts(contextKey('prod'))).toEqual({ kind: 'context', context: 'prod' });
    expect(keyParts(namespaceKey('prod', 'web'))).toEqual({ kind: 'namespace', context: 'prod', namespace: 'web' });
    expect(keyParts(podKey('prod', 'web', 'web-1'))).toEqual({ kind: 'pod', context: 'prod', namespace: 'web', pod: 'web-1' });
    expect(keyParts('c')).toBeNull();
    expect(keyParts('x\u0000prod')).toBeNull();
    expect(keyParts(`${podKey('a', 'b', 'c')}\u0000extra`)).toBeNull();
  });

  it('keeps the keys of contexts that still exist and work', () => {
    const contexts = [context('prod'), context('broken', { problem: { kind: 'kubeconfig', title: 'x', detail: 'y' } })];
    const saved = [contextKey('prod'), namespaceKey('gone', 'web'), contextKey('broken'), 42, namespaceKey('prod', 'web')];
    expect(restorableExpansion(saved, contexts)).toEqual([
      { kind: 'context', context: 'prod' },
      { kind: 'namespace', context: 'prod', namespace: 'web' },
    ]);
    expect(restorableExpansion('garbage', contexts)).toEqual([]);
  });
});
