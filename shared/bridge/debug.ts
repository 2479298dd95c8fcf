// Shells for containers that have none: a debug (ephemeral) container beside a pod's container,
// and a shell on a pod's node. Both open terminal sessions (kind 'exec') whose progress shows in
// the terminal until the shell runs.
import type { PodRef, TerminalSize } from './sessions.ts';

/** The title of the error a shell tab ends with when the container has no shell: the renderer offers a debug container then. */
export const NO_SHELL_TITLE = 'No shell in the container';

/** A shell in a debug container targeting `container` (the pod's default container when absent). */
export interface DebugShellRequest extends PodRef {
  /** The debug container's image, from the settings. */
  readonly image: string;
  readonly size?: TerminalSize;
}

/** A shell in PID 1's namespaces on `node`, through a privileged pod created in `namespace`. */
export interface NodeShellRequest {
  readonly context: string;
  readonly namespace: string;
  readonly node: string;
  readonly image: string;
  readonly size?: TerminalSize;
}
