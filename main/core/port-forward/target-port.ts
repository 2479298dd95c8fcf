// Which port of a pod a forward connects to. A pod or workload forward names the container port
// itself. A Service forward names the Service's port, which maps to a target port: a number, or
// the NAME of a container port that each pod resolves for itself (so two pods of one Service may
// listen on different numbers), exactly as the endpoints controller and `kubectl port-forward
// svc/x` resolve it. Pure.
import type { PodSummary, ServicePort } from '../../../shared/bridge/resources.ts';

/** Where on a pod the forward connects: a number, or a container port's name. */
export type TargetPort = number | string;

/**
 * The target port of the Service port numbered `requested`, or a sentence saying why there is
 * none (naming the ports the Service has).
 */
export function targetPortOf(ports: readonly ServicePort[], requested: number, service: string): { target: TargetPort; name?: string } | string {
  const port = ports.find((each) => each.port === requested);
  if (port === undefined) {
    const listed = ports.map((each) => (each.name ? `${each.port} (${each.name})` : String(each.port))).join(', ');
    return `Service ${service} has no port ${requested}; its ports are ${listed === '' ? 'none' : listed}.`;
  }
  if (port.protocol !== 'TCP') return `Service ${service} port ${requested} is ${port.protocol}; port-forwarding carries TCP only.`;
  return { target: port.targetPort ?? port.port, ...(port.name ? { name: port.name } : {}) };
}

/** The number `target` means on `pod`, or undefined when the pod declares no container port of that name. */
export function portOnPod(target: TargetPort, pod: PodSummary): number | undefined {
  if (typeof target === 'number') return target;
  for (const container of pod.containers) {
    if (container.kind !== 'main') continue;
    const found = container.ports?.find((port) => port.name === target);
    if (found !== undefined) return found.containerPort;
  }
  return undefined;
}

/** The name a pod's spec gives port `port` (for a numbered target), if any. */
export function portNameOnPod(port: number, pod: PodSummary): string | undefined {
  for (const container of pod.containers) {
    const found = container.ports?.find((each) => each.containerPort === port);
    if (found?.name !== undefined) return found.name;
  }
  return undefined;
}

// Ports whose number says HTTP by convention, when no name says so.
const HTTP_PORTS: ReadonlySet<number> = new Set([80, 443, 3000, 4200, 5000, 8000, 8008, 8080, 8081, 8443, 8888, 9090]);
const HTTP_NAME = /^(https?|web|http-.*|https-.*|.*-https?)$/;

/** Whether a port looks like HTTP before any byte crossed it: by its name, else its number. */
export function looksLikeHttp(port: number, name: string | undefined): boolean {
  if (name !== undefined) return HTTP_NAME.test(name);
  return HTTP_PORTS.has(port);
}

/** Whether the first bytes a pod answered with are an HTTP response. */
export function answersHttp(firstBytes: Uint8Array): boolean {
  return new TextDecoder().decode(firstBytes.subarray(0, 5)) === 'HTTP/';
}
