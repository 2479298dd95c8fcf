// The web host's downloads on the real node: the core (browserDownloads) answers startDownload with
// a one-time address, and a fetch of it gets the file itself (its name, length and bytes) or a
// directory's tar, verified by SHA-256 against the container; the address works once; a browser
// that gives up cancels the transfer, a cancel in the app cuts the response; a path that is not
// there is answered in words; a crafted archive is refused before its bad entry is sent.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PodRef } from '../../shared/bridge/sessions.ts';
import type { TransferInfo } from '../../shared/bridge/transfers.ts';
import { encodeHeader } from '../../shared/tar/tar-header.ts';
import { TarReader, type TarEntry } from '../../shared/tar/tar-reader.ts';
import { archiveEnd, entryHeader, entryPadding } from '../../shared/tar/tar-writer.ts';
import { PortholeCore } from '../../main/core/core.ts';
import { downloadToBrowser, type BrowserDownloadHead } from '../../main/core/files/browser-download.ts';
import { ExecPipe } from '../../main/core/files/exec-pipe.ts';
import { ProgressMeter } from '../../main/core/files/progress-meter.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { startWebHost, type WebHost } from '../../main/web-host/web-host.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { createOwnPod } from './own-pods.ts';

const cluster = inject('cluster');
const NAMESPACE = `porthole-browser-download-${Math.random().toString(36).slice(2, 7)}`;
const ODD_NAME = 'a b ü.txt';

