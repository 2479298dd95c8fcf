// The container's tar command, run here with this machine's sh, tar and dd (what a Debian
// container has), and the fallback to tar alone over a scripted exec peer.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../../../main/core/files/exec-pipe.ts';
import { readRemoteTar, tarCommands } from '../../../../../main/core/files/remote-tar.ts';
import { transferFailure } from '../../../../../main/core/files/transfer-errors.ts';
import { TarReader, type TarEntry } from '../../../../../shared/tar/tar-reader.ts';
import { notFoundStatus } from '../sessions/scripted-server.ts';
import { answer, argvOf, TARGET, useFilesServer } from './files-harness.ts';

const scratch = mkdtempSync(join(tmpdir(), 'porthole-remote-tar-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory of `count` small files and one of 200 KiB, under `parent`/`name`. */
function tree(parent: string, name: string, count: number): void {
  mkdirSync(join(parent, name, 'sub'), { recursive: true });
  for (let index = 0; index < count; index++) writeFileSync(join(parent, name, `f${index}`), `file ${index}\n`);
  writeFileSync(join(parent, name, 'sub', '-odd name'), Buffer.alloc(200 * 1024, 7));
}

function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: Buffer; stderr: string } {
  const [program, ...args] = argv;
  const done = spawnSync(program ?? '', args, { env, maxBuffer: 64 * 1024 * 1024 });
  return { status: done.status, stdout: done.stdout, stderr: done.stderr.toString('utf8') };
}

/** A directory on PATH whose only programs are sh, `programs` (scripts), and this machine's tar unless left out. */
function onlyPath(programs: Record<string, string>, withTar = true): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(scratch, 'bin-'));
  for (const [name, script] of Object.entries(programs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  symlinkSync('/bin/sh', join(bin, 'sh'));
  if (withTar) symlinkSync(run(['sh', '-c', 'command -v tar']).stdout.toString().trim(), join(bin, 'tar'));
  return { ...process.env, PATH: bin };
}

describe("the container's tar command", () => {
  const parent = mkdtempSync(join(scratch, 'tree-'));
  tree(parent, 'item', 300);
  const [coalesced, plain] = tarCommands(parent, 'item');

  it("writes the archive tar alone writes, byte for byte, through sh and dd's full blocks", () => {
    expect(coalesced?.slice(0, 2)).toEqual(['sh', '-c']);
    const alone = run(plain ?? []);
    const through = run(coalesced ?? []);
    expect(alone.status).toBe(0);
    expect(through).toMatchObject({ status: 0, stderr: '' });
    expect(through.stdout.length).toBeGreaterThan(300 * 512 + 200 * 1024);
    expect(through.stdout.equals(alone.stdout)).toBe(true);
  });

  it("ends with tar's exit status and complaint when tar fails, not dd's success", () => {
    const [missing] = tarCommands(parent, 'not-there');
    const through = run(missing ?? []);
    const alone = run(tarCommands(parent, 'not-there')[1] ?? []);
    expect(alone.status).not.toBe(0);
    expect(through.status).toBe(alone.status);
    expect(through.stderr).toContain('not-there');
  });

  it("gives tar's output as it is when the container's dd cannot fill blocks, or there is no dd", () => {
    const alone = run(plain ?? []);
    const oldDd = onlyPath({ dd: 'for arg; do case "$arg" in iflag=*) echo "dd: unknown operand $arg" >&2; exit 1;; esac; done; exec cat' });
    expect(run(coalesced ?? [], oldDd).stdout.equals(alone.stdout)).toBe(true);
    const noDd = onlyPath({});
    expect(run(coalesced ?? [], noDd)).toMatchObject({ status: 0, stdout: alone.stdout });
  });

  it('says there is no tar in words the transfer knows, when the container has sh but no tar', () => {
    const noTar = run(coalesced ?? [], onlyPath({ dd: 'exec cat' }, false));
    expect(noTar.status).toBe(127);
    expect(transferFailure('download', TARGET, '/x', noTar.stderr.trim()).title).toBe('No tar in the container');
  });
});

describe('readRemoteTar', () => {
  const { access } = useFilesServer();
  const parent = mkdtempSync(join(scratch, 'archive-'));
  tree(parent, 'item', 3);
  const archive = run(tarCommands(parent, 'item')[1] ?? []).stdout;

  async function read(commands: readonly (readonly string[])[], answers: Parameters<typeof answer>[1]) {
    const { server, files } = await access();
    answer(server, answers);
    const entries: string[] = [];
    const reader = new TarReader({ entry: (entry: TarEntry) => entries.push(entry.name), data: () => undefined, entryEnd: () => undefined });
    const end = await readRemoteTar({ connection: files.connection, target: TARGET, commands, signal: AbortSignal.timeout(30_000), reader, opened: () => undefined });
    return { end, entries, argvs: server.connections.map(argvOf) };
  }

  it('runs tar alone in a container without sh, and reads its archive', async () => {
    const { end, entries, argvs } = await read(tarCommands('/srv', 'item'), [{ status: notFoundStatus('sh') }, { stdout: archive, exit: 0 }]);
    expect(failureOf(end)).toBeNull();
    expect(entries).toContain('./item/sub/-odd name');
    expect(argvs.map((argv) => argv[0])).toEqual(['sh', 'tar']);
    expect(argvs[1]).toEqual(['tar', 'cf', '-', '-C', '/srv', './item']);
  });

  it("does not run another command when the first one ran and failed, or when the last one is missing too", async () => {
    const failed = await read(tarCommands('/srv', 'item'), [{ exit: 2 }, { stdout: archive, exit: 0 }]);
    expect(failureOf(failed.end)).toMatchObject({ exitCode: 2 });
    expect(failed.argvs).toHaveLength(1);
    const neither = await read(tarCommands('/srv', 'item'), [{ status: notFoundStatus('sh') }, { status: notFoundStatus('tar') }]);
    expect(failureOf(neither.end)?.message).toContain('"tar": executable file not found');
    expect(neither.argvs).toHaveLength(2);
  });
});
