// The real node's container images, built on this machine from its own static binaries: the
// tests reach no registry. ensureImages() builds them once per set of inputs into the cache and
// returns their references and archives; importImages() loads them into a containerd, where pods
// use them with imagePullPolicy: Never.
//
//   busybox     busybox-static with its applets, root user, /tmp          Cmd sh
//   bash        busybox + bash-static as /bin/bash                       Cmd bash
//   distroless  one static program (tick.c), nothing else: no shell      Entrypoint /tick
//   web         busybox + /www/index.html                                Cmd sh: httpd -f -p 8080 -h /www
//   pause       Kubernetes' own build/pause/linux/pause.c, static        Entrypoint /pause
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheRoot, ClusterUnavailableError, readVersions } from '../binaries.ts';
import { ociArchitecture, tarDirectory, writeOciArchive, type ImageConfig } from './oci-archive.ts';
import { bashLayer, busyboxRoot, staticProgram, webLayer } from './rootfs.ts';

const run = promisify(execFile);
const imagesDir = dirname(fileURLToPath(import.meta.url));

export type ImageName = 'busybox' | 'bash' | 'distroless' | 'web' | 'pause';
export type ImageSet = { refs: Record<ImageName, string>; archives: Record<ImageName, string> };

export const IMAGE_NAMES: readonly ImageName[] = ['busybox', 'bash', 'distroless', 'web', 'pause'];
/** What the web image's httpd serves at / on WEB_PORT. */
export const WEB_INDEX_BODY = 'porthole web\n';
export const WEB_PORT = 8080;
/** The distroless image's output: `${DISTROLESS_LINE_PREFIX}1`, `...2`, one line a second. */
export const DISTROLESS_LINE_PREFIX = 'tick ';

/** The Debian packages whose files or compiler end up in the images; their versions are inputs. */
const PACKAGES = ['busybox-static', 'bash-static', 'gcc', 'libc6-dev'];
/** The files that make the images; their content is an input too. */
const BUILDER_FILES = ['images.ts', 'rootfs.ts', 'oci-archive.ts', 'tick.c'];
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

type Inputs = { packages: Record<string, string>; kubernetes: string; architecture: string; builder: string };

async function packageVersions(): Promise<Record<string, string>> {
  const result = await run('dpkg-query', ['-W', '-f', '${Package} ${Version} ${db:Status-Abbrev}\n', ...PACKAGES]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const versions: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const [name, version, status] = line.split(' ');
    // "ii": wanted and installed; a removed package can stay listed with its old version.
    if (name && version && status === 'ii') versions[name.replace(/:.*/, '')] = version;
  }
  const missing = PACKAGES.filter((name) => versions[name] === undefined);
  if (missing.length > 0) {
    throw new ClusterUnavailableError(`the real node's images need the Debian packages ${missing.join(', ')} (apt-get install ${missing.join(' ')})`);
  }
  return versions;
}

/** Everything the archives are made from, so that any change makes a new cache key. */
async function imageInputs(): Promise<{ key: string; inputs: Inputs }> {
  // This builder's own files (code and tick.c): a change to how images are made rebuilds them.
  const builder = createHash('sha256');
  for (const name of BUILDER_FILES) {
    builder.update(`${name}\0`).update(await readFile(join(imagesDir, name))).update('\0');
  }
  const inputs: Inputs = {
    packages: await packageVersions(),
    // pause.c comes from this version's k8s.io/kubernetes module.
    kubernetes: readVersions().kubernetes,
    architecture: ociArchitecture(),
    builder: builder.digest('hex'),
  };
  return { key: createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16), inputs };
}

type Manifest = { inputs: Inputs; refs: Record<ImageName, string>; archives: Record<ImageName, string> };

async function readCached(dir: string): Promise<ImageSet | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'images.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  const archives = Object.fromEntries(IMAGE_NAMES.map((name) => [name, join(dir, manifest.archives[name])])) as Record<ImageName, string>;
  return { refs: manifest.refs, archives };
}

/** Kubernetes' pause source and the pause version its Makefile builds, from the Go module cache. */
async function pauseSource(kubernetes: string, cwd: string): Promise<{ source: string; tag: string }> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetes}`], { cwd }).catch((error: Error) => {
    throw new ClusterUnavailableError(`the pause image is built from k8s.io/kubernetes@${kubernetes}'s source, which needs 'go': ${error.message}`);
  });
  const module = JSON.parse(stdout) as { Dir: string };
  const pauseDir = join(module.Dir, 'build', 'pause');
  const tag = /^TAG \?= (\S+)$/m.exec(await readFile(join(pauseDir, 'Makefile'), 'utf8'))?.[1];
  if (tag === undefined) throw new Error(`no "TAG ?= ..." in ${join(pauseDir, 'Makefile')}`);
  return { source: join(pauseDir, 'linux', 'pause.c'), tag };
}

