// Certificates for one cluster run, made with the machine's `openssl` (Node's crypto can make
// keys but not X.509 certificates). EC P-256 keys keep generation well under a second.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type KeyPair = { cert: string; key: string };

export type ClusterPki = {
  dir: string;
  /** The CA every server and client certificate of this run is signed by. */
  ca: KeyPair;
  /** A CA that signed nothing here: trusting it instead of `ca` must fail the TLS handshake. */
  unrelatedCa: KeyPair;
  apiServer: KeyPair;
  /** system:masters; used by the admin context, the harness and kwok. */
  admin: KeyPair;
  /** The API server's client certificate towards the kubelet (kwok). */
  apiServerKubeletClient: KeyPair;
  /** kwok's kubelet serving certificate, checked by the API server via --kubelet-certificate-authority. */
  kubelet: KeyPair;
  /** Signs and verifies service-account tokens. */
  serviceAccount: { privateKey: string; publicKey: string };
};

export class OpensslError extends Error {
  constructor(step: string, cause: unknown) {
    super(`openssl failed while ${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OpensslError';
  }
}

async function openssl(step: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    throw new OpensslError(step, error);
  }
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function makeCa(dir: string, name: string, commonName: string): Promise<KeyPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await openssl(`creating CA ${name}`, [
    'req', '-x509', ...ecKey, '-keyout', pair.key, '-out', pair.cert, '-days', '30',
    '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return pair;
}

type LeafSpec = {
  name: string;
  subject: string;
  usage: 'serverAuth' | 'clientAuth';
  ipSans?: string[];
  dnsSans?: string[];
};

async function makeLeaf(dir: string, ca: KeyPair, spec: LeafSpec): Promise<KeyPair> {
  const pair = { cert: join(dir, `${spec.name}.crt`), key: join(dir, `${spec.name}.key`) };
  const csr = join(dir, `${spec.name}.csr`);
  const extFile = join(dir, `${spec.name}.ext`);
  const sans = [...(spec.ipSans ?? []).map((ip) => `IP:${ip}`), ...(spec.dnsSans ?? []).map((d) => `DNS:${d}`)];
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    `extendedKeyUsage=${spec.usage}`,
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
  ];
  await writeFile(extFile, extensions.join('\n') + '\n');
  await openssl(`creating the key and CSR for ${spec.name}`, [
    'req', '-new', ...ecKey, '-keyout', pair.key, '-out', csr, '-subj', spec.subject,
  ]);
  await openssl(`signing ${spec.name}`, [
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial',
    '-out', pair.cert, '-days', '30', '-extfile', extFile,
  ]);
  return pair;
}

export async function createPki(dir: string): Promise<ClusterPki> {
  await mkdir(dir, { recursive: true });
  const [ca, unrelatedCa] = await Promise.all([
    makeCa(dir, 'ca', 'porthole-test-ca'),
    makeCa(dir, 'unrelated-ca', 'porthole-unrelated-ca'),
  ]);
  // Sequential: each signing bumps the same CA serial file.
  const apiServer = await makeLeaf(dir, ca, {
    name: 'apiserver',
    subject: '/CN=kube-apiserver',
    usage: 'serverAuth',
    ipSans: ['127.0.0.1', '10.96.0.1'],
    dnsSans: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
  });
  const admin = await makeLeaf(dir, ca, { name: 'admin', subject: '/O=system:masters/CN=porthole-admin', usage: 'clientAuth' });
  const apiServerKubeletClient = await makeLeaf(dir, ca, {
    name: 'apiserver-kubelet-client',
    subject: '/O=system:masters/CN=kube-apiserver-kubelet-client',
    usage: 'clientAuth',
  });
  const kubelet = await makeLeaf(dir, ca, {
    name: 'kubelet',
    subject: '/CN=porthole-node',
    usage: 'serverAuth',
    ipSans: ['127.0.0.1'],
    dnsSans: ['localhost'],
  });
  const serviceAccount = { privateKey: join(dir, 'sa.key'), publicKey: join(dir, 'sa.pub') };
  await openssl('creating the service-account key', [
    'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', serviceAccount.privateKey,
  ]);
  await openssl('extracting the service-account public key', [
    'pkey', '-in', serviceAccount.privateKey, '-pubout', '-out', serviceAccount.publicKey,
  ]);
  return { dir, ca, unrelatedCa, apiServer, admin, apiServerKubeletClient, kubelet, serviceAccount };
}

/** The real node's kubelet: a serving certificate for its address and its client identity under the Node authorizer. */
export type NodePki = { serving: KeyPair; client: KeyPair };

export async function createNodePki(pki: ClusterPki, nodeName: string, nodeIp: string): Promise<NodePki> {
  const serving = await makeLeaf(pki.dir, pki.ca, {
    name: `${nodeName}-serving`,
    subject: `/CN=${nodeName}`,
    usage: 'serverAuth',
    ipSans: [nodeIp],
    dnsSans: [nodeName],
  });
  // system:node:<name> in system:nodes is what the Node authorizer and NodeRestriction expect.
  const client = await makeLeaf(pki.dir, pki.ca, {
    name: `${nodeName}-client`,
    subject: `/O=system:nodes/CN=system:node:${nodeName}`,
    usage: 'clientAuth',
  });
  return { serving, client };
}
