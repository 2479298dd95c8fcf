// A flood of terminal output must not hang the page (kubernetes-retired/dashboard#3275): flow
// control paces the pod to what xterm parses, so the page keeps handling input meanwhile.
import { expect, it } from 'vitest';
import { activePanel, countInTerminal, openLogs, openShell, sessionIdOf, STEP_TIMEOUT_MS, typeInTerminal, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const FLOOD_BYTES = 50_000_000;
/**
 * A ceiling, not a speed requirement: on this 2-core machine the flood takes 40 s when it is
 * quiet and several times that when other test runs share the CPU.
 */
const FLOOD_TIMEOUT_MS = 300_000;

describeApp('a 50 MB flood in a terminal', () => {
  const app = useApp();

  it('leaves the page responsive (another tab opens while it runs) and completes', { timeout: FLOOD_TIMEOUT_MS + 60_000 }, async () => {
    const { page } = app;
    const seq = cluster!.pods.seq;
    const single = cluster!.pods.single;
    const logTab = await openLogs(page, cluster!.contexts.admin, seq.namespace, seq.name);

    const shellTab = await openShell(page, cluster!.contexts.admin, single.namespace, single.name);
    const shell = await sessionIdOf(shellTab);
    // The marker's command line reads flood-$((40+2)); only the shell's output reads flood-42.
    // 200-byte lines: a real pty hands over `yes`'s 2-byte lines one newline at a time, which runs
    // at under 0.3 MB/s for every client (kubectl too), so it would measure the runtime, not us.
    await typeInTerminal(page, `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' y | fold -w 199; echo flood-$((40+2))\n`);
    await expect.poll(() => app.outputBytes(shell), { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(1_000_000);
    await app.screenshot('flood-running');

    // Mid-flood, a click on the log tab is handled and the log keeps drawing new lines.
    const logRows = () => activePanel(page).locator('[role="log"] .row').allTextContents();
    await logTab.click();
    await expect.poll(() => logTab.getAttribute('aria-selected'), { timeout: STEP_TIMEOUT_MS }).toBe('true');
    const producedAtClick = app.outputBytes(shell);
    expect(producedAtClick).toBeLessThan(FLOOD_BYTES);
    const lastLine = async () => (await logRows()).at(-1) ?? '';
    const before = await lastLine();
    await expect.poll(lastLine, { timeout: STEP_TIMEOUT_MS }).not.toBe(before);
    await app.screenshot('flood-log-tab');

    await shellTab.click();
    await expect.poll(() => shellTab.getAttribute('aria-selected')).toBe('true');
    // The marker comes after the last byte of the flood. (A stall shows how far the flood got.)
    await waitFor(
      'the flood to end with its marker',
      async () => ({ bytes: app.outputBytes(shell), markers: await countInTerminal(page, 'flood-42') }),
      (seen) => seen.markers >= 1,
      FLOOD_TIMEOUT_MS,
    );
    // fold adds a newline per 199 bytes and the tty a carriage return to each: at least the 50 MB went through.
    expect(app.outputBytes(shell)).toBeGreaterThanOrEqual(FLOOD_BYTES);
    await expect.poll(() => shellTab.locator('.badge').textContent()).toBe('live');
    await app.screenshot('flood-done');
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
