import { describe, expect, it } from 'vitest';
import { mergeKubeconfigs } from '../../../../../main/core/kubeconfig/kubeconfig-merge.ts';
import { kubeconfigPaths } from '../../../../../main/core/kubeconfig/kubeconfig-paths.ts';

const first = {
  path: '/home/me/.kube/first',
  text: `
current-context: one
clusters:
- name: shared
  cluster: { server: https://first.example, certificate-authority: ca.crt }
users:
- name: shared
  user: { client-certificate: certs/me.crt, client-key: /abs/me.key, token-file: tok, exec: { command: ./bin/plugin } }
contexts:
- name: one
  context: { cluster: shared, user: shared }
`,
};
const second = {
  path: '/etc/kube/second',
  text: `
current-context: two
clusters:
- name: shared
  cluster: { server: https://second.example }
- name: only-second
  cluster: { server: https://only-second.example }
users:
- name: plugin-user
  user: { exec: { command: gcloud-plugin } }
contexts:
- name: one
  context: { cluster: only-second }
- name: two
  context: { cluster: only-second, user: plugin-user }
`,
};

describe('mergeKubeconfigs (kubectl rules)', () => {
  it('keeps the first file’s entry when a name is defined twice', () => {
    const merged = mergeKubeconfigs([first, second]);
    expect(merged.clusters.get('shared')?.body['server']).toBe('https://first.example');
    expect(merged.contexts.get('one')?.body['cluster']).toBe('shared');
    expect([...merged.clusters.keys()]).toEqual(['shared', 'only-second']);
    expect([...merged.contexts.keys()]).toEqual(['one', 'two']);
  });

  it('takes current-context from the first file that sets it (client-node would take the last)', () => {
    expect(mergeKubeconfigs([first, second]).currentContext).toBe('one');
    expect(mergeKubeconfigs([{ path: '/a', text: 'clusters: []' }, second]).currentContext).toBe('two');
  });

  it('resolves relative paths against the directory of the file that defines the entry', () => {
    const merged = mergeKubeconfigs([first, second]);
    expect(merged.clusters.get('shared')?.body['certificate-authority']).toBe('/home/me/.kube/ca.crt');
    const user = merged.users.get('shared')?.body ?? {};
    expect(user['client-certificate']).toBe('/home/me/.kube/certs/me.crt');
    expect(user['client-key']).toBe('/abs/me.key');
    expect(user['token-file']).toBe('/home/me/.kube/tok');
    expect(user['exec']).toEqual({ command: '/home/me/.kube/bin/plugin' });
    // A bare command is looked up on PATH, not next to the file.
    expect(merged.users.get('plugin-user')?.body['exec']).toEqual({ command: 'gcloud-plugin' });
  });

  it('skips a file that is not valid YAML or not a mapping, saying which file, and keeps the others', () => {
    const merged = mergeKubeconfigs([{ path: '/bad.yaml', text: 'clusters: [\n  - {' }, { path: '/list.yaml', text: '- a\n- b' }, second]);
    expect(merged.fileProblems.map(({ file, problem }) => [file, problem.detail])).toEqual([
      ['/bad.yaml', expect.stringContaining('/bad.yaml is not valid YAML')],
      ['/list.yaml', expect.stringContaining('/list.yaml is not a kubeconfig')],
    ]);
    expect(merged.fileProblems.every(({ problem }) => problem.kind === 'kubeconfig' && problem.title === 'Kubeconfig file unusable')).toBe(true);
    expect(merged.currentContext).toBe('two');
  });

  it('reports a current-context no file defines against the file that set it, whose contexts still count', () => {
    const merged = mergeKubeconfigs([{ path: '/dangling.yaml', text: 'current-context: nowhere\ncontexts: []' }, second]);
    expect(merged.fileProblems).toEqual([
      {
        file: '/dangling.yaml',
        problem: {
          kind: 'kubeconfig',
          title: 'Current context not found',
          detail: 'The kubeconfig file /dangling.yaml sets current-context "nowhere", which no kubeconfig file defines; no context is current.',
        },
      },
    ]);
    expect([...merged.contexts.keys()]).toEqual(['one', 'two']);
  });

  it('treats an empty file as an empty kubeconfig and ignores entries without a name', () => {
    const merged = mergeKubeconfigs([{ path: '/empty', text: '' }, { path: '/nameless', text: 'clusters:\n- cluster: { server: https://x }' }]);
    expect(merged.fileProblems).toEqual([]);
    expect(merged.clusters.size).toBe(0);
  });
});

describe('kubeconfigPaths', () => {
  it('splits $KUBECONFIG on the path delimiter, drops empty entries and duplicates, keeps order', () => {
    expect(kubeconfigPaths('/a/one::/b/two:/a/one', '/home/me')).toEqual(['/a/one', '/b/two']);
  });

  it('falls back to ~/.kube/config when $KUBECONFIG is unset or empty', () => {
    expect(kubeconfigPaths(undefined, '/home/me')).toEqual(['/home/me/.kube/config']);
    expect(kubeconfigPaths('', '/home/me')).toEqual(['/home/me/.kube/config']);
  });
});
