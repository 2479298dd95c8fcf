// The ClusterConnection of one kubeconfig context, built on a client-node KubeConfig that holds
// just that context. All TLS and authentication comes from client-node's applyToHTTPSOptions:
// CA (file/data), client certificate and key (file/data), insecure-skip-tls-verify,
// tls-server-name, token, token-file, basic auth, exec plugins, OIDC and other auth providers,
// and its agent for proxy-url (http, https, socks). We add what it lacks: a timeout on credential
// acquisition, serialised requests (so N sessions opening at once run a plugin once, and then hit
// its cache), errors that say which field or plugin failed, and no state kept from a failure.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { CoreError } from '../errors/core-error.ts';
import { authProviderError, execPluginError, kubeconfigError } from '../errors/credential-errors.ts';
import { quoteExternal } from '../errors/describe.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import type { ClusterConnection, ConnectionRequestOptions } from './cluster-connection.ts';
import { ExecPluginGuard } from './exec-plugin-guard.ts';
import { fixOidcIssuerUrl } from './oidc-issuer-url.ts';
import { tlsMaterialProblem } from './tls-material.ts';

export interface ConnectionSource {
  readonly context: string;
  readonly user: string;
  /** The server URL without userinfo (for messages). */
  readonly server: string;
  /** proxy-url without userinfo (for messages). */
  readonly proxy?: string;
  /** The kubeconfig document holding only this context (see context-entries.ts). */
  readonly document: string;
  /** The user entry as written, to name its plugin and installHint in errors. */
  readonly userBody: Readonly<Record<string, unknown>>;
}

export interface ConnectionOptions {
  /** How long an exec plugin or auth provider may take to produce credentials. */
  credentialTimeoutMs?: number;
}

export const DEFAULT_CREDENTIAL_TIMEOUT_MS = 60_000;

export function createClusterConnection(source: ConnectionSource, options: ConnectionOptions = {}): ClusterConnection {
  return new KubeconfigConnection(source, options.credentialTimeoutMs ?? DEFAULT_CREDENTIAL_TIMEOUT_MS);
}

interface Credentials {
  readonly kubeConfig: KubeConfig;
  readonly guard: ExecPluginGuard | undefined;
}

