import { describe, expect, it } from 'vitest';
import type { TransferInfo } from '../../../../shared/bridge/transfers.ts';
import { Transfers } from '../../../../renderer/src/app/transfers.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const info = (id: string, state: TransferInfo['state'] = { kind: 'running' }): TransferInfo => ({
  id,
  direction: 'upload',
  target: { context: 'dev', namespace: 'default', pod: 'web-0' },
  remotePath: '/tmp',
  localName: `${id}.txt`,
  progress: { bytesDone: 0, bytesTotal: 10, filesDone: 0, filesTotal: 1, bytesPerSecond: 0, etaSeconds: null },
  state,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Transfers', () => {
  it('lists what main had, then follows the events, newest first, counting the running ones', async () => {
    const bridge = new FakeBridge();
    bridge.transfers = [info('t1', { kind: 'cancelled' })];
    const transfers = new Transfers(bridge);
    await settle();
    expect(transfers.list.map((transfer) => transfer.id)).toEqual(['t1']);
    bridge.emitTransfer(info('t2'));
    expect(transfers.list.map((transfer) => transfer.id)).toEqual(['t2', 't1']);
    expect(transfers.running).toBe(1);
    bridge.emitTransfer(info('t2', { kind: 'done', verification: { kind: 'verified', method: 'sha256' } }));
    expect(transfers.running).toBe(0);
    expect(transfers.list[0]?.state.kind).toBe('done');
    transfers.dispose();
    bridge.emitTransfer(info('t3'));
    expect(transfers.list).toHaveLength(2);
  });

  it('cancels through main, and uploads dropped files', async () => {
    const bridge = new FakeBridge();
    const transfers = new Transfers(bridge);
    await transfers.upload({ context: 'dev', namespace: 'default', pod: 'web-0' }, '/tmp', [new File(['abc'], 'a.txt')]);
    const started = transfers.list[0];
    expect(started).toMatchObject({ direction: 'upload', remotePath: '/tmp' });
    await transfers.cancel(started?.id ?? '');
    expect(transfers.list[0]?.state.kind).toBe('cancelled');
    expect(bridge.callsOf('uploadChunk')).toHaveLength(1);
  });

  it('shows a failure to start an upload as its error', async () => {
    const bridge = new FakeBridge();
    bridge.startUpload = () => Promise.reject(new Error('refused'));
    const transfers = new Transfers(bridge);
    await transfers.upload({ context: 'dev', namespace: 'default', pod: 'web-0' }, '/tmp', [new File(['abc'], 'a.txt')]);
    expect(transfers.error?.detail).toContain('refused');
  });
});
