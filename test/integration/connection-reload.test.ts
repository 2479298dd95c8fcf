// A kubeconfig edit on disk is picked up while a session is open, and the open session does not
// notice: it keeps its socket and its credentials.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openWebSocket } from '../../main/core/connection/open-websocket.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('kubeconfig reload with a live session', () => {
  const c = cluster as ClusterInfo;
  let scratch: string;
  let file: string;
  let store: KubeconfigStore;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'porthole-reload-it-'));
    file = path.join(scratch, 'config');
    copyFileSync(c.kubeconfigPath, file);
    store = new KubeconfigStore({ kubeconfigEnv: file, debounceMs: 50 });
  });
  afterAll(() => {
    store.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('an open exec keeps working across an edit that changes its own context', async () => {
    const admin = store.connection(c.contexts.admin);
    const pod = c.pods.single;
    const { socket } = await openWebSocket(admin, {
      path: `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/exec`,
      query: new URLSearchParams([['command', 'sh'], ['command', '-c'], ['command', 'read line; echo "got $line"'], ['stdin', '1'], ['stdout', '1']]),
      protocols: ['v5.channel.k8s.io'],
      resource: `exec in pod ${pod.name}`,
    });
    const stdout: Buffer[] = [];
    socket.on('message', (data: Buffer) => {
      if (data[0] === 1) stdout.push(data.subarray(1));
    });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.resume();

    // Edit the file: the admin context now defaults to another namespace, and a context is added.
    const config = load(readFileSync(file, 'utf8')) as { contexts: { name: string; context: Record<string, string> }[] };
    const adminEntry = config.contexts.find((entry) => entry.name === c.contexts.admin);
    if (adminEntry === undefined) throw new Error('no admin context in the run’s kubeconfig');
    adminEntry.context['namespace'] = c.namespaces[1] ?? 'default';
    config.contexts.push({ name: 'added', context: { ...adminEntry.context } });
    const changed = new Promise<void>((resolve) => store.onChange(() => resolve()));
    writeFileSync(file, JSON.stringify(config));
    await changed;

    expect(store.contexts().find((s) => s.name === c.contexts.admin)?.namespace).toBe(c.namespaces[1]);
    expect(store.contexts().map((s) => s.name)).toContain('added');
    expect(store.connection(c.contexts.admin)).not.toBe(admin);

    // The session opened before the edit still works.
    socket.send(Buffer.concat([Buffer.from([0]), Buffer.from('still here\n')]));
    await closed;
    expect(Buffer.concat(stdout).toString()).toBe('got still here\n');

    // And the connection handed out before the edit can still open new streams.
    const again = await openWebSocket(admin, {
      path: `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/exec`,
      query: new URLSearchParams([['command', 'true'], ['stdout', '1']]),
      protocols: ['v5.channel.k8s.io'],
      resource: `exec in pod ${pod.name}`,
    });
    again.socket.terminate();
  });
});
