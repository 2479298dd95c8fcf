import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import type { LogLine } from '../../../../../shared/bridge/sessions.ts';
import { LogStream, type LogStreamEnd, type LogStreamOptions, type LogStreamStatus } from '../../../../../main/core/logs/log-stream.ts';
import { FakeTransport, LOST, settle } from './fake-transport.ts';

const BACKOFF = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
const T1 = '2024-05-01T10:00:01.000000001Z';
const T2 = '2024-05-01T10:00:01.000000002Z';
const T3 = '2024-05-01T10:00:02.5Z';

interface Recorded {
  lines: LogLine[];
  statuses: LogStreamStatus[];
  ends: LogStreamEnd[];
}

function open(options: Partial<LogStreamOptions> = {}, container?: string): { stream: LogStream; fake: FakeTransport; seen: Recorded } {
  const fake = new FakeTransport();
  const seen: Recorded = { lines: [], statuses: [], ends: [] };
  const stream = new LogStream(
    fake.transport,
    { namespace: 'shop', pod: 'web-0', ...(container === undefined ? {} : { container }) },
    { context: 'prod', follow: true, backoff: BACKOFF, ...options },
    {
      lines: (lines) => seen.lines.push(...lines),
      status: (status) => seen.statuses.push(status),
      end: (end) => seen.ends.push(end),
    },
  );
  stream.start();
  return { stream, fake, seen };
}

const texts = (lines: readonly LogLine[]): string[] => lines.map((line) => line.text);
const refusal = (kind: UserError['kind']): UserError => ({ kind, title: kind, detail: `refused: ${kind}` });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LogStream: the request', () => {
  it('always asks for timestamps, passes the options, and never sends limitBytes', () => {
    const { fake } = open({ previous: true, tailLines: 10, sinceSeconds: 60, limitBytes: 5 }, 'app');
    const query = Object.fromEntries(fake.last.target.query);
    expect(query).toEqual({ container: 'app', follow: 'true', previous: 'true', timestamps: 'true', tailLines: '10', sinceSeconds: '60' });
    expect(fake.last.target.path).toBe('/api/v1/namespaces/shop/pods/web-0/log');
    expect(fake.last.target.resource).toBe('previous logs of pod web-0, container app');
  });
});

