import { describe, expect, it } from 'vitest';
import { PodSet } from '../../../../renderer/src/app/pod-set.ts';
import {
  canExpand,
  compilePodFilter,
  isExpanded,
  isPodRow,
  PodRowCache,
  rowLabel,
  contextKey,
  flattenTree,
  isSelectable,
  keyParts,
  namespaceListAfterFailure,
  needsNamespaces,
  problemOf,
  restorableExpansion,
  namespaceKey,
  parentKey,
  podKey,
  type NamespaceList,
  type TreeInput,
  type TreeRow,
} from '../../../../renderer/src/app/pod-tree.ts';
import { container, context, pod } from '../fake-bridge.ts';

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

  it('groups pods under their workloads, open unless collapsed, with lone pods after them', () => {
    const rs = (name: string, hash: string) => ({ owner: { kind: 'ReplicaSet', name: `${name}-${hash}` }, labels: { app: name, 'pod-template-hash': hash } });
    const pods = new Map([
      [namespaceKey('prod', 'web'), podSet(pod('web-aa-1', { namespace: 'web', ...rs('web', 'aa') }), pod('web-bb-2', { namespace: 'web', ...rs('web', 'bb') }), pod('lone', { namespace: 'web' }))],
    ]);
    const expanded = new Set([contextKey('prod'), namespaceKey('prod', 'web'), podKey('prod', 'web', 'web-bb-2')]);
    const rows = flattenTree(input({ contexts: [contexts[0] as (typeof contexts)[0]], namespaces, pods, expanded }));
    expect(labels(rows)).toEqual(['prod', '  default', '  web', '    Deployment web', '      web-aa-1', '      web-bb-2', '        main', '    lone']);
    const workload = rows.find((row) => row.kind === 'workload');
    if (workload?.kind !== 'workload') throw new Error('no workload row');
    expect(rowLabel(workload)).toBe('Deployment web');
    expect(canExpand(workload) && isExpanded(workload)).toBe(true);
    expect(parentKey(workload)).toBe(namespaceKey('prod', 'web'));
    // ← from a pod of the workload goes to the workload, not the namespace.
    expect(parentKey(rows.find((row) => row.path.endsWith('web-aa-1')) as TreeRow)).toBe(workload.key);

    const collapsed = new Set([workload.key]);
    expect(labels(flattenTree(input({ contexts: [contexts[0] as (typeof contexts)[0]], namespaces, pods, expanded, collapsed })))).toEqual([
      'prod',
      '  default',
      '  web',
      '    Deployment web',
      '    lone',
    ]);
    // The filter narrows the pods; a workload with none left goes too.
    expect(labels(flattenTree(input({ contexts: [contexts[0] as (typeof contexts)[0]], namespaces, pods, expanded, filter: 'lone' })))).toEqual([
      'prod',
      '  default',
      '  web',
      '    lone',
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
    expect(rows[0]).toMatchObject({ kind: 'context', problem: broken.problem });
    expect(rows[1]).toMatchObject({ kind: 'message', tone: 'error', error: broken.problem });
    expect(rows[3]).toMatchObject({ kind: 'message', tone: 'error', error: denied.error });
    expect(rows[2]).not.toHaveProperty('problem'); // denied namespaces: the context still works
  });

  it('lists no namespace under a context that cannot connect: only its error', () => {
    const tls = { kind: 'tls', title: 'Certificate not trusted', detail: 'The server of context "far" presented a certificate …', context: 'far' } as const;
    const forbidden = { kind: 'forbidden', title: 'Denied by RBAC', detail: 'namespaces is forbidden' } as const;
    const far = context('far', { namespace: 'team' });
    expect(namespaceListAfterFailure(far, tls)).toEqual({ loading: false, names: [], error: tls });
    // RBAC that denies namespaces still lets the context's own namespace (or kubectl's default) work.
    expect(namespaceListAfterFailure(far, forbidden).names).toEqual(['team']);
    expect(namespaceListAfterFailure(context('plain'), forbidden).names).toEqual(['default']);

    const rows = flattenTree(
      input({
        contexts: [far, context('near')],
        namespaces: new Map([
          ['far', namespaceListAfterFailure(far, tls)],
          ['near', { loading: false, names: ['web'] }],
        ]),
        expanded: new Set([contextKey('far'), contextKey('near')]),
      }),
    );
    expect(labels(rows)).toEqual(['far', '! Certificate not trusted', 'near', '  web']);
    expect(rows[0]).toMatchObject({ kind: 'context', problem: tls });
    expect(problemOf(rows[0] ?? null)).toEqual(tls);
    expect(problemOf(rows[1] ?? null)).toEqual(tls);
    expect(problemOf(rows[2] ?? null)).toBeNull();
    expect(problemOf(null)).toBeNull();
  });

  it('asks for namespaces again only when never asked or broken last time', () => {
    const error = { kind: 'network', title: 'Server unreachable', detail: 'connect ECONNREFUSED' } as const;
    expect(needsNamespaces(undefined)).toBe(true);
    expect(needsNamespaces({ loading: false, names: [], error })).toBe(true);
    expect(needsNamespaces({ loading: true, names: [] })).toBe(false);
    expect(needsNamespaces({ loading: false, names: ['web'] })).toBe(false);
    expect(needsNamespaces({ loading: false, names: ['default'], error: { ...error, kind: 'forbidden' } })).toBe(false);
  });

  it('makes error rows selectable, under a key that does not move when rows above change', () => {
    const broken = context('broken', { problem: { kind: 'kubeconfig', title: 'Cluster missing', detail: 'no cluster' } });
    const expanded = new Set([contextKey('a'), contextKey('broken')]);
    const before = flattenTree(input({ contexts: [context('a'), broken], expanded }));
    const after = flattenTree(
      input({ contexts: [context('a'), broken], expanded, namespaces: new Map([['a', { loading: false, names: ['x', 'y', 'z'] }]]) }),
    );
    const errorRow = (rows: TreeRow[]) => rows.find((row) => row.kind === 'message' && row.tone === 'error');
    expect(errorRow(before)?.key).toBe(errorRow(after)?.key);
    expect(parentKey(errorRow(after) as TreeRow)).toBe(contextKey('broken'));
    expect(after.filter(isSelectable).map((row) => row.kind)).toEqual(['context', 'namespace', 'namespace', 'namespace', 'context', 'message']);
    // Pending and info notes are not: the keyboard skips them.
    expect(before.filter((row) => !isSelectable(row)).map((row) => row.kind === 'message' && row.text)).toEqual(['Loading namespaces…']);
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

  it('gives an unchanged pod its row from the last flatten, and a changed or opened pod a new one', () => {
    const set = podSet(pod('web-0', { namespace: 'web' }), pod('web-1', { namespace: 'web' }), pod('web-2', { namespace: 'web' }));
    const other = podSet(pod('web-0', { namespace: 'db' }));
    const pods = new Map([
      [namespaceKey('prod', 'web'), set],
      [namespaceKey('prod', 'db'), other],
    ]);
    const cache = new PodRowCache();
    const open = [contextKey('prod'), namespaceKey('prod', 'web'), namespaceKey('prod', 'db')];
    const flatten = (expanded: string[] = open) =>
      new Map(flattenTree(input({ contexts: [context('prod')], namespaces: new Map([['prod', { loading: false, names: ['db', 'web'] }]]), pods, expanded: new Set(expanded) }), cache).map((row) => [row.path, row]));
    const first = flatten();
    set.apply({ kind: 'upsert', pod: pod('web-1', { namespace: 'web', phase: 'Failed' }) });
    const second = flatten();
    expect(second.get('prod/web/web-0')).toBe(first.get('prod/web/web-0'));
    expect(second.get('prod/web/web-2')).toBe(first.get('prod/web/web-2'));
    expect(second.get('prod/web/web-1')).not.toBe(first.get('prod/web/web-1'));
    expect(second.get('prod/web/web-1')).toMatchObject({ kind: 'pod', pod: { phase: 'Failed' }, key: podKey('prod', 'web', 'web-1') });
    // Another namespace's pod of the same name has its own row.
    expect(second.get('prod/db/web-0')).toMatchObject({ kind: 'pod', key: podKey('prod', 'db', 'web-0') });

    const opened = flatten([...open, podKey('prod', 'web', 'web-0')]);
    expect(opened.get('prod/web/web-0')).toMatchObject({ kind: 'pod', expanded: true });
    expect(opened.get('prod/web/web-0/main')).toMatchObject({ kind: 'container' });
    expect(flatten().get('prod/web/web-0')).toMatchObject({ expanded: false });
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

  it('says which rows open, which are open, which name a pod, and what each is called', () => {
    const pods = new Map([[namespaceKey('prod', 'web'), podSet(pod('web-1'), pod('bare', { containers: [] }))]]);
    const expanded = new Set([contextKey('prod'), namespaceKey('prod', 'web'), podKey('prod', 'web', 'web-1')]);
    const rows = flattenTree(input({ contexts: [context('prod'), context('staging')], namespaces, pods, expanded }));
    expect(rows.map((row) => [rowLabel(row), canExpand(row), isExpanded(row), isPodRow(row)])).toEqual([
      ['prod', true, true, false],
      ['default', true, false, false],
      ['web', true, true, false],
      ['bare', false, false, true], // no container to list
      ['web-1', true, true, true],
      ['main', false, false, true],
      ['staging', true, false, false],
    ]);
    const note = flattenTree(input({ contexts: [context('prod')], expanded: new Set([contextKey('prod')]) }))[1] as TreeRow;
    expect([rowLabel(note), canExpand(note), isExpanded(note), isPodRow(note), isPodRow(null)]).toEqual(['Loading namespaces…', false, false, false, false]);
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
