// `npm start` on a machine without the Electron binary must say so in one sentence and start the
// web host instead; with a binary it must build the app and hand it to that binary.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronMissingMessage, locateElectronBinary } from '../../../scripts/electron-binary.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;

function runStart(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['scripts/start.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...env },
    timeout: 120_000,
  });
}

describe('locateElectronBinary', () => {
  it('reports where it looked when the binary is missing', () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'porthole-electron-'));
    expect(locateElectronBinary(packageDir, {})).toEqual({ found: false, looked: join(packageDir, 'dist', 'electron') });
  });

  it('follows path.txt inside dist/, as the electron package does', () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'porthole-electron-'));
    writeFileSync(join(packageDir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron');
    const result = locateElectronBinary(packageDir, {});
    expect(result).toEqual({ found: false, looked: join(packageDir, 'dist', 'Electron.app/Contents/MacOS/Electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'porthole-electron-'));
    const distDir = mkdtempSync(join(tmpdir(), 'porthole-dist-'));
    writeFileSync(join(distDir, 'electron'), '');
    expect(locateElectronBinary(packageDir, { ELECTRON_OVERRIDE_DIST_PATH: distDir })).toEqual({ found: true, path: join(distDir, 'electron') });
  });
});

describe('electronMissingMessage', () => {
  it('is one sentence naming where it looked and the fix, ending in what happens instead', () => {
    const message = electronMissingMessage('/x/dist/electron');
    expect(message).not.toContain('\n');
    expect(message).toContain('nothing at /x/dist/electron');
    expect(message).toMatch(/npx install-electron/);
    expect(message).toMatch(/starting the web host instead\.$/);
    expect(message.slice(0, -1)).not.toMatch(/\.\s/);
  });
});

/** Runs `npm start` until the web host prints its link, then stops it. */
async function startUntilWebHost(env: NodeJS.ProcessEnv): Promise<{ stderr: string; url: string }> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const link = /Porthole is running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(stdout);
        if (link?.[1] !== undefined) resolve(link[1]);
      });
      void exited.then((code) => reject(new Error(`npm start exited (${code}) before the web host ran:\n${stdout}\n${stderr}`)));
    });
    const page = await fetch(new URL('/', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    return { stderr, url };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('npm start', () => {
  it('without the binary says so in one sentence and starts the web host instead', async () => {
    const emptyDist = mkdtempSync(join(tmpdir(), 'porthole-nodist-'));
    // A kubeconfig of its own, so the test never reads the user's.
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'porthole-kube-')), 'config');
    const run = await startUntilWebHost({ ELECTRON_OVERRIDE_DIST_PATH: emptyDist, KUBECONFIG: kubeconfig });
    expect(run.stderr.split('\n')[0]).toBe(electronMissingMessage(join(emptyDist, 'electron')));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  }, 120_000);

  it('with a binary builds the app and launches it with the built main entry', () => {
    const distDir = mkdtempSync(join(tmpdir(), 'porthole-fake-electron-'));
    const argsFile = join(distDir, 'args');
    writeFileSync(join(distDir, 'electron'), `#!/bin/sh\necho "$@" > '${argsFile}'\n`);
    chmodSync(join(distDir, 'electron'), 0o755);
    const run = runStart({ ELECTRON_OVERRIDE_DIST_PATH: distDir });
    expect(run.status, run.stderr).toBe(0);
    // Electron is given the project folder; it starts package.json's "main", which the build produced.
    expect(readFileSync(argsFile, 'utf8')).toBe('.\n');
    const main = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).main as string;
    expect(readFileSync(join(repoRoot, main), 'utf8')).toContain('new BrowserWindow');
    expect(readFileSync(join(repoRoot, 'out/preload/index.cjs'), 'utf8')).toContain('exposeInMainWorld');
  }, 120_000);
});
