// Every bridge call's arguments are checked before anything else: these tests feed each method
// good arguments and the malformed ones a compromised renderer might send.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import { BRIDGE_METHODS, LIMITS, validateCall, type BridgeMethod } from '../../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { ExecRequest } from '../../../../shared/bridge/sessions.ts';

const pod = { context: 'kind-dev', namespace: 'default', pod: 'web-0' } as const;
const forward = { context: 'kind-dev', namespace: 'default', target: { kind: 'pod', name: 'web-0' } } as const;
const exec: ExecRequest = { ...pod, container: 'app', command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 80, rows: 24 } };

const VALID: Record<BridgeMethod, unknown[]> = {
  appInfo: [],
  listContexts: [],
  kubeconfigProblems: [],
  listNamespaces: ['kind-dev'],
  listServices: ['kind-dev', 'default'],
  watchPods: ['kind-dev', 'default'],
  unwatchPods: [3],
  watchPodDetails: ['kind-dev', 'default', 'web-0'],
  watchContexts: [],
  deletePod: ['kind-dev', 'default', 'web-0'],
  workloadOf: ['kind-dev', 'default', 'web-0'],
  restartWorkload: ['kind-dev', 'default', 'web-0'],
  podYaml: ['kind-dev', 'default', 'web-0', false],
  openExec: [exec],
  openAttach: [{ ...pod, tty: false, stdin: false }],
  openLogs: [{ ...pod, follow: true, tailLines: 100, sinceTime: '2024-05-01T12:00:00.123456789Z', transport: 'websocket' }],
  openMergedLogs: [{ context: 'kind-dev', namespace: 'default', selector: 'app=web', follow: true, sinceSeconds: 60 }],
  openPortForward: [{ ...forward, remotePort: 8080, localPort: 0 }],
  openDebugShell: [{ ...pod, container: 'app', image: 'busybox:1.36', size: { cols: 80, rows: 24 } }],
  openNodeShell: [{ context: 'kind-dev', namespace: 'default', node: 'node-1.example', image: 'registry.example/tools@sha256:abc' }],
  listSavedForwards: [],
  keepForward: [{ ...forward, target: { kind: 'service', name: 'web' }, remotePort: 80 }],
  forgetForward: ['f-0a1b'],
  listSessions: [],
  attachSession: ['s1', 0],
  detachSession: ['s1'],
  write: ['s1', new Uint8Array([104, 105])],
  resize: ['s1', { cols: 100, rows: 40 }],
  closeStdin: ['s1'],
  acknowledge: ['s1', 5000],
  close: ['s1'],
  startRecording: ['s1', { input: false }],
  stopRecording: ['s1'],
  listRecordings: [],
  readRecording: ['2026-12-06_06-30-00_single-main-shell.cast'],
  deleteRecording: ['2026-12-06_06-30-00_single-main-shell-2.cast'],
  listDirectory: [{ ...pod, container: 'app', path: '/var/log/a b' }],
  makeDirectory: [{ ...pod, path: '/tmp/new', debugImage: 'busybox:1.36' }],
  deletePath: [{ ...pod, path: '/tmp/new' }],
  startDownload: [{ target: { ...pod, container: 'app' }, remotePath: '/var/log/a b\nc ☃' }],
  startUpload: [{ target: pod, remoteDirectory: '/tmp', files: [{ path: 'photos/2024/ä b.jpg', size: 12, mode: 0o640 }, { path: 'empty', size: 0 }] }],
  uploadChunk: ['transfer-1', new Uint8Array([1, 2, 3])],
  cancelTransfer: ['transfer-1'],
  listTransfers: [],
};

function refusal(method: string, args: readonly unknown[]): UserError {
  try {
    validateCall(method, args);
  } catch (error) {
    if (error instanceof BridgeError) return error.userError;
    throw error;
  }
  throw new Error(`${method} accepted ${JSON.stringify(args)}`);
}

function execWith(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...exec, ...changes };
}