describe.skipIf(cluster === null)('downloads the browser saves (the web host) on the real node', () => {
  const c = cluster as ClusterInfo;
  const box: PodRef = { context: c.contexts.admin, namespace: NAMESPACE, pod: 'box', container: 'main' };
  const rendererDir = mkdtempSync(join(tmpdir(), 'porthole-browser-download-'));
  let admin: ApiClient;
  let store: KubeconfigStore;
  let core: PortholeCore;
  let host: WebHost;

  /** Runs a script in the box; its stdout. */
  async function run(script: string): Promise<string> {
    const chunks: Buffer[] = [];
    const pipe = await ExecPipe.open({ connection: store.connection(c.contexts.admin), target: box, argv: ['sh', '-c', script], stdin: false, onStdout: (bytes) => chunks.push(Buffer.from(bytes)) });
    await pipe.ended;
    return Buffer.concat(chunks).toString();
  }

  async function start(remotePath: string): Promise<TransferInfo & { fetchPath: string }> {
    const info = await core.startDownload({ target: box, remotePath });
    if (info?.fetchPath === undefined) throw new Error(`the download of ${remotePath} has no address`);
    return { ...info, fetchPath: info.fetchPath };
  }

  const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.ensure('/api/v1/namespaces', namespaceManifest(NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts`, serviceAccountManifest(NAMESPACE));
    await createOwnPod(admin, NAMESPACE, 'box', c.images.busybox, { command: ['sleep', '1000000'] });
    store = new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    core = new PortholeCore(new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false }), { browserDownloads: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Porthole</title>');
    host = await startWebHost({ core, appInfo: { name: 'Porthole', version: 'test', host: 'web' }, rendererDir, downloads: core.transfers });
    await run(`mkdir -p /tmp/tree/sub && head -c 3000000 /dev/urandom > '/tmp/${ODD_NAME}' && echo one > /tmp/tree/one.txt && echo two > /tmp/tree/sub/two.txt`);
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await core?.dispose();
    store?.close();
    await admin?.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}`);
    admin?.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('a file goes as itself, under its name and with its length, verified by SHA-256; its address works once', async () => {
    const info = await start(`/tmp/${ODD_NAME}`);
    expect(info.fetchPath).toMatch(/^\/transfers\/[\w-]{32}$/);
    // The secret goes only to the caller, never into the info every window hears.
    expect(core.listTransfers().find((transfer) => transfer.id === info.id)).not.toHaveProperty('fetchPath');
    const response = await fetch(`${host.origin}${info.fetchPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe('3000000');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="a b _.txt"; filename*=UTF-8''a%20b%20%C3%BC.txt`);
    const body = new Uint8Array(await response.arrayBuffer());
    const remote = (await run(`sha256sum '/tmp/${ODD_NAME}'`)).slice(0, 64);
    expect(sha256(body)).toBe(remote);
    const done = await core.transfers.finished(info.id);
    expect(done.state).toEqual({ kind: 'done', verification: { kind: 'verified', method: 'sha256' } });
    expect(done).toMatchObject({ localName: ODD_NAME, savedByBrowser: true, progress: { bytesDone: 3_000_000, bytesTotal: 3_000_000, filesDone: 1, filesTotal: 1 } });
    const again = await fetch(`${host.origin}${info.fetchPath}`);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('each download link works once');
  });

  it('a directory goes as its tar, every file in it, verified', async () => {
    const info = await start('/tmp/tree/');
    const response = await fetch(`${host.origin}${info.fetchPath}`);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toContain('filename="tree.tar"');
    const files = new Map<string, string>();
    let current = '';
    const reader = new TarReader({
      entry: (entry: TarEntry) => {
        current = entry.name;
        if (entry.type === 'file') files.set(entry.name, '');
      },
      data: (bytes) => files.set(current, (files.get(current) ?? '') + Buffer.from(bytes).toString()),
      entryEnd: () => undefined,
    });
    reader.push(new Uint8Array(await response.arrayBuffer()));
    reader.end();
    expect(Object.fromEntries(files)).toEqual({ './tree/one.txt': 'one\n', './tree/sub/two.txt': 'two\n' });
    expect((await core.transfers.finished(info.id)).state).toEqual({ kind: 'done', verification: { kind: 'verified', method: 'sha256' } });
  });

  it('a browser that gives up mid-download cancels the transfer; a cancel in the app cuts the response', async () => {
    await run('head -c 209715200 /dev/zero > /tmp/big.bin');
    const givenUp = await start('/tmp/big.bin');
    const abort = new AbortController();
    const response = await fetch(`${host.origin}${givenUp.fetchPath}`, { signal: abort.signal });
    await response.body?.getReader().read();
    abort.abort();
    expect((await core.transfers.finished(givenUp.id)).state).toEqual({ kind: 'cancelled' });

    const cancelled = await start('/tmp/big.bin');
    const cut = await fetch(`${host.origin}${cancelled.fetchPath}`);
    const reader = cut.body!.getReader();
    await reader.read();
    core.cancelTransfer(cancelled.id);
    const readAll = async (): Promise<void> => {
      for (;;) if ((await reader.read()).done) return;
    };
    await expect(readAll()).rejects.toThrow();
    expect((await core.transfers.finished(cancelled.id)).state).toEqual({ kind: 'cancelled' });
  });

  it('a path that is not there is answered in words, and the transfer says why', async () => {
    const info = await start('/tmp/not-there');
    const response = await fetch(`${host.origin}${info.fetchPath}`);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/^The download failed\. .*not-there/s);
    const failed = await core.transfers.finished(info.id);
    expect(failed.state.kind).toBe('failed');
  });

  it('an unknown address is not found, and only GET fetches one', async () => {
    expect((await fetch(`${host.origin}/transfers/not-a-secret`)).status).toBe(404);
    const info = await start(`/tmp/${ODD_NAME}`);
    expect((await fetch(`${host.origin}${info.fetchPath}`, { method: 'HEAD' })).status).toBe(405);
    // HEAD did not use it up.
    const response = await fetch(`${host.origin}${info.fetchPath}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect((await core.transfers.finished(info.id)).state.kind).toBe('done');
  });

  it('a crafted archive is refused before its bad entry is sent, naming it', async () => {
    const evil = Buffer.from('owned\n');
    const archive = Buffer.concat([
      entryHeader({ name: 'item/', type: 'directory', mode: 0o755, size: 0, mtime: 0 }),
      entryHeader({ name: 'item/ok.txt', type: 'file', mode: 0o644, size: 3, mtime: 0 }),
      Buffer.from('ok\n'),
      entryPadding(3),
      encodeHeader({ name: 'item/../../evil', mode: 0o644, size: evil.length, mtime: 0, typeFlag: '0', linkname: '' }),
      evil,
      entryPadding(evil.length),
      archiveEnd(),
    ]);
    await run(`printf '%s' '${archive.toString('base64')}' | base64 -d > /tmp/crafted.tar`);
    const heads: BrowserDownloadHead[] = [];
    const failures: string[] = [];
    const body = new PassThrough();
    const sent: Buffer[] = [];
    body.on('data', (chunk: Buffer) => sent.push(chunk));
    const attempt = downloadToBrowser({
      connection: store.connection(c.contexts.admin),
      target: box,
      remotePath: '/tmp/item',
      response: { begin: (head) => heads.push(head), body, fail: (reason) => failures.push(reason) },
      meter: new ProgressMeter(),
      signal: new AbortController().signal,
      verifying: () => undefined,
      // The container "tar" answers with the crafted stream.
      argv: ['cat', '/tmp/crafted.tar'],
    });
    await expect(attempt).rejects.toMatchObject({ userError: { title: 'Archive refused', detail: expect.stringContaining('"item/../../evil": its ".." would land outside') } });
    expect(heads).toEqual([{ kind: 'archive', fileName: 'item.tar', size: null }]);
    expect(failures).toEqual([expect.stringContaining('Archive refused')]);
    expect(Buffer.concat(sent).includes(evil)).toBe(false);
  });
});
