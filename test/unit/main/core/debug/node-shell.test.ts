import { describe, expect, it } from 'vitest';
import { NODE_SHELL_COMMAND, NODE_SHELL_INSTANCE_ANNOTATION, NODE_SHELL_LABEL, nodeShellPodManifest } from '../../../../../main/core/debug/node-shell.ts';

describe('nodeShellPodManifest', () => {
  const manifest = nodeShellPodManifest('node-1', 'busybox:1.36', 'instance-1') as {
    metadata: { generateName: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: Record<string, unknown> & { containers: { image: string; securityContext: { privileged: boolean } }[] };
  };

  it('pins a privileged pod with the host’s PID, network and IPC namespaces to the node, whatever its taints', () => {
    expect(manifest.spec).toMatchObject({ nodeName: 'node-1', hostPID: true, hostNetwork: true, hostIPC: true, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] });
    expect(manifest.spec.containers[0]).toMatchObject({ image: 'busybox:1.36', securityContext: { privileged: true } });
    expect(manifest.spec['automountServiceAccountToken']).toBe(false);
  });

  it('is labelled as a node shell and names the Porthole that made it', () => {
    expect(manifest.metadata.generateName).toBe('porthole-node-shell-');
    expect(manifest.metadata.labels[NODE_SHELL_LABEL]).toBe('true');
    expect(manifest.metadata.annotations[NODE_SHELL_INSTANCE_ANNOTATION]).toBe('instance-1');
  });
});

describe('NODE_SHELL_COMMAND', () => {
  it('enters PID 1’s namespaces with nsenter, and says so when it cannot before giving the pod’s shell', () => {
    const script = NODE_SHELL_COMMAND[2];
    expect(script).toContain('exec nsenter -t 1 -m -u -i -n -p -- sh');
    expect(script).toMatch(/cannot enter the namespaces of the node's PID 1.*exec sh$/);
  });
});
