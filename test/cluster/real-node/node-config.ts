// The configuration files of the real node: containerd's, the CNI network's and the kubelet's.
// Pure functions of a NodeLayout, so a test can read what a node was started with. Every path
// lives under the node's own directory, every port is chosen per run and every name carries the
// run's id, so two nodes (the shared cluster's and a fault test's) can run on one machine.
import { join } from 'node:path';

/** Where one real node keeps everything, and the host names it takes. */
export type NodeLayout = {
  /** Short hex id, unique per run: in the bridge's and the cgroup root's names. */
  id: string;
  nodeName: string;
  dir: string;
  /** The node's address: the pod bridge's own address, on the bridge this run creates. */
  nodeIp: string;
  /** The pods' /24; the bridge holds its .1 (= nodeIp). */
  podSubnet: string;
  bridge: string;
  /** A top-level cgroup (in every hierarchy) under which the kubelet puts `kubepods`. */
  cgroupRoot: string;
  kubeletPort: number;
  healthzPort: number;
  containerdSocket: string;
  containerdRoot: string;
  containerdState: string;
  cniConfDir: string;
  cniIpamDir: string;
  kubeletRoot: string;
  podLogsDir: string;
  sandboxImage: string;
};

export function nodeLayout(input: {
  id: string;
  nodeName: string;
  dir: string;
  subnetIndex: number;
  kubeletPort: number;
  healthzPort: number;
  sandboxImage: string;
}): NodeLayout {
  const { dir } = input;
  return {
    id: input.id,
    nodeName: input.nodeName,
    dir,
    nodeIp: `10.251.${input.subnetIndex}.1`,
    podSubnet: `10.251.${input.subnetIndex}.0/24`,
    bridge: `phb${input.id}`,
    cgroupRoot: `porthole-${input.id}`,
    kubeletPort: input.kubeletPort,
    healthzPort: input.healthzPort,
    containerdSocket: join(dir, 'containerd', 'containerd.sock'),
    containerdRoot: join(dir, 'containerd', 'root'),
    containerdState: join(dir, 'containerd', 'state'),
    cniConfDir: join(dir, 'cni', 'net.d'),
    cniIpamDir: join(dir, 'cni', 'ipam'),
    kubeletRoot: join(dir, 'kubelet'),
    podLogsDir: join(dir, 'pod-logs'),
    sandboxImage: input.sandboxImage,
  };
}

/** CNI plugins from Debian's containernetworking-plugins. */
export const CNI_BIN_DIR = '/usr/lib/cni';
/** runc from Debian's runc package. */
export const RUNC = '/usr/sbin/runc';

export function containerdConfig(layout: NodeLayout): string {
  return `version = 3
root = ${toml(layout.containerdRoot)}
state = ${toml(layout.containerdState)}

[grpc]
  address = ${toml(layout.containerdSocket)}

[ttrpc]
  address = ${toml(`${layout.containerdSocket}.ttrpc`)}

[debug]
  level = "info"

[metrics]
  address = ""

[plugins]
  [plugins.'io.containerd.grpc.v1.cri']
    # kubelet proxies exec, attach and port-forward to this server: loopback only.
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    disable_tcp_service = true

  [plugins.'io.containerd.cri.v1.images']
    snapshotter = "overlayfs"
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = ${toml(layout.sandboxImage)}

  [plugins.'io.containerd.cri.v1.runtime']
    # This machine grants root no CAP_SYS_RESOURCE, so an oom_score_adj below the parent's
    # (the pause container asks for -998) fails every sandbox with "can't get final child's
    # PID from pipe: EOF"; this clamps the value instead.
    restrict_oom_score_adj = true
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = [${toml(CNI_BIN_DIR)}]
      conf_dir = ${toml(layout.cniConfDir)}
      max_conf_num = 1
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = "runc"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = ${toml(RUNC)}
          # cgroup v1 and no systemd here: the kubelet uses the cgroupfs driver too.
          SystemdCgroup = false
`;
}

export function cniConfig(layout: NodeLayout): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: `porthole-${layout.id}`,
      plugins: [
        {
          type: 'bridge',
          bridge: layout.bridge,
          // Not a gateway: the bridge plugin would then switch on the host's IP forwarding, and
          // pods have no business beyond this bridge. The run gives the bridge its address itself.
          isGateway: false,
          ipMasq: false,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: layout.podSubnet }]], dataDir: layout.cniIpamDir },
        },
      ],
    },
    null,
    2,
  );
}

export function kubeletConfig(layout: NodeLayout, files: { clientCa: string; servingCert: string; servingKey: string }): string {
  return JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: layout.nodeIp,
      port: layout.kubeletPort,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: layout.healthzPort,
      tlsCertFile: files.servingCert,
      tlsPrivateKeyFile: files.servingKey,
      // The API server presents its kubelet-client certificate (system:masters); nobody else may in.
      authentication: { anonymous: { enabled: false }, webhook: { enabled: false }, x509: { clientCAFile: files.clientCa } },
      authorization: { mode: 'AlwaysAllow' },
      containerRuntimeEndpoint: `unix://${layout.containerdSocket}`,
      cgroupDriver: 'cgroupfs',
      cgroupRoot: `/${layout.cgroupRoot}`,
      // This machine has cgroup v1; kubelet 1.35+ refuses it unless told not to.
      failCgroupV1: false,
      failSwapOn: false,
      podLogsDir: layout.podLogsDir,
      volumePluginDir: join(layout.dir, 'volume-plugins'),
      // Images come from local archives and cannot be pulled back: never collect or evict them.
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      evictionHard: { 'memory.available': '0%', 'nodefs.available': '0%', 'nodefs.inodesFree': '0%', 'imagefs.available': '0%' },
      // No DNS for pods: nothing in a test pod resolves names, and the host's resolver is not theirs.
      resolvConf: '',
      clusterDomain: 'cluster.local',
      // The crash-looping pod restarts every few seconds instead of backing off to 5 minutes.
      featureGates: { KubeletCrashLoopBackOffMax: true },
      crashLoopBackOff: { maxContainerRestartPeriod: '2s' },
      nodeStatusUpdateFrequency: '4s',
      syncFrequency: '10s',
      fileCheckFrequency: '0s',
      serializeImagePulls: false,
      registerNode: true,
      // Room for the workload-logs benchmark's 50 writer pods beside the seed pods (a dozen).
      maxPods: 80,
      containerLogMaxSize: '50Mi',
      shutdownGracePeriod: '0s',
      protectKernelDefaults: false,
      localStorageCapacityIsolation: false,
    },
    null,
    2,
  );
}

function toml(value: string): string {
  return JSON.stringify(value);
}
