// Output of a multi-megabyte command, byte for byte as kubectl receives it: raw bytes, nothing
// decoded, multi-byte UTF-8 characters split across frames passed through intact.
import { execFile } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

/** kubectl's stdout, as bytes. */
function kubectlStdout(kubeconfig: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      // A guard against a hang, not an assertion.
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(`kubectl failed: ${error.message}\n${stderr.toString()}`))),
    );
  });
}

/** ~4 MB of lines mixing 1- to 4-byte UTF-8 characters, so frame boundaries land inside them. */
function multiByteText(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++) lines.push(`${String(i).padStart(6, '0')} héllo wörld ✓ 日本語のテキスト 😀🎉 ${'é'.repeat(i % 7)}`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

describe.skipIf(cluster === null)('exec: output identical to kubectl', () => {
  const c = cluster as ClusterInfo;
  const content = multiByteText();
  // The same text, written by busybox awk in the container (so nothing has to be copied in first).
  const awk = [
    'awk',
    'BEGIN { for (i = 0; i < 60000; i++) { s = ""; for (j = 0; j < i % 7; j++) s = s "é"; ' +
      'printf "%06d héllo wörld ✓ 日本語のテキスト 😀🎉 %s\\n", i, s } }',
  ];
  const sessions = useRealSessions();

  it('delivers a multi-megabyte command’s stdout byte for byte as kubectl does', async () => {
    expect(content.length).toBeGreaterThan(3 * 1024 * 1024);
    const pod = c.pods.single;
    const fromKubectl = await kubectlStdout(c.kubeconfigPath, ['exec', '-n', pod.namespace, pod.name, '-c', 'main', '--', ...awk]);

    const { session, log } = sessions.exec({ command: { kind: 'argv', argv: awk } });
    // Keep acknowledging, as a terminal would, so the flood is not held back.
    log.observe((event) => {
      if (event.kind === 'output') session.acknowledge(event.bytes.length);
    });
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    const outputs = log.events.flatMap((event) => (event.kind === 'output' ? [event] : []));
    const ours = Buffer.concat(outputs.map((event) => event.bytes));

    expect(outputs.every((event) => event.channel === 'stdout')).toBe(true);
    expect(ours.length).toBe(fromKubectl.length);
    expect(ours.equals(fromKubectl)).toBe(true);
    expect(ours.equals(content)).toBe(true);
    // Some frame really did start inside a character (a UTF-8 continuation byte, 10xxxxxx).
    const splitStarts = outputs.filter((event) => ((event.bytes[0] ?? 0) & 0xc0) === 0x80).length;
    expect(splitStarts).toBeGreaterThan(0);
    // Raw bytes, not text: every event carries a Uint8Array.
    expect(outputs.every((event) => event.bytes instanceof Uint8Array)).toBe(true);
  });
});
