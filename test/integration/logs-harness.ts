// Opens log sessions against the real test cluster (kubeconfig store, real transports, real API
// server and the real node's kubelet), and a TCP proxy in front of the API server that a test can
// cut, to make a live log connection drop the way a restarting API server drops it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogLine, LogsRequest, MergedLogsRequest } from '../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../../main/core/connection/cluster-connection.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { LogsSession, type LogsSessionInit } from '../../main/core/logs/logs-session.ts';
import type { LogTransport } from '../../main/core/logs/log-transport.ts';
import { MergedLogsSession, type MergedLogsSessionInit } from '../../main/core/logs/merged-logs-session.ts';
import { watchPodsWith } from '../../main/core/logs/pod-source.ts';
import { logTransportFor } from '../../main/core/logs/transport-choice.ts';
import { PodWatchHub } from '../../main/core/resources/pod-watch-hub.ts';
import { resourceClientFor } from '../../main/core/resources/resource-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { EventLog } from '../support/event-log.ts';

/**
 * How the test's consumer treats flow control. 'keeps-up' acknowledges every batch as it arrives,
 * as the renderer does; without it a session stops reading once the high watermark's worth of
 * lines is unacknowledged (the `seq` log passes it a few minutes into a run). 'stalled' never
 * acknowledges, for the tests of flow control itself.
 */
export type Consumer = 'keeps-up' | 'stalled';

function acknowledgeEachBatch(log: EventLog, session: { acknowledge(bytes: number): void }): void {
  log.observe((event) => {
    if (event.kind === 'lines') queueMicrotask(() => session.acknowledge(event.bytes));
  });
}

export class RealLogs {
  readonly cluster: ClusterInfo;
  readonly store: KubeconfigStore;
  readonly #hub: PodWatchHub;
  readonly #opened: { close(): void }[] = [];
  #count = 0;

  constructor(cluster: ClusterInfo, kubeconfigPath: string = cluster.kubeconfigPath) {
    this.cluster = cluster;
    this.store = new KubeconfigStore({ kubeconfigEnv: kubeconfigPath, watch: false });
    this.#hub = new PodWatchHub((context) => resourceClientFor(this.store.connection(context)));
  }

  connection(context: string = this.cluster.contexts.admin): ClusterConnection {
    return this.store.connection(context);
  }

  /** A logs session on the `seq` pod unless the request says otherwise; started at once. */
  logs(
    request: Partial<LogsRequest> = {},
    extra: Partial<Omit<LogsSessionInit, 'id' | 'emit' | 'request'>> = {},
    consumer: Consumer = 'keeps-up',
  ): { session: LogsSession; log: EventLog; started: Promise<void> } {
    const pod = this.cluster.pods.seq;
    const full: LogsRequest = {
      context: this.cluster.contexts.admin,
      namespace: pod.namespace,
      pod: pod.name,
      follow: false,
      ...request,
    };
    const log = new EventLog();
    const session = new LogsSession({
      id: `logs-${++this.#count}`,
      emit: log.sink,
      request: full,
      transport: logTransportFor(this.connection(full.context), full.transport),
      ...extra,
    });
    this.#opened.push(session);
    if (consumer === 'keeps-up') acknowledgeEachBatch(log, session);
    return { session, log, started: session.start() };
  }

