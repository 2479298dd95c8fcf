// The images' root filesystems, made from this machine's own static binaries: busybox-static
// and bash-static from Debian, and two small C programs compiled static with gcc. Each function
// fills one directory that becomes one layer; modes are set explicitly so the umask of whoever
// builds does not leak into the layers.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the Debian packages put the static binaries (busybox-static, bash-static). */
export const HOST_BUSYBOX = '/usr/bin/busybox';
export const HOST_BASH_STATIC = '/usr/bin/bash-static';

async function dirs(root: string, paths: string[], mode = 0o755): Promise<void> {
  for (const path of paths) {
    await mkdir(join(root, path), { recursive: true });
    await chmod(join(root, path), mode);
  }
}

async function file(root: string, path: string, content: string, mode = 0o644): Promise<void> {
  await dirs(root, [dirname(path)]);
  await writeFile(join(root, path), content);
  await chmod(join(root, path), mode);
}

async function executable(root: string, path: string, from: string): Promise<void> {
  await dirs(root, [dirname(path)]);
  await copyFile(from, join(root, path));
  await chmod(join(root, path), 0o755);
}

/**
 * busybox as /bin/busybox with a symlink for every applet it was built with (/bin/sh,
 * /usr/bin/nc, /usr/sbin/httpd, ...: its own --list-full), a root user, /tmp and /root.
 */
export async function busyboxRoot(root: string): Promise<void> {
  await dirs(root, ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'var', 'dev', 'proc', 'sys']);
  await dirs(root, ['root'], 0o700);
  await dirs(root, ['tmp'], 0o1777);
  await executable(root, 'bin/busybox', HOST_BUSYBOX);
  const { stdout } = await run(HOST_BUSYBOX, ['--list-full']);
  for (const applet of stdout.split('\n').filter((line) => line !== '' && line !== 'bin/busybox')) {
    await dirs(root, [dirname(applet)]);
    await symlink('/bin/busybox', join(root, applet));
  }
  await file(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  await file(root, 'etc/group', 'root:x:0:\nnogroup:x:65534:\n');
}

/** The bash image's layer over busybox: bash-static as /bin/bash. */
export async function bashLayer(root: string): Promise<void> {
  await executable(root, 'bin/bash', HOST_BASH_STATIC);
}

/** The web image's layer over busybox: a document root for busybox httpd. */
export async function webLayer(root: string, indexBody: string): Promise<void> {
  await file(root, 'www/index.html', indexBody);
}

/** Compiles one C file into a static, stripped executable at `root`/`path`. */
export async function staticProgram(root: string, path: string, source: string, flags: string[] = []): Promise<void> {
  await dirs(root, [dirname(path)]);
  await run('gcc', ['-static', '-s', '-Wall', '-Werror', ...flags, '-o', join(root, path), source]);
  await chmod(join(root, path), 0o755);
}