describe('LogStream: resume after a drop', () => {
  it('reconnects from the last line with sinceTime, without repeating or losing lines', async () => {
    const { fake, seen } = open({ tailLines: 10 });
    fake.last.accept('http');
    await settle();
    fake.last.send(`${T1} one\n${T2} two\n${T2} two again\n${T3} thr`);
    fake.last.drop();

    expect(seen.statuses).toEqual([{ kind: 'live', protocol: 'http' }, { kind: 'resuming', attempt: 1, error: LOST }]);
    expect(fake.connections).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.connections).toHaveLength(2);
    const resumed = fake.last;
    expect(Object.fromEntries(resumed.target.query)).toEqual({ follow: 'true', timestamps: 'true', sinceTime: '2024-05-01T10:00:01Z' });

    resumed.accept('http');
    await settle();
    resumed.send(`${T1} one\n${T2} two\n${T2} two again\n${T3} three\n`);
    resumed.send(`${T3} four\n`);
    expect(texts(seen.lines)).toEqual(['one', 'two', 'two again', 'three', 'four']);
    expect(seen.statuses.at(-1)).toEqual({ kind: 'live', protocol: 'http' });
    expect(seen.ends).toEqual([]);
  });

  it('repeats the original request when the drop came before any line', async () => {
    const { fake } = open({ tailLines: 3 });
    fake.last.accept();
    await settle();
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.last.query('tailLines')).toBe('3');
    expect(fake.last.query('sinceTime')).toBeNull();
  });

  it('backs off while resume attempts fail, and tells each attempt with its error', async () => {
    const { fake, seen } = open();
    fake.last.accept();
    await settle();
    fake.last.send(`${T1} one\n`);
    fake.last.drop();
    for (const [attempt, delay] of [[1, 100], [2, 200], [3, 400]] as const) {
      expect(seen.statuses.at(-1)).toMatchObject({ kind: 'resuming', attempt });
      await vi.advanceTimersByTimeAsync(delay - 1);
      const before = fake.connections.length;
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.connections).toHaveLength(before + 1);
      fake.last.refuse(refusal('network'));
      await settle();
    }
    expect(seen.statuses.at(-1)).toEqual({ kind: 'resuming', attempt: 4, error: refusal('network') });
  });

  it('starts the backoff over once new lines flow again', async () => {
    const { fake, seen } = open();
    fake.last.accept();
    await settle();
    fake.last.send(`${T1} one\n`);
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    fake.last.refuse(refusal('server-error'));
    await settle();
    await vi.advanceTimersByTimeAsync(200);
    fake.last.accept();
    await settle();
    fake.last.send(`${T2} two\n`);
    fake.last.drop();
    expect(seen.statuses.at(-1)).toMatchObject({ kind: 'resuming', attempt: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(fake.connections).toHaveLength(4);
  });

  it('gives up on an error no retry can fix', async () => {
    const { fake, seen } = open();
    fake.last.accept();
    await settle();
    fake.last.send(`${T1} one\n`);
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    fake.last.refuse(refusal('not-found'));
    await settle();
    expect(seen.ends).toEqual([{ kind: 'failed', error: refusal('not-found') }]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.connections).toHaveLength(2);
  });

  it('gives up after maxResumeAttempts failed attempts in a row', async () => {
    const { fake, seen } = open({ maxResumeAttempts: 2 });
    fake.last.accept();
    await settle();
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(100);
    fake.last.refuse(refusal('network'));
    await settle();
    await vi.advanceTimersByTimeAsync(200);
    fake.last.refuse(refusal('network'));
    await settle();
    expect(seen.ends).toEqual([{ kind: 'failed', error: refusal('network') }]);
  });

  it('never retries a refused first connection', async () => {
    const { fake, seen } = open();
    fake.last.refuse(refusal('network'));
    await settle();
    expect(seen.ends).toEqual([{ kind: 'failed', error: refusal('network') }]);
    expect(seen.statuses).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.connections).toHaveLength(1);
  });
});

describe('LogStream: the end', () => {
  it('ends on a clean end, delivering a last line without LF', async () => {
    const { fake, seen } = open({ follow: false });
    fake.last.accept();
    await settle();
    fake.last.send(`${T1} one\n${T2} last`);
    fake.last.end();
    expect(texts(seen.lines)).toEqual(['one', 'last']);
    expect(seen.ends).toEqual([{ kind: 'ended' }]);
  });

  it('ends and closes the connection when limitBytes is used up', async () => {
    const { fake, seen } = open({ limitBytes: 6 });
    fake.last.accept();
    await settle();
    fake.last.send(`${T1} one\n${T2} two\n${T3} three\n`);
    expect(texts(seen.lines)).toEqual(['one', 'tw']);
    expect(seen.ends).toEqual([{ kind: 'ended' }]);
    expect(fake.last.closed).toBe(true);
  });

  it('stops at close(): the connection is closed, a pending resume is cancelled, nothing more is heard', async () => {
    const { stream, fake, seen } = open();
    fake.last.accept();
    await settle();
    fake.last.drop();
    stream.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.connections).toHaveLength(1);
    expect(seen.ends).toEqual([]);
  });

  it('aborts an opening connection at close() and closes it should it still open', async () => {
    const { stream, fake, seen } = open();
    stream.close();
    expect(fake.last.signal.aborted).toBe(true);
    fake.last.accept();
    await settle();
    expect(fake.last.closed).toBe(true);
    expect(seen.statuses).toEqual([]);
  });
});

describe('LogStream: flow control', () => {
  it('pauses the connection, also one that opens while paused', async () => {
    const { stream, fake } = open();
    stream.pause();
    fake.last.accept();
    await settle();
    expect(fake.last.paused).toBe(true);
    stream.resume();
    expect(fake.last.paused).toBe(false);
  });
});