  merged(
    request: Partial<MergedLogsRequest> & Pick<MergedLogsRequest, 'namespace'>,
    extra: Partial<Omit<MergedLogsSessionInit, 'id' | 'emit' | 'request'>> = {},
    consumer: Consumer = 'keeps-up',
  ): { session: MergedLogsSession; log: EventLog; started: Promise<void> } {
    const full: MergedLogsRequest = { context: this.cluster.contexts.admin, follow: false, ...request };
    const log = new EventLog();
    const session = new MergedLogsSession({
      id: `merged-${++this.#count}`,
      emit: log.sink,
      request: full,
      transportFor: (context) => logTransportFor(this.connection(context), full.transport),
      watchPods: watchPodsWith(this.#hub),
      ...extra,
    });
    this.#opened.push(session);
    if (consumer === 'keeps-up') acknowledgeEachBatch(log, session);
    return { session, log, started: session.start() };
  }

  async close(): Promise<void> {
    for (const session of this.#opened.splice(0)) session.close();
    await this.#hub.close();
    this.store.close();
  }
}

export function linesOf(log: EventLog): LogLine[] {
  return log.events.flatMap((event) => (event.kind === 'lines' ? event.lines : []));
}

/** Waits until the session has delivered at least `count` lines. */
export async function untilLines(log: EventLog, count: number): Promise<LogLine[]> {
  await log.until(() => linesOf(log).length >= count);
  return linesOf(log);
}

/** The N of a `seq N` line of the generator. */
export function seqNumber(line: LogLine): number {
  const match = /^seq (\d+)$/.exec(line.text);
  if (match === null) throw new Error(`not a seq line: ${JSON.stringify(line.text)}`);
  return Number(match[1]);
}

/** Wraps a transport to count, per connection, the bytes the server sent. */
export function countingTransport(inner: LogTransport): { transport: LogTransport; received: number[] } {
  const received: number[] = [];
  const transport: LogTransport = (target, sink, signal) => {
    const index = received.push(0) - 1;
    return inner(
      target,
      {
        data: (chunk) => {
          received[index] = (received[index] ?? 0) + chunk.length;
          sink.data(chunk);
        },
        end: () => sink.end(),
        error: (error) => sink.error(error),
      },
      signal,
    );
  };
  return { transport, received };
}

/**
 * A TCP proxy to the API server whose connections the test can cut (both ends destroyed, as when
 * the server process dies), stall (nothing forwarded either way while both sockets stay open, as
 * on a link that went silent without a reset), and which it can take down (nothing listens:
 * connection refused) and bring back on the same port.
 */
export class CuttingProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  readonly #pairs = new Set<readonly [net.Socket, net.Socket]>();
  #server: net.Server | null = null;
  #port = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  static async start(server: string): Promise<CuttingProxy> {
    const url = new URL(server);
    const proxy = new CuttingProxy({ host: url.hostname, port: Number(url.port) });
    await proxy.up();
    return proxy;
  }

  get port(): number {
    return this.#port;
  }

  /** Destroys every open connection; returns how many pairs were cut. */
  cutAll(): number {
    const count = this.#sockets.size / 2;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    return count;
  }

  /**
   * Stops forwarding on every open connection, both ways, and stops reading from both ends, so
   * the peers' writes pile up in kernel buffers as on a dead link; the sockets stay open. New
   * connections are not affected. Returns how many pairs were stalled.
   */
  stallAll(): number {
    for (const [client, upstream] of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    return this.#pairs.size;
  }

  /** Stops listening and cuts everything: the server is gone. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    this.cutAll();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again (on the same port once it had one). */
  async up(): Promise<void> {
    const server = net.createServer((client) => {
      this.accepted += 1;
      const upstream = net.connect(this.#target.port, this.#target.host);
      const pair = [client, upstream] as const;
      this.#pairs.add(pair);
      for (const socket of pair) {
        this.#sockets.add(socket);
        socket.on('close', () => {
          this.#sockets.delete(socket);
          this.#pairs.delete(pair);
        });
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  close(): Promise<void> {
    return this.down();
  }
}

/** A copy of the cluster's kubeconfig whose server is `server`; removed by the returned cleanup. */
export async function kubeconfigVia(cluster: ClusterInfo, server: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const document = JSON.parse(await readFile(cluster.kubeconfigPath, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  for (const entry of document.clusters) entry.cluster.server = server;
  const dir = await mkdtemp(join(tmpdir(), 'porthole-logs-'));
  const path = join(dir, 'kubeconfig.json');
  await writeFile(path, JSON.stringify(document), { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Lines of the seq generator's file so far (it is CRI format: one entry per line). */
export async function seqFileLineCount(cluster: ClusterInfo): Promise<number> {
  const text = await readFile(cluster.seqLogPath, 'utf8');
  return text.split('\n').length - 1;
}

/** Polls `condition` until it holds: a wait, not an assertion (the test's timeout bounds it). */
export async function waitFor(condition: () => boolean | Promise<boolean>, everyMs = 20): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
