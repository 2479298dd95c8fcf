// Turns the merged kubeconfig into one entry per context: a summary the UI may see (names, a
// server URL without userinfo, the KIND of authentication — never a credential) and, when the
// context is usable, a kubeconfig document holding just that context, cluster and user, which
// client-node loads into its own KubeConfig. One KubeConfig per context, because client-node
// applies only its current context.
import { KubeConfig } from '@kubernetes/client-node';
import type { AuthKind, ContextSummary } from '../../../shared/bridge/contexts.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { kubeconfigError } from '../errors/credential-errors.ts';
import { quoteExternal } from '../errors/describe.ts';
import { credentialsInClear } from './credentials-in-clear.ts';
import { asObject, type MergedKubeconfig, type RawEntry, type RawObject } from './kubeconfig-merge.ts';
import { withoutUserinfo } from './redact-url.ts';

export interface ContextEntry {
  readonly summary: ContextSummary;
  /** The single-context kubeconfig as JSON (also YAML); absent when summary.problem is set. */
  readonly document?: string;
  /** The raw user entry (exec command, installHint, auth-provider name) for error messages. */
  readonly userBody: RawObject;
  /** proxy-url without userinfo, for error messages. */
  readonly proxy?: string;
}

/** Stands in for a context without a user, so client-node still applies the cluster's TLS settings. */
const ANONYMOUS_USER = 'porthole-anonymous';
const DEFAULT_NAMESPACE = 'default';

export function contextEntries(merged: MergedKubeconfig): ContextEntry[] {
  return [...merged.contexts.values()].map((context) => contextEntry(context, merged));
}

function contextEntry(context: RawEntry, merged: MergedKubeconfig): ContextEntry {
  const clusterName = stringField(context.body, 'cluster');
  const userName = stringField(context.body, 'user');
  const namespace = stringField(context.body, 'namespace');
  const cluster = merged.clusters.get(clusterName);
  const user = userName === '' ? undefined : merged.users.get(userName);
  const server = stringField(cluster?.body ?? {}, 'server');
  const proxyUrl = stringField(cluster?.body ?? {}, 'proxy-url');
  const userBody = user?.body ?? {};
  const summary = {
    name: context.name,
    cluster: clusterName,
    server: withoutUserinfo(server),
    user: userName,
    namespace: namespace === '' ? DEFAULT_NAMESPACE : namespace,
    authKind: authKind(userBody),
    isCurrent: merged.currentContext === context.name,
  };
  const proxy = proxyUrl === '' ? {} : { proxy: withoutUserinfo(proxyUrl) };

  const problem = duplicateProblem(context, clusterName, userName, merged) ?? structuralProblem(context, clusterName, userName, cluster, user, server);
  if (problem !== null) return { summary: { ...summary, problem }, userBody, ...proxy };

  const document = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context.name,
    clusters: [{ name: clusterName, cluster: cluster?.body }],
    users: [{ name: userName === '' ? ANONYMOUS_USER : userName, user: userBody }],
    contexts: [{ name: context.name, context: { ...context.body, user: userName === '' ? ANONYMOUS_USER : userName } }],
  });
  const loadProblem = tryLoad(document, context.name, userName, userBody);
  if (loadProblem !== null) return { summary: { ...summary, problem: loadProblem }, userBody, ...proxy };
  const warning = credentialsInClear(context.name, server, summary.authKind, withoutUserinfo(server) !== server);
  return { summary: warning === undefined ? summary : { ...summary, warning }, document, userBody, ...proxy };
}

/** An entry defined twice in one file: kubectl refuses the file; we refuse the contexts using it. */
function duplicateProblem(context: RawEntry, clusterName: string, userName: string, merged: MergedKubeconfig): UserError | null {
  const twice = `is defined twice in ${context.file}; kubectl refuses such a file. Rename or remove one.`;
  if (merged.duplicates.contexts.has(context.name)) return kubeconfigError(context.name, 'the context entry', twice);
  if (merged.duplicates.clusters.has(clusterName)) return kubeconfigError(context.name, `cluster "${clusterName}"`, twice);
  if (merged.duplicates.users.has(userName)) return kubeconfigError(context.name, `user "${userName}"`, twice);
  return null;
}