describe('valid calls', () => {
  it('has an example for every bridge method', () => {
    expect(Object.keys(VALID).sort()).toEqual([...BRIDGE_METHODS].sort());
  });

  it.each(BRIDGE_METHODS)('%s accepts good arguments and returns an equal copy', (method) => {
    const args = VALID[method];
    const call = validateCall(method, args);
    expect(call.method).toBe(method);
    expect(call.args).toEqual(args);
    args.forEach((arg, index) => {
      if (typeof arg === 'object' && arg !== null) expect(call.args[index]).not.toBe(arg);
    });
  });

  it('leaves an absent optional argument absent', () => {
    expect(validateCall('attachSession', ['s1']).args).toEqual(['s1', undefined]);
  });

  it('takes the shell command with a node OS', () => {
    const call = validateCall('openExec', [execWith({ command: { kind: 'shell', nodeOs: 'windows' } })]);
    expect(call.args[0]).toMatchObject({ command: { kind: 'shell', nodeOs: 'windows' } });
  });

  it('takes merged logs of one pod instead of a selector', () => {
    const request = { context: 'kind-dev', namespace: 'default', pod: 'web-0', follow: true };
    expect(validateCall('openMergedLogs', [request]).args).toEqual([request]);
  });
});

describe('refused calls name the method and the field', () => {
  const cases: Array<[what: string, method: string, args: readonly unknown[], detail: string]> = [
    ['a missing argument', 'listNamespaces', [], 'listNamespaces takes 1 arguments (context), got 0'],
    ['an extra argument', 'close', ['s1', 'extra'], 'close takes 1 arguments (id), got 2'],
    ['any argument to a call that takes none', 'kubeconfigProblems', ['/etc/passwd'], 'kubeconfigProblems takes 0 arguments (), got 1'],
    ['a number for a name', 'listNamespaces', [42], 'listNamespaces: context must be a string, got 42'],
    ['an empty context', 'listNamespaces', [''], 'listNamespaces: context must not be empty'],
    [
      'a huge context name',
      'listNamespaces',
      ['x'.repeat(LIMITS.nameCharacters + 1)],
      `listNamespaces: context must have at most ${LIMITS.nameCharacters} characters, got ${LIMITS.nameCharacters + 1}`,
    ],
    ['a control character', 'listNamespaces', ['dev\nprod'], 'listNamespaces: context must not contain control characters'],
    [
      'a namespace that is no DNS label',
      'watchPods',
      ['kind-dev', 'Default'],
      'watchPods: namespace must be a namespace name (lower-case letters, digits and "-", starting and ending with a letter or digit), got "Default"',
    ],
    ['a Services list without a namespace', 'listServices', ['kind-dev'], 'listServices takes 2 arguments (context, namespace), got 1'],
    ['a path in the namespace of a Services list', 'listServices', ['kind-dev', '../kube-system'], 'listServices: namespace must be a namespace name'],
    ['a path in a pod name', 'openExec', [execWith({ pod: '../../secrets' })], 'openExec: request.pod must be a pod name'],
    ['a path in the pod to delete', 'deletePod', ['kind-dev', 'default', '../secrets'], 'deletePod: pod must be a pod name'],
    ['a path in the pod to restart', 'restartWorkload', ['kind-dev', 'default', 'a/b'], 'restartWorkload: pod must be a pod name'],
    ['a missing managedFields choice', 'podYaml', ['kind-dev', 'default', 'web-0'], 'podYaml takes 4 arguments (context, namespace, pod, managedFields), got 3'],
    ['a pod-details watch without a pod', 'watchPodDetails', ['kind-dev', 'default'], 'watchPodDetails takes 3 arguments (context, namespace, pod), got 2'],
    ['a slash in a container name', 'openExec', [execWith({ container: 'a/b' })], 'openExec: request.container must be a container name'],
    ['a missing field', 'openExec', [{ ...pod, command: { kind: 'shell' }, tty: true }], 'openExec: request.stdin is missing'],
    ['an unknown field', 'openExec', [execWith({ privileged: true })], 'openExec: request has an unknown field "privileged"'],
    ['a string for a boolean', 'openExec', [execWith({ tty: 'yes' })], 'openExec: request.tty must be true or false, got "yes"'],
    ['zero columns', 'resize', ['s1', { cols: 0, rows: 24 }], 'resize: size.cols must be an integer from 1 to 65535, got 0'],
    ['too many rows', 'resize', ['s1', { cols: 80, rows: 65536 }], 'resize: size.rows must be an integer from 1 to 65535, got 65536'],
    ['a fractional size', 'resize', ['s1', { cols: 80.5, rows: 24 }], 'resize: size.cols must be an integer from 1 to 65535, got 80.5'],
    ['NaN', 'resize', ['s1', { cols: Number.NaN, rows: 24 }], 'resize: size.cols must be an integer from 1 to 65535, got NaN'],
    ['Infinity', 'acknowledge', ['s1', Number.POSITIVE_INFINITY], 'acknowledge: amount must be an integer from 0 to 9007199254740991, got Infinity'],
    ['a negative amount', 'acknowledge', ['s1', -1], 'acknowledge: amount must be an integer from 0 to 9007199254740991, got -1'],
    ['a space in a debug image', 'openDebugShell', [{ ...pod, image: 'busybox 1.36' }], 'openDebugShell: request.image must be an image reference such as "busybox:1.36"'],
    ['a path in a node name', 'openNodeShell', [{ context: 'kind-dev', namespace: 'default', node: '../nodes', image: 'busybox' }], 'openNodeShell: request.node must be a node name (lower-case letters, digits, "-" and ".")'],
    ['port 0', 'openPortForward', [{ ...forward, remotePort: 0 }], 'openPortForward: request.remotePort must be an integer from 1 to 65535, got 0'],
    ['port 65536', 'openPortForward', [{ ...forward, remotePort: 65536 }], 'openPortForward: request.remotePort must be an integer from 1 to 65535, got 65536'],
    ['a port as text', 'openPortForward', [{ ...forward, remotePort: '80' }], 'openPortForward: request.remotePort must be an integer from 1 to 65535, got "80"'],
    ['a negative local port', 'openPortForward', [{ ...forward, remotePort: 80, localPort: -1 }], 'openPortForward: request.localPort must be an integer from 0 to 65535, got -1'],
    ['a forward to an unknown kind', 'openPortForward', [{ ...forward, target: { kind: 'job', name: 'x' }, remotePort: 80 }], 'openPortForward: request.target.kind must be one of'],
    ['a path in a Service name', 'keepForward', [{ ...forward, target: { kind: 'service', name: '../x' }, remotePort: 80 }], 'keepForward: request.target.name must be a pod name'],
    ['a slash in a saved forward id', 'forgetForward', ['a/b'], 'forgetForward: id must be a saved forward id'],
    ['an unknown command kind', 'openExec', [execWith({ command: { kind: 'script' } })], 'openExec: request.command.kind must be one of "argv", "shell", got "script"'],
    ['an empty argv', 'openExec', [execWith({ command: { kind: 'argv', argv: [] } })], 'openExec: request.command.argv must have 1 to 256 items, got 0'],
    ['an empty program name', 'openExec', [execWith({ command: { kind: 'argv', argv: ['', 'x'] } })], 'openExec: request.command must name a program in argv[0]'],
    ['NUL in an argument', 'openExec', [execWith({ command: { kind: 'argv', argv: ['sh', 'a\0b'] } })], 'openExec: request.command.argv[1] must not contain NUL characters'],
    ['a number in argv', 'openExec', [execWith({ command: { kind: 'argv', argv: ['sh', 1] } })], 'openExec: request.command.argv[1] must be a string, got 1'],
    ['sinceSeconds with sinceTime', 'openLogs', [{ ...pod, follow: true, sinceSeconds: 5, sinceTime: '2024-05-01T12:00:00Z' }], 'openLogs: request must not set both sinceSeconds and sinceTime'],
    ['merged logs of a selector and a pod', 'openMergedLogs', [{ context: 'kind-dev', namespace: 'default', selector: 'app=web', pod: 'web-0', follow: true }], 'openMergedLogs: request must set exactly one of selector and pod'],
    ['merged logs of neither selector nor pod', 'openMergedLogs', [{ context: 'kind-dev', namespace: 'default', follow: true }], 'openMergedLogs: request must set exactly one of selector and pod'],
    ['merged logs of a pod name with a slash', 'openMergedLogs', [{ context: 'kind-dev', namespace: 'default', pod: 'web/0', follow: true }], 'openMergedLogs: request.pod must be a pod name'],
    ['a time that is no RFC 3339', 'openLogs', [{ ...pod, follow: true, sinceTime: 'yesterday' }], 'openLogs: request.sinceTime must be an RFC 3339 time such as "2024-05-01T12:00:00Z", got "yesterday"'],
    ['an impossible date', 'openLogs', [{ ...pod, follow: true, sinceTime: '2024-13-45T12:00:00Z' }], 'openLogs: request.sinceTime must be a real date and time'],
    ['an unknown log transport', 'openLogs', [{ ...pod, follow: true, transport: 'spdy' }], 'openLogs: request.transport must be one of "http", "websocket", got "spdy"'],
    ['a zero limitBytes', 'openLogs', [{ ...pod, follow: true, limitBytes: 0 }], 'openLogs: request.limitBytes must be an integer from 1 to 9007199254740991, got 0'],
    ['text for stdin', 'write', ['s1', 'ls\n'], 'write: data must be bytes (a Uint8Array), got "ls\\n"'],
    ['an array for stdin', 'write', ['s1', [108, 115]], 'write: data must be bytes (a Uint8Array), got an array of 2 items'],
    ['a huge write', 'write', ['s1', new Uint8Array(LIMITS.writeBytes + 1)], `write: data must be at most ${LIMITS.writeBytes} bytes, got ${LIMITS.writeBytes + 1}`],
    ['a session id with a slash', 'close', ['s1/../s2'], 'close: id must be a session id (letters, digits, ".", "_", ":" and "-"), got "s1/../s2"'],
    ['a long session id', 'close', ['s'.repeat(129)], 'close: id must have at most 128 characters, got 129'],
    ['null for an object', 'openExec', [null], 'openExec: request must be an object, got null'],
    ['an array for an object', 'resize', ['s1', [80, 24]], 'resize: size must be an object, got an array of 2 items'],
    ['recording options without input', 'startRecording', ['s1', {}], 'startRecording: options.input is missing'],
    ['a recording name that climbs out', 'readRecording', ['../../.ssh/id_rsa.cast'], 'readRecording: name must be a recording name'],
    ['a recording name with a slash', 'deleteRecording', ['sub/x.cast'], 'deleteRecording: name must be a recording name'],
    ['a recording name with a backslash', 'deleteRecording', ['..\\x.cast'], 'deleteRecording: name must be a recording name'],
    ['a hidden recording name', 'readRecording', ['.x.cast'], 'readRecording: name must be a recording name'],
    ['a recording name with two dots', 'readRecording', ['a..cast'], 'readRecording: name must be a recording name'],
    ['a recording name of another kind of file', 'readRecording', ['notes.txt'], 'readRecording: name must be a recording name'],
    ['a recording name with NUL', 'readRecording', ['a\0.cast'], 'readRecording: name must not contain control characters'],
    ['a relative browser path', 'listDirectory', [{ ...pod, path: 'etc' }], 'listDirectory: request.path must be an absolute path'],
    ['a browser path that climbs', 'deletePath', [{ ...pod, path: '/tmp/../etc' }], 'deletePath: request.path must be normalised'],
    ['a browser path with a trailing slash', 'makeDirectory', [{ ...pod, path: '/tmp/' }], 'makeDirectory: request.path must be normalised'],
    ['a browser path with NUL', 'listDirectory', [{ ...pod, path: '/a\0b' }], 'listDirectory: request.path must not contain NUL'],
    ['a debug image with a space', 'listDirectory', [{ ...pod, path: '/', debugImage: 'busybox; rm' }], 'listDirectory: request.debugImage must be an image reference'],
  ];

  it.each(cases)('%s', (_what, method, args, detail) => {
    const error = refusal(method, args);
    expect(error.kind).toBe('invalid-request');
    expect(error.title).toBe(`Invalid ${method} request`);
    expect(error.detail.startsWith(detail), `${error.detail}\ndoes not start with\n${detail}`).toBe(true);
  });

  it('never echoes a long string back', () => {
    const error = refusal('watchPods', ['kind-dev', 'x'.repeat(60) + 'X']);
    expect(error.detail).toContain('got a string of 61 characters');
    expect(error.detail).not.toContain('x'.repeat(41));
  });
});

