// A compromised renderer cannot make main connect anywhere, read any file or run any program the
// kubeconfig does not name. The real core (on a kubeconfig with one context) sits behind the bridge
// server; every call is made with arguments that point elsewhere, and each must be refused by the
// schema ('invalid-request') or fail as 'kubeconfig' (unknown context), while spies on the Node
// modules main reaches the world through record every attempt to connect, read or spawn.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import { cloneCodec, type ServerMessage } from '../../../../shared/bridge/wire.ts';
import { BridgeServer } from '../../../../main/bridge/bridge-server.ts';
import { createCore } from '../../../../main/core/create-core.ts';
import type { PortholeCore } from '../../../../main/core/core.ts';

const CONTEXT = 'only';
const FILE_CONTEXT = 'with-file';
const POD = { namespace: 'default', pod: 'web-0' } as const;

/** Context names a renderer might try, none of which the kubeconfig defines. */
const FOREIGN_CONTEXTS = [
  'https://evil.example',
  'https://evil.example:6443/api',
  '../../etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  '127.0.0.1:22',
  `${CONTEXT}/../other`,
  `${CONTEXT}\0`,
  '__proto__',
  'constructor',
] as const;

/** Namespaces and pod names with path segments or URL characters. */
const BAD_NAMES = ['../kube-system', '..', 'a/b', 'web-0?x=1', 'web-0#x', 'evil.example:443', 'https://evil.example', '%2e%2e', 'web 0', 'WEB-0', ''] as const;

type Attempt = { readonly what: string; readonly args: string };

