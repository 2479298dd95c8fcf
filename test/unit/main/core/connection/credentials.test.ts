// Every credential kind client-node supports, applied through requestOptions() and carried by
// both stream kinds (WebSocket and plain HTTP) to a fake server that records what it received.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import { openHttpStream } from '../../../../../main/core/connection/open-http-stream.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { base64, createCertificateAuthority, issueCertificate } from '../../../../fake-server/certificates.ts';
import { connectionFromKubeconfig, FAKE_TOKEN, startFakeServer, type FakeServer, type FakeServerBehaviour } from '../../../../fake-server/fake-server.ts';
import { rejection } from './helpers.ts';
import { pluginFixture, type PluginFixture } from './plugin.ts';

let fake: FakeServer | undefined;
let plugin: PluginFixture;
beforeEach(() => {
  plugin = pluginFixture();
});
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
  fake = undefined;
  plugin.dispose();
});

const okHttp: FakeServerBehaviour['onHttp'] = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' }).end('log line\n');
};
async function serve(behaviour: FakeServerBehaviour = {}): Promise<FakeServer> {
  fake = await startFakeServer({ onHttp: okHttp, ...behaviour });
  return fake;
}

/** Opens one WebSocket and one HTTP stream; returns the Authorization header each carried. */
async function bothStreams(server: FakeServer, connection: ClusterConnection): Promise<(string | undefined)[]> {
  const { socket } = await openWebSocket(connection, {
    path: '/api/v1/namespaces/ns/pods/p/exec',
    query: new URLSearchParams(),
    protocols: ['v4.channel.k8s.io'],
    resource: 'exec in pod p',
  });
  socket.terminate();
  const response = await openHttpStream(connection, { path: '/api/v1/namespaces/ns/pods/p/log', query: new URLSearchParams(), resource: 'logs of pod p' });
  response.resume();
  return server.requests.slice(-2).map((request) => request.headers.authorization);
}