describe('transfer paths', () => {
  const upload = (path: string): unknown[] => [{ target: pod, remoteDirectory: '/tmp', files: [{ path, size: 1 }] }];

  it.each(['../etc/passwd', 'a/../../b', '/etc/passwd', 'a//b', './a', 'a/.', ''])('refuses the upload path %j, which could climb out', (path) => {
    expect(refusal('startUpload', upload(path)).detail).toContain('startUpload: request.files[0].path');
  });

  it('refuses a relative or NUL-holding remote path', () => {
    expect(refusal('startDownload', [{ target: pod, remotePath: 'tmp/x' }]).detail).toContain('an absolute path');
    expect(refusal('startDownload', [{ target: pod, remotePath: '/tmp/\0x' }]).detail).toContain('NUL');
  });

  it('refuses a pod name that is not one, before it reaches a URL', () => {
    expect(refusal('startDownload', [{ target: { ...pod, pod: '../secrets' }, remotePath: '/x' }]).detail).toContain('request.target.pod');
  });
});

describe('prototype-pollution shaped input', () => {
  it('refuses a __proto__ key as JSON.parse makes it (an own property)', () => {
    const request: unknown = JSON.parse(JSON.stringify(exec).replace('{', '{"__proto__":{"polluted":true},'));
    expect(refusal('openExec', [request]).detail).toBe('openExec: request must not have the key "__proto__" (prototype pollution)');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses constructor and prototype keys, also nested', () => {
    expect(refusal('openExec', [execWith({ constructor: { prototype: {} } })]).detail).toBe(
      'openExec: request must not have the key "constructor" (prototype pollution)',
    );
    expect(refusal('resize', ['s1', { cols: 80, rows: 24, prototype: 1 }]).detail).toBe(
      'resize: size must not have the key "prototype" (prototype pollution)',
    );
    const nested: unknown = JSON.parse('{"kind":"shell","__proto__":{"x":1}}');
    expect(refusal('openExec', [execWith({ command: nested })]).detail).toBe(
      'openExec: request.command must not have the key "__proto__" (prototype pollution)',
    );
  });

  it('refuses objects whose prototype is not Object.prototype or null', () => {
    class Size {
      cols = 80;
      rows = 24;
    }
    expect(refusal('resize', ['s1', new Size()]).detail).toBe(
      'resize: size must be a plain object (its prototype is neither Object.prototype nor null)',
    );
    const inherited = Object.create({ cols: 80, rows: 24 }) as object;
    expect(refusal('resize', ['s1', inherited]).detail).toContain('must be a plain object');
    expect(refusal('resize', ['s1', new Date()]).detail).toContain('must be a plain object');
  });

  it('accepts a null-prototype object and copies it to a plain one', () => {
    const size = Object.assign(Object.create(null) as object, { cols: 80, rows: 24 });
    const call = validateCall('resize', ['s1', size]);
    expect(call.args[1]).toEqual({ cols: 80, rows: 24 });
  });

  it('refuses getters, which could answer differently each time they are read', () => {
    let reads = 0;
    const size = {
      rows: 24,
      get cols() {
        reads += 1;
        return reads === 1 ? 80 : -1;
      },
    };
    expect(refusal('resize', ['s1', size]).detail).toBe('resize: size.cols must be a plain value, not a getter or setter');
    expect(reads).toBe(0);
  });

  it('refuses symbol keys and arrays with extra properties', () => {
    expect(refusal('resize', ['s1', { cols: 80, rows: 24, [Symbol('x')]: 1 }]).detail).toBe('resize: size must not have symbol keys');
    const argv = Object.assign(['sh'], { extra: 1 });
    expect(refusal('openExec', [execWith({ command: { kind: 'argv', argv } })]).detail).toContain(
      'request.command.argv must be a plain array without holes or extra properties',
    );
    // eslint-disable-next-line no-sparse-arrays -- a hole is the point
    expect(refusal('openExec', [execWith({ command: { kind: 'argv', argv: ['sh', , 'x'] } })]).detail).toContain('without holes');
  });
});

