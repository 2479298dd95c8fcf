import { describe, expect, it } from 'vitest';
import type { DirectoryListing, FileEntry } from '../../../../shared/bridge/file-listing.ts';
import { FileBrowser } from '../../../../renderer/src/app/file-browser.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const PLACE = { context: 'dev', namespace: 'default', pod: 'web-0', container: 'app' } as const;
const dir = (name: string): FileEntry => ({ name, kind: 'directory', size: 4096, mode: 0o755 });
const file = (name: string, size = 10): FileEntry => ({ name, kind: 'file', size, mode: 0o644 });

function listed(path: string, entries: readonly FileEntry[], route: DirectoryListing['route'] = { kind: 'exec' }) {
  return { kind: 'listed', listing: { path, entries, route } } as const;
}

function setUp(): { bridge: FakeBridge; browser: FileBrowser; saved: string[] } {
  const bridge = new FakeBridge();
  const saved: string[] = [];
  bridge.directories.set('/', listed('/', [file('notes.txt'), dir('var'), dir('etc')]));
  bridge.directories.set('/var', listed('/var', [dir('log'), file('a b')]));
  return { bridge, browser: new FileBrowser(bridge, PLACE, { debugImage: () => 'busybox:1.36', saveInBrowser: (path) => saved.push(path) }), saved };
}

