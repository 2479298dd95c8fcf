/**
 * Channel numbers of the exec/attach ("remote command") protocols, as fixed by
 * k8s.io/apimachinery/pkg/util/remotecommand. The first three match the POSIX file descriptors.
 */
export const CHANNEL = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  /** metav1.Status JSON (v4, v5) or plain-text error (before v4), sent once at the end. */
  status: 3,
  /** Terminal size JSON, client to server. */
  resize: 4,
  /** v5 only: `[255, channel]` half-closes `channel`. Never a data channel. */
  close: 255,
} as const;

export type RemoteCommandChannel = (typeof CHANNEL)[keyof typeof CHANNEL];

/**
 * Channels the API server or kubelet writes to during exec/attach. The servers open stdin and
 * resize as read-only channels, so a frame from the server on 0 or 4 is a protocol error.
 */
export const REMOTE_COMMAND_SERVER_CHANNELS: ReadonlySet<number> = new Set([
  CHANNEL.stdout,
  CHANNEL.stderr,
  CHANNEL.status,
]);

/** Channels a client writes data to during exec/attach (close frames are separate). */
export const REMOTE_COMMAND_CLIENT_CHANNELS: ReadonlySet<number> = new Set([CHANNEL.stdin, CHANNEL.resize]);
