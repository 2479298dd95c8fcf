import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import { Backoff } from '../../../../../main/core/resources/backoff.ts';
import { PodWatch, type PodWatchOptions } from '../../../../../main/core/resources/pod-watch.ts';
import { bookmark, goneStatus, podObject } from './pod-fixtures.ts';
import { listPage, Recorder, ScriptedClient, type ScriptedRequest, type WatchStream } from './scripted-client.ts';

type Kind = PodWatchEvent['kind'];
const ofKind =
  <K extends Kind>(kind: K) =>
  (event: PodWatchEvent): event is Extract<PodWatchEvent, { kind: K }> =>
    event.kind === kind;
const isHealth = (health: string) => (event: PodWatchEvent) => event.kind === 'health' && event.health === health;

const watches: PodWatch[] = [];
afterEach(async () => {
  await Promise.all(watches.splice(0).map((watch) => watch.stop()));
});

function startWatch(client: ScriptedClient, options: Partial<PodWatchOptions> = {}): Recorder<PodWatchEvent> {
  const events = new Recorder<PodWatchEvent>();
  const watch = new PodWatch(
    {
      client,
      namespace: 'shop',
      coalesceMs: 0,
      backoff: new Backoff({ initialMs: 0, maxMs: 0, factor: 1, jitter: 0 }),
      ...options,
    },
    events.push,
  );
  watches.push(watch);
  watch.start();
  return events;
}

/** Answers the next request, which must be a list, with one page. */
async function answerList(client: ScriptedClient, items: object[], resourceVersion: string): Promise<ScriptedRequest> {
  const request = await client.next();
  expect(request.isWatch).toBe(false);
  request.json(listPage(items, resourceVersion));
  return request;
}

/** Answers the next request, which must be a watch, with an open stream. */
async function answerWatch(client: ScriptedClient): Promise<{ request: ScriptedRequest; stream: WatchStream }> {
  const request = await client.next();
  expect(request.isWatch).toBe(true);
  return { request, stream: request.stream() };
}

