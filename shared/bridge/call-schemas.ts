// The bridge's call table: every call a client may make, with its arguments' schema, the type of
// its answer and how main serves it. The renderer's bridge (bridge.ts), the core's API
// (core-api.ts), the client (bridge-client.ts), the isolated-world list (isolated-world.ts) and
// main's dispatch (main/bridge/bridge-endpoint.ts) are all derived from it, so a new call is one
// entry here (ARCHITECTURE.md, "How to add a bridge call").
//
// The arguments are checked in main BEFORE anything else happens, on every host. Besides types and
// ranges, the names are held to the Kubernetes rules for what they name, because they become parts
// of API paths in main: a pod "../../secrets" must never reach a URL. Failures are
// 'invalid-request' errors naming the method and the field.
import type { AppInfo } from './app-info.ts';
import { invalidRequest } from './bridge-error.ts';
import {
  SchemaError,
  array,
  boolean,
  bytes,
  describeValue,
  integer,
  objectOf,
  oneOf,
  optional,
  refine,
  string,
  variant,
  type OptionalField,
  type Schema,
} from './schema.ts';
import type { ContextSummary, KubeconfigFileProblem } from './contexts.ts';
import type { DebugShellRequest, NodeShellRequest } from './debug.ts';
import type { FilePathRequest, ListingAnswer } from './file-listing.ts';
import type { RecordingOptions, RecordingSummary } from './recordings.ts';
import type { DownloadRequest, TransferInfo, UploadFile, UploadRequest } from './transfers.ts';
import type { NamespaceSummary, ServiceSummary, WorkloadRef } from './resources.ts';
import type {
  AttachRequest,
  ExecCommand,
  ExecRequest,
  LogsRequest,
  MergedLogsRequest,
  PodRef,
  ForwardTarget,
  PortForwardRequest,
  SavedForward,
  SessionAttachment,
  SessionId,
  SessionInfo,
  TerminalSize,
} from './sessions.ts';

export const LIMITS = {
  /** Kubeconfig context names are free text; this caps them. */
  nameCharacters: 4096,
  selectorCharacters: 4096,
  /** Contexts one merged-logs tab follows besides its own: a handful of clusters, not a fleet. */
  extraLogContexts: 16,
  argvItems: 256,
  argvItemCharacters: 16 * 1024,
  argvTotalCharacters: 64 * 1024,
  /** One write call; the bridge client splits larger pastes into several. */
  writeBytes: 1024 * 1024,
  sessionIdCharacters: 128,
  /** A path inside a container (Linux's PATH_MAX). */
  pathCharacters: 4096,
  /** Files of one upload: a directory of 10,000 small files fits, with room. */
  uploadFiles: 100_000,
} as const;

const MAX_PORT = 65535;
const MAX_TERMINAL_DIMENSION = 65535;
const MAX_SUBSCRIPTION = 0xffff_ffff;

// RFC 1123 label and subdomain, as the API server validates them (apimachinery validation).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SESSION_ID = /^[A-Za-z0-9._:-]+$/;

const contextName = string({ min: 1, max: LIMITS.nameCharacters });
const namespaceName = string({
  min: 1,
  max: 63,
  pattern: DNS_LABEL,
  expected: 'a namespace name (lower-case letters, digits and "-", starting and ending with a letter or digit)',
});
const podName = string({
  min: 1,
  max: 253,
  pattern: DNS_SUBDOMAIN,
  expected: 'a pod name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
});
const containerName = string({
  min: 1,
  max: 63,
  pattern: DNS_LABEL,
  expected: 'a container name (lower-case letters, digits and "-", starting and ending with a letter or digit)',
});
export const sessionId = string({
  min: 1,
  max: LIMITS.sessionIdCharacters,
  pattern: SESSION_ID,
  expected: 'a session id (letters, digits, ".", "_", ":" and "-")',
});
/**
 * A file of the recordings directory, named as main names them: no path separator, no leading dot
 * and no "..", so a name can never reach outside the directory.
 */
export const recordingName = string({
  min: 6,
  max: 200,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*\.cast$/,
  expected: 'a recording name such as "2026-12-06_06-30-00_web-1.cast" (letters, digits, "_", "-" and single dots, ending in .cast)',
});
/** A count of output (bytes or lines): acknowledgements and replay positions. */
const amount = integer(0, Number.MAX_SAFE_INTEGER);