describe('the renderer cannot make main reach anything the kubeconfig does not name', () => {
  let dir = '';
  let core: PortholeCore;
  let server: BridgeServer;
  const attempts: Attempt[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(join(tmpdir(), 'porthole-reach-'));
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    fs.writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': CONTEXT,
        clusters: [
          { name: 'c', cluster: { server: 'https://127.0.0.1:9' } },
          { name: 'with-ca-file', cluster: { server: 'https://127.0.0.1:9', 'certificate-authority': join(dir, 'ca.crt') } },
        ],
        users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
        contexts: [
          { name: CONTEXT, context: { cluster: 'c', user: 'u' } },
          // Names a file, which main reads when the context is used: the control for the file spies.
          { name: FILE_CONTEXT, context: { cluster: 'with-ca-file', user: 'u' } },
        ],
      }),
    );
    core = await createCore({ kubeconfigEnv: kubeconfig, watch: false });
    server = new BridgeServer({ core, appInfo: { name: 'Porthole', version: 'test', host: 'electron' }, log: () => undefined });
    // From here on, every way out of the process is recorded (and still performed).
    const spy = <T extends object>(module: T, name: keyof T & string, what: string) => {
      const target = module as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name]!;
      vi.spyOn(target, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
        attempts.push({ what: `${what}.${name}`, args: String(args[0]).slice(0, 200) });
        return original.apply(this, args);
      });
    };
    for (const name of ['connect', 'createConnection'] as const) spy(net, name, 'net');
    spy(tls, 'connect', 'tls');
    for (const name of ['request', 'get'] as const) {
      spy(http, name, 'http');
      spy(https, name, 'https');
    }
    for (const name of ['readFile', 'readFileSync', 'createReadStream', 'open', 'openSync'] as const) spy(fs, name, 'fs');
    for (const name of ['readFile', 'open'] as const) spy(fsPromises, name, 'fs/promises');
    for (const name of ['spawn', 'execFile', 'exec', 'fork'] as const) spy(childProcess, name, 'child_process');
    // Named imports of built-in modules (`import { readFileSync } from 'node:fs'`) see the spies too.
    syncBuiltinESMExports();
  });

  afterAll(() => {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    server?.close();
    core?.dispose();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Calls one bridge method as a renderer would and returns the error it was refused with. */
  async function refusal(method: string, ...args: unknown[]): Promise<UserError> {
    const received: ServerMessage[] = [];
    const endpoint = server.connect<unknown>({ codec: cloneCodec, send: (frame) => received.push(structuredClone(frame) as ServerMessage) });
    try {
      endpoint.receive({ t: 'call', id: 1, method, args });
      // A refused call answers with an error; a refused watchPods answers, then reports the error as its health.
      return await vi.waitFor(
        () => {
          const answer = received.find((message) => (message.t === 'result' || message.t === 'error') && message.id === 1);
          if (answer?.t === 'error') return answer.error;
          const health = received.find((message) => message.t === 'pods' && message.sub === 1 && message.event.kind === 'health');
          if (health?.t === 'pods' && health.event.kind === 'health' && health.event.error) return health.event.error;
          if (answer === undefined || method === 'watchPods') throw new Error(`no refusal of ${method} yet`);
          throw new Error(`${method}(${JSON.stringify(args)}) was not refused: ${JSON.stringify(answer)}`);
        },
        { timeout: 5000 },
      );
    } finally {
      endpoint.close();
    }
  }

  const podRequests = (context: string, namespace: string, pod: string) => [
    ['openExec', { context, namespace, pod, command: { kind: 'shell' }, tty: true, stdin: true }],
    ['openAttach', { context, namespace, pod, tty: false, stdin: false }],
    ['openLogs', { context, namespace, pod, follow: false }],
    ['openMergedLogs', { context, namespace, selector: 'app=web', follow: false }],
    ['openPortForward', { context, namespace, target: { kind: 'pod', name: pod }, remotePort: 80 }],
  ] as const;

  it('refuses every call naming a context the kubeconfig does not define, as "kubeconfig", reaching nothing', async () => {
    for (const context of FOREIGN_CONTEXTS) {
      const calls: Array<readonly [string, ...unknown[]]> = [
        ['listNamespaces', context],
        ['watchPods', context, POD.namespace],
        ...podRequests(context, POD.namespace, POD.pod).map(([method, request]) => [method, request] as const),
      ];
      for (const [method, ...args] of calls) {
        const error = await refusal(method, ...args);
        // A NUL in a context name may already be refused by the schema; either way nothing is reached.
        expect(['kubeconfig', 'invalid-request'], `${method} ${JSON.stringify(context)}: ${error.kind} ${error.detail}`).toContain(error.kind);
        if (!context.includes('\0')) expect(error.kind, `${method} ${JSON.stringify(context)}`).toBe('kubeconfig');
      }
    }
    expect(attempts).toEqual([]);
  });

  it('refuses namespaces and pod names with path segments or URL characters in the schema', async () => {
    for (const name of BAD_NAMES) {
      const calls: Array<readonly [string, ...unknown[]]> = [
        ['watchPods', CONTEXT, name],
        ...podRequests(CONTEXT, name, POD.pod).map(([method, request]) => [method, request] as const),
        ...podRequests(CONTEXT, POD.namespace, name)
          .filter(([method]) => method !== 'openMergedLogs')
          .map(([method, request]) => [method, request] as const),
        ['openLogs', { context: CONTEXT, ...POD, container: name, follow: false }],
      ];
      for (const [method, ...args] of calls) {
        const error = await refusal(method, ...args);
        expect(error.kind, `${method} ${JSON.stringify(args)}: ${error.detail}`).toBe('invalid-request');
      }
    }
    expect(attempts).toEqual([]);
  });

  it('refuses port-forward ports out of range and any field naming another host', async () => {
    const base = { context: CONTEXT, namespace: POD.namespace, target: { kind: 'pod', name: POD.pod }, remotePort: 80 };
    const requests = [
      { ...base, localPort: -1 },
      { ...base, localPort: 65536 },
      { ...base, localPort: 1.5 },
      { ...base, localPort: '8080' },
      { ...base, remotePort: 0 },
      { ...base, remotePort: 70000 },
      { ...base, host: 'evil.example' },
      { ...base, server: 'https://evil.example' },
      { ...base, url: 'https://evil.example/api' },
      { ...base, address: '0.0.0.0' },
      { ...base, remoteHost: '10.0.0.1' },
    ];
    for (const request of requests) {
      const error = await refusal('openPortForward', request);
      expect(error.kind, JSON.stringify(request)).toBe('invalid-request');
    }
    expect(attempts).toEqual([]);
  });

  it('refuses unknown keys that would name a server or a file on every request', async () => {
    const extras = [{ host: 'evil.example' }, { server: 'https://evil.example' }, { url: 'https://evil.example' }, { kubeconfig: '/etc/passwd' }, { file: '/etc/passwd' }];
    for (const extra of extras) {
      for (const [method, request] of podRequests(CONTEXT, POD.namespace, POD.pod)) {
        const error = await refusal(method, { ...request, ...extra });
        expect(error.kind, `${method} ${JSON.stringify(extra)}`).toBe('invalid-request');
      }
    }
    expect(attempts).toEqual([]);
  });

  it('refuses log requests with garbage sinceTime, reaching nothing', async () => {
    const garbage = ['yesterday', '../../etc/passwd', 'https://evil.example', '2024-13-45T99:99:99Z', '2024-05-01T12:00:00Z&follow=true', '2024-05-01', '', 'x'.repeat(100_000)];
    for (const sinceTime of garbage) {
      for (const method of ['openLogs', 'openMergedLogs'] as const) {
        const request =
          method === 'openLogs'
            ? { context: CONTEXT, ...POD, follow: false, sinceTime }
            : { context: CONTEXT, namespace: POD.namespace, selector: 'app=web', follow: false, sinceTime };
        const error = await refusal(method, request);
        expect(error.kind, `${method} sinceTime ${JSON.stringify(sinceTime.slice(0, 40))}`).toBe('invalid-request');
      }
    }
    expect(attempts).toEqual([]);
  });

  it('records attempts: calls on the defined contexts connect and read the named file (so the spies can fail the test)', async () => {
    await refusal('listNamespaces', CONTEXT);
    await refusal('listNamespaces', FILE_CONTEXT);
    expect(attempts.some((attempt) => attempt.what.startsWith('fs') && attempt.args === join(dir, 'ca.crt'))).toBe(true);
    expect(attempts.some((attempt) => /^(net|tls|https?)\./.test(attempt.what))).toBe(true);
  });
});
