// The kubeconfig a run hands to tests and to people: one server, four ways to reach it.
//   admin   client certificate in group system:masters
//   viewer  bearer token; RBAC allows reading pods and logs only
//   plugin  client.authentication.k8s.io/v1 exec plugin (exec-plugin.mjs) returning a token
//   bad-ca  the right server, trusted through a CA that did not sign it: TLS must fail
// Credentials are embedded (…-data), so the file works when copied elsewhere. It is written as
// JSON, which every kubeconfig loader accepts as YAML.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTEXTS, NAMESPACES } from './fixtures.ts';
import type { ClusterPki } from './pki.ts';

const pluginScript = join(dirname(fileURLToPath(import.meta.url)), 'exec-plugin.mjs');

export type KubeconfigInput = {
  server: string;
  pki: ClusterPki;
  viewerToken: string;
  pluginTokenFile: string;
  /** The Node binary kubectl runs the plugin with. */
  nodeBinary: string;
};

const base64File = async (path: string): Promise<string> => (await readFile(path)).toString('base64');

export async function buildKubeconfig(input: KubeconfigInput): Promise<object> {
  const [ca, unrelatedCa, adminCert, adminKey] = await Promise.all([
    base64File(input.pki.ca.cert),
    base64File(input.pki.unrelatedCa.cert),
    base64File(input.pki.admin.cert),
    base64File(input.pki.admin.key),
  ]);
  const namespace = NAMESPACES[0];
  const context = (name: string, cluster: string, user: string): object => ({
    name,
    context: { cluster, user, namespace },
  });
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': CONTEXTS.admin,
    clusters: [
      { name: 'porthole', cluster: { server: input.server, 'certificate-authority-data': ca } },
      { name: 'porthole-bad-ca', cluster: { server: input.server, 'certificate-authority-data': unrelatedCa } },
    ],
    users: [
      { name: 'admin', user: { 'client-certificate-data': adminCert, 'client-key-data': adminKey } },
      { name: 'viewer', user: { token: input.viewerToken } },
      {
        name: 'plugin',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: input.nodeBinary,
            args: [pluginScript, input.pluginTokenFile],
            interactiveMode: 'Never',
            provideClusterInfo: false,
          },
        },
      },
    ],
    contexts: [
      context(CONTEXTS.admin, 'porthole', 'admin'),
      context(CONTEXTS.viewer, 'porthole', 'viewer'),
      context(CONTEXTS.plugin, 'porthole', 'plugin'),
      context(CONTEXTS.badCa, 'porthole-bad-ca', 'viewer'),
    ],
  };
}