describe('PodWatch', () => {
  it('refuses a namespace that cannot exist before asking the server anything', () => {
    const client = new ScriptedClient();
    for (const namespace of ['', 'Shop', 'shop/../kube-system', 'a'.repeat(64)]) {
      expect(() => new PodWatch({ client, namespace }, () => {})).toThrow(expect.objectContaining({ userError: expect.objectContaining({ title: 'Invalid namespace name' }) }));
    }
    expect(client.requests).toEqual([]);
  });

  it('reports connecting, then the listed pods as a snapshot, then live once the watch is open', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    const list = await answerList(client, [podObject('a', '10'), podObject('b', '11')], '12');
    expect(list.target.path).toBe('/api/v1/namespaces/shop/pods');
    const { request: watch } = await answerWatch(client);
    expect(Object.fromEntries(watch.query)).toMatchObject({ watch: 'true', resourceVersion: '12', allowWatchBookmarks: 'true' });
    await events.until(isHealth('live'));
    expect(events.all.map((event) => event.kind)).toEqual(['health', 'snapshot', 'health']);
    expect(events.all[0]).toEqual({ kind: 'health', health: 'connecting' });
    const snapshot = events.all[1];
    if (snapshot?.kind !== 'snapshot') throw new Error('no snapshot');
    expect(snapshot.pods.map((pod) => pod.name)).toEqual(['a', 'b']);
  });

  it('lists page by page with limit and continue, and watches from the last page', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client, { pageSize: 2 });
    const first = await client.next();
    expect(first.query.get('limit')).toBe('2');
    expect(first.query.has('continue')).toBe(false);
    first.json(listPage([podObject('a', '1'), podObject('b', '2')], '50', 'token-1'));
    const second = await client.next();
    expect(second.query.get('continue')).toBe('token-1');
    second.json(listPage([podObject('c', '3')], '50'));
    const { request: watch } = await answerWatch(client);
    expect(watch.query.get('resourceVersion')).toBe('50');
    const snapshot = await events.until(ofKind('snapshot'));
    expect(snapshot.pods.map((pod) => pod.name)).toEqual(['a', 'b', 'c']);
  });

  it('passes a label selector to the list and the watch', async () => {
    const client = new ScriptedClient();
    startWatch(client, { labelSelector: 'app=web' });
    const list = await answerList(client, [], '1');
    expect(list.query.get('labelSelector')).toBe('app=web');
    const { request } = await answerWatch(client);
    expect(request.query.get('labelSelector')).toBe('app=web');
  });

  it('sends added, modified and deleted pods as upserts and deletes', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [podObject('a', '10')], '10');
    const { stream } = await answerWatch(client);
    await events.until(isHealth('live'));

    stream.event('ADDED', podObject('b', '11'));
    expect(await events.until(ofKind('upsert'))).toMatchObject({ pod: { uid: 'uid-b', name: 'b' } });
    const from = events.all.length;
    stream.event('MODIFIED', podObject('a', '12', { labels: { app: 'web', patched: 'yes' } }));
    expect((await events.until(ofKind('upsert'), from)).pod.labels).toEqual({ app: 'web', patched: 'yes' });
    stream.event('DELETED', podObject('b', '13'));
    expect(await events.until(ofKind('delete'))).toEqual({ kind: 'delete', uid: 'uid-b' });
  });

  it('drops a modification that leaves the summary unchanged (a status heartbeat)', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [podObject('a', '10')], '10');
    const { stream } = await answerWatch(client);
    await events.until(isHealth('live'));
    stream.event('MODIFIED', podObject('a', '11'));
    stream.event('MODIFIED', podObject('a', '12', { phase: 'Succeeded' }));
    const upsert = await events.until(ofKind('upsert'));
    expect(upsert.pod.phase).toBe('Succeeded');
    expect(events.all.filter((event) => event.kind === 'upsert')).toHaveLength(1);
  });

  it('coalesces a burst of changes into one batch', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [], '1');
    const { stream } = await answerWatch(client);
    await events.until(isHealth('live'));
    // One write: all of it arrives in one chunk, as a burst does.
    stream.raw(
      Array.from({ length: 300 }, (_, i) => JSON.stringify({ type: 'ADDED', object: podObject(`p${i}`, String(i + 2)) }) + '\n').join(''),
    );
    const batch = await events.until(ofKind('batch'));
    expect(batch.upserts).toHaveLength(300);
    expect(batch.deletes).toEqual([]);
  });

  it('re-lists after a 410 Gone ERROR event and sends a fresh snapshot', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [podObject('a', '5'), podObject('b', '5')], '5');
    const { stream } = await answerWatch(client);
    stream.event('ADDED', podObject('c', '6'));
    await events.until(ofKind('upsert'));
    stream.event('ERROR', goneStatus());

    const relist = await client.next();
    expect(relist.isWatch).toBe(false);
    expect(relist.query.has('resourceVersion')).toBe(false);
    const from = events.all.length;
    relist.json(listPage([podObject('b', '120'), podObject('d', '121')], '121'));
    const snapshot = await events.until(ofKind('snapshot'), from);
    expect(snapshot.pods.map((pod) => pod.name)).toEqual(['b', 'd']);
    const { request: rewatch } = await answerWatch(client);
    expect(rewatch.query.get('resourceVersion')).toBe('121');
    // A 410 is no outage: health stayed live throughout.
    expect(events.all.filter((event) => event.kind === 'health').map((event) => event.kind === 'health' && event.health)).toEqual([
      'connecting',
      'live',
    ]);
  });

  it('re-lists when the watch request itself is answered 410', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [podObject('a', '5')], '5');
    (await client.next()).refuse(410);
    const from = events.all.length;
    await answerList(client, [podObject('z', '99')], '99');
    expect((await events.until(ofKind('snapshot'), from)).pods.map((pod) => pod.name)).toEqual(['z']);
  });

  it('after a cut connection reports reconnecting with the error, then resumes from the last resourceVersion without a re-list', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [podObject('a', '10')], '10');
    const { stream } = await answerWatch(client);
    stream.event('MODIFIED', podObject('a', '11', { phase: 'Failed' }));
    stream.event('BOOKMARK', bookmark('15'));
    await events.until(ofKind('upsert'));
    stream.cut();

    const reconnecting = await events.until(isHealth('reconnecting'));
    expect(reconnecting).toMatchObject({ error: { kind: 'network', detail: expect.stringContaining('aborted') as string } });
    const { request: rewatch } = await answerWatch(client);
    expect(rewatch.query.get('resourceVersion')).toBe('15');
    await events.until(isHealth('live'), events.all.indexOf(reconnecting));
    expect(events.all.filter((event) => event.kind === 'snapshot')).toHaveLength(1);
  });

  it('watches again from the last resourceVersion when the server ends the watch cleanly', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [], '10');
    const first = await answerWatch(client);
    first.stream.event('ADDED', podObject('a', '11'));
    await events.until(ofKind('upsert'));
    first.stream.end();
    const { request } = await answerWatch(client);
    expect(request.query.get('resourceVersion')).toBe('11');
    expect(events.all.some(isHealth('reconnecting'))).toBe(false);
  });

  it('waits before watching again only when the ended watch brought nothing (no tight loop on a server that closes at once)', async () => {
    const client = new ScriptedClient();
    const backoff = new Backoff({ initialMs: 0, maxMs: 0, factor: 1, jitter: 0 });
    const waits = vi.spyOn(backoff, 'next');
    const events = startWatch(client, { backoff });
    await answerList(client, [], '10');
    const busy = await answerWatch(client);
    busy.stream.event('ADDED', podObject('a', '11'));
    await events.until(ofKind('upsert'));
    busy.stream.end();
    const quiet = await answerWatch(client);
    expect(waits).not.toHaveBeenCalled();
    quiet.stream.end();
    await answerWatch(client);
    expect(waits).toHaveBeenCalledTimes(1);
  });

  it('waits before a re-list when a fresh watch is gone at once, so two 410s in a row do not spin', async () => {
    const client = new ScriptedClient();
    const backoff = new Backoff({ initialMs: 0, maxMs: 0, factor: 1, jitter: 0 });
    const waits = vi.spyOn(backoff, 'next');
    startWatch(client, { backoff });
    await answerList(client, [], '10');
    (await answerWatch(client)).stream.event('ERROR', goneStatus());
    await answerList(client, [], '200');
    expect(waits).toHaveBeenCalledTimes(1);
  });

  it('keeps retrying a refused list, reporting each error while connecting', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    (await client.next()).refuse(403, 'pods is forbidden');
    const failed = await events.until((event) => event.kind === 'health' && event.error !== undefined);
    expect(failed).toMatchObject({ health: 'connecting', error: { kind: 'forbidden', title: 'pods is forbidden' } });
    await answerList(client, [podObject('a', '1')], '1');
    await events.until(ofKind('snapshot'));
  });

  it('reports a malformed watch line as a protocol error and watches again', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [], '10');
    const { stream } = await answerWatch(client);
    stream.raw('{"type":"ADDED","object":{"metadata":{"resourceVersion":"11","name":"x"}}}\n');
    const failed = await events.until(isHealth('reconnecting'));
    expect(failed).toMatchObject({ error: { kind: 'protocol', detail: expect.stringContaining('metadata.uid') as string } });
    const { request } = await answerWatch(client);
    expect(request.query.get('resourceVersion')).toBe('10');
  });

  it('reports a watch that ends in the middle of an event', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [], '10');
    const { stream } = await answerWatch(client);
    stream.raw('{"type":"ADDED","obj');
    stream.end();
    const failed = await events.until(isHealth('reconnecting'));
    expect(failed).toMatchObject({ error: { kind: 'connection-lost', title: 'Watch cut off' } });
  });

  it('reports a non-410 ERROR event with the server message', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client);
    await answerList(client, [], '10');
    const { stream } = await answerWatch(client);
    stream.event('ERROR', { kind: 'Status', status: 'Failure', code: 500, reason: 'InternalError', message: 'etcd is sad' });
    const failed = await events.until(isHealth('reconnecting'));
    expect(failed).toMatchObject({ error: { kind: 'server-error', httpStatus: 500, detail: expect.stringContaining('etcd is sad') as string } });
  });

  it('drops a watch that outlives its timeout (a dead link) and reopens it', async () => {
    const client = new ScriptedClient();
    const events = startWatch(client, { watchTimeoutSeconds: 0, stallGraceMs: 1 });
    await answerList(client, [], '10');
    const { request } = await answerWatch(client);
    expect(request.query.get('timeoutSeconds')).toBe('0');
    const failed = await events.until(isHealth('reconnecting'));
    expect(failed).toMatchObject({ error: { kind: 'connection-lost', title: 'Watch stalled' } });
    await answerWatch(client);
  });

  it('on stop aborts the request in flight and closes its stream, so nothing more can arrive', async () => {
    const client = new ScriptedClient();
    const events = new Recorder<PodWatchEvent>();
    const watch = new PodWatch({ client, namespace: 'shop', coalesceMs: 0 }, events.push);
    watch.start();
    await answerList(client, [], '10');
    const { request, stream } = await answerWatch(client);
    await events.until(isHealth('live'));
    // stop() resolves only once the list/watch loop has returned.
    await watch.stop();
    expect(request.signal.aborted).toBe(true);
    expect(stream.body.destroyed).toBe(true);
    expect(client.requests).toHaveLength(2);
  });

  it('stopped while waiting to retry, it makes no further request', async () => {
    const client = new ScriptedClient();
    const events = new Recorder<PodWatchEvent>();
    const watch = new PodWatch(
      { client, namespace: 'shop', backoff: new Backoff({ initialMs: 3_600_000, maxMs: 3_600_000, factor: 1, jitter: 0 }) },
      events.push,
    );
    watch.start();
    (await client.next()).fail(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }));
    await events.until((event) => event.kind === 'health' && event.error !== undefined);
    await watch.stop();
    expect(client.requests).toHaveLength(1);
  });

  it('refuses a namespace name that cannot exist', () => {
    expect(() => new PodWatch({ client: new ScriptedClient(), namespace: '../nodes' }, () => {})).toThrow(/not a namespace name/);
  });
});
