import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openHttpStream } from '../../../../../main/core/connection/open-http-stream.ts';
import { connectionFromKubeconfig, startFakeServer, status, type FakeServer, type FakeServerBehaviour } from '../../../../fake-server/fake-server.ts';
import { rejection, until } from './helpers.ts';

const target = { path: '/api/v1/namespaces/shop/pods/web-0/log', query: new URLSearchParams([['follow', 'true']]), resource: 'logs of pod web-0' };

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
async function serve(behaviour: FakeServerBehaviour): Promise<FakeServer> {
  fake = await startFakeServer(behaviour);
  return fake;
}

function readAll(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

describe('openHttpStream', () => {
  it('resolves with a 2xx response whose body streams in chunks', async () => {
    const server = await serve({
      onHttp: (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('line 1\n');
        setImmediate(() => response.end('line 2\n'));
      },
    });
    const response = await openHttpStream(server.connection(), target);
    expect(response.statusCode).toBe(200);
    expect(await readAll(response)).toBe('line 1\nline 2\n');
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/shop/pods/web-0/log', upgrade: false });
    expect(server.requests[0]?.query.get('follow')).toBe('true');
  });

  it('maps a non-2xx answer through its Status body', async () => {
    const server = await serve({ refuse: { status: 404, body: status(404, 'NotFound', 'pods "web-0" not found', { name: 'web-0', kind: 'pods' }) } });
    const error = await rejection(openHttpStream(server.connection(), target));
    expect(error.userError).toMatchObject({ kind: 'not-found', title: 'Pod not found', httpStatus: 404 });
    expect(error.userError.detail).toContain('pods "web-0" not found');
  });

  it('a server that never sends headers hits the response timeout', async () => {
    const server = await serve({ onHttp: () => {} });
    const error = await rejection(openHttpStream(server.connection(), target, { responseTimeoutMs: 200 }));
    expect(error.userError).toMatchObject({ kind: 'network', title: 'Connection timed out' });
  });

  it('aborting before the answer rejects with the signal’s reason', async () => {
    const server = await serve({ onHttp: () => {} });
    const controller = new AbortController();
    const opening = openHttpStream(server.connection(), target, { signal: controller.signal });
    await until(() => server.requests.length === 1);
    const reason = new Error('tab closed');
    controller.abort(reason);
    await expect(opening).rejects.toBe(reason);
  });

  it('aborting after the answer ends the stream (close without end)', async () => {
    const server = await serve({
      onHttp: (_request, response) => {
        response.writeHead(200);
        response.write('first\n');
      },
    });
    const controller = new AbortController();
    const response = await openHttpStream(server.connection(), target, { signal: controller.signal });
    let ended = false;
    response.on('end', () => (ended = true));
    response.on('error', () => {});
    const closed = new Promise((resolve) => response.on('close', resolve));
    controller.abort();
    await closed;
    expect(ended).toBe(false);
  });

  it('a server name that does not resolve is a DNS error', async () => {
    const server = await serve({});
    const conn = connectionFromKubeconfig(server.kubeconfigFor({ cluster: { server: 'https://porthole-no-such-host.invalid:6443' } }));
    const error = await rejection(openHttpStream(conn, target));
    expect(error.userError).toMatchObject({ kind: 'network', title: 'Server name not found' });
    expect(error.userError.detail).toContain('porthole-no-such-host.invalid');
  });
});
