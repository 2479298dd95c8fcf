import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../../../main/core/errors/http-errors.ts';
import type { ErrorContext } from '../../../../../main/core/errors/error-context.ts';

const ctx: ErrorContext = {
  context: 'prod',
  user: 'alice',
  server: 'https://k8s.example:6443',
  resource: 'exec in pod web-0',
  namespace: 'shop',
  name: 'web-0',
};
const offered = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];

function status(code: number, reason: string, message: string, details?: object): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, details });
}

describe('errorFromResponse', () => {
  it('401 names the context, the user and the server, and quotes the server', () => {
    const error = errorFromResponse(401, status(401, 'Unauthorized', 'Unauthorized'), ctx);
    expect(error).toMatchObject({ kind: 'credentials-rejected', httpStatus: 401, context: 'prod', title: 'Credentials rejected' });
    expect(error.detail).toContain('context "prod"');
    expect(error.detail).toContain('user "alice"');
    expect(error.detail).toContain('https://k8s.example:6443');
    expect(error.detail).toContain('"Unauthorized"');
  });

  it('403 with an RBAC Status quotes the server: user, verb, resource, namespace', () => {
    const message =
      'pods "web-0" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "shop"';
    const error = errorFromResponse(403, status(403, 'Forbidden', message, { name: 'web-0', kind: 'pods' }), { ...ctx, offeredProtocols: offered });
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Denied by RBAC', httpStatus: 403 });
    expect(error.detail).toContain(message);
  });

  it('403 with an empty body after offering subprotocols says none was accepted, and why that happens', () => {
    const error = errorFromResponse(403, '', { ...ctx, offeredProtocols: offered });
    expect(error.kind).toBe('protocol-refused');
    expect(error.detail).toContain('v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io');
    expect(error.detail).toContain('older than Kubernetes 1.30');
    expect(error.detail).toContain('TranslateStreamCloseWebsocketRequests');
    expect(error.detail).toContain('proxy');
  });

  it('403 with an empty body on a plain request (nothing offered) is a plain forbidden', () => {
    const error = errorFromResponse(403, '', ctx);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Forbidden' });
    expect(error.detail).toContain('403 Forbidden with an empty body');
  });

  it('404 for a missing pod says so and quotes the server', () => {
    const error = errorFromResponse(404, status(404, 'NotFound', 'pods "web-9" not found', { name: 'web-9', kind: 'pods' }), ctx);
    expect(error).toMatchObject({ kind: 'not-found', title: 'Pod not found', httpStatus: 404 });
    expect(error.detail).toContain('pods "web-9" not found');
  });

  it.each([
    ['a container name must be specified for pod multi, choose one of: [app sidecar] or one of the init containers: [setup]', 'Container name required'],
    ['you must specify at least 1 command', 'No command given'],
    ['container nope is not valid for pod multi', 'Container not found'],
    ['you must specify at least one of stdin, stdout, stderr', 'No stream requested'],
    ['something else entirely', 'Request refused'],
  ])('400 "%s" is titled %s and quotes the message', (message, title) => {
    const error = errorFromResponse(400, status(400, 'BadRequest', message), ctx);
    expect(error).toMatchObject({ kind: 'bad-request', title, httpStatus: 400 });
    expect(error.detail).toContain(message);
  });

  it('5xx is a server error quoting the message', () => {
    const error = errorFromResponse(500, status(500, 'InternalError', 'etcd is sad'), ctx);
    expect(error).toMatchObject({ kind: 'server-error', title: 'API server error' });
    expect(error.detail).toContain('etcd is sad');
  });

  it('a body that is not a Status (a proxy page) is quoted flattened and bounded', () => {
    const page = `<html>\n<body>${'x'.repeat(5000)}</body></html>`;
    const error = errorFromResponse(502, page, ctx);
    expect(error.kind).toBe('server-error');
    expect(error.detail).toContain('502 Bad Gateway');
    expect(error.detail).toContain('<html> <body>');
    expect(error.detail.length).toBeLessThan(1000);
  });
});
