// The side-by-side rounds and the report: a peer's failed round is kept as a failure and the rounds
// go on; Porthole's failure (or any other error) ends the benchmark; a tool with no finished round
// has no median; the report names every failed round and every benchmark that did not finish.
import { describe, expect, it } from 'vitest';
import { PeerCommandError, timeCommand } from '../../../bench/processes.ts';
import { renderReport } from '../../../bench/report.ts';
import { measure, sideBySide, type BenchResult } from '../../../bench/results.ts';

const MACHINE = { cpuModel: 'cpu', cores: 2, memoryGiB: 8, node: 'v24', kubeApiServer: 'v1.36.3', kubectl: 'v1.32.4', os: 'Linux' };

describe('sideBySide', () => {
  it('records a peer failure as a failed round, keeps the other rounds and runs every round', async () => {
    let peerRuns = 0;
    const rounds = await sideBySide(3, {
      porthole: async () => 10,
      peer: async () => {
        peerRuns++;
        if (peerRuns === 2) throw new PeerCommandError('kubectl cp exited with 1: connection reset by peer');
        return peerRuns;
      },
    });
    expect(peerRuns).toBe(3);
    expect(rounds.porthole).toEqual({ samples: [10, 10, 10], failures: [] });
    expect(rounds.peer).toEqual({ samples: [1, 3], failures: ['round 2: kubectl cp exited with 1: connection reset by peer'] });
    expect(measure('kubectl cp', rounds.peer)).toEqual({ tool: 'kubectl cp', median: 1, samples: [1, 3], failures: rounds.peer.failures });
  });

  it("ends at Porthole's failure, or at any error that is not a peer's", async () => {
    await expect(sideBySide(2, { porthole: () => Promise.reject(new Error('Porthole received 3 of 4 bytes')), peer: async () => 1 })).rejects.toThrow(
      'Porthole received 3 of 4 bytes',
    );
  });

  it('gives no median to a tool that finished no round, and says why', async () => {
    const rounds = await sideBySide(2, { peer: () => Promise.reject(new PeerCommandError('kubectl exited with 1: Forbidden')) });
    expect(() => measure('kubectl logs', rounds.peer)).toThrow('kubectl logs finished none of its 2 rounds; round 1: kubectl exited with 1: Forbidden');
  });
});

describe('timeCommand', () => {
  it("turns a peer's non-zero exit into a PeerCommandError carrying its stderr", async () => {
    const failure = await timeCommand('sh', ['-c', 'echo "error: reset by peer" >&2; exit 3']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PeerCommandError);
    expect((failure as Error).message).toMatch(/exited with 3: error: reset by peer$/);
  });

  it('times a peer that succeeds, and counts a peer that cannot start as failed', async () => {
    expect(await timeCommand('true', [])).toBeGreaterThan(0);
    await expect(timeCommand('/nonexistent/kubectl', [])).rejects.toBeInstanceOf(PeerCommandError);
  });
});

describe('renderReport', () => {
  const result = (failures: readonly string[]): BenchResult => ({
    benchmark: 'File transfer',
    case: 'download: 10000 files of 10 B',
    unit: 'MiB/s',
    higherIsBetter: true,
    porthole: measure('Porthole core', [2, 3, 4]),
    peer: measure('kubectl cp', { samples: [1, 2], failures }),
    target: { text: 'Porthole >= kubectl cp', met: true },
    command: 'core.startDownload vs kubectl cp',
  });
  const render = (results: readonly BenchResult[], unfinished: readonly { benchmark: string; error: string }[] = []): string =>
    renderReport({ date: '2026-12-07T00:00:00.000Z', command: 'npm run bench', machine: MACHINE, repetitions: 3, durationSeconds: 1, results, unfinished });

  it("names a peer's failed rounds in its cell and lists each on one line", () => {
    const markdown = render([result(['round 2: kubectl cp exited with 1: tar: removing leading\nerror: connection reset by peer'])]);
    expect(markdown).toContain('1.00 MiB/s (kubectl cp; median of 2; it failed 1 of 3 rounds, see "Failed rounds")');
    expect(markdown).toContain('## Failed rounds');
    expect(markdown).toContain(
      '- File transfer, download: 10000 files of 10 B, kubectl cp, round 2: kubectl cp exited with 1: tar: removing leading / error: connection reset by peer',
    );
    expect(markdown).not.toContain('## Benchmarks that did not finish');
  });

  it('has no failure sections when every round finished', () => {
    const markdown = render([result([])]);
    expect(markdown).toContain('1.00 MiB/s (kubectl cp; median of 2) |');
    expect(markdown).not.toContain('## Failed rounds');
  });

  it('lists the benchmarks that did not finish, with their errors', () => {
    const markdown = render([result([])], [{ benchmark: 'file-transfer', error: 'Error: kubectl exec failed:\nForbidden' }]);
    expect(markdown).toContain('## Benchmarks that did not finish');
    expect(markdown).toContain('- file-transfer: Error: kubectl exec failed: / Forbidden');
  });
});
