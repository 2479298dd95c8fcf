// `npm start` on a machine without the Electron binary must say so in one sentence with the fix;
// with a binary it must build the app and hand it to that binary.
import { spawnSync } from 'node:child_process';
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

describe('npm start', () => {
  it('without the binary prints one sentence with the fix and no stack trace', () => {
    const emptyDist = mkdtempSync(join(tmpdir(), 'porthole-nodist-'));
    const run = runStart({ ELECTRON_OVERRIDE_DIST_PATH: emptyDist });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${electronMissingMessage(join(emptyDist, 'electron'))}\n`);
    expect(run.stderr).toMatch(/npx install-electron/);
  });

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
  });
});
