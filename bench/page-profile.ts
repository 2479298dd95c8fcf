// Diagnostics for a browser benchmark: one more round under the page's sampling profiler and a
// trace of Chromium's categories, through the CdpPage (so Playwright stays away, as in the round).
import { writeFileSync } from 'node:fs';
import type { CdpPage } from './cdp-page.ts';

/** Runs `body` profiled; writes the profile to `path` (a .cpuprofile) and the trace to `path`.trace.json. */
export async function profilePage<T>(cdp: CdpPage, path: string, categories: string, body: () => Promise<T>): Promise<T> {
  await cdp.command('Profiler.enable');
  await cdp.command('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.command('Profiler.start');
  const trace: unknown[] = [];
  const stopCollecting = cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...(value as unknown[])));
  const traced = new Promise<void>((resolve) => {
    const stop = cdp.on('Tracing.tracingComplete', () => {
      stop();
      resolve();
    });
  });
  await cdp.command('Tracing.start', { categories, transferMode: 'ReportEvents' });
  const result = await body();
  await cdp.command('Tracing.end');
  await traced;
  stopCollecting();
  const { profile } = await cdp.command<{ profile: unknown }>('Profiler.stop');
  writeFileSync(path, JSON.stringify(profile));
  writeFileSync(`${path}.trace.json`, JSON.stringify(trace));
  return result;
}