describe('FileBrowser (a file browser pane\'s model)', () => {
  it('lists a directory folders first and selects the first entry', async () => {
    const { bridge, browser } = setUp();
    await browser.load('/');
    expect(browser.view).toEqual({ kind: 'listed' });
    expect(browser.entries.map((entry) => entry.name)).toEqual(['etc', 'var', 'notes.txt']);
    expect(browser.selected).toBe('etc');
    expect(bridge.callsOf('listDirectory')[0]?.args).toEqual([{ ...PLACE, path: '/' }]);
  });

  it('opens a folder and goes back up with the folder it came from selected', async () => {
    const { browser } = setUp();
    await browser.load('/');
    await browser.open(dir('var'));
    expect(browser.path).toBe('/var');
    expect(browser.entries.map((entry) => entry.name)).toEqual(['log', 'a b']);
    await browser.up();
    expect(browser.path).toBe('/');
    expect(browser.selected).toBe('var');
    await browser.up();
    expect(browser.path).toBe('/');
  });

  it('keeps the directory it showed when another one cannot be listed, and says why', async () => {
    const { bridge, browser } = setUp();
    bridge.directories.set('/root', { kind: 'forbidden', title: 'Permission denied', detail: 'The user may not read /root.' });
    await browser.load('/');
    await browser.open(dir('root'));
    expect(browser.view).toEqual({ kind: 'error', error: { kind: 'forbidden', title: 'Permission denied', detail: 'The user may not read /root.' } });
    expect(browser.path).toBe('/');
  });

  it('drops an answer the user no longer waits for', async () => {
    const { browser } = setUp();
    const first = browser.load('/');
    const second = browser.load('/var');
    await Promise.all([first, second]);
    expect(browser.path).toBe('/var');
  });

  it('offers the debug container for a container without a shell, then lists and transfers through it', async () => {
    const { bridge, browser } = setUp();
    bridge.directories.set('/', { kind: 'no-shell', detail: 'No shell (sh).' });
    await browser.load('/');
    expect(browser.view).toEqual({ kind: 'no-shell', detail: 'No shell (sh).' });
    bridge.directories.set('/', listed('/', [file('tick')], { kind: 'debug-container', debugContainer: 'porthole-debug-a1', rootPath: '/proc/1/root' }));
    await browser.useDebugContainer();
    expect(browser.viaDebugContainer).toBe(true);
    expect(bridge.callsOf('listDirectory').at(-1)?.args).toEqual([{ ...PLACE, path: '/', debugImage: 'busybox:1.36' }]);
    await browser.download(file('tick'));
    expect(bridge.callsOf('startDownload')[0]?.args).toEqual([{ target: { ...PLACE, container: 'porthole-debug-a1' }, remotePath: '/proc/1/root/tick' }]);
  });

  it('makes a folder in the directory shown and selects it; a bad name is refused before main hears of it', async () => {
    const { bridge, browser } = setUp();
    await browser.load('/var');
    expect(await browser.makeDirectory('a/b')).toBe('A name cannot contain "/".');
    bridge.directories.set('/var', listed('/var', [dir('log'), dir('new one'), file('a b')]));
    expect(await browser.makeDirectory('new one')).toBeNull();
    expect(bridge.callsOf('makeDirectory').map((call) => call.args)).toEqual([[{ ...PLACE, path: '/var/new one' }]]);
    expect(browser.selected).toBe('new one');
  });

  it('shows a failed operation and keeps the listing', async () => {
    const { bridge, browser } = setUp();
    await browser.load('/var');
    bridge.refuseFileOperation = { kind: 'forbidden', title: 'Read-only file system', detail: 'mounted read-only' };
    await browser.delete(file('a b'));
    expect(browser.activity).toEqual({ text: 'Deleting a b…', error: { kind: 'forbidden', title: 'Read-only file system', detail: 'mounted read-only' } });
    expect(browser.entries).toHaveLength(2);
    browser.dismissActivity();
    expect(browser.activity).toBeNull();
  });

  it('selects the next row after a delete', async () => {
    const { bridge, browser } = setUp();
    await browser.load('/');
    bridge.directories.set('/', listed('/', [file('notes.txt'), dir('etc')]));
    await browser.delete(dir('var'));
    expect(bridge.callsOf('deletePath')[0]?.args).toEqual([{ ...PLACE, path: '/var' }]);
    expect(browser.selected).toBe('notes.txt');
  });

  it('downloads a file opened with Enter', async () => {
    const { bridge, browser } = setUp();
    await browser.load('/var');
    await browser.open(file('a b'));
    expect(bridge.callsOf('startDownload')[0]?.args).toEqual([{ target: PLACE, remotePath: '/var/a b' }]);
    expect(browser.path).toBe('/var');
  });

  it('has the browser save a download the host answers with an address (the web host), and nothing else', async () => {
    const { bridge, browser, saved } = setUp();
    await browser.load('/var');
    await browser.download(file('a b'));
    expect(saved).toEqual([]);
    bridge.downloadFetchPath = '/transfers/secret-1';
    await browser.download(file('a b'));
    expect(saved).toEqual(['/transfers/secret-1']);
    expect(browser.activity).toBeNull();
  });

  it('uploads files into the directory shown in chunks, and lists it again when the upload ends', async () => {
    const { bridge, browser } = setUp();
    const stop = browser.watchTransfers();
    await browser.load('/var');
    const big = new File([new Uint8Array(1024 * 1024 + 5)], 'big.bin');
    await browser.upload([new File(['hi'], 'a.txt'), big]);
    const [start] = bridge.callsOf('startUpload');
    expect(start?.args).toEqual([{ target: PLACE, remoteDirectory: '/var', files: [{ path: 'a.txt', size: 2 }, { path: 'big.bin', size: 1024 * 1024 + 5 }] }]);
    expect(bridge.callsOf('uploadChunk').map((call) => call.args[1])).toEqual([2, 1024 * 1024, 5]);
    const listings = bridge.callsOf('listDirectory').length;
    const transfer = bridge.transfers[0];
    if (transfer === undefined) throw new Error('no transfer started');
    bridge.emitTransfer({ ...transfer, state: { kind: 'done', verification: { kind: 'verified', method: 'size' } } });
    await Promise.resolve();
    expect(bridge.callsOf('listDirectory')).toHaveLength(listings + 1);
    stop();
  });

  it('sorts by a column, and the other way on a second click', async () => {
    const { browser } = setUp();
    await browser.load('/');
    browser.setSort('name');
    expect(browser.entries.map((entry) => entry.name)).toEqual(['var', 'etc', 'notes.txt']);
    expect(browser.sort).toEqual({ key: 'name', descending: true });
  });
});
