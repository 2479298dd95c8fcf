/**
 * Local proxies on 127.0.0.1 for proxy-url tests, each counting the tunnels it opened:
 *   startConnectProxy({ tls?, answer? })  HTTP CONNECT proxy (an https:// proxy when `tls` holds a
 *                                         certificate and key); `answer: 407` refuses every CONNECT
 *   startSocksProxy({ refuse? })          SOCKS5, no authentication, CONNECT only; `refuse` answers
 *                                         every request with "connection refused" (reply code 5)
 * Both return { url, tunnels: string[] (host:port asked for), close() }.
 */
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';

export interface TestProxy {
  readonly url: string;
  /** host:port of every tunnel requested, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(options: { tls?: { cert: string; key: string }; answer?: number; host?: string } = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = options.tls === undefined ? http.createServer() : https.createServer({ cert: options.tls.cert, key: options.tls.key });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (options.answer !== undefined) {
      client.end(`HTTP/1.1 ${options.answer} ${http.STATUS_CODES[options.answer] ?? ''}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = splitHostPort(target);
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls === undefined ? 'http' : 'https';
  return {
    url: `${scheme}://${options.host ?? '127.0.0.1'}:${port}`,
    tunnels,
    close: () => closeServer(server, sockets),
  };
}

export async function startSocksProxy(options: { refuse?: boolean } = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    // RFC 1928: greeting (VER NMETHODS METHODS), then request (VER CMD RSV ATYP DST.ADDR DST.PORT).
    client.once('data', (greeting: Buffer) => {
      if (greeting[0] !== 5) return void client.destroy();
      client.write(Buffer.from([5, 0]));
      client.once('data', (request: Buffer) => {
        const target = socksTarget(request);
        if (target === null) return void client.destroy();
        tunnels.push(`${target.host}:${target.port}`);
        if (options.refuse === true) {
          client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const upstream = net.connect(target.port, target.host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `socks5://127.0.0.1:${port}`, tunnels, close: () => closeServer(server, sockets) };
}

function socksTarget(request: Buffer): { host: string; port: number } | null {
  if (request[0] !== 5 || request[1] !== 1) return null;
  const type = request[3];
  if (type === 1) return { host: [...request.subarray(4, 8)].join('.'), port: request.readUInt16BE(8) };
  if (type === 3) {
    const length = request[4] ?? 0;
    return { host: request.subarray(5, 5 + length).toString('latin1'), port: request.readUInt16BE(5 + length) };
  }
  return null;
}

function splitHostPort(target: string): [string, number] {
  const index = target.lastIndexOf(':');
  return [target.slice(0, index).replace(/^\[|\]$/g, ''), Number(target.slice(index + 1))];
}

async function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
