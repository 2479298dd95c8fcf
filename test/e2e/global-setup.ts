// vitest globalSetup of the "e2e" project (after test/cluster/global-setup.ts, which starts the
// real cluster): makes sure the renderer the web host serves is built from the current sources, and
// finds Debian's Chromium. Playwright never downloads a browser here.
//
// Without Chromium the tier is skipped with one loud line, unless CI=true or
// PORTHOLE_REQUIRE_CLUSTER=1 makes that a failure (install it with `apt-get install -y chromium`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium binary, or null when the tier is skipped (see `browserSkipReason`). */
    chromium: string | null;
    browserSkipReason: string;
    /** The built renderer the web host serves. */
    rendererDir: string;
  }
}

export const CHROMIUM_PATH = '/usr/bin/chromium';
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(projectRoot, 'out', 'renderer');
/** What the renderer bundle is built from. */
const SOURCES = ['renderer', 'shared', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsCurrent(): boolean {
  const index = join(rendererDir, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(projectRoot, source)) <= built);
}

function required(): boolean {
  return process.env.CI === 'true' || process.env.PORTHOLE_REQUIRE_CLUSTER === '1';
}

export default function setup(project: TestProject): void {
  project.provide('rendererDir', rendererDir);
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
    if (required()) throw new Error(`E2E tier cannot run: ${reason}`);
    console.log(`E2E TIER SKIPPED: ${reason}`);
    project.provide('chromium', null);
    project.provide('browserSkipReason', reason);
    return;
  }
  project.provide('chromium', CHROMIUM_PATH);
  project.provide('browserSkipReason', '');
  buildRendererIfStale('the e2e tests');
}

/** Builds the renderer when its sources changed since the last build (the e2e tier and bench/ serve it). */
export function buildRendererIfStale(who: string): void {
  if (buildIsCurrent()) return;
  console.log(`[${who}] renderer sources changed since the last build: npm run build`);
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal}); ${who} need the built renderer`);
}