function structuralProblem(
  context: RawEntry,
  clusterName: string,
  userName: string,
  cluster: RawEntry | undefined,
  user: RawEntry | undefined,
  server: string,
): UserError | null {
  const name = context.name;
  if (clusterName === '') return kubeconfigError(name, `the context entry in ${context.file}`, 'names no cluster (context.cluster).');
  if (cluster === undefined) {
    return kubeconfigError(name, `context.cluster "${clusterName}"`, 'is not defined in any kubeconfig file.');
  }
  if (userName !== '' && user === undefined) {
    return kubeconfigError(name, `context.user "${userName}"`, 'is not defined in any kubeconfig file.');
  }
  if (server === '') return kubeconfigError(name, `cluster "${clusterName}" (${cluster.file})`, 'has no server.');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return kubeconfigError(name, `cluster "${clusterName}" server`, `"${withoutUserinfo(server)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return kubeconfigError(name, `cluster "${clusterName}" server`, `must be an https:// (or http://) URL, not ${url.protocol}`);
  }
  return user === undefined ? null : userProblem(name, user);
}

// The auth providers client-node implements; it silently sends no credentials for any other.
const KNOWN_AUTH_PROVIDERS = new Set(['oidc', 'azure', 'gcp']);

/** What client-node would otherwise ignore without a word (kubectl refuses these entries). */
function userProblem(context: string, user: RawEntry): UserError | null {
  const body = user.body;
  const hasCert = nonEmpty(body['client-certificate']) || nonEmpty(body['client-certificate-data']);
  const hasKey = nonEmpty(body['client-key']) || nonEmpty(body['client-key-data']);
  if (hasCert && !hasKey) {
    return kubeconfigError(context, `user "${user.name}"`, 'has a client certificate but no client-key or client-key-data.');
  }
  if (hasKey && !hasCert) {
    return kubeconfigError(context, `user "${user.name}"`, 'has a client key but no client-certificate or client-certificate-data.');
  }
  const provider = asObject(body['auth-provider']);
  if (provider === null) return null;
  const providerName = provider['name'];
  // client-node's file auth provider is chosen by config.tokenFile, whatever the name.
  if (nonEmpty(asObject(provider['config'])?.['tokenFile'])) return null;
  if (typeof providerName !== 'string' || providerName === '') {
    return kubeconfigError(context, `user "${user.name}" auth-provider`, 'has no name.');
  }
  if (!KNOWN_AUTH_PROVIDERS.has(providerName)) {
    return kubeconfigError(
      context,
      `user "${user.name}" auth-provider "${providerName}"`,
      `is not one Porthole knows (${[...KNOWN_AUTH_PROVIDERS].join(', ')}); use an exec credential plugin instead.`,
    );
  }
  return null;
}

/**
 * Loads the document with client-node, as the connection will, to find problems now rather
 * than at the first request: client-node reads token-file while loading.
 */
function tryLoad(document: string, context: string, userName: string, userBody: RawObject): UserError | null {
  try {
    new KubeConfig().loadFromString(document);
    return null;
  } catch (error) {
    const coded = error as { code?: unknown; path?: unknown };
    if (typeof coded.code === 'string' && typeof coded.path === 'string') {
      // client-node reads only token-file while loading.
      const field = userBody['token-file'] === coded.path ? `token-file of user "${userName}":` : 'the file';
      return kubeconfigError(context, `${field} ${coded.path}`, `named in the user entry cannot be read (${coded.code}).`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return kubeconfigError(context, 'the entry', `is rejected by the kubeconfig loader: ${quoteExternal(reason)}`);
  }
}

function authKind(user: RawObject): AuthKind {
  if (asObject(user['exec']) !== null) return 'exec-plugin';
  if (asObject(user['auth-provider']) !== null) return 'auth-provider';
  if (nonEmpty(user['token-file'])) return 'token-file';
  if (nonEmpty(user['token'])) return 'token';
  if (nonEmpty(user['username'])) return 'basic';
  if (nonEmpty(user['client-certificate']) || nonEmpty(user['client-certificate-data'])) return 'client-certificate';
  return 'none';
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function stringField(body: RawObject, field: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : '';
}
