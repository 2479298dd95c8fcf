import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listeningInodes, localPortOwner } from '../../../../../main/core/port-forward/local-port-owner.ts';

// Two rows of /proc/net/tcp: port 0x1F90 (8080) listening (state 0A), and an established one on it.
const TABLE = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 434343 1 0000000000000000 20 4 30 10 -1',
].join('\n');

describe('listeningInodes', () => {
  it('finds the inode of the socket listening on the port, not of its connections', () => {
    expect(listeningInodes(TABLE, 8080)).toEqual(['424242']);
    expect(listeningInodes(TABLE, 8081)).toEqual([]);
  });

  it('takes what it cannot read as nothing', () => {
    expect(listeningInodes('', 8080)).toEqual([]);
    expect(listeningInodes('header\nnot a row\n', 8080)).toEqual([]);
  });
});

describe('localPortOwner', () => {
  it.runIf(process.platform === 'linux')('names this process for a port it listens on', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      expect(await localPortOwner(port)).toMatch(new RegExp(`\\(pid ${process.pid}\\)$`));
    } finally {
      server.close();
    }
  });

  it('is unknown, not an error, where there is no /proc', async () => {
    expect(await localPortOwner(8080, '/nonexistent-proc')).toBeUndefined();
  });
});