describe('unknown methods', () => {
  it.each(['openShell', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('refuses %s', (method) => {
    expect(refusal(method, [])).toEqual({
      kind: 'invalid-request',
      title: 'Unknown bridge method',
      detail: `${JSON.stringify(method)} is not a bridge method`,
    });
  });
});

describe('arbitrary input', () => {
  it('is either accepted or refused with an invalid-request error, for every method', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BRIDGE_METHODS), fc.array(fc.anything({ withObjectString: true, withNullPrototype: true }), { maxLength: 4 }), (method, args) => {
        try {
          validateCall(method, args);
        } catch (error) {
          expect(error).toBeInstanceOf(BridgeError);
          expect((error as BridgeError).userError.kind).toBe('invalid-request');
          expect((error as BridgeError).userError.detail.length).toBeLessThan(400);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed exec request', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(
        fc.record({
          // eslint-disable-next-line no-control-regex -- contexts without control characters are the valid ones
          context: fc.string({ minLength: 1, maxLength: 50 }).filter((text) => !/[\u0000-\u001f\u007f]/.test(text)),
          namespace: label,
          pod: label,
          command: fc.oneof(
            fc.constant({ kind: 'shell' as const }),
            fc.record({ kind: fc.constant('argv' as const), argv: fc.array(fc.string({ minLength: 1 }).filter((a) => !a.includes('\0')), { minLength: 1, maxLength: 5 }) }),
          ),
          tty: fc.boolean(),
          stdin: fc.boolean(),
          size: fc.record({ cols: fc.integer({ min: 1, max: 65535 }), rows: fc.integer({ min: 1, max: 65535 }) }),
        }),
        (request) => {
          expect(validateCall('openExec', [request]).args[0]).toEqual(request);
        },
      ),
      { numRuns: 500 },
    );
  });
});
