// ensureDebugContainer against the fake server, for what the real cluster cannot be made to do: an
// API server without the pods/ephemeralcontainers subresource (404). The rest (adding, reuse, RBAC,
// an image that cannot be pulled) runs on the real cluster: test/integration/debug-shell.test.ts.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDebugContainer } from '../../../../../main/core/debug/ensure-debug-container.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { startFakeServer, status, type FakeServer } from '../../../../fake-server/fake-server.ts';

const POD = {
  metadata: { name: 'app-0', namespace: 'ns', uid: 'u1' },
  spec: { containers: [{ name: 'app', image: 'app:1' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'app:1', state: { running: {} } }] },
};

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function answer(response: http.ServerResponse, code: number, body: object): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function refusalOf(run: Promise<unknown>): Promise<CoreError['userError']> {
  const error: unknown = await run.then(
    () => null,
    (failure: unknown) => failure,
  );
  if (!(error instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(error)}`);
  return error.userError;
}

describe('ensureDebugContainer on a server without ephemeral containers', () => {
  it('says the cluster has no ephemeral containers when the subresource answers 404', async () => {
    const patches: { url: string; type: string | undefined }[] = [];
    fake = await startFakeServer({
      onHttp: (request, response) => {
        if (request.method === 'GET') return answer(response, 200, POD);
        patches.push({ url: request.url ?? '', type: request.headers['content-type'] });
        answer(response, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      },
    });
    const error = await refusalOf(ensureDebugContainer(fake.connection(), { namespace: 'ns', pod: 'app-0' }, 'busybox:1.36', { pollMs: 10 }));
    expect(error).toMatchObject({ kind: 'not-found', title: 'This cluster has no ephemeral containers', httpStatus: 404 });
    expect(error.detail).toContain('the server could not find the requested resource');
    // One strategic merge patch of the subresource, on the pod's default (first) container.
    expect(patches).toEqual([{ url: '/api/v1/namespaces/ns/pods/app-0/ephemeralcontainers', type: 'application/strategic-merge-patch+json' }]);
  });

  it('refuses a pod that is not running, before asking for anything', async () => {
    fake = await startFakeServer({ onHttp: (_request, response) => answer(response, 200, { ...POD, status: { phase: 'Succeeded' } }) });
    const error = await refusalOf(ensureDebugContainer(fake.connection(), { namespace: 'ns', pod: 'app-0' }, 'busybox:1.36'));
    expect(error).toMatchObject({ kind: 'bad-request', title: 'Pod is not running' });
    expect(fake.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('refuses a container the pod does not have', async () => {
    fake = await startFakeServer({ onHttp: (_request, response) => answer(response, 200, POD) });
    const error = await refusalOf(ensureDebugContainer(fake.connection(), { namespace: 'ns', pod: 'app-0', container: 'nope' }, 'busybox:1.36'));
    expect(error).toMatchObject({ kind: 'not-found', title: 'Container not found' });
  });
});
