// Searching recorded bridge traffic for the test cluster's credentials, shared by the web host's
// end-to-end recording (test/e2e/secrets.test.ts) and the Electron IPC recording
// (test/integration/ipc-secrets.test.ts), so both look for the same secrets in the same forms.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { ClusterInfo } from '../cluster/cluster.ts';

/** One recorded unit of traffic, as bytes, and where it was seen (shown when a secret is found in it). */
export interface Captured {
  readonly where: string;
  readonly bytes: Buffer;
}

export interface Secret {
  readonly name: string;
  /** Byte strings whose presence anywhere in the capture would mean the secret leaked. */
  readonly needles: readonly Buffer[];
}

/**
 * Windows of this many characters (from the start, not overlapping) are searched too, so a secret
 * split across frames or lines is still found in part.
 */
export const SEARCH_WINDOW = 32;

/** A needle shorter than this could occur by chance, which would make the search meaningless (and flaky). */
const MIN_NEEDLE_BYTES = 16;

function windows(text: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; start + SEARCH_WINDOW <= text.length; start += SEARCH_WINDOW) parts.push(text.subarray(start, start + SEARCH_WINDOW));
  return parts;
}

/** base64 of `value` as it would appear inside a longer base64 text, at each of the three byte alignments. */
function base64Forms(value: Buffer): Buffer[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), value]).toString('base64');
    // Drop the characters that also encode the padding bytes before, and the last group (padding).
    return Buffer.from(encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4));
  });
}

/** A PEM file (key or certificate): as a kubeconfig embeds it (base64 of the file), as PEM, its base64 body and its DER, whole and in windows. */
export function pemSecret(name: string, pemFile: Buffer): Secret {
  const kubeconfigData = Buffer.from(pemFile.toString('base64'));
  const body = Buffer.from(
    pemFile
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('-----'))
      .join(''),
  );
  const der = Buffer.from(body.toString(), 'base64');
  return {
    name,
    needles: [kubeconfigData, ...windows(kubeconfigData), pemFile, body, ...windows(body), der, ...windows(der)],
  };
}

/** Fragments of a token this long, at every offset, are searched too: a part of a token is a leak as well. */
const TOKEN_FRAGMENT = 20;

/** A bearer token: raw, every fragment of it, and in base64 at every alignment. */
export function tokenSecret(name: string, token: string): Secret {
  const bytes = Buffer.from(token);
  const fragments: Buffer[] = [];
  for (let start = 0; start + TOKEN_FRAGMENT < bytes.length; start += 1) fragments.push(bytes.subarray(start, start + TOKEN_FRAGMENT));
  return { name, needles: [bytes, ...fragments, ...base64Forms(bytes)] };
}

interface KubeconfigUsers {
  users: Array<{ name: string; user: Record<string, unknown> }>;
}

/**
 * Every credential of the test cluster a run could leak: the admin client key and certificate
 * (embedded in the kubeconfig; also the files under pki/), the viewer's bearer token, the token
 * the exec plugin prints, and the cluster CA's private key (never named by the kubeconfig, but a
 * test may point a context's client-key at it).
 */
export async function clusterSecrets(cluster: ClusterInfo): Promise<Secret[]> {
  const kubeconfig = JSON.parse(await readFile(cluster.kubeconfigPath, 'utf8')) as KubeconfigUsers;
  const user = (name: string) => {
    const found = kubeconfig.users.find((entry) => entry.name === name);
    if (!found) throw new Error(`no user ${name} in the cluster's kubeconfig`);
    return found.user;
  };
  const admin = user('admin');
  const viewerToken = user('viewer').token;
  if (typeof admin['client-certificate-data'] !== 'string' || typeof admin['client-key-data'] !== 'string' || typeof viewerToken !== 'string') {
    throw new Error('the cluster kubeconfig no longer has embedded admin certificate/key and viewer token');
  }
  const pluginToken = (await readFile(join(cluster.dir, 'plugin-token'), 'utf8')).trim();
  const secrets = [
    pemSecret('admin client key', Buffer.from(admin['client-key-data'], 'base64')),
    pemSecret('admin client certificate', Buffer.from(admin['client-certificate-data'], 'base64')),
    tokenSecret('viewer token', viewerToken),
    tokenSecret('plugin token', pluginToken),
    pemSecret('cluster CA key', await readFile(clusterCaKeyPath(cluster))),
  ];
  for (const secret of secrets) {
    const short = secret.needles.find((needle) => needle.length < MIN_NEEDLE_BYTES);
    if (short !== undefined) throw new Error(`${secret.name} has a needle of only ${short.length} bytes`);
  }
  return secrets;
}

/** The cluster CA's private key (test/cluster/pki.ts writes the run's PKI next to the CA certificate). */
export function clusterCaKeyPath(cluster: ClusterInfo): string {
  return cluster.caPath.replace(/\.crt$/, '.key');
}

/** Where each secret occurs in the capture, as "<secret> in <where>"; empty when nothing leaked. */
export function findLeaks(secrets: readonly Secret[], captured: readonly Captured[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    for (const entry of captured) {
      if (secret.needles.some((needle) => entry.bytes.includes(needle))) leaks.push(`${secret.name} in ${entry.where}`);
    }
  }
  return leaks;
}

/**
 * The searchable bytes of a structured-cloneable message (what a MessagePort carries): its V8
 * serialization (the structured clone's own byte form) and, because V8 stores a string with any
 * character above U+00FF as UTF-16, every string in it as UTF-8 and every binary view's bytes,
 * concatenated in order.
 */
export function messageBytes(message: unknown): Buffer[] {
  const leaves: Buffer[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') leaves.push(Buffer.from(value, 'utf8'));
    else if (ArrayBuffer.isView(value)) leaves.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    else if (value instanceof ArrayBuffer) leaves.push(Buffer.from(value));
    else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      const entries = value instanceof Map ? [...value.entries()].flat() : value instanceof Set ? [...value] : Object.entries(value).flat();
      for (const item of entries) walk(item);
    } else if (value !== undefined && value !== null) leaves.push(Buffer.from(String(value)));
  };
  walk(message);
  return [serialize(message), Buffer.concat(leaves)];
}
