// `npm run web` as a user runs it: a process that prints a link that works, and stops on Ctrl+C.
// The real core would need a kubeconfig and a cluster, so a module hook hands the CLI the fake
// core in place of main/core/create-core.ts; everything else is the real CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest, openBridgeSocket } from './raw-client.ts';

const repoRoot = new URL('../../../../', import.meta.url);
const fakeCoreUrl = new URL('test/unit/main/bridge/fake-core.ts', repoRoot).href;

function hookedCli(): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-cli-'));
  const factory = join(dir, 'create-core.ts');
  writeFileSync(factory, `import { FakeCore } from ${JSON.stringify(fakeCoreUrl)};\nexport async function createCore() { return new FakeCore(); }\n`);
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `import { registerHooks } from 'node:module';\n` +
      `registerHooks({ resolve(specifier, context, next) {\n` +
      `  if (specifier.endsWith('/core/create-core.ts')) return { url: ${JSON.stringify(pathToFileURL(factory).href)}, shortCircuit: true };\n` +
      `  return next(specifier, context);\n` +
      `} });\n`,
  );
  return spawn(process.execPath, ['--import', pathToFileURL(hook).href, 'main/web-host/cli.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}

function printedLink(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const link = /Porthole is running at (http:\/\/\S+)/.exec(output);
      if (link?.[1] !== undefined) resolve(link[1]);
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing a link:\n${output}\n${errors}`)));
  });
}

let child: ChildProcess | null = null;

afterEach(() => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

describe('npm run web', () => {
  it('prints a one-time link to a host that serves the app and the bridge, and stops on Ctrl+C', { timeout: 120_000 }, async () => {
    child = hookedCli();
    const link = new URL(await printedLink(child));
    expect(link.hostname).toBe('127.0.0.1');
    const port = Number(link.port);

    const page = await httpRequest(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");

    const handshake = await openBridgeSocket(port, { query: `?token=${link.hash.replace('#token=', '')}` });
    if (handshake.kind !== 'open') throw new Error(`refused: ${handshake.status}`);
    expect(await handshake.socket.call(1, 'appInfo')).toEqual({ t: 'result', id: 1, value: { name: 'Porthole', version: '0.1.0', host: 'web' } });

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect((await handshake.socket.closed).code).toBe(4001);
  });
});
