// proxy-url: http, https and socks5 proxies carry both stream kinds through client-node's agent;
// a proxy that is down or refuses is a 'proxy' error naming it.
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import { openHttpStream } from '../../../../../main/core/connection/open-http-stream.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { createCertificateAuthority, issueCertificate, type CertificateAuthority } from '../../../../fake-server/certificates.ts';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server.ts';
import { startConnectProxy, startSocksProxy, type TestProxy } from '../../../../fake-server/proxies.ts';
import { rejection } from './helpers.ts';

let fake: FakeServer;
let proxy: TestProxy | undefined;
let proxyCa: CertificateAuthority;
const defaultCas = tls.getCACertificates('default');

beforeAll(async () => {
  fake = await startFakeServer({ onHttp: (_request, response) => response.writeHead(200).end('ok') });
  // client-node's https proxy agent verifies the proxy with the default CA store (it has no
  // kubeconfig field for a proxy CA), so the test proxy's CA is made a default one.
  proxyCa = createCertificateAuthority('porthole-proxy-ca');
  tls.setDefaultCACertificates([...defaultCas, proxyCa.certPem]);
});
afterAll(async () => {
  tls.setDefaultCACertificates(defaultCas);
  proxyCa.dispose();
  await fake.close();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

const wsTarget = { path: '/api/v1/namespaces/ns/pods/p/exec', query: new URLSearchParams(), protocols: ['v4.channel.k8s.io'], resource: 'exec in pod p' };
const httpTarget = { path: '/api/v1/namespaces/ns/pods/p/log', query: new URLSearchParams(), resource: 'logs of pod p' };

async function bothStreams(connection: ClusterConnection): Promise<void> {
  const { socket } = await openWebSocket(connection, wsTarget);
  socket.terminate();
  (await openHttpStream(connection, httpTarget)).resume();
}

describe('proxy-url', () => {
  it.each([
    ['http', () => startConnectProxy()],
    ['https', () => {
      const leaf = issueCertificate(proxyCa, { commonName: 'localhost', altNames: ['DNS:localhost'] });
      return startConnectProxy({ tls: { cert: leaf.certPem, key: leaf.keyPem }, host: 'localhost' });
    }],
    ['socks5', () => startSocksProxy()],
  ] as const)('an %s proxy carries the WebSocket and the HTTP stream', async (_kind, start) => {
    proxy = await start();
    await bothStreams(fake.connection({ cluster: { 'proxy-url': proxy.url } }));
    expect(proxy.tunnels).toEqual([`127.0.0.1:${fake.port}`, `127.0.0.1:${fake.port}`]);
  });

  it('a proxy that is not running is a proxy error naming it', async () => {
    proxy = await startConnectProxy();
    const url = proxy.url;
    await proxy.close();
    proxy = undefined;
    const error = await rejection(openWebSocket(fake.connection({ cluster: { 'proxy-url': url } }), wsTarget));
    expect(error.userError).toMatchObject({ kind: 'proxy', title: 'Proxy failed' });
    expect(error.userError.detail).toContain(url);
    expect(error.userError.detail).toContain('ECONNREFUSED');
  });

  it('a proxy that refuses the tunnel (407) says so and hints at proxy credentials', async () => {
    proxy = await startConnectProxy({ answer: 407 });
    const error = await rejection(openHttpStream(fake.connection({ cluster: { 'proxy-url': proxy.url } }), httpTarget));
    expect(error.userError.kind).toBe('proxy');
    expect(error.userError.detail).toContain('HTTP 407');
    expect(error.userError.detail).toContain('proxy authentication required');
  });

  it('a SOCKS proxy that refuses the connection is a proxy error', async () => {
    proxy = await startSocksProxy({ refuse: true });
    const error = await rejection(openWebSocket(fake.connection({ cluster: { 'proxy-url': proxy.url } }), wsTarget));
    expect(error.userError.kind).toBe('proxy');
    expect(error.userError.detail).toContain(proxy.url);
  });

  it('proxy credentials in proxy-url never appear in errors', async () => {
    proxy = await startConnectProxy({ answer: 403 });
    const withCredentials = proxy.url.replace('http://', 'http://proxyuser:proxy-PASSWORD-9@');
    const error = await rejection(openWebSocket(fake.connection({ cluster: { 'proxy-url': withCredentials } }), wsTarget));
    expect(error.userError.kind).toBe('proxy');
    expect(JSON.stringify(error.userError)).not.toContain('proxy-PASSWORD-9');
  });
});
