// A minimal JSON client for the test cluster's API server, authenticated with a client
// certificate. The harness uses it to seed objects and create pods in bulk; it deliberately
// does not use @kubernetes/client-node, so the smoke tests that do use that library test it
// against objects it did not create itself.
import { Agent, request } from 'node:https';

export type ClientCredentials = {
  server: string;
  ca: string;
  cert: string;
  key: string;
};

export class ApiError extends Error {
  readonly status: number;
  readonly body: string;
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, status: number, body: string) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'ApiError';
    this.method = method;
    this.path = path;
    this.status = status;
    this.body = body;
  }
}

export type ApiClient = {
  /** Any request; the status is the caller's to judge. */
  raw: (method: string, path: string, body?: unknown) => Promise<{ status: number; text: string }>;
  get: <T = unknown>(path: string) => Promise<T>;
  post: <T = unknown>(path: string, body: unknown) => Promise<T>;
  /** POST that treats 409 AlreadyExists as success, so seeding is idempotent. */
  ensure: (path: string, body: unknown) => Promise<void>;
  close: () => void;
};

export function createApiClient(credentials: ClientCredentials, maxSockets = 32): ApiClient {
  const agent = new Agent({
    ca: credentials.ca,
    cert: credentials.cert,
    key: credentials.key,
    keepAlive: true,
    maxSockets,
  });
  const base = new URL(credentials.server);

  function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          method,
          host: base.hostname,
          port: base.port,
          path,
          headers: {
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after 30s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, text } = await send(method, path, body);
    if (status < 200 || status >= 300) throw new ApiError(method, path, status, text);
    return JSON.parse(text) as T;
  }

  return {
    raw: send,
    get: (path) => json('GET', path),
    post: (path, body) => json('POST', path, body),
    ensure: async (path, body) => {
      const { status, text } = await send('POST', path, body);
      if (status === 409 || (status >= 200 && status < 300)) return;
      throw new ApiError('POST', path, status, text);
    },
    close: () => agent.destroy(),
  };
}
