// The upload's stdin: pieces given from one buffer that is refilled after each write (as the local
// files are read) arrive intact, gathered into frames, as a tar the container can unpack, followed
// by the v5 close of stdin; the check afterwards compares the container's hashes with the bytes'
// or, for files of this machine, with the files as they are on the disk once all was sent.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_PAYLOAD_BYTES, Upload } from '../../../../../main/core/files/upload.ts';
import { ProgressMeter } from '../../../../../main/core/files/progress-meter.ts';
import { CHANNEL } from '../../../../../shared/protocol/channels.ts';
import { TarReader, type TarEntry } from '../../../../../shared/tar/tar-reader.ts';
import { SUCCESS } from '../sessions/scripted-server.ts';
import { TARGET, useFilesServer } from './files-harness.ts';

const { startServer } = useFilesServer();

/** Bytes whose value at each position depends on the file and the position, so a stale refill shows. */
function content(seed: number, size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, index) => (index * 31 + seed * 7 + (index >> 12)) & 0xff);
}

function unpack(archive: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let parts: Uint8Array[] = [];
  const reader = new TarReader({
    entry: () => (parts = []),
    data: (bytes) => parts.push(bytes.slice()),
    entryEnd: (entry: TarEntry) => files.set(entry.name, Buffer.concat(parts)),
  });
  reader.push(archive);
  reader.end();
  expect(reader.ended).toBe(true);
  return files;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The container: its tar exits once stdin is closed (v5: the frame [255, 0]); its sha256sum prints `hashes`. */
function answerAsContainer(server: Awaited<ReturnType<typeof startServer>>, hashes: string): void {
  server.onConnection((peer) => {
    if (peer.url.searchParams.getAll('command')[0] === 'tar') {
      void peer.until(() => peer.received.some((message) => message[0] === CHANNEL.close)).then(() => peer.sendStatus(SUCCESS));
      return;
    }
    peer.send(CHANNEL.stdout, hashes);
    peer.sendStatus(SUCCESS);
  });
}

describe('Upload', () => {
  it('sends pieces written from one reused buffer intact, as a tar, then closes stdin and checks the hashes', async () => {
    const server = await startServer();
    const big = content(1, 3 * 1024 * 1024 + 123);
    const small = content(2, 10);
    answerAsContainer(server, `${sha(big)}  ./big.bin\n${sha(small)}  ./small.txt\n`);
    const upload = await Upload.open({
      connection: server.connectionFor(),
      target: TARGET,
      remoteDirectory: '/tmp/up',
      entries: [
        { name: 'big.bin', type: 'file', mode: 0o644, size: big.length, mtime: 1 },
        { name: 'small.txt', type: 'file', mode: 0o600, size: small.length, mtime: 2 },
      ],
      meter: new ProgressMeter(),
      signal: new AbortController().signal,
      verifying: () => undefined,
    });
    const piece = new Uint8Array(700 * 1024);
    for (const file of [big, small]) {
      for (let at = 0; at < file.length; at += piece.length) {
        const bytes = file.subarray(at, at + piece.length);
        piece.set(bytes);
        await upload.write(piece.subarray(0, bytes.length));
        // What the socket still holds must not be this buffer: fill it with garbage at once.
        piece.fill(0xee);
      }
    }
    expect(await upload.result).toEqual({ kind: 'verified', method: 'sha256' });
    const peer = await server.connection(0);
    expect(peer.payloads(CHANNEL.stdin).every((payload) => payload.length <= FRAME_PAYLOAD_BYTES)).toBe(true);
    const files = unpack(Buffer.concat(peer.payloads(CHANNEL.stdin)));
    expect([...files.keys()]).toEqual(['big.bin', 'small.txt']);
    expect(Buffer.compare(files.get('big.bin') ?? new Uint8Array(), big)).toBe(0);
    expect(Buffer.compare(files.get('small.txt') ?? new Uint8Array(), small)).toBe(0);
  });

  it('checks files of this machine as they are on the disk after the bytes went, and says so when they cannot be read', async () => {
    const server = await startServer();
    const sent = content(3, 5000);
    answerAsContainer(server, `${sha(sent)}  ./a.bin\n`);
    const root = mkdtempSync(join(tmpdir(), 'upload-sources-check-'));
    try {
      const uploadFrom = async (localPath: string): Promise<Upload> => {
        const upload = await Upload.open({
          connection: server.connectionFor(),
          target: TARGET,
          remoteDirectory: '/tmp/up',
          entries: [{ name: 'a.bin', type: 'file', mode: 0o644, size: sent.length, mtime: 1 }],
          meter: new ProgressMeter(),
          signal: new AbortController().signal,
          verifying: () => undefined,
          sources: [{ name: 'a.bin', localPath, size: sent.length }],
        });
        await upload.write(sent);
        return upload;
      };
      // The file on the disk is not what was sent (it changed meanwhile): the check reads the disk.
      writeFileSync(join(root, 'a.bin'), content(4, 5000));
      const changed = await (await uploadFrom(join(root, 'a.bin'))).result;
      expect(changed.kind).toBe('differs');
      expect(changed.kind === 'differs' && changed.differences[0]).toMatch(/^a\.bin: SHA-256 differs/);
      writeFileSync(join(root, 'a.bin'), sent);
      expect(await (await uploadFrom(join(root, 'a.bin'))).result).toEqual({ kind: 'verified', method: 'sha256' });
      await expect((await uploadFrom(join(root, 'gone.bin'))).result).rejects.toMatchObject({ userError: { title: 'Could not check the upload', detail: expect.stringMatching(/^Every byte was sent, .*ENOENT/) } });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
