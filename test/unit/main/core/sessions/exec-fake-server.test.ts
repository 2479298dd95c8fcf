// The exec session against the shared fake API server (TLS, the real openWebSocket and
// ClusterConnection) for what a real server cannot produce on demand: broken frames, a peer that
// stalls, servers that speak only an old protocol or none we offer.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecRequest } from '../../../../../shared/bridge/sessions.ts';
import { createExecSession } from '../../../../../main/core/sessions/exec-session.ts';
import type { RemoteCommandSession } from '../../../../../main/core/sessions/remote-command-session.ts';
import { startFakeServer, type FakeServer, type FakeServerBehaviour } from '../../../../fake-server/fake-server.ts';
import { EventLog } from '../../../../support/event-log.ts';
import { frame } from './scripted-server.ts';

let fake: FakeServer | undefined;
const sessions: RemoteCommandSession[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  await fake?.close();
  fake = undefined;
});

async function openOn(
  behaviour: FakeServerBehaviour,
  request: Partial<ExecRequest> = {},
  keepalive?: { intervalMs: number; timeoutMs: number },
): Promise<{ session: RemoteCommandSession; log: EventLog }> {
  fake = await startFakeServer(behaviour);
  const log = new EventLog();
  const session = createExecSession({
    id: 'fake-1',
    emit: log.sink,
    connection: fake.connection(),
    request: {
      context: 'fake',
      namespace: 'ns',
      pod: 'p',
      command: { kind: 'argv', argv: ['sh'] },
      tty: false,
      stdin: true,
      ...request,
    },
    ...(keepalive === undefined ? {} : { keepalive }),
  });
  sessions.push(session);
  void session.start();
  return { session, log };
}

const isLive = (event: { kind: string; state?: { kind: string } }): boolean => event.kind === 'state' && event.state?.kind === 'live';

describe('exec against the fake server', () => {
  it('reports a frame cut short by the end of the connection as a lost connection, after the output before it', async () => {
    const { session, log } = await openOn({
      onSocket: (s) =>
        void s.nextMessage().then(() => {
          s.send(frame(1, 'complete'));
          s.sendTruncated(frame(1, 'cut'), 100);
        }),
    });
    await log.until(isLive);
    session.write(Buffer.from('go'));
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost', error: { kind: 'connection-lost' } });
    expect(log.outputText()).toBe('complete');
  });

  it('fails with a protocol error on bytes that are not a WebSocket frame', async () => {
    const { session, log } = await openOn({
      onSocket: (s) =>
        void s.nextMessage().then(() => {
          // Opcode 0x3 is reserved: no valid WebSocket frame starts with 0x83.
          s.sendRaw(Buffer.concat([Buffer.of(0x83, 0x01), Buffer.from('x')]));
        }),
    });
    await log.until(isLive);
    session.write(Buffer.from('go'));
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'protocol', title: 'Malformed WebSocket frame' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toMatch(/invalid opcode 3/i);
  });

  it('fails with a protocol error on a frame on a channel exec does not have', async () => {
    const { session, log } = await openOn({
      onSocket: (s) => void s.nextMessage().then(() => s.send(frame(9, 'x'))),
    });
    await log.until(isLive);
    session.write(Buffer.from('go'));
    expect((await log.finalState()).state).toMatchObject({ kind: 'failed', error: { kind: 'protocol' } });
  });

  it('calls a peer that stops answering pings lost', async () => {
    const { log } = await openOn({ onSocket: (s) => s.stall() }, {}, { intervalMs: 20, timeoutMs: 200 });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost', error: { kind: 'connection-lost', context: 'fake' } });
    expect(final.state.kind === 'connection-lost' && final.state.error.detail).toContain('keepalive');
  });

  it('speaks channel.k8s.io to a server that has nothing newer, where a close without status is a clean end', async () => {
    const { session, log } = await openOn({
      protocols: ['channel.k8s.io'],
      onSocket: (s) =>
        void s.nextMessage().then(() => {
          s.send(frame(1, 'out'));
          s.close(1000);
        }),
    });
    const live = await log.until(isLive);
    expect(live).toMatchObject({ state: { kind: 'live', protocol: 'channel.k8s.io' } });
    session.write(Buffer.from('go'));
    expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    expect(log.outputText()).toBe('out');
    expect(fake?.requests[0]?.offeredProtocols).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
  });

  it('tells the user under v4 that ending input needs closing the session', async () => {
    const { session, log } = await openOn({ protocols: ['v4.channel.k8s.io'] });
    await log.until(isLive);
    session.closeStdin();
    const notice = await log.until((event) => event.kind === 'notice');
    expect(notice).toMatchObject({ kind: 'notice', id: 'fake-1' });
    expect(session.state).toEqual({ kind: 'live', protocol: 'v4.channel.k8s.io' });
  });

  it('fails with the "no offered subprotocol accepted" explanation when the server speaks only base64 variants', async () => {
    const { log } = await openOn({ protocols: ['v4.base64.channel.k8s.io', 'base64.channel.k8s.io'] });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'protocol-refused', httpStatus: 403 } });
  });
});
