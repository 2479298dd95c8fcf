// Checks the TLS material client-node put into the request options before any socket uses it.
// client-node copies certificate-authority(-data), client-certificate(-data) and client-key(-data)
// as bytes without looking at them, and Node only parses them when the socket is made — where a
// bad PEM throws an OpenSSL error ("PEM routines::no start line") out of the WebSocket
// constructor, naming neither the context nor the field. Here each is parsed on its own, so the
// message can name the kubeconfig field at fault; an expired client certificate is reported
// as such, where the server would only cut the handshake.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type https from 'node:https';
import tls from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { kubeconfigError } from '../errors/credential-errors.ts';

export function tlsMaterialProblem(options: https.RequestOptions, kubeConfig: KubeConfig, context: string): UserError | null {
  const cluster = kubeConfig.getCurrentCluster();
  const user = kubeConfig.getCurrentUser();
  const caField = cluster?.caFile === undefined ? 'certificate-authority-data' : `certificate-authority (${cluster.caFile})`;
  const certField = user?.certFile === undefined ? 'client-certificate-data' : `client-certificate (${user.certFile})`;
  const keyField = user?.keyFile === undefined ? 'client-key-data' : `client-key (${user.keyFile})`;
  const where = (field: string, entry: string | undefined): string => `${field} of ${entry ?? 'the entry'}`;
  const clusterEntry = cluster === null ? undefined : `cluster "${cluster.name}"`;
  const userEntry = user === null ? undefined : `user "${user.name}"`;

  if (options.ca !== undefined && !parses(() => new X509Certificate(pemOf(options.ca)))) {
    return kubeconfigError(context, where(caField, clusterEntry), 'holds no PEM certificate (check the base64 and the BEGIN CERTIFICATE block).');
  }
  if (options.cert === undefined || options.key === undefined) return null;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pemOf(options.cert));
  } catch {
    return kubeconfigError(context, where(certField, userEntry), 'holds no PEM certificate (check the base64 and the BEGIN CERTIFICATE block).');
  }
  if (!parses(() => createPrivateKey(pemOf(options.key)))) {
    return kubeconfigError(context, where(keyField, userEntry), 'holds no PEM private key (check the base64 and the BEGIN … PRIVATE KEY block).');
  }
  if (!parses(() => tls.createSecureContext({ cert: options.cert, key: options.key }))) {
    return kubeconfigError(context, where(keyField, userEntry), `is not the private key of ${certField}.`);
  }
  const expiry = new Date(certificate.validTo);
  if (expiry.getTime() < Date.now()) {
    return kubeconfigError(context, where(certField, userEntry), `expired on ${expiry.toISOString()}; the server will refuse it.`);
  }
  return null;
}

function pemOf(value: unknown): string | Buffer {
  if (Array.isArray(value)) return pemOf(value[0]);
  return typeof value === 'string' || Buffer.isBuffer(value) ? value : String(value);
}

function parses(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}
