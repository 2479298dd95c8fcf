// Layer tarballs and OCI image layout archives, the format `ctr images import` reads: a layer is
// a tar of (part of) a root filesystem; the archive holds the layers, a config JSON and a
// manifest as content-addressed blobs, and an index.json naming the image by its reference.
// Tars come from the system's GNU tar with fixed owners and times, so equal inputs give equal
// digests; the digests are computed here.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the runtime reads from the image config: how to start the container by default. */
export type ImageConfig = { entrypoint?: string[]; cmd?: string[]; env: string[]; workingDir?: string };

type Descriptor = { mediaType: string; digest: string; size: number };

/** Writes a tar of everything under `dir` (entries relative to it, no "./" prefix) to `out`. */
export async function tarDirectory(dir: string, out: string): Promise<void> {
  const entries = (await readdir(dir)).sort();
  await run('tar', [
    '--create',
    `--file=${out}`,
    '--format=gnu',
    // Reproducible: the same files give the same bytes, whoever builds them and whenever.
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    `--directory=${dir}`,
    '--',
    ...entries,
  ]);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** The Go names the OCI config and index use for this machine (the images are built from its own binaries). */
export function ociArchitecture(arch: string = process.arch): string {
  const names: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const name = names[arch];
  if (name === undefined) throw new Error(`no OCI architecture name for Node's process.arch ${arch}`);
  return name;
}

/**
 * Writes an OCI image layout tarball of one image, named `ref`, with `layers` (uncompressed layer
 * tars, bottom first) to `out`. `workDir` must be on the same filesystem as the layers (they are
 * hard-linked, not copied). Returns the manifest's digest.
 */
export async function writeOciArchive(options: { ref: string; layers: string[]; config: ImageConfig; out: string; workDir: string }): Promise<string> {
  const layout = await mkdtemp(join(options.workDir, '.oci-'));
  try {
    const blobs = join(layout, 'blobs', 'sha256');
    await mkdir(blobs, { recursive: true });
    const addBlob = async (mediaType: string, data: string): Promise<Descriptor> => {
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      await writeFile(join(blobs, digest.slice('sha256:'.length)), data);
      return { mediaType, digest, size: Buffer.byteLength(data) };
    };

    const layers: Descriptor[] = [];
    for (const path of options.layers) {
      const digest = await sha256File(path);
      await link(path, join(blobs, digest.slice('sha256:'.length)));
      // Uncompressed layers: the digest is also the diff ID, and they are small.
      layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: (await stat(path)).size });
    }
    const architecture = ociArchitecture();
    const { entrypoint, cmd, env, workingDir } = options.config;
    const config = await addBlob(
      'application/vnd.oci.image.config.v1+json',
      JSON.stringify({
        created: '1970-01-01T00:00:00Z',
        architecture,
        os: 'linux',
        config: { Env: env, ...(entrypoint && { Entrypoint: entrypoint }), ...(cmd && { Cmd: cmd }), ...(workingDir && { WorkingDir: workingDir }) },
        rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
      }),
    );
    const manifest = await addBlob(
      'application/vnd.oci.image.manifest.v1+json',
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }),
    );
    const tag = options.ref.slice(options.ref.lastIndexOf(':') + 1);
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          ...manifest,
          platform: { architecture, os: 'linux' },
          // As containerd's own exporter writes them: ctr images import names the image after
          // io.containerd.image.name (a full reference); the OCI ref.name is only the tag.
          annotations: { 'io.containerd.image.name': options.ref, 'org.opencontainers.image.ref.name': tag },
        },
      ],
    };
    await writeFile(join(layout, 'index.json'), JSON.stringify(index));
    await writeFile(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await tarDirectory(layout, options.out);
    return manifest.digest;
  } finally {
    await rm(layout, { recursive: true, force: true });
  }
}