const terminalSize = objectOf<TerminalSize>({
  cols: integer(1, MAX_TERMINAL_DIMENSION),
  rows: integer(1, MAX_TERMINAL_DIMENSION),
});

// A process argument may hold anything but NUL (argv strings are C strings in the container).
const noNul = { pattern: /\0/, what: 'NUL characters' } as const;
const argvItem = string({ max: LIMITS.argvItemCharacters, forbid: noNul });
export const execCommand: Schema<ExecCommand> = variant<ExecCommand>('kind', {
  argv: refine(
    objectOf<Extract<ExecCommand, { kind: 'argv' }>>({
      kind: oneOf('argv'),
      argv: array(argvItem, { min: 1, max: LIMITS.argvItems }),
    }),
    ({ argv }) => {
      if (argv[0] === '') return 'must name a program in argv[0]';
      const total = argv.reduce((sum, item) => sum + item.length, 0);
      return total > LIMITS.argvTotalCharacters ? `must have at most ${LIMITS.argvTotalCharacters} characters of argv in all, got ${total}` : null;
    },
  ),
  shell: objectOf<Extract<ExecCommand, { kind: 'shell' }>>({ kind: oneOf('shell'), nodeOs: optional(oneOf('linux', 'windows')) }),
});

export const podRef = {
  context: contextName,
  namespace: namespaceName,
  pod: podName,
  container: optional(containerName),
} as const;

export const execRequest = objectOf<ExecRequest>({
  ...podRef,
  command: execCommand,
  tty: boolean,
  stdin: boolean,
  size: optional(terminalSize),
});

export const attachRequest = objectOf<AttachRequest>({ ...podRef, tty: boolean, stdin: boolean, size: optional(terminalSize) });

const rfc3339 = refine(
  string({ min: 1, max: 64, pattern: RFC3339, expected: 'an RFC 3339 time such as "2024-05-01T12:00:00Z"' }),
  (text) => (Number.isNaN(Date.parse(text)) ? 'must be a real date and time' : null),
);

const logOptions = {
  follow: boolean,
  previous: optional(boolean),
  timestamps: optional(boolean),
  tailLines: optional(amount),
  sinceSeconds: optional(integer(1, Number.MAX_SAFE_INTEGER)),
  sinceTime: optional(rfc3339),
  limitBytes: optional(integer(1, Number.MAX_SAFE_INTEGER)),
  transport: optional(oneOf('http', 'websocket')),
} as const;

function sinceOnce<T extends { readonly sinceSeconds?: number; readonly sinceTime?: string }>(schema: Schema<T>): Schema<T> {
  return refine(schema, (options) =>
    options.sinceSeconds !== undefined && options.sinceTime !== undefined ? 'must not set both sinceSeconds and sinceTime' : null,
  );
}

const logsRequest = sinceOnce(objectOf<LogsRequest>({ ...podRef, ...logOptions }));

const mergedLogsRequest = refine(
  sinceOnce(
    objectOf<MergedLogsRequest>({
      ...logOptions,
      context: contextName,
      namespace: namespaceName,
      selector: optional(string({ max: LIMITS.selectorCharacters })),
      pod: optional(podName),
      container: optional(containerName),
      extraContexts: optional(array(contextName, { max: LIMITS.extraLogContexts })),
      mainContainersOnly: optional(boolean),
    }),
  ),
  (request) => ((request.selector === undefined) === (request.pod === undefined) ? 'must set exactly one of selector and pod' : null),
);

const forwardTarget = variant<ForwardTarget>('kind', {
  ...Object.fromEntries(
    (['pod', 'service', 'deployment', 'statefulset', 'daemonset'] as const).map((kind) => [
      kind,
      objectOf<Extract<ForwardTarget, { name: string }>>({ kind: oneOf(kind), name: podName }),
    ]),
  ),
  selector: objectOf<Extract<ForwardTarget, { kind: 'selector' }>>({ kind: oneOf('selector'), selector: string({ min: 1, max: LIMITS.selectorCharacters }) }),
});

/** Also what the saved-forwards file holds (main/core/port-forward/saved-forwards.ts checks it with this). */
export const portForwardRequest = objectOf<PortForwardRequest>({
  context: contextName,
  namespace: namespaceName,
  target: forwardTarget,
  remotePort: integer(1, MAX_PORT),
  localPort: optional(integer(0, MAX_PORT)),
});
export const savedForwardId = string({ min: 1, max: 64, pattern: SESSION_ID, expected: 'a saved forward id (letters, digits, ".", "_", ":" and "-")' });