describe('credentials through requestOptions()', () => {
  it('bearer token', async () => {
    const server = await serve({ requireAuthorization: `Bearer ${FAKE_TOKEN}` });
    expect(await bothStreams(server, server.connection())).toEqual([`Bearer ${FAKE_TOKEN}`, `Bearer ${FAKE_TOKEN}`]);
  });

  it('token-file', async () => {
    const server = await serve({ requireAuthorization: 'Bearer from-file' });
    const file = path.join(plugin.directory, 'token');
    writeFileSync(file, 'from-file');
    expect(await bothStreams(server, server.connection({ user: { 'token-file': file } }))).toEqual(['Bearer from-file', 'Bearer from-file']);
  });

  it('token-file ending in a newline is trimmed, as kubectl does', async () => {
    const server = await serve({ requireAuthorization: 'Bearer from-file' });
    const file = path.join(plugin.directory, 'token');
    writeFileSync(file, '  from-file\r\n');
    expect(await bothStreams(server, server.connection({ user: { 'token-file': file } }))).toEqual(['Bearer from-file', 'Bearer from-file']);
  });

  it('an inline token takes precedence over token-file and is sent as written', async () => {
    const server = await serve({ requireAuthorization: `Bearer ${FAKE_TOKEN}` });
    const file = path.join(plugin.directory, 'token');
    writeFileSync(file, 'from-file\n');
    expect(await bothStreams(server, server.connection({ user: { token: FAKE_TOKEN, 'token-file': file } }))).toEqual([`Bearer ${FAKE_TOKEN}`, `Bearer ${FAKE_TOKEN}`]);
  });

  it('an empty token-file is named as the problem, not sent as an empty token', async () => {
    const server = await serve();
    const file = path.join(plugin.directory, 'token');
    writeFileSync(file, '\n');
    const error = await rejection((async () => server.connection({ user: { 'token-file': file } }).requestOptions())());
    expect(error.userError).toMatchObject({ kind: 'kubeconfig', detail: `Context "fake": token-file of user "fake-user": ${file} is empty: it holds no token.` });
    expect(server.requests).toHaveLength(0);
  });

  it('basic auth (username/password)', async () => {
    const expected = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
    const server = await serve({ requireAuthorization: expected });
    expect(await bothStreams(server, server.connection({ user: { username: 'alice', password: 's3cret' } }))).toEqual([expected, expected]);
  });

  it('impersonation (as) adds Impersonate-User', async () => {
    const server = await serve();
    await bothStreams(server, server.connection({ user: { token: FAKE_TOKEN, as: 'bob' } }));
    expect(server.requests.map((request) => request.headers['impersonate-user'])).toEqual(['bob', 'bob']);
  });

  describe('client certificates (mutual TLS)', () => {
    it('from files and from data', async () => {
      const server = await serve({ requireClientCert: true });
      const client = issueCertificate(server.ca, { commonName: 'alice', organisation: 'devs' });
      await bothStreams(server, server.connection({ user: { 'client-certificate': client.certFile, 'client-key': client.keyFile } }));
      await bothStreams(server, server.connection({ user: { 'client-certificate-data': base64(client.certPem), 'client-key-data': base64(client.keyPem) } }));
      expect(server.requests).toHaveLength(4);
    });

    it('without one, a server that demands it fails the TLS handshake', async () => {
      const server = await serve({ requireClientCert: true });
      const error = await rejection(openHttpStream(server.connection({ user: {} }), { path: '/x', query: new URLSearchParams(), resource: 'x' }));
      expect(error.userError.kind).toBe('tls');
      expect(error.userError.title).toBe('Client certificate rejected');
    });
  });

  describe('server trust', () => {
    it('certificate-authority as a file', async () => {
      const server = await serve();
      const conn = server.connection({ cluster: { 'certificate-authority-data': undefined, 'certificate-authority': server.ca.certFile } });
      await bothStreams(server, conn);
      expect(server.requests).toHaveLength(2);
    });

    it('no CA: untrusted; insecure-skip-tls-verify: accepted', async () => {
      const server = await serve();
      const untrusted = server.connection({ cluster: { 'certificate-authority-data': undefined } });
      expect((await rejection(openHttpStream(untrusted, { path: '/x', query: new URLSearchParams(), resource: 'x' }))).userError.title).toBe(
        'Certificate not trusted',
      );
      await bothStreams(server, server.connection({ cluster: { 'certificate-authority-data': undefined, 'insecure-skip-tls-verify': true } }));
      expect(server.requests).toHaveLength(2);
    });

    it('tls-server-name verifies the certificate against that name instead of the URL’s host', async () => {
      const server = await serve({ serverNames: ['DNS:kube.internal'] });
      const mismatch = await rejection(openHttpStream(server.connection(), { path: '/x', query: new URLSearchParams(), resource: 'x' }));
      expect(mismatch.userError.title).toBe('Certificate hostname mismatch');
      await bothStreams(server, server.connection({ cluster: { 'tls-server-name': 'kube.internal' } }));
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('exec credential plugins', () => {
    it('a token from the plugin, cached while it has no expiry: one run for many requests', async () => {
      const server = await serve({ requireAuthorization: 'Bearer from-plugin' });
      const conn = server.connection({ user: plugin.user('token', 'from-plugin') });
      expect(await bothStreams(server, conn)).toEqual(['Bearer from-plugin', 'Bearer from-plugin']);
      await Promise.all([conn.requestOptions(), conn.requestOptions(), conn.requestOptions()]);
      expect(plugin.runs()).toBe(1);
    });

    it('concurrent first requests run the plugin once (requests are serialised, then hit the cache)', async () => {
      const server = await serve();
      const conn = server.connection({ user: plugin.user('token', 'from-plugin') });
      const all = await Promise.all([1, 2, 3, 4].map(() => conn.requestOptions()));
      expect(all.map((options) => options.headers['Authorization'])).toEqual(Array(4).fill('Bearer from-plugin'));
      expect(plugin.runs()).toBe(1);
    });

    it('cached until expirationTimestamp, run again after it', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const server = await serve();
      const conn = server.connection({ user: plugin.user('token', 'short-lived', '2030-01-01T00:10:00Z') });
      await conn.requestOptions();
      vi.setSystemTime(new Date('2030-01-01T00:09:00Z'));
      await conn.requestOptions();
      expect(plugin.runs()).toBe(1);
      vi.setSystemTime(new Date('2030-01-01T00:11:00Z'));
      await conn.requestOptions();
      expect(plugin.runs()).toBe(2);
    });

    it('a client certificate from the plugin', async () => {
      const server = await serve({ requireClientCert: true });
      const client = issueCertificate(server.ca, { commonName: 'plugin-user' });
      const conn = server.connection({ user: plugin.user('cert', client.certFile, client.keyFile) });
      await bothStreams(server, conn);
      expect(server.requests).toHaveLength(2);
    });

    it('the plugin is told the API version and that it may not prompt (KUBERNETES_EXEC_INFO)', async () => {
      const server = await serve();
      const options = await server.connection({ user: plugin.user('exec-info') }).requestOptions();
      expect(options.headers['Authorization']).toBe('Bearer client.authentication.k8s.io/v1/interactive=false');
    });
  });

  describe('OIDC (auth-provider oidc)', () => {
    const jwt = (claims: object): string =>
      [{ alg: 'RS256', typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';

    it('an id-token that has not expired is sent as the bearer token', async () => {
      const idToken = jwt({ iss: 'https://idp.example', sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 });
      const server = await serve({ requireAuthorization: `Bearer ${idToken}` });
      const conn = server.connection({ user: { 'auth-provider': { name: 'oidc', config: { 'client-id': 'k8s', 'id-token': idToken, 'idp-issuer-url': 'https://idp.example' } } } });
      expect(await bothStreams(server, conn)).toEqual([`Bearer ${idToken}`, `Bearer ${idToken}`]);
    });

    it('an expired id-token is refreshed at the identity provider, and the new one is sent', async () => {
      const idp = await startIdentityProvider();
      // An identity provider with a publicly trusted certificate: client-node fetches it with the
      // default CA store (see the next test for a private idp-certificate-authority).
      const defaults = tls.getCACertificates('default');
      tls.setDefaultCACertificates([...defaults, idp.caPem]);
      try {
        const expired = jwt({ iss: idp.issuer, aud: 'k8s', sub: 'alice', exp: 1 });
        const server = await serve({ requireAuthorization: `Bearer ${idp.freshIdToken}` });
        const conn = server.connection({
          user: {
            'auth-provider': {
              name: 'oidc',
              config: {
                'client-id': 'k8s',
                'id-token': expired,
                'refresh-token': 'refresh-me',
                'idp-issuer-url': idp.issuer,
              },
            },
          },
        });
        expect(await bothStreams(server, conn)).toEqual([`Bearer ${idp.freshIdToken}`, `Bearer ${idp.freshIdToken}`]);
        expect(idp.refreshTokensSeen).toContain('refresh-me');
      } finally {
        tls.setDefaultCACertificates(defaults);
        await idp.close();
      }
    });

    it('a refresh through a private idp-certificate-authority fails in client-node 2.0.1, as a clear auth-provider error', async () => {
      // client-node's custom fetch for idp-certificate-authority returns a Response look-alike
      // that openid-client 6 rejects. Kept as a test so the day it works is noticed.
      const idp = await startIdentityProvider();
      try {
        const server = await serve();
        const conn = server.connection({
          user: {
            'auth-provider': {
              name: 'oidc',
              config: {
                'client-id': 'k8s',
                'id-token': jwt({ iss: idp.issuer, aud: 'k8s', sub: 'alice', exp: 1 }),
                'refresh-token': 'refresh-me',
                'idp-issuer-url': idp.issuer,
                'idp-certificate-authority-data': base64(idp.caPem),
              },
            },
          },
        });
        const error = await rejection(conn.requestOptions());
        expect(error.userError).toMatchObject({ kind: 'auth-provider', context: 'fake' });
        expect(error.userError.detail).toContain('must be an instance of Response');
      } finally {
        await idp.close();
      }
    });

    it('an expired id-token whose refresh fails is an auth-provider error, not a hang or a crash', async () => {
      const idToken = jwt({ iss: 'https://127.0.0.1:9', sub: 'alice', exp: 1 });
      const server = await serve();
      const conn = server.connection({
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'k8s', 'id-token': idToken, 'refresh-token': 'refresh-me', 'idp-issuer-url': 'https://127.0.0.1:9' },
          },
        },
      });
      const error = await rejection(conn.requestOptions());
      expect(error.userError).toMatchObject({ kind: 'auth-provider', context: 'fake' });
      expect(error.userError.detail).toContain('the auth provider "oidc"');
    });
  });

  it('a plain http:// server (kubectl proxy) works as kubectl reads it, with or without insecure-skip-tls-verify', async () => {
    const plain = http.createServer((_request, response) => response.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const config = (insecure: boolean) =>
        JSON.stringify({
          clusters: [{ name: 'p', cluster: { server: url, 'insecure-skip-tls-verify': insecure } }],
          contexts: [{ name: 'proxy', context: { cluster: 'p' } }],
        });
      for (const insecure of [true, false]) {
        const response = await openHttpStream(connectionFromKubeconfig(config(insecure)), { path: '/api', query: new URLSearchParams(), resource: 'api' });
        response.resume();
        expect(response.statusCode).toBe(200);
      }
    } finally {
      plain.close();
    }
  });

  it('a kubeconfig written by hand (not through the fake server helper) works the same', async () => {
    const server = await serve({ requireAuthorization: 'Bearer by-hand' });
    const text = `
apiVersion: v1
kind: Config
current-context: hand
clusters:
- name: c
  cluster:
    server: ${server.url}
    certificate-authority-data: ${base64(server.caPem)}
users:
- name: u
  user:
    token: by-hand
contexts:
- name: hand
  context: {cluster: c, user: u}
`;
    const conn = connectionFromKubeconfig(text);
    expect(conn.context).toBe('hand');
    expect(await bothStreams(server, conn)).toEqual(['Bearer by-hand', 'Bearer by-hand']);
  });
});

/** A minimal OpenID provider: discovery document and a token endpoint answering refresh grants. */
async function startIdentityProvider(): Promise<{
  issuer: string;
  caPem: string;
  freshIdToken: string;
  refreshTokensSeen: string[];
  close(): Promise<void>;
}> {
  const ca = createCertificateAuthority('porthole-idp-ca');
  const leaf = issueCertificate(ca, { commonName: '127.0.0.1', altNames: ['IP:127.0.0.1'] });
  const refreshTokensSeen: string[] = [];
  let issuer = '';
  let freshIdToken = '';
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/.well-known/openid-configuration') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: ['RS256'] }));
        return;
      }
      if (request.url === '/token' && request.method === 'POST') {
        refreshTokensSeen.push(new URLSearchParams(body).get('refresh_token') ?? '');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: 'access', token_type: 'Bearer', id_token: freshIdToken, refresh_token: 'next', expires_in: 3600 }));
        return;
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const now = Math.floor(Date.now() / 1000);
  freshIdToken = [{ alg: 'RS256', typ: 'JWT' }, { iss: issuer, aud: 'k8s', sub: 'alice', iat: now, exp: now + 3600 }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.')
    .concat('.c2ln');
  return {
    issuer,
    caPem: ca.certPem,
    get freshIdToken() {
      return freshIdToken;
    },
    refreshTokensSeen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ca.dispose();
    },
  };
}
