import { closeSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASCIICAST_LIMITS } from '../../../../../shared/asciicast/asciicast.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { RecordingStore } from '../../../../../main/core/recordings/recording-store.ts';

let root: string;
let dir: string;
let store: RecordingStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'porthole-store-'));
  dir = join(root, 'recordings');
  store = new RecordingStore(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(error)}`);
  return error;
}

/** Writes a file into the directory; answers its size in bytes. */
function put(name: string, text: string): number {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return Buffer.byteLength(text);
}

describe('RecordingStore', () => {
  it('creates the directory 0700 and each file 0600, a second one the same second with "-2"', () => {
    const first = store.create('2026-12-06_06-30-00_web-0-shell');
    const second = store.create('2026-12-06_06-30-00_web-0-shell');
    closeSync(first.fd);
    closeSync(second.fd);
    expect([first.name, second.name]).toEqual(['2026-12-06_06-30-00_web-0-shell.cast', '2026-12-06_06-30-00_web-0-shell-2.cast']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, first.name)).mode & 0o777).toBe(0o600);
  });

  it('a directory that cannot be made is a file error naming it', () => {
    writeFileSync(join(root, 'blocker'), '');
    const blocked = new RecordingStore(join(root, 'blocker', 'recordings'));
    expect(() => blocked.create('x')).toThrow(CoreError);
    try {
      blocked.create('x');
    } catch (error) {
      expect((error as CoreError).userError).toMatchObject({ kind: 'file', title: 'Cannot create the recordings directory' });
      expect((error as CoreError).userError.detail).toContain(join(root, 'blocker', 'recordings'));
    }
  });

  it('lists nothing before the directory exists', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('lists each recording with its header and the time of its last whole event, newest name first', async () => {
    const a = put('2026-12-06_06-00-00_a.cast', '{"version":2,"width":80,"height":24,"title":"a: shell","porthole_input":true}\n[0.5,"o","x"]\n[4.25,"o","y"]\n');
    // Cut short by a crash: the half line at the end is not an event.
    const b = put('2026-12-06_07-00-00_b.cast', '{"version":2,"width":80,"height":24}\n[1.5,"o","x"]\n[2.5,"o","unfinis');
    const c = put('2026-12-06_08-00-00_c.cast', 'this is not asciicast\n');
    put('notes.txt', 'ignored');
    put('.hidden.cast', 'ignored');
    mkdirSync(join(dir, 'folder.cast'));
    const list = await store.list();
    expect(list).toEqual([
      { name: '2026-12-06_08-00-00_c.cast', bytes: c, header: null, problem: 'line 1: is not JSON: "this is not asciicast"', lastTime: 0 },
      { name: '2026-12-06_07-00-00_b.cast', bytes: b, header: { version: 2, width: 80, height: 24 }, problem: null, lastTime: 1.5 },
      {
        name: '2026-12-06_06-00-00_a.cast',
        bytes: a,
        header: { version: 2, width: 80, height: 24, title: 'a: shell', inputRecorded: true },
        problem: null,
        lastTime: 4.25,
      },
    ]);
  });

  it('finds the last event of a file longer than what it peeks at', async () => {
    const lines = Array.from({ length: 5000 }, (_, index) => `[${index / 10},"o","${'x'.repeat(40)}"]\n`);
    put('long.cast', `{"version":2,"width":80,"height":24}\n${lines.join('')}`);
    expect((await store.list())[0]?.lastTime).toBe(499.9);
  });

  it('reads a recording whole', async () => {
    put('a.cast', '{"version":2,"width":80,"height":24}\n[0.5,"o","é"]\n');
    expect(await store.read('a.cast')).toBe('{"version":2,"width":80,"height":24}\n[0.5,"o","é"]\n');
  });

  it('refuses to read a recording past the size limit', async () => {
    put('big.cast', '');
    truncateSync(join(dir, 'big.cast'), ASCIICAST_LIMITS.fileBytes + 1);
    expect((await refusal(store.read('big.cast'))).userError).toMatchObject({ kind: 'file', title: 'Recording too large' });
  });

  it('a name that is no recording name never reaches the file system', async () => {
    writeFileSync(join(root, 'secret.cast'), 'secret');
    for (const name of ['../secret.cast', '/etc/passwd', 'a/../../secret.cast', '..', '']) {
      expect((await refusal(store.read(name))).userError).toMatchObject({ kind: 'invalid-request', title: 'Invalid recording name' });
      expect((await refusal(store.delete(name))).userError.title).toBe('Invalid recording name');
    }
  });

  it('a recording that is not there is not found', async () => {
    expect((await refusal(store.read('gone.cast'))).userError).toMatchObject({ kind: 'not-found', title: 'No such recording' });
    expect((await refusal(store.delete('gone.cast'))).userError).toMatchObject({ kind: 'not-found', title: 'No such recording' });
  });

  it('deletes a recording', async () => {
    const { name, fd } = store.create('x');
    writeSync(fd, '{"version":2,"width":80,"height":24}\n');
    closeSync(fd);
    await store.delete(name);
    expect(await store.list()).toEqual([]);
  });

  it('discard closes a file create opened', () => {
    const { fd } = store.create('x');
    store.discard(fd);
    expect(() => closeSync(fd)).toThrow(/EBADF/);
  });
});
