// The real node's images (test/cluster/images/) work in a real containerd + runc: each archive
// imports under its reference, and each image runs what it promises. A throwaway containerd of
// its own (images-harness.ts), so a broken image shows here and not as a pod stuck in the cluster.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { binaryPaths } from '../cluster/binaries.ts';
import { DISTROLESS_LINE_PREFIX, ensureImages, IMAGE_NAMES, importImages, WEB_INDEX_BODY, WEB_PORT, type ImageSet } from '../cluster/images/images.ts';
import { HOST_BASH_STATIC } from '../cluster/images/rootfs.ts';
import { poll, startScratchContainerd, type ScratchContainerd } from './images-harness.ts';

// null when the real-cluster tier is skipped (no Go, nothing cached): then neither are the
// containerd binaries this needs.
const cluster = inject('cluster');

/** The file names in each layer of an image archive, read with tar from its OCI layout. */
function layerEntries(archive: string): string[][] {
  const read = (path: string): Buffer => execFileSync('tar', ['-xOf', archive, path], { maxBuffer: 64 << 20 });
  const index = JSON.parse(read('index.json').toString()) as { manifests: { digest: string }[] };
  const blob = (digest: string): string => `blobs/sha256/${digest.slice('sha256:'.length)}`;
  const manifest = JSON.parse(read(blob(index.manifests[0]!.digest)).toString()) as { layers: { digest: string }[] };
  return manifest.layers.map((layer) => {
    const listing = spawnSync('tar', ['-t'], { input: read(blob(layer.digest)) });
    return listing.stdout.toString().split('\n').filter(Boolean);
  });
}

describe.skipIf(cluster === null)('the real node images', () => {
  let images: ImageSet;
  let containerd: ScratchContainerd;

  beforeAll(async () => {
    images = await ensureImages();
    containerd = await startScratchContainerd(binaryPaths());
  });

  afterAll(async () => {
    await containerd?.stop();
  });

  /** `ctr run --rm` of `image` with `args` (or its default command); its stdout. */
  const runOnce = async (image: keyof ImageSet['refs'], id: string, args: string[] = []): Promise<string> =>
    (await containerd.ctr(['run', '--rm', ...containerd.runFlags(id), images.refs[image], id, ...args])).stdout;

  it('imports every archive under its reference, unpacked for the default snapshotter, and again without harm', async () => {
    await importImages(images, binaryPaths().ctr, containerd.address);
    const check = async (): Promise<string[]> => (await containerd.ctr(['images', 'check'])).stdout.split('\n').slice(1).filter(Boolean);
    const first = await check();
    for (const name of IMAGE_NAMES) {
      const row = first.find((line) => line.startsWith(`${images.refs[name]} `));
      expect(row, `${images.refs[name]} in:\n${first.join('\n')}`).toBeDefined();
      expect(row).toMatch(/ complete \(\d+\/\d+\) .* true$/);
    }
    await importImages(images, binaryPaths().ctr, containerd.address);
    expect(await check()).toEqual(first);
  });

  it('busybox: a shell with its applets, a root user, /tmp and /root', async () => {
    // The applets the real node's seed pods use, found through PATH as their symlinks.
    const script = 'echo ok; id -un; test -d /tmp && test -d /root && echo dirs; for a in httpd nc usleep sleep; do command -v $a >/dev/null && echo $a; done';
    expect(await runOnce('busybox', 'busybox', ['sh', '-c', script])).toBe('ok\nroot\ndirs\nhttpd\nnc\nusleep\nsleep\n');
  });

  it('bash: the static bash from Debian as /bin/bash, beside busybox', async () => {
    const hostVersion = execFileSync(HOST_BASH_STATIC, ['-c', 'echo $BASH_VERSION']).toString();
    expect(await runOnce('bash', 'bash', ['bash', '-c', 'echo $BASH_VERSION'])).toBe(hostVersion);
    expect(await runOnce('bash', 'bash-sh', ['sh', '-c', 'echo busybox sh'])).toBe('busybox sh\n');
  });

  it('distroless: one program and nothing else, which counts a line a second and stops on SIGTERM', async () => {
    expect(layerEntries(images.archives.distroless)).toEqual([['tick']]);
    await expect(runOnce('distroless', 'distroless-sh', ['sh', '-c', 'true'])).rejects.toThrow(/executable file not found/);

    const ticking = containerd.spawnCtr(['run', '--rm', ...containerd.runFlags('distroless'), images.refs.distroless, 'distroless']);
    await poll('the first tick', () => ticking.output().includes('\n'));
    await containerd.ctr(['tasks', 'kill', '--signal', 'SIGTERM', 'distroless']);
    expect(await ticking.exited).toBe(0);
    expect(ticking.output()).toMatch(new RegExp(`^${DISTROLESS_LINE_PREFIX}1\\n(${DISTROLESS_LINE_PREFIX}\\d+\\n)*$`));
  });

  it(`web: its default command serves the document root on port ${WEB_PORT} and stops on SIGTERM`, async () => {
    // Detached, with the image's own command; probed from inside the container's own network
    // namespace, where only its loopback exists.
    await containerd.ctr(['run', '--detach', ...containerd.runFlags('web'), images.refs.web, 'web']);
    let body = '';
    await poll('httpd to answer', async () => {
      const probe = await containerd.ctr(['tasks', 'exec', '--exec-id', `probe-${Date.now()}`, 'web', 'wget', '-qO-', `http://127.0.0.1:${WEB_PORT}/`]).catch(() => null);
      body = probe?.stdout ?? '';
      return probe !== null;
    });
    expect(body).toBe(WEB_INDEX_BODY);
    await containerd.ctr(['tasks', 'kill', '--signal', 'SIGTERM', 'web']);
    await poll('the web task to stop', async () => (await containerd.ctr(['tasks', 'ls'])).stdout.includes('STOPPED'), 5_000);
    await containerd.ctr(['tasks', 'delete', 'web']);
    await containerd.ctr(['containers', 'delete', 'web']);
  });

  it("pause: Kubernetes' pause.c, alone in its image, runs until SIGTERM", async () => {
    expect(layerEntries(images.archives.pause)).toEqual([['pause']]);
    const pause = containerd.spawnCtr(['run', '--rm', ...containerd.runFlags('pause'), images.refs.pause, 'pause']);
    await poll('the pause task to run', async () => / RUNNING\s*$/m.test((await containerd.ctr(['tasks', 'ls'])).stdout));
    await containerd.ctr(['tasks', 'kill', '--signal', 'SIGTERM', 'pause']);
    expect(await pause.exited).toBe(0);
  });
});
