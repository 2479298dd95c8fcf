// listDirectory over a scripted exec peer: what it asks the container to run, and how each answer
// becomes a listing, a retry, 'no-shell' or a sentence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listDirectory } from '../../../../../main/core/files/listing.ts';
import { debugAccess } from '../../../../../main/core/files/listing-route.ts';
import { notFoundStatus } from '../sessions/scripted-server.ts';
import { TARGET, answer, argvOf, refusal, useFilesServer } from './files-harness.ts';

const { startServer, access } = useFilesServer();
const LISTING = readFileSync(new URL('fixtures/listing-busybox.bin', import.meta.url));

describe('listDirectory', () => {
  it('runs the listing script in the container with the path as its own argument, and parses the answer', async () => {
    const { server, files } = await access();
    answer(server, [{ stdout: LISTING, exit: 0 }]);
    const result = await listDirectory(files, '/tmp/a b; rm -rf /');
    expect(result.kind).toBe('listed');
    if (result.kind !== 'listed') return;
    expect(result.listing.path).toBe('/tmp/a b; rm -rf /');
    expect(result.listing.route).toEqual({ kind: 'exec' });
    expect(result.listing.entries.map((entry) => entry.name)).toContain('new\nline');
    expect(result.listing.limitation).toBeUndefined();
    const peer = await server.connection(0);
    expect(peer.url.searchParams.get('container')).toBe('app');
    const argv = argvOf(peer);
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv.slice(3)).toEqual(['porthole-list', '/tmp/a b; rm -rf /']);
  });

  it('says what a container without stat cannot show', async () => {
    const { server, files } = await access();
    answer(server, [{ stdout: readFileSync(new URL('fixtures/listing-shell-only.bin', import.meta.url)), exit: 0 }]);
    const result = await listDirectory(files, '/');
    expect(result.kind === 'listed' && result.listing.limitation).toBe(
      'This container has no stat command: sizes, dates, modes and owners are not shown.',
    );
  });

  it('lists through /proc/1/root of a debug container, naming the target in what it answers', async () => {
    const server = await startServer();
    const files = debugAccess(server.connectionFor(), TARGET, { container: 'porthole-debug-x1', target: 'app', reused: true });
    answer(server, [{ stdout: LISTING, exit: 0 }, { exit: 3 }]);
    const result = await listDirectory(files, '/etc');
    expect(result.kind === 'listed' && result.listing.route).toEqual({ kind: 'debug-container', debugContainer: 'porthole-debug-x1', rootPath: '/proc/1/root' });
    const peer = await server.connection(0);
    expect(peer.url.searchParams.get('container')).toBe('porthole-debug-x1');
    expect(argvOf(peer).at(-1)).toBe('/proc/1/root/etc');
    const error = await refusal(listDirectory(files, '/'));
    expect(argvOf(await server.connection(1)).at(-1)).toBe('/proc/1/root/');
    expect(error.userError.detail).toBe('/ does not exist in the container app of pod web-0.');
  });

  it.each([
    [3, 'not-found', 'No such directory', '/data does not exist in the container app of pod web-0.'],
    [4, 'bad-request', 'Not a directory', '/data in the container app of pod web-0 is a file, not a directory.'],
    [5, 'forbidden', 'Permission denied', 'The user the container app of pod web-0 runs as may not read /data.'],
    [2, 'server-error', 'Listing failed', 'Listing /data in the container app of pod web-0 ended with exit code 2.'],
  ])('turns exit code %i into a sentence', async (code, kind, title, detail) => {
    const { server, files } = await access();
    answer(server, [{ exit: code }]);
    expect((await refusal(listDirectory(files, '/data'))).userError).toEqual({ kind, title, detail, context: 'test-context' });
  });

  it('lists again when entries vanished meanwhile, and gives up after three tries', async () => {
    const { server, files } = await access();
    answer(server, [{ exit: 6 }, { stdout: LISTING, exit: 0 }]);
    expect((await listDirectory(files, '/tmp')).kind).toBe('listed');
    expect(server.connections).toHaveLength(2);

    const again = await access();
    answer(again.server, [{ exit: 6 }]);
    expect((await refusal(listDirectory(again.files, '/tmp'))).userError.title).toBe('Directory keeps changing');
    expect(again.server.connections).toHaveLength(3);
  });

  it('answers no-shell when the container has no sh, so the browser can offer a debug container', async () => {
    const { server, files } = await access();
    answer(server, [{ status: notFoundStatus('sh') }]);
    expect(await listDirectory(files, '/')).toEqual({
      kind: 'no-shell',
      detail: 'The container app of pod web-0 has no shell (sh) to list files with. A debug container that shares its processes can show them.',
    });
  });

  it('refuses output it cannot parse with a sentence, not a partial listing', async () => {
    const { server, files } = await access();
    answer(server, [{ stdout: new TextEncoder().encode('total 0\n'), exit: 0 }]);
    const error = await refusal(listDirectory(files, '/'));
    expect(error.userError.title).toBe('Listing not understood');
    expect(error.userError.detail).toContain('expected "porthole-list 1 stat"');
  });
});