class KubeconfigConnection implements ClusterConnection {
  readonly context: string;
  readonly user: string;
  readonly server: URL;
  readonly #source: ConnectionSource;
  readonly #timeoutMs: number;
  readonly #exec: Readonly<Record<string, unknown>> | undefined;
  readonly #serverUserinfo: string | undefined;
  #credentials: Credentials | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(source: ConnectionSource, timeoutMs: number) {
    this.#source = source;
    this.#timeoutMs = timeoutMs;
    this.context = source.context;
    this.user = source.user;
    this.#credentials = this.#load();
    const cluster = this.#credentials.kubeConfig.getCurrentCluster();
    // context-entries.ts checked that the server is an http(s) URL before we got here. Userinfo
    // in it is a credential: it moves into requestOptions() and out of the public URL.
    const server = new URL(cluster?.server ?? source.server);
    this.#serverUserinfo =
      server.username === '' && server.password === '' ? undefined : `${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`;
    server.username = '';
    server.password = '';
    this.server = server;
    const exec = source.userBody['exec'];
    this.#exec = typeof exec === 'object' && exec !== null ? (exec as Record<string, unknown>) : undefined;
  }

  requestOptions(): Promise<ConnectionRequestOptions> {
    const next = this.#queue.then(() => this.#requestOptions());
    this.#queue = next.catch(() => undefined);
    return next;
  }

  errorContext(resource: string, extra: Partial<ErrorContext> = {}): ErrorContext {
    return {
      context: this.context,
      user: this.user,
      server: this.#source.server,
      resource,
      ...(this.#source.proxy === undefined ? {} : { proxy: this.#source.proxy }),
      ...extra,
    };
  }

  #load(): Credentials {
    const kubeConfig = new KubeConfig();
    try {
      kubeConfig.loadFromString(this.#source.document);
    } catch (error) {
      // The store loaded the same document a moment ago; a failure now is a file that changed.
      throw new CoreError(
        this.#fileError(error) ?? kubeconfigError(this.context, 'the entry', `is rejected by the kubeconfig loader: ${quoteExternal(messageOf(error))}`),
      );
    }
    fixOidcIssuerUrl(kubeConfig);
    allowPlainHttp(kubeConfig);
    this.#trimTokenFromFile(kubeConfig);
    const exec = this.#source.userBody['exec'] as { apiVersion?: unknown } | undefined;
    const guard =
      exec === undefined
        ? undefined
        : new ExecPluginGuard(kubeConfig, typeof exec.apiVersion === 'string' ? exec.apiVersion : 'client.authentication.k8s.io/v1');
    return { kubeConfig, guard };
  }

  /**
   * client-node sends a token-file's content as it is; client-go (so kubectl) trims its whitespace.
   * A file written by `echo` or an editor ends in a newline, and Node refuses a header holding one
   * (ERR_INVALID_CHAR), so every request would fail for a file kubectl reads fine.
   */
  #trimTokenFromFile(kubeConfig: KubeConfig): void {
    const body = this.#source.userBody;
    // `token` takes precedence over `token-file` (client-node and clientcmd alike).
    if (nonEmptyString(body['token']) || !nonEmptyString(body['token-file'])) return;
    const field = `token-file of user "${this.user}": ${body['token-file']}`;
    kubeConfig.users = kubeConfig.users.map((user) => {
      if (user.token === undefined) return user;
      const token = user.token.trim();
      if (token === '') throw new CoreError(kubeconfigError(this.context, field, 'is empty: it holds no token.'));
      return { ...user, token };
    });
  }

  async #requestOptions(): Promise<ConnectionRequestOptions> {
    this.#credentials ??= this.#load();
    const { kubeConfig, guard } = this.#credentials;
    guard?.reset();
    const options: https.RequestOptions = {};
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new CredentialTimeout()), this.#timeoutMs);
      });
      await Promise.race([kubeConfig.applyToHTTPSOptions(options), timeout]);
      this.#checkExecCredential(options);
      const tlsProblem = tlsMaterialProblem(options, kubeConfig, this.context);
      if (tlsProblem !== null) throw new CoreError(tlsProblem);
    } catch (error) {
      // Whatever client-node cached on the way (a bad ExecCredential, a half-refreshed OIDC
      // token) goes with this KubeConfig; the next request starts clean.
      const userError = this.#credentialError(error, guard);
      this.#credentials = undefined;
      throw new CoreError(userError);
    } finally {
      clearTimeout(timer);
    }
    // username/password of the user entry (client-node sets `auth`) take precedence over
    // userinfo in the server URL.
    const auth = options.auth ?? this.#serverUserinfo;
    return { ...options, ...(auth === undefined ? {} : { auth }), headers: flattenHeaders(options.headers) };
  }

  /** client-node accepts an ExecCredential with neither token nor certificate and sends nothing. */
  #checkExecCredential(options: https.RequestOptions): void {
    if (this.#exec === undefined) return;
    const headers = flattenHeaders(options.headers);
    const hasToken = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    if (!hasToken && (options.cert === undefined || options.key === undefined)) {
      throw new BadExecCredential('printed an ExecCredential with neither status.token nor status.clientCertificateData and status.clientKeyData.');
    }
  }

  #credentialError(error: unknown, guard: ExecPluginGuard | undefined): UserError {
    if (error instanceof CoreError) return error.userError;
    const run = guard?.lastRun;
    const command = run?.command ?? String(this.#exec?.['command'] ?? '');
    if (error instanceof CredentialTimeout) {
      if (guard?.killRunning() === true) {
        return execPluginError({ kind: 'timeout', command, timeoutMs: this.#timeoutMs }, this.context, this.user);
      }
      return authProviderError(this.#providerName(), this.context, this.user, `no answer within ${this.#timeoutMs / 1000} s`);
    }
    if (error instanceof BadExecCredential) {
      return execPluginError({ kind: 'bad-output', command, problem: error.message }, this.context, this.user);
    }
    if (run !== undefined) return execPluginError(describeRun(run, error, this.#exec), this.context, this.user);
    if (this.#exec !== undefined && /No command was specified/.test(messageOf(error))) {
      return kubeconfigError(this.context, `user "${this.user}"`, 'has an exec section without exec.command.');
    }
    return this.#fileError(error) ?? this.#configError(error) ?? authProviderError(this.#providerName(), this.context, this.user, messageOf(error));
  }

  /** A file the kubeconfig names (certificate-authority, client-certificate, client-key, token file) is unreadable. */
  #fileError(error: unknown): UserError | null {
    const coded = error as { code?: unknown; path?: unknown };
    if (typeof coded.code !== 'string') return null;
    // Reading a directory (EISDIR) fails without naming the path: find the field that names it.
    const file = typeof coded.path === 'string' ? coded.path : this.#unreadableFile();
    if (file === undefined) return null;
    const field = this.#fieldNaming(file);
    return kubeconfigError(this.context, `${field === undefined ? 'the file' : `${field}:`} ${file}`, `named in the kubeconfig cannot be read (${coded.code}).`);
  }

  #unreadableFile(): string | undefined {
    const kubeConfig = this.#credentials?.kubeConfig;
    const user = kubeConfig?.getCurrentUser();
    const files = [kubeConfig?.getCurrentCluster()?.caFile, user?.certFile, user?.keyFile];
    return files.find((file) => file !== undefined && !readable(file));
  }

  /** Which path-valued field of the context's cluster or user entry names `file`. */
  #fieldNaming(file: string): string | undefined {
    const kubeConfig = this.#credentials?.kubeConfig;
    const cluster = kubeConfig?.getCurrentCluster();
    const user = kubeConfig?.getCurrentUser();
    if (cluster?.caFile === file) return `certificate-authority of cluster "${cluster.name}"`;
    if (user?.certFile === file) return `client-certificate of user "${user.name}"`;
    if (user?.keyFile === file) return `client-key of user "${user.name}"`;
    if (this.#source.userBody['token-file'] === file) return `token-file of user "${this.user}"`;
    return undefined;
  }

  /** client-node's own objections to the cluster entry (its wording, 2.0.1). */
  #configError(error: unknown): UserError | null {
    if (messageOf(error) === 'Unsupported proxy type') {
      return kubeconfigError(this.context, `proxy-url ${this.#source.proxy ?? ''}`, 'is not an http://, https:// or socks URL.');
    }
    return null;
  }

  #providerName(): string {
    const provider = this.#source.userBody['auth-provider'] as { name?: unknown } | undefined;
    if (provider !== undefined && typeof provider.name === 'string') return `the auth provider "${provider.name}"`;
    return 'the kubeconfig credentials';
  }
}

