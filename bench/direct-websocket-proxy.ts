// The browser-direct terminal's way to the API server: a loopback proxy that does what Headlamp's
// backend does for its exec terminal. The page opens a WebSocket to it; it forwards the upgrade
// request to kube-apiserver with the kubeconfig's client credentials (a page cannot present a
// client certificate) and then relays the bytes both ways untouched: no decoding, no batching, no
// flow control. Only exec upgrades are forwarded; anything else is refused.
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** Where the proxy forwards to, and the TLS material it presents there (none for plain http). */
export interface ProxyTarget {
  readonly server: URL;
  readonly tls: { readonly ca?: Buffer | string; readonly cert?: Buffer | string; readonly key?: Buffer | string };
}

export interface ExecProxy {
  /** ws://127.0.0.1:<port>: the page appends the API server's exec path and query to it. */
  readonly url: string;
  close(): Promise<void>;
}

/** The one kind of request forwarded: a pod's exec endpoint (Headlamp's terminal asks for nothing else). */
const EXEC_PATH = /^\/api\/v1\/namespaces\/[a-z0-9-]+\/pods\/[a-z0-9.-]+\/exec\?/;

/** The API server and the client credentials of one kubeconfig context. */
export async function targetOfKubeconfig(kubeconfigPath: string, context: string): Promise<ProxyTarget> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  config.setCurrentContext(context);
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw new Error(`kubeconfig ${kubeconfigPath} has no cluster for context ${context}`);
  const options: { ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string } = {};
  await config.applyToHTTPSOptions(options);
  // Only the TLS material: the options also carry (empty) headers, which would replace the page's.
  const { ca, cert, key } = options;
  return { server: new URL(cluster.server), tls: { ca, cert, key } };
}

function refuse(socket: Socket, status: string, reason: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`);
}

/** The response head as received (raw header pairs keep their case and order). */
function responseHead(response: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${response.statusCode ?? 502} ${response.statusMessage ?? ''}`];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

function relay(client: Socket, upstream: Socket, open: Set<Socket>): void {
  open.add(client).add(upstream);
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream);
  upstream.pipe(client);
  const end = (): void => {
    open.delete(client);
    open.delete(upstream);
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
}

export async function startExecProxy(target: ProxyTarget): Promise<ExecProxy> {
  const secure = target.server.protocol === 'https:';
  // Upgraded sockets leave the server's books: close() ends them from here.
  const relayed = new Set<Socket>();
  const server = createServer((_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('only exec WebSocket upgrades are forwarded');
  });
  server.on('upgrade', (request: IncomingMessage, client: Socket, clientHead: Buffer) => {
    const path = request.url ?? '';
    if (!EXEC_PATH.test(path)) {
      refuse(client, '403 Forbidden', `not a pod exec path: ${path}`);
      return;
    }
    const headers = { ...request.headers, host: target.server.host };
    const options = { host: target.server.hostname, port: target.server.port, path, method: 'GET', headers };
    const upstreamRequest = secure ? httpsRequest({ ...target.tls, ...options }) : httpRequest(options);
    upstreamRequest.on('upgrade', (response: IncomingMessage, upstream: Socket, upstreamHead: Buffer) => {
      client.write(responseHead(response));
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (clientHead.length > 0) upstream.write(clientHead);
      relay(client, upstream, relayed);
    });
    // The API server said no (credentials, a missing pod): the page gets its status and reason.
    upstreamRequest.on('response', (response: IncomingMessage) => {
      const body: Buffer[] = [];
      response.on('data', (chunk: Buffer) => body.push(chunk));
      response.on('end', () => refuse(client, `${response.statusCode ?? 502} ${response.statusMessage ?? ''}`, Buffer.concat(body).toString('utf8')));
    });
    upstreamRequest.on('error', (error) => refuse(client, '502 Bad Gateway', `API server: ${error.message}`));
    client.on('error', () => upstreamRequest.destroy());
    upstreamRequest.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of relayed) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
