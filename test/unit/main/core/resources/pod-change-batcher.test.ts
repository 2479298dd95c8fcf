import { describe, expect, it } from 'vitest';
import type { PodSummary, PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import { PodChangeBatcher } from '../../../../../main/core/resources/pod-change-batcher.ts';
import { Recorder } from './scripted-client.ts';

function pod(uid: string, phase = 'Running'): PodSummary {
  return { uid, name: uid, namespace: 'ns', phase, labels: {}, containers: [], deleting: false };
}

describe('PodChangeBatcher', () => {
  it('sends a lone change as a plain upsert or delete', async () => {
    const events = new Recorder<PodWatchEvent>();
    const batcher = new PodChangeBatcher(events.push, 0);
    batcher.upsert(pod('a'));
    expect(await events.until(() => true)).toEqual({ kind: 'upsert', pod: pod('a') });
    batcher.delete('a');
    expect(await events.until(() => true, 1)).toEqual({ kind: 'delete', uid: 'a' });
    expect(events.all).toHaveLength(2);
  });

  it('coalesces the changes of one window into one batch, each pod once in its latest state', async () => {
    const events = new Recorder<PodWatchEvent>();
    const batcher = new PodChangeBatcher(events.push, 0);
    for (let i = 0; i < 1000; i++) batcher.upsert(pod(`p${i}`, 'Pending'));
    for (let i = 0; i < 1000; i++) batcher.upsert(pod(`p${i}`, 'Running'));
    batcher.delete('p7');
    const event = await events.until(() => true);
    expect(events.all).toHaveLength(1);
    if (event.kind !== 'batch') throw new Error(`expected a batch, got ${event.kind}`);
    expect(event.deletes).toEqual(['p7']);
    expect(event.upserts).toHaveLength(999);
    expect(event.upserts.every((p) => p.phase === 'Running')).toBe(true);
  });

  it('flushes on demand, and discards what a snapshot supersedes', async () => {
    const events = new Recorder<PodWatchEvent>();
    const batcher = new PodChangeBatcher(events.push, 0);
    batcher.upsert(pod('a'));
    batcher.flush();
    expect(events.all).toEqual([{ kind: 'upsert', pod: pod('a') }]);
    batcher.upsert(pod('b'));
    batcher.discard();
    batcher.upsert(pod('c'));
    expect(await events.until(() => true, 1)).toEqual({ kind: 'upsert', pod: pod('c') });
    expect(events.all).toHaveLength(2);
  });

  it('refuses a negative window', () => {
    expect(() => new PodChangeBatcher(() => {}, -1)).toThrow(RangeError);
  });
});