/**
 * kubectl talks plain HTTP to an http:// server (a `kubectl proxy` on 127.0.0.1:8001) as written;
 * client-node refuses one unless insecure-skip-tls-verify is set. With no TLS in plain HTTP, that
 * flag changes nothing else there, so it is set for http:// clusters. (The sidebar warns where
 * credentials would cross the network in clear: kubeconfig/credentials-in-clear.ts.)
 */
function allowPlainHttp(kubeConfig: KubeConfig): void {
  kubeConfig.clusters = kubeConfig.clusters.map((cluster) => (cluster.server.startsWith('http:') ? { ...cluster, skipTLSVerify: true } : cluster));
}

class CredentialTimeout extends Error {}
class BadExecCredential extends Error {}

function describeRun(
  run: NonNullable<ExecPluginGuard['lastRun']>,
  error: unknown,
  exec: Readonly<Record<string, unknown>> | undefined,
): Parameters<typeof execPluginError>[0] {
  const { command } = run;
  if (run.spawnError !== undefined) {
    if (run.spawnError.code === 'ENOENT') {
      const hint = exec?.['installHint'];
      return { kind: 'missing', command, searchedPath: run.searchedPath, ...(typeof hint === 'string' ? { installHint: hint } : {}) };
    }
    return { kind: 'not-executable', command, code: run.spawnError.code ?? 'spawn failed' };
  }
  if (run.exit !== undefined && run.exit.code !== 0) {
    // client-node rejects with new Error(stderr) for a non-zero exit.
    return { kind: 'exit', command, exitCode: run.exit.code, signal: run.exit.signal, stderr: messageOf(error) };
  }
  // Exit 0 but unusable: never quote client-node's message here, a JSON.parse error quotes stdout.
  const problem =
    error instanceof SyntaxError
      ? 'printed something that is not JSON; an ExecCredential object was expected.'
      : 'printed JSON that is not an ExecCredential (no status object).';
  return { kind: 'bad-output', command, problem };
}

function flattenHeaders(headers: https.RequestOptions['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  if (headers === undefined || Array.isArray(headers)) return flat;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function readable(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
