// The argument schema of every bridge call (bridge.ts), checked in main BEFORE anything else
// happens, on every host. Besides types and ranges, the names are held to the Kubernetes rules for
// what they name, because they become parts of API paths in main: a pod "../../secrets" must
// never reach a URL. Failures are 'invalid-request' errors naming the method and the field.
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
import type {
  AttachRequest,
  ExecCommand,
  ExecRequest,
  LogsRequest,
  MergedLogsRequest,
  PortForwardRequest,
  TerminalSize,
} from './sessions.ts';

export const LIMITS = {
  /** Kubeconfig context names are free text; this caps them. */
  nameCharacters: 4096,
  selectorCharacters: 4096,
  argvItems: 256,
  argvItemCharacters: 16 * 1024,
  argvTotalCharacters: 64 * 1024,
  /** One write call; the bridge client splits larger pastes into several. */
  writeBytes: 1024 * 1024,
  sessionIdCharacters: 128,
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
/** A count of output (bytes or lines): acknowledgements and replay positions. */
const amount = integer(0, Number.MAX_SAFE_INTEGER);

const terminalSize = objectOf<TerminalSize>({
  cols: integer(1, MAX_TERMINAL_DIMENSION),
  rows: integer(1, MAX_TERMINAL_DIMENSION),
});

// A process argument may hold anything but NUL (argv strings are C strings in the container).
const argvItem = string({ max: LIMITS.argvItemCharacters, forbid: { pattern: /\0/, what: 'NUL characters' } });
const execCommand: Schema<ExecCommand> = variant<ExecCommand>('kind', {
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

const podRef = {
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

const mergedLogsRequest = sinceOnce(
  objectOf<MergedLogsRequest>({
    ...logOptions,
    context: contextName,
    namespace: namespaceName,
    selector: string({ max: LIMITS.selectorCharacters }),
    container: optional(containerName),
  }),
);

const portForwardRequest = objectOf<PortForwardRequest>({
  context: contextName,
  namespace: namespaceName,
  pod: podName,
  remotePort: integer(1, MAX_PORT),
  localPort: optional(integer(0, MAX_PORT)),
});

type Param = readonly [name: string, schema: Schema<unknown> | OptionalField<unknown>];

type ArgsOf<P extends readonly Param[]> = {
  -readonly [I in keyof P]: P[I] extends readonly [string, OptionalField<infer T>]
    ? T | undefined
    : P[I] extends readonly [string, Schema<infer T>]
      ? T
      : never;
};

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

/** Every method a client may call over the bridge, with its arguments' schema. */
const BRIDGE_CALLS = {
  appInfo: params(),
  listContexts: params(),
  kubeconfigProblems: params(),
  listNamespaces: params(['context', contextName]),
  // The call's own id names the subscription for its events and for unwatchPods.
  watchPods: params(['context', contextName], ['namespace', namespaceName]),
  unwatchPods: params(['subscription', integer(0, MAX_SUBSCRIPTION)]),
  openExec: params(['request', execRequest]),
  openAttach: params(['request', attachRequest]),
  openLogs: params(['request', logsRequest]),
  openMergedLogs: params(['request', mergedLogsRequest]),
  openPortForward: params(['request', portForwardRequest]),
  listSessions: params(),
  attachSession: params(['id', sessionId], ['from', optional(amount)]),
  detachSession: params(['id', sessionId]),
  write: params(['id', sessionId], ['data', bytes(LIMITS.writeBytes)]),
  resize: params(['id', sessionId], ['size', terminalSize]),
  closeStdin: params(['id', sessionId]),
  acknowledge: params(['id', sessionId], ['amount', amount]),
  close: params(['id', sessionId]),
} as const;

export type BridgeMethod = keyof typeof BRIDGE_CALLS;
export type CallArgs<M extends BridgeMethod> = ReturnType<(typeof BRIDGE_CALLS)[M]>;

/** A call whose arguments passed their schema; `method` tells `args` apart. */
export type ValidCall = { [M in BridgeMethod]: { readonly method: M; readonly args: CallArgs<M> } }[BridgeMethod];

export const BRIDGE_METHODS = Object.keys(BRIDGE_CALLS) as readonly BridgeMethod[];

export function isBridgeMethod(method: string): method is BridgeMethod {
  return Object.hasOwn(BRIDGE_CALLS, method);
}

/** Checks a call from a client; throws a BridgeError ('invalid-request') naming method and field. */
export function validateCall(method: string, args: readonly unknown[]): ValidCall {
  if (!isBridgeMethod(method)) throw invalidRequest('Unknown bridge method', `${describeValue(method)} is not a bridge method`);
  try {
    return { method, args: BRIDGE_CALLS[method](args, method) } as ValidCall;
  } catch (error) {
    if (error instanceof SchemaError) throw invalidRequest(`Invalid ${method} request`, `${method}: ${error.path} ${error.problem}`);
    throw error;
  }
}
