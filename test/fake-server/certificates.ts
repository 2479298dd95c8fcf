// Test certificates made with the machine's openssl, in a temporary directory: a CA and leaf
// certificates it signs, with chosen names, validity dates and usages. `openssl ca` is used for
// the leaves because OpenSSL 3.0's `x509` cannot set past dates, and an expired certificate is
// one of the cases to test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
  /** Paths of the same PEMs on disk (for certificate-authority / -file fields). */
  readonly certFile: string;
  readonly keyFile: string;
  readonly directory: string;
  /** Removes the directory with everything issued. */
  dispose(): void;
}

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface IssueOptions {
  readonly commonName: string;
  /** subjectAltName entries, e.g. ['IP:127.0.0.1', 'DNS:localhost']. */
  readonly altNames?: readonly string[];
  /** openssl ca dates, YYYYMMDDHHMMSSZ. Default: from yesterday, for ten years. */
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** Organisation (a Kubernetes group, for client certificates). */
  readonly organisation?: string;
}

const CA_CONFIG = `[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = copy
[ policy_any ]
commonName = supplied
organizationName = optional
`;

export function createCertificateAuthority(commonName = 'porthole-test-ca'): CertificateAuthority {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-certs-'));
  writeFileSync(path.join(directory, 'ca.cnf'), CA_CONFIG);
  writeFileSync(path.join(directory, 'index.txt'), '');
  writeFileSync(path.join(directory, 'serial'), '1000\n');
  const certFile = path.join(directory, 'ca.crt');
  const keyFile = path.join(directory, 'ca.key');
  openssl(directory, ['req', '-x509', ...EC_KEY, '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${commonName}`, '-days', '3650']);
  return {
    certPem: readFileSync(certFile, 'utf8'),
    keyPem: readFileSync(keyFile, 'utf8'),
    certFile,
    keyFile,
    directory,
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}

let serial = 0;

export function issueCertificate(ca: CertificateAuthority, options: IssueOptions): IssuedCertificate {
  serial += 1;
  const base = path.join(ca.directory, `leaf-${process.pid}-${serial}`);
  const keyFile = `${base}.key`;
  const certFile = `${base}.crt`;
  const subject = `/CN=${options.commonName}${options.organisation === undefined ? '' : `/O=${options.organisation}`}`;
  const san = options.altNames === undefined || options.altNames.length === 0 ? [] : ['-addext', `subjectAltName=${options.altNames.join(',')}`];
  openssl(ca.directory, ['req', ...EC_KEY, '-nodes', '-keyout', keyFile, '-out', `${base}.csr`, '-subj', subject, ...san]);
  const yesterday = formatDate(new Date(Date.now() - 86_400_000));
  const inTenYears = formatDate(new Date(Date.now() + 10 * 365 * 86_400_000));
  openssl(ca.directory, [
    'ca', '-batch', '-config', 'ca.cnf', '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', `${base}.csr`, '-out', certFile,
    '-startdate', options.notBefore ?? yesterday, '-enddate', options.notAfter ?? inTenYears, '-notext',
  ]);
  return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

function openssl(cwd: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function formatDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Base64 of a PEM, as kubeconfig *-data fields hold it. */
export function base64(pem: string): string {
  return Buffer.from(pem).toString('base64');
}
