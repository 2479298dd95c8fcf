// The fake server's own behaviours, which other tests (exec, logs) rely on.
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { startFakeServer, type FakeServer, type FakeSocketSession } from '../../../../fake-server/fake-server.ts';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const target = (protocols: readonly string[]) => ({ path: '/api/v1/namespaces/ns/pods/p/exec', query: new URLSearchParams(), protocols, resource: 'exec in pod p' });

type Received = { data: Buffer; isBinary: boolean };

/** Every message until the close; listens first, then resumes the (paused) socket. */
function messagesUntilClose(socket: WebSocket): Promise<{ messages: Received[]; code: number }> {
  const messages: Received[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => messages.push({ data, isBinary }));
  socket.on('error', () => {});
  const closed = new Promise<{ messages: Received[]; code: number }>((resolve) => socket.on('close', (code: number) => resolve({ messages, code })));
  socket.resume();
  return closed;
}

/** The next message, once the listener is attached and the (paused) socket resumed. */
function nextMessage(socket: WebSocket): Promise<Buffer> {
  const message = new Promise<Buffer>((resolve) => socket.once('message', resolve));
  socket.resume();
  return message;
}

describe('fake server', () => {
  it('speaks only the base64 variants when told to, and sends text frames as text', async () => {
    fake = await startFakeServer({
      protocols: ['v4.base64.channel.k8s.io', 'base64.channel.k8s.io'],
      onSocket: (session) => {
        session.send('1aGk=');
        session.close(1000);
      },
    });
    const { socket, protocol } = await openWebSocket(fake.connection(), target(['v4.channel.k8s.io', 'v4.base64.channel.k8s.io']));
    expect(protocol).toBe('v4.base64.channel.k8s.io');
    const { messages } = await messagesUntilClose(socket);
    expect(messages).toEqual([{ data: Buffer.from('1aGk='), isBinary: false }]);
  });

  it('sendTruncated: a frame cut short, then the connection ends (the client never gets the message)', async () => {
    fake = await startFakeServer({ onSocket: (session) => session.sendTruncated(new Uint8Array([1, 104, 105]), 10) });
    const { socket } = await openWebSocket(fake.connection(), target(['v5.channel.k8s.io']));
    const { messages, code } = await messagesUntilClose(socket);
    expect(messages).toEqual([]);
    expect(code).toBe(1006);
  });

  it('sendRaw writes bytes with no framing (here: a whole frame made by hand)', async () => {
    const { binaryFrameHeader } = await import('../../../../fake-server/fake-server.ts');
    fake = await startFakeServer({ onSocket: (session) => session.sendRaw(Buffer.concat([binaryFrameHeader(2), Buffer.from([1, 33])])) });
    const { socket } = await openWebSocket(fake.connection(), target(['v5.channel.k8s.io']));
    const message = await nextMessage(socket);
    expect([...message]).toEqual([1, 33]);
    socket.terminate();
  });

  it('records what the client sent, and lets the test answer it', async () => {
    let session: FakeSocketSession | undefined;
    fake = await startFakeServer({
      onSocket: (s) => {
        session = s;
        void s.nextMessage().then((message) => s.send(Buffer.concat([Buffer.from([1]), message.data.subarray(1)])));
      },
    });
    const { socket } = await openWebSocket(fake.connection(), target(['v5.channel.k8s.io']));
    socket.send(Buffer.from([0, 101, 99, 104, 111]));
    const echoed = await nextMessage(socket);
    expect(echoed.toString('latin1', 1)).toBe('echo');
    expect(session?.protocol).toBe('v5.channel.k8s.io');
    socket.terminate();
  });
});
