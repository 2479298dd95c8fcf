import { describe, expect, it } from 'vitest';
import type { TransferInfo, TransferProgress } from '../../../../shared/bridge/transfers.ts';
import { formatBytes, formatDuration, progressFraction, progressText, resultText, uploadFiles } from '../../../../renderer/src/app/transfers.ts';
import { FakeBridge } from '../fake-bridge.ts';

const progress = (changes: Partial<TransferProgress> = {}): TransferProgress => ({
  bytesDone: 0,
  bytesTotal: null,
  filesDone: 0,
  filesTotal: null,
  bytesPerSecond: 0,
  etaSeconds: null,
  ...changes,
});

const transfer = (state: TransferInfo['state'], changes: Partial<TransferProgress> = {}): TransferInfo => ({
  id: 't1',
  direction: 'download',
  target: { context: 'dev', namespace: 'default', pod: 'web-0' },
  remotePath: '/var/log',
  localName: 'log',
  progress: progress(changes),
  state,
});

describe('transfer texts', () => {
  it('writes sizes, rates, time left and files', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(7260)).toBe('2 h 1 min');
    expect(progressText(progress({ bytesDone: 12 * 1024 ** 2, bytesTotal: 1024 ** 3, bytesPerSecond: 48 * 1024 ** 2, etaSeconds: 21, filesDone: 3, filesTotal: 10 }))).toBe(
      '12.0 MiB of 1.0 GiB · 48.0 MiB/s · 21 s left · 3 of 10 files',
    );
    expect(progressText(progress({ bytesDone: 2048, filesDone: 2 }))).toBe('2.0 KiB · 2 files');
    expect(progressText(progress({ bytesDone: 5, filesDone: 1 }))).toBe('5 B · 1 file');
    expect(progressText(progress({ bytesDone: 5, bytesTotal: 5, filesDone: 1, filesTotal: 1 }))).toBe('5 B of 5 B · 1 of 1 file');
  });

  it('gives the bar a fraction with a total; without one it is indeterminate while it runs and still once it ended, full when done', () => {
    const running = { kind: 'running' } as const;
    expect(progressFraction(transfer(running))).toBeNull();
    expect(progressFraction(transfer(running, { bytesDone: 5, bytesTotal: 10 }))).toBe(0.5);
    expect(progressFraction(transfer(running, { bytesTotal: 0 }))).toBe(1);
    expect(progressFraction(transfer({ kind: 'done', verification: { kind: 'verified', method: 'sha256' } }, { bytesDone: 5 }))).toBe(1);
    expect(progressFraction(transfer({ kind: 'cancelled' }, { bytesDone: 5 }))).toBe(0);
    expect(progressFraction(transfer({ kind: 'cancelled' }, { bytesDone: 5, bytesTotal: 10 }))).toBe(0.5);
  });

  it('says the result: verified, what differed, the error', () => {
    expect(resultText(transfer({ kind: 'done', verification: { kind: 'verified', method: 'sha256' } }))).toEqual({ text: 'Verified (SHA-256)', tone: 'ok' });
    expect(resultText(transfer({ kind: 'done', verification: { kind: 'differs', differences: ['a: not found in the container'] } }))).toEqual({
      text: 'Differs: a: not found in the container',
      tone: 'error',
    });
    expect(resultText(transfer({ kind: 'failed', error: { kind: 'server-error', title: 'The target is read-only', detail: 'Pick /tmp.' } }))).toEqual({
      text: 'The target is read-only: Pick /tmp.',
      tone: 'error',
    });
    expect(resultText(transfer({ kind: 'cancelled' })).tone).toBe('warn');
  });
});

describe('uploadFiles', () => {
  it('announces the files, then sends their bytes in order, at most 1 MiB a call, one call at a time', async () => {
    const bridge = new FakeBridge();
    const big = new File([new Uint8Array(1024 * 1024 + 10).fill(7)], 'big.bin');
    const small = new File(['hello'], 'small ☃.txt');
    const started = await uploadFiles(bridge, { context: 'dev', namespace: 'default', pod: 'web-0' }, '/tmp', [big, small]);
    expect(bridge.callsOf('startUpload')[0]?.args[0]).toMatchObject({ remoteDirectory: '/tmp', files: [{ path: 'big.bin', size: 1024 * 1024 + 10 }, { path: 'small ☃.txt', size: 5 }] });
    expect(bridge.callsOf('uploadChunk').map((call) => call.args[1])).toEqual([1024 * 1024, 10, 5]);
    const sent = Buffer.concat(bridge.uploaded.get(started.id) ?? []);
    expect(sent.subarray(-5).toString()).toBe('hello');
  });
});
