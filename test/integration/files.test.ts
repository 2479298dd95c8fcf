// The file browser's core on the real node, through PortholeCore as the bridge calls it: a tree of
// odd names lists exactly (space, newline, quote, emoji, leading dash, symlinks), a folder is made
// and a tree deleted, a user without rights hears "Permission denied", and a container with no
// shell is listed through a debug container at /proc/1/root. Every pod is this file's own, in a
// namespace it creates (a debug container cannot be removed from a pod).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FilePathRequest, ListingAnswer } from '../../shared/bridge/file-listing.ts';
import { PortholeCore } from '../../main/core/core.ts';
import { CoreError } from '../../main/core/errors/core-error.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { createOwnPod } from './own-pods.ts';

const cluster = inject('cluster');
const NAMESPACE = `porthole-files-${Math.random().toString(36).slice(2, 7)}`;

// Made by the pod itself as it starts, so the names reach the container as bytes, untouched.
const ODD_NAMES = ['-n', 'a b', "q'uote", 'é🙂', 'new\nline', '.hidden', 'dir', 'link', 'broken'];
const MAKE_TREE = [
  'mkdir -p /data/dir/deep && cd /data',
  `touch -- -n "q'uote" é🙂 "$(printf 'new\\nline')" .hidden dir/deep/file`,
  "printf hello > 'a b'",
  'ln -s /etc/passwd link && ln -s nowhere broken',
  'touch /data/ready',
].join(' && ');
const SLEEP = "trap 'exit 0' TERM; sleep 3600 & wait";

describe.skipIf(cluster === null)('the file browser on the real node', () => {
  const c = cluster as ClusterInfo;
  let admin: ApiClient;
  let core: PortholeCore;

  const at = (pod: string, path: string, extra: Partial<FilePathRequest> = {}): FilePathRequest => ({
    context: c.contexts.admin,
    namespace: NAMESPACE,
    pod,
    container: 'main',
    path,
    ...extra,
  });
  const listed = (answer: ListingAnswer) => {
    if (answer.kind !== 'listed') throw new Error(`expected a listing, got ${JSON.stringify(answer)}`);
    return answer.listing;
  };
  const refusal = async (promise: Promise<unknown>) => {
    const error: unknown = await promise.then(() => new Error('expected a refusal'), (reason: unknown) => reason);
    if (!(error instanceof CoreError)) throw error;
    return error.userError;
  };

  /** Lists until the pod's own script has made its tree (it runs as the container starts). */
  async function untilTree(): Promise<void> {
    for (;;) {
      const answer = await core.listDirectory(at('tree', '/data'));
      if (answer.kind === 'listed' && answer.listing.entries.some((entry) => entry.name === 'ready')) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.ensure('/api/v1/namespaces', namespaceManifest(NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts`, serviceAccountManifest(NAMESPACE));
    core = new PortholeCore(new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false }));
    await Promise.all([
      createOwnPod(admin, NAMESPACE, 'tree', c.images.busybox, { command: ['sh', '-c', `${MAKE_TREE}; ${SLEEP}`] }),
      createOwnPod(admin, NAMESPACE, 'user', c.images.busybox, { command: ['sh', '-c', SLEEP], securityContext: { runAsUser: 1000, runAsGroup: 1000 } }),
      createOwnPod(admin, NAMESPACE, 'no-shell', c.images.distroless),
    ]);
    await untilTree();
  }, 120_000);

  afterAll(async () => {
    await core?.dispose();
    await admin?.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}`);
    admin?.close();
  });

  it('lists a tree of odd names exactly, with sizes, kinds and symlink targets', async () => {
    const listing = listed(await core.listDirectory(at('tree', '/data')));
    expect(listing.route).toEqual({ kind: 'exec' });
    expect(listing.limitation).toBeUndefined();
    const byName = new Map(listing.entries.map((entry) => [entry.name, entry]));
    expect([...byName.keys()].sort()).toEqual([...ODD_NAMES, 'ready'].sort());
    expect(byName.get('a b')).toMatchObject({ kind: 'file', size: 5, mode: 0o644, owner: 'root' });
    expect(byName.get('dir')).toMatchObject({ kind: 'directory' });
    expect(byName.get('link')).toMatchObject({ kind: 'symlink', linkTarget: '/etc/passwd' });
    expect(byName.get('broken')).toMatchObject({ kind: 'symlink', linkTarget: 'nowhere' });
    expect(byName.get('new\nline')?.modifiedMs).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
    expect(listed(await core.listDirectory(at('tree', '/data/dir'))).entries.map((entry) => entry.name)).toEqual(['deep']);
  });

  it('makes a folder, refuses to make it twice, and deletes a tree with everything in it', async () => {
    await core.makeDirectory(at('tree', '/data/new "folder" 🙂'));
    expect(listed(await core.listDirectory(at('tree', '/data'))).entries.find((entry) => entry.name === 'new "folder" 🙂')).toMatchObject({ kind: 'directory' });
    expect(await refusal(core.makeDirectory(at('tree', '/data/new "folder" 🙂')))).toMatchObject({ title: 'Already exists' });

    await core.deletePath(at('tree', '/data/dir'));
    await core.deletePath(at('tree', '/data/new\nline'));
    const names = listed(await core.listDirectory(at('tree', '/data'))).entries.map((entry) => entry.name);
    expect(names).not.toContain('dir');
    expect(names).not.toContain('new\nline');
    expect(names).toContain('-n');
  });

  it('says which directory does not exist, and which is a file', async () => {
    expect(await refusal(core.listDirectory(at('tree', '/nope')))).toMatchObject({
      kind: 'not-found',
      title: 'No such directory',
      detail: `/nope does not exist in the container main of pod tree.`,
    });
    expect(await refusal(core.listDirectory(at('tree', '/data/a b')))).toMatchObject({ title: 'Not a directory' });
  });

  it('tells a user without rights that permission is denied, listing and writing', async () => {
    expect(await refusal(core.listDirectory(at('user', '/root')))).toMatchObject({ kind: 'forbidden', title: 'Permission denied' });
    expect(await refusal(core.makeDirectory(at('user', '/etc/x')))).toMatchObject({ kind: 'forbidden', title: 'Permission denied' });
    expect(await refusal(core.deletePath(at('user', '/bin/sh')))).toMatchObject({ kind: 'forbidden', title: 'Permission denied' });
  });

  it('answers no-shell for a distroless container, and lists it through a debug container at /proc/1/root', async () => {
    expect(await core.listDirectory(at('no-shell', '/'))).toEqual({
      kind: 'no-shell',
      detail: 'The container main of pod no-shell has no shell (sh) to list files with. A debug container that shares its processes can show them.',
    });
    const listing = listed(await core.listDirectory(at('no-shell', '/', { debugImage: c.images.busybox })));
    expect(listing.route).toMatchObject({ kind: 'debug-container', rootPath: '/proc/1/root' });
    const names = listing.entries.map((entry) => entry.name);
    // The distroless image holds its one program; the debug container's own busybox is not there.
    expect(names).toContain('tick');
    expect(names).not.toContain('bin');
    // A second call reuses the debug container.
    const again = listed(await core.listDirectory(at('no-shell', '/', { debugImage: c.images.busybox })));
    expect(again.route).toEqual(listing.route);
  }, 90_000);
});