const recordingOptions = objectOf<RecordingOptions>({ input: boolean });

// Transfers (transfers.ts). Paths inside a container are handed to `tar` as argv items, never to a
// shell, so only NUL is impossible; they must be absolute, as no working directory is implied.
const remotePath = string({ min: 1, max: LIMITS.pathCharacters, pattern: /^\//, expected: 'an absolute path such as "/tmp/data"', forbid: noNul });
// An upload's file lands below the remote directory: a relative path that cannot climb out of it.
const uploadPath = refine(string({ min: 1, max: LIMITS.pathCharacters, forbid: noNul }), (path) =>
  path.startsWith('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..')
    ? 'must be a relative path of names separated by single "/", with no "." or ".." component'
    : null,
);
export const transferId = string({
  min: 1,
  max: LIMITS.sessionIdCharacters,
  pattern: SESSION_ID,
  expected: 'a transfer id (letters, digits, ".", "_", ":" and "-")',
});
const transferTarget = objectOf<PodRef>(podRef);
const downloadRequest = objectOf<DownloadRequest>({ target: transferTarget, remotePath });
const uploadRequest = objectOf<UploadRequest>({
  target: transferTarget,
  remoteDirectory: remotePath,
  files: array(
    objectOf<UploadFile>({ path: uploadPath, size: integer(0, Number.MAX_SAFE_INTEGER), mode: optional(integer(0, 0o7777)) }),
    { min: 1, max: LIMITS.uploadFiles },
  ),
});

// The file browser (file-listing.ts): a normalised absolute path, so what the browser shows is
// exactly what a listing, mkdir or delete acts on.
export const browserPath = refine(remotePath, (path) =>
  path !== '/' && path.slice(1).split('/').some((part) => part === '' || part === '.' || part === '..')
    ? 'must be normalised: "/" or names after single "/", with no "." or ".." component and no trailing "/"'
    : null,
);
// An image reference ("busybox:1.36", "registry.example/tools@sha256:…"): it goes into the pod's
// spec as a value, so only its shape is held: no whitespace or control characters.
const debugImage = string({ min: 1, max: 512, pattern: /^[^\s\p{Cc}]+$/u, expected: 'an image reference such as "busybox:1.36"' });
const filePathRequest = objectOf<FilePathRequest>({ ...podRef, path: browserPath, debugImage: optional(debugImage) });

// Debug shells (debug.ts): the image is the debug container's; a node is named as the API names it.
const nodeName = string({ min: 1, max: 253, pattern: DNS_SUBDOMAIN, expected: 'a node name (lower-case letters, digits, "-" and ".")' });
export const debugShellRequest = objectOf<DebugShellRequest>({ ...podRef, image: debugImage, size: optional(terminalSize) });
export const nodeShellRequest = objectOf<NodeShellRequest>({ context: contextName, namespace: namespaceName, node: nodeName, image: debugImage, size: optional(terminalSize) });

type Param = readonly [name: string, schema: Schema<unknown> | OptionalField<unknown>];

/** The arguments a parameter list checks into, as a tuple: an optional parameter (always last) may be left out. */
type ArgsOf<P extends readonly Param[]> = P extends readonly [
  readonly [string, infer S],
  ...infer Rest extends readonly Param[],
]
  ? S extends OptionalField<infer T>
    ? [T?, ...ArgsOf<Rest>]
    : S extends Schema<infer T>
      ? [T, ...ArgsOf<Rest>]
      : never
  : [];

type ArgsSchema<A> = (args: readonly unknown[], method: string) => A;

function params<const P extends readonly Param[]>(...list: P): ArgsSchema<ArgsOf<P>> {
  const required = list.filter(([, schema]) => typeof schema === 'function').length;
  const names = list.map(([name]) => name).join(', ');
  return (args, method) => {
    if (args.length < required || args.length > list.length) {
      const count = required === list.length ? `${required}` : `${required} to ${list.length}`;
      throw invalidRequest(`Invalid ${method} request`, `${method} takes ${count} arguments (${names}), got ${args.length}`);
    }
    return list.map(([name, schema], index) => {
      const value = args[index];
      if (typeof schema !== 'function') return value === undefined ? undefined : schema.optional(value, name);
      return schema(value, name);
    }) as ArgsOf<P>;
  };
}

declare const answerType: unique symbol;

/** A call's answer type, carried by the table as a type only. */
interface Answers<R> {
  readonly [answerType]?: R;
}

function answers<R>(): Answers<R> {
  return {};
}

/**
 * Where main sends a call once its arguments passed (main/bridge/bridge-endpoint.ts has one path
 * for each):
 * - 'core': the core's method of the same name (CoreApi) answers it;
 * - 'open': as 'core', and the core opens a session: main binds the client to it and answers the
 *   SessionAttachment on the wire, from which the client takes the SessionInfo;
 * - 'bound-session': as 'core', for a session this client is bound to (named by the first argument);
 * - 'known-session': as 'core', for any session main has (named by the first argument);
 * - 'bridge': main's bridge answers it itself; the endpoint has a handler for it.
 */
export type CallRoute = 'core' | 'open' | 'bound-session' | 'known-session' | 'bridge';

type CallSpec = { readonly args: ArgsSchema<readonly unknown[]>; readonly exposed?: false; readonly oneWay?: true } & (
  | { readonly route: 'core' | 'bridge'; readonly answer: Answers<unknown> }
  | { readonly route: 'open'; readonly answer: Answers<Promise<SessionInfo>> }
  | { readonly route: 'bound-session' | 'known-session'; readonly args: ArgsSchema<readonly [SessionId, ...unknown[]]>; readonly answer: Answers<void> }
);

/**
 * Every call a client may make over the bridge. `answer` is what the core's method returns (a
 * value or a Promise: the bridge answers every call asynchronously), or for route 'bridge' what
 * main's bridge answers. `exposed: false`: the renderer's bridge has no method of this signature
 * because the client makes the call itself (the pod watch's subscription).
 *
 * `oneWay: true`: main never answers the call. The client's call is done once it is sent, and main
 * logs a refusal or a failure instead of answering it; what the user must see of it comes as
 * session events (a session that ended says so on its pane). For the calls made on every keystroke
 * and every batch of output (write, acknowledge), whose answers nobody read: a keystroke into a
 * broadcast group of 10 panes brought the page 30 messages, 20 of them those answers; without them
 * the slowest pane's keystroke-to-echo p50 fell from 36 to 27 ms (bench/broadcast-latency.ts, one round each).
 */
const BRIDGE_CALLS = {
  appInfo: { args: params(), answer: answers<AppInfo>(), route: 'bridge' },
  listContexts: { args: params(), answer: answers<Promise<readonly ContextSummary[]>>(), route: 'core' },
  /** Problems of whole kubeconfig files (as of the latest reload), which no context can carry. */
  kubeconfigProblems: { args: params(), answer: answers<Promise<readonly KubeconfigFileProblem[]>>(), route: 'core' },
  listNamespaces: { args: params(['context', contextName]), answer: answers<Promise<readonly NamespaceSummary[]>>(), route: 'core' },
  /** The Services of a namespace that select pods, with their ports: what the forward form offers. */
  listServices: {
    args: params(['context', contextName], ['namespace', namespaceName]),
    answer: answers<Promise<readonly ServiceSummary[]>>(),
    route: 'core',
  },
  // The call's own id names the subscription for its events and for unwatchPods.
  watchPods: { args: params(['context', contextName], ['namespace', namespaceName]), answer: answers<null>(), route: 'bridge', exposed: false },
  unwatchPods: { args: params(['subscription', integer(0, MAX_SUBSCRIPTION)]), answer: answers<void>(), route: 'bridge', exposed: false },
  // Two more watches, stopped by unwatchPods too: one pod and its events, and the contexts as the
  // kubeconfig files change (its first event is the current list).
  watchPodDetails: {
    args: params(['context', contextName], ['namespace', namespaceName], ['pod', podName]),
    answer: answers<null>(),
    route: 'bridge',
    exposed: false,
  },
  watchContexts: { args: params(), answer: answers<null>(), route: 'bridge', exposed: false },
  /** Deletes a pod (its default grace period); its controller, if any, makes a new one. */
  deletePod: { args: params(['context', contextName], ['namespace', namespaceName], ['pod', podName]), answer: answers<Promise<void>>(), route: 'core' },
  /** The workload a rollout restart of this pod would restart (ReplicaSet resolved to its Deployment); null when none can be. */
  workloadOf: {
    args: params(['context', contextName], ['namespace', namespaceName], ['pod', podName]),
    answer: answers<Promise<WorkloadRef | null>>(),
    route: 'core',
  },
  /** `kubectl rollout restart` of the pod's workload; answers the workload restarted. */
  restartWorkload: {
    args: params(['context', contextName], ['namespace', namespaceName], ['pod', podName]),
    answer: answers<Promise<WorkloadRef>>(),
    route: 'core',
  },
  /** The pod as YAML, read-only; managedFields only when asked for. */
  podYaml: {
    args: params(['context', contextName], ['namespace', namespaceName], ['pod', podName], ['managedFields', boolean]),
    answer: answers<Promise<string>>(),
    route: 'core',
  },
  // Each open binds the calling client to the new session (see attachSession).
  openExec: { args: params(['request', execRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  openAttach: { args: params(['request', attachRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  openLogs: { args: params(['request', logsRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  openMergedLogs: { args: params(['request', mergedLogsRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  openPortForward: { args: params(['request', portForwardRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  /** A shell in a debug container beside the pod's container (reused, or added and waited for). */
  openDebugShell: { args: params(['request', debugShellRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  /** A shell on a node, through a privileged pod deleted when the session ends. */
  openNodeShell: { args: params(['request', nodeShellRequest]), answer: answers<Promise<SessionInfo>>(), route: 'open' },
  /** The forwards kept to start with the app (main's state directory). */
  listSavedForwards: { args: params(), answer: answers<Promise<readonly SavedForward[]>>(), route: 'core' },
  /** Keeps a forward: it starts whenever the app starts, its context permitting. */
  keepForward: { args: params(['request', portForwardRequest]), answer: answers<Promise<SavedForward>>(), route: 'core' },
  forgetForward: { args: params(['id', savedForwardId]), answer: answers<Promise<void>>(), route: 'core' },
  /** Every session main has, whichever window opened it. */
  listSessions: { args: params(), answer: answers<readonly SessionInfo[]>(), route: 'core' },
  /**
   * Binds this client to a running session: its events flow to it from now on, after a replay of
   * the output main still keeps from position `from` on (from the oldest kept when absent).
   */
  attachSession: { args: params(['id', sessionId], ['from', optional(amount)]), answer: answers<SessionAttachment>(), route: 'bridge' },
  /** Stops this client's share of a session's events; the session keeps running in main. */
  detachSession: { args: params(['id', sessionId]), answer: answers<void>(), route: 'bridge' },
  write: { args: params(['id', sessionId], ['data', bytes(LIMITS.writeBytes)]), answer: answers<void>(), route: 'bound-session', oneWay: true },
  resize: { args: params(['id', sessionId], ['size', terminalSize]), answer: answers<void>(), route: 'bound-session' },
  closeStdin: { args: params(['id', sessionId]), answer: answers<void>(), route: 'bound-session' },
  /** The client has processed this much more of the session's output (outputAmount of its events). */
  acknowledge: { args: params(['id', sessionId], ['amount', amount]), answer: answers<void>(), route: 'bridge', oneWay: true },
  close: { args: params(['id', sessionId]), answer: answers<void>(), route: 'known-session' },
  /** Records a terminal session to a new file of the recordings directory until stopped or the session ends. */
  startRecording: { args: params(['id', sessionId], ['options', recordingOptions]), answer: answers<void>(), route: 'bound-session' },
  /** Any window may stop a recording, as any may close a session (the recordings drawer lists them all). */
  stopRecording: { args: params(['id', sessionId]), answer: answers<void>(), route: 'known-session' },
  listRecordings: { args: params(), answer: answers<Promise<readonly RecordingSummary[]>>(), route: 'core' },
  /** A recording's text, for playing it (at most ASCIICAST_LIMITS.fileBytes). */
  readRecording: { args: params(['name', recordingName]), answer: answers<Promise<string>>(), route: 'core' },
  deleteRecording: { args: params(['name', recordingName]), answer: answers<Promise<void>>(), route: 'core' },
  /**
   * Downloads to where the host puts it (the web host: its downloads directory; Electron: where the
   * save dialog says); progress and the end come as 'transfer' events. Null: the user closed the dialog.
   */
  startDownload: { args: params(['request', downloadRequest]), answer: answers<Promise<TransferInfo | null>>(), route: 'core' },
  /** Starts an upload whose bytes follow with uploadChunk. */
  startUpload: { args: params(['request', uploadRequest]), answer: answers<Promise<TransferInfo>>(), route: 'core' },
  /**
   * The next bytes of an upload's files (in order). Answers once main took them into the exec's
   * stream, so a client awaiting each chunk never has more than one in flight: that is the flow control.
   */
  uploadChunk: { args: params(['id', transferId], ['data', bytes(LIMITS.writeBytes)]), answer: answers<Promise<void>>(), route: 'core' },
  /** Stops a transfer; a download's partial files are removed. Finished transfers are left as they are. */
  cancelTransfer: { args: params(['id', transferId]), answer: answers<void>(), route: 'core' },
  /** Every transfer since main started, newest last (the drawer after a reload). */
  listTransfers: { args: params(), answer: answers<readonly TransferInfo[]>(), route: 'core' },
  /** A directory of a container (through a debug container when asked), or why the container cannot list one. */
  listDirectory: { args: params(['request', filePathRequest]), answer: answers<Promise<ListingAnswer>>(), route: 'core' },
  makeDirectory: { args: params(['request', filePathRequest]), answer: answers<Promise<void>>(), route: 'core' },
  /** Deletes a file, or a directory with everything in it (the browser confirms first). */
  deletePath: { args: params(['request', filePathRequest]), answer: answers<Promise<void>>(), route: 'core' },
} as const satisfies Record<string, CallSpec>;

type Calls = typeof BRIDGE_CALLS;

export type BridgeMethod = keyof Calls;
export type CallArgs<M extends BridgeMethod> = ReturnType<Calls[M]['args']>;
/** The methods main sends along route R. */
export type RoutedMethod<R extends CallRoute> = { [M in BridgeMethod]: Calls[M]['route'] extends R ? M : never }[BridgeMethod];
/** What the core's method (or, route 'bridge', main's bridge) returns for the call: a value or a Promise. */
export type CallAnswer<M extends BridgeMethod> = Calls[M]['answer'] extends Answers<infer R> ? R : never;
/** What the client's call answers: the bridge answers every call asynchronously. */
export type CallResult<M extends BridgeMethod> = Awaited<CallAnswer<M>>;
/** What the call's result message carries: an open answers the attachment, binding the client first. */
export type WireAnswer<M extends BridgeMethod> = M extends RoutedMethod<'open'> ? SessionAttachment : CallResult<M>;

/** The calls the renderer's bridge has as methods of the same name and arguments. */
export type ExposedMethod = { [M in BridgeMethod]: Calls[M] extends { readonly exposed: false } ? never : M }[BridgeMethod];

/** The core's methods that answer calls (every route but 'bridge'), typed by the table. */
export type CoreCalls = { [M in Exclude<BridgeMethod, RoutedMethod<'bridge'>>]: (...args: CallArgs<M>) => CallAnswer<M> };

/** The renderer's side of the exposed calls: each answers asynchronously, as main may refuse any. */
export type BridgeCalls = { [M in ExposedMethod]: (...args: CallArgs<M>) => Promise<CallResult<M>> };

/** A call whose arguments passed their schema; `method` tells `args` apart, `route` says where it goes. */
export type ValidCall<M extends BridgeMethod = BridgeMethod> = {
  [K in M]: { readonly method: K; readonly args: CallArgs<K>; readonly route: Calls[K]['route'] };
}[M];

export const BRIDGE_METHODS = Object.keys(BRIDGE_CALLS) as readonly BridgeMethod[];

export const EXPOSED_METHODS: readonly ExposedMethod[] = BRIDGE_METHODS.filter(
  (method): method is ExposedMethod => !('exposed' in BRIDGE_CALLS[method]),
);

export function routeOf(method: BridgeMethod): CallRoute {
  return BRIDGE_CALLS[method].route;
}

/** Whether main never answers the call (see BRIDGE_CALLS). */
export function isOneWay(method: string): boolean {
  if (!isBridgeMethod(method)) return false;
  const spec: CallSpec = BRIDGE_CALLS[method];
  return spec.oneWay === true;
}

export function isBridgeMethod(method: string): method is BridgeMethod {
  return Object.hasOwn(BRIDGE_CALLS, method);
}

/** Checks a call from a client; throws a BridgeError ('invalid-request') naming method and field. */
export function validateCall(method: string, args: readonly unknown[]): ValidCall {
  if (!isBridgeMethod(method)) throw invalidRequest('Unknown bridge method', `${describeValue(method)} is not a bridge method`);
  try {
    const spec: CallSpec = BRIDGE_CALLS[method];
    return { method, args: spec.args(args, method), route: spec.route } as ValidCall;
  } catch (error) {
    if (error instanceof SchemaError) throw invalidRequest(`Invalid ${method} request`, `${method}: ${error.path} ${error.problem}`);
    throw error;
  }
}