async function build(staging: string, inputs: Inputs, out: string): Promise<Manifest> {
  const pause = await pauseSource(inputs.kubernetes, staging);
  const layerTar = async (name: string, fill: (root: string) => Promise<void>): Promise<string> => {
    const root = join(staging, 'roots', name);
    await mkdir(root, { recursive: true });
    await fill(root);
    const tar = join(staging, 'layers', `${name}.tar`);
    await mkdir(dirname(tar), { recursive: true });
    await tarDirectory(root, tar);
    return tar;
  };
  const busybox = await layerTar('busybox', busyboxRoot);
  const bash = await layerTar('bash', bashLayer);
  const www = await layerTar('www', (root) => webLayer(root, WEB_INDEX_BODY));
  const tick = await layerTar('tick', (root) => staticProgram(root, 'tick', join(imagesDir, 'tick.c'), ['-O2']));
  // The flags of build/pause/Makefile (CFLAGS), with the version it stamps.
  const pauseLayer = await layerTar('pause', (root) => staticProgram(root, 'pause', pause.source, ['-Os', `-DVERSION=v${pause.tag}-porthole`]));

  const images: Record<ImageName, { ref: string; layers: string[]; config: ImageConfig }> = {
    busybox: { ref: 'porthole.test/busybox:1', layers: [busybox], config: { env: [PATH_ENV], cmd: ['sh'] } },
    bash: { ref: 'porthole.test/bash:1', layers: [busybox, bash], config: { env: [PATH_ENV], cmd: ['bash'] } },
    distroless: { ref: 'porthole.test/distroless:1', layers: [tick], config: { env: [PATH_ENV], entrypoint: ['/tick'] } },
    web: {
      ref: 'porthole.test/web:1',
      layers: [busybox, www],
      // httpd in the foreground, under a shell only because busybox httpd as PID 1 would ignore
      // SIGTERM (PID 1 has no default handlers): every stop would wait out the grace period.
      config: { env: [PATH_ENV], cmd: ['sh', '-c', `trap 'exit 0' TERM; httpd -f -p ${WEB_PORT} -h /www & wait`] },
    },
    pause: { ref: `porthole.test/pause:${pause.tag}`, layers: [pauseLayer], config: { env: [PATH_ENV], entrypoint: ['/pause'] } },
  };
  const manifest: Manifest = { inputs, refs: {} as Record<ImageName, string>, archives: {} as Record<ImageName, string> };
  for (const name of IMAGE_NAMES) {
    const { ref, layers, config } = images[name];
    await writeOciArchive({ ref, layers, config, out: join(out, `${name}.tar`), workDir: staging });
    manifest.refs[name] = ref;
    manifest.archives[name] = `${name}.tar`;
  }
  return manifest;
}

/**
 * Returns the images, building them first when this set of inputs has no archives in the cache
 * (`${cacheRoot()}/images/<key>/`) yet: about a second; a cached set costs a few milliseconds.
 */
export async function ensureImages(onProgress: (line: string) => void = () => {}): Promise<ImageSet> {
  const { key, inputs } = await imageInputs();
  const parent = join(cacheRoot(), 'images');
  const dir = join(parent, key);
  const cached = await readCached(dir);
  if (cached !== null) return cached;

  const started = Date.now();
  onProgress(`images: building ${IMAGE_NAMES.join(', ')} into ${dir}`);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, '.build-'));
  try {
    const out = join(staging, 'out');
    await mkdir(out);
    const manifest = await build(staging, inputs, out);
    // Written last, and the directory renamed into place whole: a cache directory either holds
    // every archive or does not exist.
    await writeFile(join(out, 'images.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(out, dir).catch((error: NodeJS.ErrnoException) => {
      // Another run built the same inputs first; its archives are as good as these.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const images = await readCached(dir);
  if (images === null) throw new Error(`${dir}/images.json is missing right after building it`);
  const sizes = await Promise.all(IMAGE_NAMES.map(async (name) => `${name} ${((await stat(images.archives[name])).size / 1e6).toFixed(1)} MB`));
  onProgress(`images: built in ${((Date.now() - started) / 1000).toFixed(1)}s (${sizes.join(', ')})`);
  return images;
}

/**
 * Imports every archive into the containerd at `containerdAddress`, in the k8s.io namespace the
 * CRI plugin (and so the kubelet) uses, unpacked for its default snapshotter. Importing an image
 * that is already there again is harmless and quick.
 */
export async function importImages(images: ImageSet, ctrPath: string, containerdAddress: string): Promise<void> {
  await Promise.all(
    IMAGE_NAMES.map(async (name) => {
      const args = ['--address', containerdAddress, '--namespace', 'k8s.io', 'images', 'import', images.archives[name]];
      await run(ctrPath, args).catch((error: Error & { stderr?: string }) => {
        throw new Error(`ctr ${args.join(' ')} failed: ${error.stderr?.trim() || error.message}`);
      });
    }),
  );
}
