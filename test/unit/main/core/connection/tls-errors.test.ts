// Real TLS failures from local servers whose certificates are made here with openssl: each must
// come back as a 'tls' error that says what is wrong, for the WebSocket and the HTTP stream.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import { openHttpStream } from '../../../../../main/core/connection/open-http-stream.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { base64, createCertificateAuthority, issueCertificate, type CertificateAuthority, type IssueOptions } from '../../../../fake-server/certificates.ts';
import { connectionFromKubeconfig } from '../../../../fake-server/fake-server.ts';
import { rejection } from './helpers.ts';

let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let server: https.Server | undefined;
beforeAll(() => {
  ca = createCertificateAuthority('porthole-tls-test-ca');
  otherCa = createCertificateAuthority('porthole-unrelated-ca');
});
afterAll(() => {
  ca.dispose();
  otherCa.dispose();
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** An HTTPS server with a certificate issued by `issuer`; returns a connection trusting `trusted`. */
async function serverWith(issuer: CertificateAuthority, certificate: IssueOptions, trusted = ca, cluster: object = {}): Promise<ClusterConnection> {
  const leaf = issueCertificate(issuer, certificate);
  server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return connectionFromKubeconfig(
    JSON.stringify({
      'current-context': 'tls',
      clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': base64(trusted.certPem), ...cluster } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'tls', context: { cluster: 'c', user: 'u' } }],
    }),
  );
}

const httpTarget = { path: '/api/v1/namespaces/ns/pods/p/log', query: new URLSearchParams(), resource: 'logs of pod p' };
const wsTarget = { ...httpTarget, protocols: ['binary.k8s.io'] };

async function bothErrors(connection: ClusterConnection) {
  const viaHttp = await rejection(openHttpStream(connection, httpTarget));
  const viaWebSocket = await rejection(openWebSocket(connection, wsTarget));
  expect(viaWebSocket.userError).toEqual(viaHttp.userError);
  return viaHttp.userError;
}

describe('TLS failures', () => {
  it('a certificate for another host name: hostname mismatch, quoting the names', async () => {
    const error = await bothErrors(await serverWith(ca, { commonName: 'other', altNames: ['DNS:other.example'] }));
    expect(error).toMatchObject({ kind: 'tls', title: 'Certificate hostname mismatch', context: 'tls' });
    expect(error.detail).toContain('other.example');
    expect(error.detail).toContain('tls-server-name');
  });

  it('an expired certificate', async () => {
    const expired = { commonName: '127.0.0.1', altNames: ['IP:127.0.0.1'], notBefore: '20200101000000Z', notAfter: '20200102000000Z' };
    const error = await bothErrors(await serverWith(ca, expired));
    expect(error).toMatchObject({ kind: 'tls', title: 'Server certificate expired' });
    expect(error.detail).toContain('CERT_HAS_EXPIRED');
  });

  it('a certificate that is not valid yet', async () => {
    const future = { commonName: '127.0.0.1', altNames: ['IP:127.0.0.1'], notBefore: '20990101000000Z', notAfter: '20990102000000Z' };
    expect((await bothErrors(await serverWith(ca, future))).title).toBe('Server certificate not yet valid');
  });

  it('a certificate signed by a CA the kubeconfig does not name: not trusted', async () => {
    const error = await bothErrors(await serverWith(otherCa, { commonName: '127.0.0.1', altNames: ['IP:127.0.0.1'] }));
    expect(error).toMatchObject({ kind: 'tls', title: 'Certificate not trusted' });
    expect(error.detail).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('a self-signed server certificate (the CA itself as leaf), not trusted', async () => {
    server = https.createServer({ cert: otherCa.certPem, key: otherCa.keyPem }, (_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const conn = connectionFromKubeconfig(
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': base64(ca.certPem) } }],
        contexts: [{ name: 'self', context: { cluster: 'c' } }],
      }),
    );
    const error = await bothErrors(conn);
    expect(error).toMatchObject({ kind: 'tls', title: 'Certificate not trusted' });
    expect(error.detail).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
