// What `npm run build` makes of main/electron/ and the renderer page, built with the project's own
// electron-vite config into a temporary directory (so out/ is left alone): the preload is ONE
// CommonJS file that needs nothing but 'electron' (a sandboxed preload can require nothing else)
// and runs as such, and the page has no inline script for the CSP to block.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'electron-vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_METHOD_NAMES } from '../../../../shared/bridge/isolated-world.ts';
import { APP_CSP_DIRECTIVES } from '../../../../main/electron/content-security-policy.ts';
import { SANDBOXED_PRELOAD_ELECTRON_APIS, SANDBOXED_PRELOAD_MODULES } from './fake-electron.ts';

const repoRoot = new URL('../../../../', import.meta.url).pathname;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'porthole-build-'));
  await build({ root: repoRoot, build: { outDir }, logLevel: 'silent' });
}, 120_000);

/** Runs the preload bundle as a sandboxed preload would: CommonJS, with only what Electron lets it require. */
function runPreload(code: string) {
  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const sent: Array<{ channel: string; args: unknown[] }> = [];
  const apis: Record<string, unknown> = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: { on: () => undefined, send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }) },
  };
  // A sandboxed preload's electron holds only the renderer APIs; any other is a bug that fails there.
  const electron = new Proxy(apis, {
    get: (target, name) => {
      if (typeof name === 'string' && !SANDBOXED_PRELOAD_ELECTRON_APIS.includes(name)) throw new Error(`a sandboxed preload has no electron.${name}`);
      return target[name as string];
    },
  });
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (!SANDBOXED_PRELOAD_MODULES.includes(name)) throw new Error(`a sandboxed preload cannot require ${name}`);
      if (name !== 'electron') throw new Error(`the preload needs only electron, but required ${name}`);
      return electron;
    },
    console,
    TextEncoder,
    TextDecoder,
    setTimeout,
    clearTimeout,
    queueMicrotask,
  });
  return { required, exposed, sent };
}

describe('the preload bundle', () => {
  it('is one file', () => {
    expect(readdirSync(join(outDir, 'preload'))).toEqual(['index.cjs']);
  });

  it('requires nothing but electron and has no ES module syntax', () => {
    const code = readFileSync(join(outDir, 'preload', 'index.cjs'), 'utf8');
    const requires = [...code.matchAll(/\brequire\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((match) => match[2]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toMatch(/\bimport\(/);
  });

  it('runs as CommonJS with only electron, asks for its port and exposes the bridge', () => {
    const { required, exposed, sent } = runPreload(readFileSync(join(outDir, 'preload', 'index.cjs'), 'utf8'));
    expect(required).toEqual(['electron']);
    expect(sent).toEqual([{ channel: 'porthole:port-request', args: [] }]);
    expect([...exposed.keys()]).toEqual(['porthole']);
    expect(Object.keys(exposed.get('porthole') as object).sort()).toEqual([...BRIDGE_METHOD_NAMES, 'onAppCommand', 'paste'].sort());
  });
});

describe('the built page', () => {
  it('loads its scripts from files only (no inline script) and keeps the CSP meta tag', () => {
    const html = readFileSync(join(outDir, 'renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(meta?.split(';').map((directive) => directive.trim())).toEqual(APP_CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('main is an ES module that imports electron', () => {
    const code = readFileSync(join(outDir, 'main', 'index.js'), 'utf8');
    expect(code).toMatch(/^import .* from "electron";$/m);
    expect(code).toContain('new BrowserWindow');
  });
});
