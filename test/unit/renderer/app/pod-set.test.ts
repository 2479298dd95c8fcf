import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PodSet } from '../../../../renderer/src/app/pod-set.ts';
import type { PodWatchEvent } from '../../../../shared/bridge/resources.ts';
import { pod } from '../fake-bridge.ts';

function podSet(...pods: ReturnType<typeof pod>[]): PodSet {
  const set = new PodSet();
  set.apply({ kind: 'snapshot', pods });
  return set;
}

describe('PodSet', () => {
  it('applies a snapshot, upserts, deletes and batches, sorted by name', () => {
    const set = new PodSet();
    expect(set.loaded).toBe(false);
    set.apply({ kind: 'snapshot', pods: [pod('web-b'), pod('web-a')] });
    expect(set.loaded).toBe(true);
    expect(set.sorted.map((p) => p.name)).toEqual(['web-a', 'web-b']);
    set.apply({ kind: 'upsert', pod: pod('api') });
    set.apply({ kind: 'delete', uid: 'uid-web-b' });
    expect(set.sorted.map((p) => p.name)).toEqual(['api', 'web-a']);
    set.apply({ kind: 'batch', upserts: [pod('db'), { ...pod('api'), phase: 'Failed' }], deletes: ['uid-web-a'] });
    expect(set.sorted.map((p) => `${p.name}:${p.phase}`)).toEqual(['api:Failed', 'db:Running']);
    expect(set.apply({ kind: 'delete', uid: 'nope' })).toBe(false);
  });

  it('keeps the sorted list until something changes', () => {
    const set = podSet(pod('a'), pod('b'));
    const first = set.sorted;
    set.apply({ kind: 'health', health: 'live' });
    expect(set.sorted).toBe(first);
    set.apply({ kind: 'upsert', pod: pod('c') });
    expect(set.sorted).not.toBe(first);
  });

  it('keeps a changed pod in its place, and a new one in name order, without sorting again', () => {
    const set = podSet(pod('b'), pod('d'), pod('a'));
    const before = set.sorted;
    set.apply({ kind: 'upsert', pod: { ...pod('d'), phase: 'Failed' } });
    expect(set.sorted.map((p) => `${p.name}:${p.phase}`)).toEqual(['a:Running', 'b:Running', 'd:Failed']);
    // A new array for the view; the one it had is left as it was.
    expect(before.map((p) => p.phase)).toEqual(['Running', 'Running', 'Running']);
    set.apply({ kind: 'upsert', pod: pod('c') });
    set.apply({ kind: 'batch', upserts: [pod('e'), pod('0')], deletes: ['uid-b'] });
    expect(set.sorted.map((p) => p.name)).toEqual(['0', 'a', 'c', 'd', 'e']);
  });

  it('tells a recreated pod from the deleted one of the same name (by uid)', () => {
    const set = podSet(pod('web'), pod('api'));
    const successor = { ...pod('web'), uid: 'uid-web-2' };
    set.apply({ kind: 'upsert', pod: successor });
    expect(set.sorted.map((p) => p.name)).toEqual(['api', 'web', 'web']);
    expect(set.sorted.map((p) => p.uid)).toContain('uid-web-2');
    set.apply({ kind: 'delete', uid: 'uid-web' });
    expect(set.sorted).toEqual([pod('api'), successor]);
  });

  it('ends any sequence of events with the pods a full sort would give', () => {
    // Few names and uids, drawn apart: pods are replaced, deleted, recreated under a new uid (and,
    // though Kubernetes never does it, renamed); batches both below and above the size where
    // everything is sorted again.
    const uid = fc.integer({ min: 0, max: 9 }).map((n) => `uid-${n}`);
    const somePod = fc.record({ uid, name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), phase: fc.constantFrom('Running', 'Failed') }).map(({ uid, name, phase }) => ({
      ...pod(name),
      uid,
      phase,
    }));
    const event: fc.Arbitrary<PodWatchEvent> = fc.oneof(
      fc.array(somePod, { maxLength: 6 }).map((pods) => ({ kind: 'snapshot' as const, pods })),
      somePod.map((p) => ({ kind: 'upsert' as const, pod: p })),
      uid.map((u) => ({ kind: 'delete' as const, uid: u })),
      fc.record({ upserts: fc.array(somePod, { maxLength: 40 }), deletes: fc.array(uid, { maxLength: 10 }) }).map((batch) => ({ kind: 'batch' as const, ...batch })),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const set = new PodSet();
        const byUid = new Map<string, ReturnType<typeof pod>>();
        for (const e of events) {
          set.apply(e);
          if (e.kind === 'snapshot') {
            byUid.clear();
            for (const p of e.pods) byUid.set(p.uid, p);
          } else if (e.kind === 'upsert') byUid.set(e.pod.uid, e.pod);
          else if (e.kind === 'delete') byUid.delete(e.uid);
          else if (e.kind === 'batch') {
            for (const u of e.deletes) byUid.delete(u);
            for (const p of e.upserts) byUid.set(p.uid, p);
          }
        }
        const expected = [...byUid.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        expect(set.size).toBe(byUid.size);
        expect(set.sorted.map((p) => p.name)).toEqual(expected.map((p) => p.name));
        // Each listed once, in its latest state.
        expect(new Set(set.sorted)).toEqual(new Set(byUid.values()));
      }),
    );
  });

  it('remembers why the watch is reconnecting, and forgets it when live again', () => {
    const set = podSet(pod('a'));
    const error = { kind: 'network' as const, title: 'Connection refused', detail: 'ECONNREFUSED 127.0.0.1:6443' };
    set.apply({ kind: 'health', health: 'reconnecting', error });
    expect(set.error).toBe(error);
    set.apply({ kind: 'health', health: 'live' });
    expect(set.error).toBeUndefined();
  });
});
