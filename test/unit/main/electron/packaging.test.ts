// electron-builder.yml, checked offline with electron-builder's own code: it loads the file the way
// `electron-builder` does (getConfig) and validates it against its schema (validateConfiguration),
// and turns the fuses into @electron/fuses' wire (generateFuseConfig). The Electron binary itself
// cannot be downloaded here, so nothing is packed.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { PlatformPackager, type Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import type * as Fuses from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const repoRoot = new URL('../../../../', import.meta.url).pathname;
// The @electron/fuses that electron-builder itself loads to flip the fuses.
const { FuseV1Options } = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'))('@electron/fuses') as typeof Fuses;

async function loadConfig(projectDir: string): Promise<Configuration> {
  const config = await getConfig(projectDir, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/** A project holding the repository's electron-builder.yml edited by `edit`. */
function projectWith(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-builder-'));
  cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  writeFileSync(join(dir, 'electron-builder.yml'), edit(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')));
  return dir;
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(path: string): { width: number; height: number } | null {
  const bytes = readFileSync(path);
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Loading electron-builder's modules takes seconds on a busy machine; nothing here waits on I/O.
describe('electron-builder.yml', { timeout: 30_000 }, () => {
  it('loads and passes electron-builder’s schema validation', async () => {
    const config = await loadConfig(repoRoot);
    expect(config.appId).toBe('io.porthole.app');
    expect(config.productName).toBe('Porthole');
  });

  it('packs AppImage, deb and rpm, dmg, and nsis', async () => {
    const config = await loadConfig(repoRoot);
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('packs the built app into an asar archive whose integrity is recorded', async () => {
    const config = await loadConfig(repoRoot);
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity).toBe(false);
    const main = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main.startsWith('out/')).toBe(true);
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }]);
    // bufferutil's N-API prebuilds load in Electron; a rebuild would compile against the wrong headers.
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; app only from a checked asar; encrypted cookies', async () => {
    const config = await loadConfig(repoRoot);
    const wire = (await (PlatformPackager.prototype as unknown as { generateFuseConfig(fuses: unknown): Promise<Record<number, boolean>> }).generateFuseConfig(
      config.electronFuses,
    )) as Record<number, boolean>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('names icons that exist at the sizes the packagers need', async () => {
    const config = await loadConfig(repoRoot);
    expect(pngSize(join(repoRoot, config.icon as string))).toEqual({ width: 1024, height: 1024 });
    expect(config.linux?.icon).toBe('build/icons');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(repoRoot, 'build/icons', `${size}x${size}.png`)), `${size}px`).toEqual({ width: size, height: size });
    }
  });

  it('is what `npm run dist` packs, after building', () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.yml --publish never');
  });
});

describe('the validation itself', () => {
  it('refuses a misspelt fuse, so the checks above are not vacuous', async () => {
    const dir = projectWith((yaml) => yaml.replace('runAsNode: false', 'runAsNod: false'));
    await expect(loadConfig(dir)).rejects.toThrow(/configuration\.electronFuses should be/);
  });

  it('refuses a fuse given a string', async () => {
    const dir = projectWith((yaml) => yaml.replace('onlyLoadAppFromAsar: true', 'onlyLoadAppFromAsar: "yes"'));
    await expect(loadConfig(dir)).rejects.toThrow(/onlyLoadAppFromAsar/);
  });
});
