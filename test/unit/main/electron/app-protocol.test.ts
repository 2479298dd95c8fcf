// The app protocol (porthole://app/), with Electron's protocol module replaced: the scheme's
// privileges, what is served and with which headers, and that no request path reaches a file
// outside the renderer directory.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAppScheme, serveAppProtocol } from '../../../../main/electron/app-protocol.ts';
import { APP_CONTENT_SECURITY_POLICY, APP_CSP_DIRECTIVES } from '../../../../main/electron/content-security-policy.ts';
import { protocol, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const SECRET = 'kubeconfig-client-key-do-not-serve';
const repoRoot = new URL('../../../../', import.meta.url).pathname;

/** A built renderer in <tmp>/renderer, with a secret next to it (and one level further up). */
function rendererDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'porthole-protocol-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Porthole</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(join(dir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'renderer.txt'), SECRET);
  return dir;
}

function serve(dir = rendererDir()) {
  serveAppProtocol(dir);
  const handler = protocol.handlers.get('porthole') ?? expect.unreachable('no handler for the porthole scheme');
  return (url: string, method = 'GET') => Promise.resolve(handler(new Request(url, { method })));
}

beforeEach(() => resetFakeElectron());

describe('the scheme', () => {
  it('is registered as standard and secure with fetch, and without CSP bypass or CORS', () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([{ scheme: 'porthole', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('cannot be served without a built renderer', () => {
    const empty = mkdtempSync(join(tmpdir(), 'porthole-empty-'));
    expect(() => serveAppProtocol(empty)).toThrow(/has no index\.html: build the renderer first/);
  });
});

describe('responses', () => {
  it('serve the page and its assets with their types and the CSP header', async () => {
    const fetchApp = serve();
    for (const [url, type] of [
      ['porthole://app/', 'text/html; charset=utf-8'],
      ['porthole://app/index.html', 'text/html; charset=utf-8'],
      ['porthole://app/assets/index-abc.js?v=1', 'text/javascript; charset=utf-8'],
      ['porthole://app/assets/index-abc.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetchApp(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(await (await fetchApp('porthole://app/index.html')).text()).toContain('<title>Porthole</title>');
  });

  it('answer HEAD without a body and refuse other methods', async () => {
    const fetchApp = serve();
    const head = await fetchApp('porthole://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetchApp('porthole://app/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
  });

  it('refuse another host of the scheme and files that do not exist', async () => {
    const fetchApp = serve();
    expect((await fetchApp('porthole://elsewhere/index.html')).status).toBe(404);
    expect((await fetchApp('porthole://app/missing.js')).status).toBe(404);
  });

  it.each([
    'porthole://app/../secret.txt',
    'porthole://app/%2e%2e/secret.txt',
    'porthole://app/..%2fsecret.txt',
    'porthole://app/..%2Fsecret.txt',
    'porthole://app/assets/..%2f..%2fsecret.txt',
    'porthole://app/%2e%2e%2fsecret.txt',
    'porthole://app/..%5csecret.txt',
    'porthole://app/..\\secret.txt',
    'porthole://app//secret.txt',
    'porthole://app/.%2e/renderer.txt',
    'porthole://app/%00/../secret.txt',
  ])('refuse a path outside the renderer: %s', async (url) => {
    const response = await serve()(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('refuse an absolute path to a file on disk', async () => {
    const dir = rendererDir();
    const response = await serve(dir)(`porthole://app${join(dir, '..', 'secret.txt')}`);
    expect(response.status).toBe(404);
  });
});

describe('the content security policy', () => {
  it('allows no eval, no inline script and no framing', () => {
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
    expect(APP_CSP_DIRECTIVES).toContain("script-src 'self'");
    expect(APP_CSP_DIRECTIVES).toContain("default-src 'none'");
    expect(APP_CSP_DIRECTIVES).toContain("frame-ancestors 'none'");
  });

  it('is the same in renderer/index.html’s meta tag, but for frame-ancestors, which a meta tag cannot set', () => {
    const html = readFileSync(join(repoRoot, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? expect.unreachable('index.html has no CSP meta tag');
    const metaDirectives = meta.split(';').map((directive) => directive.trim());
    expect(metaDirectives).toEqual(APP_CSP_DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')));
  });
});
