// Keys, tokens and certificates stay in main: nothing the store's public API returns (context
// summaries, file problems, connection fields, error contexts, and the errors of loading,
// connecting and authenticating) contains any of them. requestOptions() is excluded on purpose:
// it is the one credential-bearing value, handed straight to the socket by openWebSocket and
// openHttpStream. The secrets below are planted in every field that can hold one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpStream } from '../../../../../main/core/connection/open-http-stream.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { KubeconfigStore } from '../../../../../main/core/kubeconfig/kubeconfig-store.ts';
import { base64, issueCertificate } from '../../../../fake-server/certificates.ts';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server.ts';
import { PLUGIN_SCRIPT } from '../connection/plugin.ts';

const SECRETS = {
  token: 'tok-SECRET-a1',
  password: 'pw-SECRET-b2',
  tokenFile: 'tokfile-SECRET-c3',
  idToken: 'idtok-SECRET-d4',
  refreshToken: 'refresh-SECRET-e5',
  clientSecret: 'clientsecret-SECRET-f6',
  execEnv: 'env-SECRET-g7',
  pluginStdout: 'stdout-SECRET-h8',
  serverPassword: 'srvpw-SECRET-i9',
  proxyPassword: 'proxypw-SECRET-j0',
  brokenYaml: 'yaml-SECRET-k1',
} as const;

let fake: FakeServer;
let directory: string;
let store: KubeconfigStore;
let pemSecrets: string[];

beforeAll(async () => {
  fake = await startFakeServer({ requireAuthorization: 'Bearer nobody-has-this' });
  directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-secrets-'));
  const client = issueCertificate(fake.ca, { commonName: 'alice' });
  // A distinctive piece of each PEM body, and of its base64 (the *-data form).
  pemSecrets = [client.keyPem, client.certPem, fake.caPem].flatMap((pem) => {
    const body = pem.split('\n').slice(1, -2).join('');
    return [body.slice(20, 60), base64(pem).slice(40, 80)];
  });
  const tokenFile = path.join(directory, 'token');
  writeFileSync(tokenFile, SECRETS.tokenFile);
  const ca = base64(fake.caPem);
  const cluster = (name: string, extra: object = {}) => ({ name, cluster: { server: fake.url, 'certificate-authority-data': ca, ...extra } });
  const context = (name: string, user: string, clusterName = 'c') => ({ name, context: { cluster: clusterName, user } });
  const config = {
    'current-context': 'token',
    clusters: [
      cluster('c'),
      cluster('c-file-ca', { 'certificate-authority-data': undefined, 'certificate-authority': path.join(directory, 'ca.crt') }),
      cluster('c-userinfo', { server: fake.url.replace('https://', `https://admin:${SECRETS.serverPassword}@`) }),
      cluster('c-proxy', { 'proxy-url': `http://proxyuser:${SECRETS.proxyPassword}@127.0.0.1:9` }),
    ],
    users: [
      { name: 'token', user: { token: SECRETS.token } },
      { name: 'basic', user: { username: 'alice', password: SECRETS.password } },
      { name: 'token-file', user: { 'token-file': tokenFile } },
      { name: 'cert-data', user: { 'client-certificate-data': base64(client.certPem), 'client-key-data': base64(client.keyPem) } },
      { name: 'cert-file', user: { 'client-certificate': client.certFile, 'client-key': client.keyFile } },
      {
        name: 'oidc',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'k8s', 'client-secret': SECRETS.clientSecret, 'id-token': SECRETS.idToken, 'refresh-token': SECRETS.refreshToken, 'idp-issuer-url': 'https://127.0.0.1:9' },
          },
        },
      },
      {
        name: 'plugin',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: [PLUGIN_SCRIPT, path.join(directory, 'runs'), 'print', SECRETS.pluginStdout],
            env: [{ name: 'PLUGIN_SECRET', value: SECRETS.execEnv }],
          },
        },
      },
    ],
    contexts: [
      context('token', 'token'),
      context('basic', 'basic'),
      context('token-file', 'token-file'),
      context('cert-data', 'cert-data'),
      context('cert-file', 'cert-file'),
      context('oidc', 'oidc'),
      context('plugin', 'plugin'),
      context('missing-ca-file', 'token', 'c-file-ca'),
      context('userinfo', 'token', 'c-userinfo'),
      context('proxy', 'token', 'c-proxy'),
    ],
  };
  const main = path.join(directory, 'config');
  writeFileSync(main, JSON.stringify(config));
  const broken = path.join(directory, 'broken');
  writeFileSync(broken, `users:\n- name: x\n  user:\n    token: ${SECRETS.brokenYaml}\n   bad-indent: [\n`);
  store = new KubeconfigStore({ kubeconfigEnv: [main, broken].join(path.delimiter), watch: false, connection: { credentialTimeoutMs: 5000 } });
});

afterAll(async () => {
  store.close();
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    if (typeof value === 'object' && value !== null && 'socket' in value) (value.socket as { terminate(): void }).terminate();
    return value;
  } catch (error) {
    return error instanceof CoreError ? { userError: error.userError, message: error.message } : String(error);
  }
}

describe('no credential in anything the store’s API returns', () => {
  it('covers every kind of credential, and none leaks', async () => {
    const seen: unknown[] = [store.contexts(), store.fileProblems()];
    for (const summary of store.contexts()) {
      let connection;
      try {
        connection = store.connection(summary.name);
      } catch (error) {
        seen.push((error as CoreError).userError, (error as Error).message);
        continue;
      }
      seen.push(connection.context, connection.user, connection.server.href, connection.errorContext('exec in pod p', { namespace: 'ns' }));
      const ws = { path: '/api/v1/namespaces/ns/pods/p/exec', query: new URLSearchParams(), protocols: ['v5.channel.k8s.io'], resource: 'exec in pod p' };
      seen.push(await failure(openWebSocket(connection, ws)));
      seen.push(await failure(openHttpStream(connection, { ...ws, resource: 'logs of pod p' })));
    }
    const text = JSON.stringify(seen);

    // The test itself must have reached every path: each context appears, and the errors it
    // should produce are there (401s, the plugin's bad output, the proxy, the broken file).
    expect(store.contexts()).toHaveLength(10);
    for (const expected of ['credentials-rejected', 'exec-plugin', 'auth-provider', 'proxy', 'kubeconfig', 'Kubeconfig file unusable']) {
      expect(text).toContain(expected);
    }
    for (const secret of [...Object.values(SECRETS), ...pemSecrets]) {
      expect(text, `found ${secret}`).not.toContain(secret);
    }
  });
});
