// Why a debug container or a node shell was refused, in words a user can act on: which verb on
// which resource RBAC denied to whom, what Pod Security admission said about the pod, that the
// server has no ephemeral containers at all, or what the kubelet said about an image it could not
// pull. The server's own words are always kept (errorFromResponse already quotes them).
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { quoteExternal } from '../errors/describe.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';

/** What was being asked of the API server: the RBAC verb and resource it needs. */
export interface DebugRequestKind {
  readonly verb: 'patch' | 'create' | 'get' | 'delete';
  readonly resource: 'pods' | 'pods/ephemeralcontainers';
  readonly namespace: string;
  /** The request in words: "adding a debug container to pod web-0". */
  readonly doing: string;
}

/** Pod Security admission's refusal: `pods "x" is forbidden: violates PodSecurity "baseline:latest": …`. */
const POD_SECURITY = /violates PodSecurity/i;
/** An API server started without --allow-privileged: `…securityContext.privileged: Forbidden: disallowed by cluster policy`. */
const NO_PRIVILEGED_PODS = /disallowed by cluster policy/i;

export function explainRefusal(error: unknown, request: DebugRequestKind, connection: ClusterConnection): UserError {
  const said = errorFromNetwork(error, connection.errorContext(request.doing, { namespace: request.namespace }));
  const who = `user "${connection.user}" of context "${connection.context}"`;
  if (said.kind === 'forbidden' && POD_SECURITY.test(said.detail)) {
    return {
      ...said,
      title: 'Refused by Pod Security admission',
      detail:
        `Namespace ${request.namespace} enforces a Pod Security level that does not allow ${request.doing} ` +
        `(a node shell needs a privileged pod with the host's namespaces). ${said.detail}`,
    };
  }
  if (said.httpStatus === 422 && NO_PRIVILEGED_PODS.test(said.detail)) {
    return {
      ...said,
      kind: 'forbidden',
      title: 'The cluster allows no privileged pods',
      detail:
        `The API server of context "${connection.context}" runs without --allow-privileged, so no namespace may have ` +
        `the privileged pod that ${request.doing} needs. ${said.detail}`,
    };
  }
  if (said.kind === 'forbidden') {
    return {
      ...said,
      title: `Not allowed to ${request.verb} ${request.resource}`,
      detail:
        `RBAC does not let ${who} ${request.verb} ${request.resource} in namespace ${request.namespace}, ` +
        `which ${request.doing} needs. Ask a cluster admin for a Role granting it. ${said.detail}`,
    };
  }
  if (said.kind === 'not-found' && request.resource === 'pods/ephemeralcontainers') {
    return {
      ...said,
      title: 'This cluster has no ephemeral containers',
      detail:
        `The API server of context "${connection.context}" has no pods/ephemeralcontainers subresource ` +
        `(Kubernetes before 1.23, or the EphemeralContainers feature gate is off), so ${request.doing} is not possible. ${said.detail}`,
    };
  }
  return said;
}

/** The kubelet will not start the container: its reason and message end the wait, in its words. */
export function containerWouldNotStart(what: string, image: string, reason: string, message: string, context: string): CoreError {
  const imageProblem = /Image|InvalidImageName/.test(reason);
  return new CoreError({
    kind: 'server-error',
    title: imageProblem ? `Image ${image} cannot be pulled` : `${what} did not start (${reason})`,
    detail: `The kubelet reports ${reason} for ${what}${message === '' ? '' : `: "${quoteExternal(message)}"`}.` +
      (imageProblem ? ' Check the image name in the settings, or whether the node can reach its registry.' : ''),
    context,
  });
}
