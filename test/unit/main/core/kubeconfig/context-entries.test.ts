import { describe, expect, it } from 'vitest';
import { contextEntries } from '../../../../../main/core/kubeconfig/context-entries.ts';
import { mergeKubeconfigs } from '../../../../../main/core/kubeconfig/kubeconfig-merge.ts';

function entries(config: object) {
  return contextEntries(mergeKubeconfigs([{ path: '/kube/config', text: JSON.stringify(config) }]));
}

const cluster = { name: 'c', cluster: { server: 'https://k8s.example:6443' } };

describe('contextEntries', () => {
  it('summarises each context: cluster, server, user, default namespace, current', () => {
    const [a, b] = entries({
      'current-context': 'b',
      clusters: [cluster],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [
        { name: 'a', context: { cluster: 'c', user: 'u', namespace: 'shop' } },
        { name: 'b', context: { cluster: 'c', user: 'u' } },
      ],
    });
    expect(a?.summary).toEqual({
      name: 'a',
      cluster: 'c',
      server: 'https://k8s.example:6443',
      user: 'u',
      namespace: 'shop',
      authKind: 'token',
      isCurrent: false,
    });
    expect(b?.summary).toMatchObject({ name: 'b', namespace: 'default', isCurrent: true });
    expect(a?.document).toBeDefined();
  });

  it.each([
    [{ exec: { command: 'x' } }, 'exec-plugin'],
    [{ 'auth-provider': { name: 'oidc', config: {} } }, 'auth-provider'],
    [{ 'token-file': '/dev/null' }, 'token-file'],
    [{ token: 't' }, 'token'],
    [{ username: 'u', password: 'p' }, 'basic'],
    [{ 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5' }, 'client-certificate'],
    [{}, 'none'],
  ])('user %j has authKind %s', (user, kind) => {
    const [entry] = entries({ clusters: [cluster], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }] });
    expect(entry?.summary.authKind).toBe(kind);
  });

  it('a context without a user is usable (anonymous) and still gets the cluster’s TLS settings', () => {
    const [entry] = entries({ clusters: [cluster], contexts: [{ name: 'anon', context: { cluster: 'c' } }] });
    expect(entry?.summary).toMatchObject({ user: '', authKind: 'none' });
    expect(entry?.summary.problem).toBeUndefined();
    expect(JSON.parse(entry?.document ?? '{}').users).toHaveLength(1);
  });

  it.each([
    [{ contexts: [{ name: 'x', context: { cluster: 'missing' } }] }, 'context.cluster "missing" is not defined'],
    [{ clusters: [cluster], contexts: [{ name: 'x', context: { cluster: 'c', user: 'ghost' } }] }, 'context.user "ghost" is not defined'],
    [{ clusters: [{ name: 'c', cluster: {} }], contexts: [{ name: 'x', context: { cluster: 'c' } }] }, 'cluster "c" (/kube/config) has no server'],
    [{ clusters: [{ name: 'c', cluster: { server: 'not a url' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }] }, 'is not a URL'],
    [{ clusters: [{ name: 'c', cluster: { server: 'ftp://h' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }] }, 'must be an https://'],
    [{ contexts: [{ name: 'x', context: {} }] }, 'names no cluster'],
  ])('an unusable context gets a kubeconfig problem naming the field (%#)', (config, says) => {
    const [entry] = entries(config);
    expect(entry?.summary.problem).toMatchObject({ kind: 'kubeconfig', context: 'x' });
    expect(entry?.summary.problem?.detail).toContain('Context "x"');
    expect(entry?.summary.problem?.detail).toContain(says);
    expect(entry?.document).toBeUndefined();
  });

  it('a token-file that cannot be read is a problem naming the file (client-node reads it at load)', () => {
    const [entry] = entries({
      clusters: [cluster],
      users: [{ name: 'u', user: { 'token-file': 'no/such/token' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    });
    expect(entry?.summary.problem?.detail).toContain('/kube/no/such/token');
    expect(entry?.summary.problem?.detail).toContain('ENOENT');
  });

  it('never shows userinfo of the server or the proxy URL', () => {
    const [entry] = entries({
      clusters: [{ name: 'c', cluster: { server: 'https://admin:hunter2@k8s.example', 'proxy-url': 'http://pu:pp@proxy:3128' } }],
      contexts: [{ name: 'x', context: { cluster: 'c' } }],
    });
    expect(entry?.summary.server).toBe('https://k8s.example/');
    expect(entry?.proxy).toBe('http://proxy:3128/');
  });
});
