import { describe, expect, it } from 'vitest';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import { containerWouldNotStart, explainRefusal, type DebugRequestKind } from '../../../../../main/core/debug/debug-refusals.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { errorFromResponse } from '../../../../../main/core/errors/http-errors.ts';

const connection: ClusterConnection = {
  context: 'viewer',
  user: 'viewer-user',
  server: new URL('https://127.0.0.1:6443'),
  requestOptions: () => Promise.reject(new Error('not used')),
  errorContext: (resource, extra) => ({ context: 'viewer', user: 'viewer-user', server: 'https://127.0.0.1:6443', resource, ...extra }),
};

const debugRequest: DebugRequestKind = { verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: 'shop', doing: 'adding a debug container to pod app-0' };
const nodeShellRequest: DebugRequestKind = { verb: 'create', resource: 'pods', namespace: 'locked', doing: 'creating a node shell pod' };

function refused(status: number, message: string, request: DebugRequestKind): CoreError {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: status === 403 ? 'Forbidden' : status === 422 ? 'Invalid' : 'NotFound', code: status });
  return new CoreError(errorFromResponse(status, body, connection.errorContext(request.doing, { namespace: request.namespace })));
}

describe('explainRefusal', () => {
  it('names the verb, the resource, the user and the context RBAC refused, and keeps the server words', () => {
    const message = 'pods "app-0" is forbidden: User "viewer-user" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "shop"';
    const error = explainRefusal(refused(403, message, debugRequest), debugRequest, connection);
    expect(error.kind).toBe('forbidden');
    expect(error.title).toBe('Not allowed to patch pods/ephemeralcontainers');
    expect(error.detail).toContain('user "viewer-user" of context "viewer"');
    expect(error.detail).toContain('in namespace shop');
    expect(error.detail).toContain(message);
  });

  it('says Pod Security admission refused a privileged pod, quoting its message', () => {
    const message = 'pods "porthole-node-shell-x" is forbidden: violates PodSecurity "baseline:latest": privileged (container "shell" must not set securityContext.privileged=true)';
    const error = explainRefusal(refused(403, message, nodeShellRequest), nodeShellRequest, connection);
    expect(error.title).toBe('Refused by Pod Security admission');
    expect(error.detail).toContain('Namespace locked enforces a Pod Security level');
    expect(error.detail).toContain(message);
  });

  it('says the API server allows no privileged pods at all (422, --allow-privileged off)', () => {
    const message = 'Pod "porthole-node-shell-x" is invalid: spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy';
    const error = explainRefusal(refused(422, message, nodeShellRequest), nodeShellRequest, connection);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'The cluster allows no privileged pods', httpStatus: 422 });
    expect(error.detail).toContain(message);
  });

  it('says the cluster has no ephemeral containers when the subresource is not found', () => {
    const error = explainRefusal(refused(404, 'the server could not find the requested resource', debugRequest), debugRequest, connection);
    expect(error.title).toBe('This cluster has no ephemeral containers');
    expect(error.detail).toContain('pods/ephemeralcontainers');
  });

  it('leaves other failures as they were', () => {
    const error = explainRefusal(refused(404, 'pods "gone" not found', nodeShellRequest), nodeShellRequest, connection);
    expect(error.kind).toBe('not-found');
    expect(error.title).toBe('Not found');
  });
});

describe('containerWouldNotStart', () => {
  it('names the image and quotes the kubelet for a pull failure', () => {
    const error = containerWouldNotStart('debug container porthole-debug-x', 'nope:1', 'ErrImagePull', 'failed to pull image "nope:1": not found', 'admin').userError;
    expect(error.title).toBe('Image nope:1 cannot be pulled');
    expect(error.detail).toContain('ErrImagePull');
    expect(error.detail).toContain('failed to pull image "nope:1": not found');
  });

  it('names the reason for any other failure', () => {
    expect(containerWouldNotStart('debug container porthole-debug-x', 'busybox', 'Error', 'it exited with code 1', 'admin').userError.title).toBe('debug container porthole-debug-x did not start (Error)');
  });
});
