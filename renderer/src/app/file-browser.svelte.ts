// One file browser pane's state: the directory shown, its listing (or why there is none), the
// sort, the selection, and what the user does to it (open, up, refresh, new folder, delete,
// download, upload). Main lists over exec (main/core/files/); a container with no shell is
// browsed, once the user asks, through a debug container, and every later call goes the same way.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { DirectoryListing, FileEntry, FilePathRequest } from '../../../shared/bridge/file-listing.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { transferFinished } from '../../../shared/bridge/transfers.ts';
import { childPath, DEFAULT_SORT, newNameProblem, nextSort, parentPath, sortEntries, type SortKey, type SortOrder } from './file-browser.ts';
import { uploadFiles } from './transfers.ts';
import { userErrorOf } from './user-error.ts';

export type FileBrowserBridge = Pick<
  PortholeBridge,
  'listDirectory' | 'makeDirectory' | 'deletePath' | 'startDownload' | 'startUpload' | 'uploadChunk' | 'onTransferEvent'
>;

/** What the pane shows in place of the list. */
export type BrowserView =
  | { readonly kind: 'loading'; readonly path: string }
  | { readonly kind: 'listed' }
  | { readonly kind: 'error'; readonly error: UserError }
  /** The container has no shell: the pane offers the debug-container route. */
  | { readonly kind: 'no-shell'; readonly detail: string };

export interface FileBrowserOptions {
  /** The debug container's image, from the settings, read when the user takes that route. */
  readonly debugImage: () => string;
  /** Has the browser save a download from the host's address (the web host's downloads; browser-save.ts). */
  readonly saveInBrowser: (fetchPath: string) => void;
}

export class FileBrowser {
  readonly place: PodRef;
  readonly #bridge: FileBrowserBridge;
  readonly #options: FileBrowserOptions;
  /** Each load's number: an answer to an older one is dropped (the user went on meanwhile). */
  #loads = 0;
  #debugImage: string | undefined;

  path = $state('/');
  listing = $state.raw<DirectoryListing | null>(null);
  view = $state.raw<BrowserView>({ kind: 'loading', path: '/' });
  sort = $state.raw<SortOrder>(DEFAULT_SORT);
  selected = $state<string | null>(null);
  /** What runs now (making a folder, deleting, starting a transfer), or the last failure of it. */
  activity = $state.raw<{ readonly text: string; readonly error?: UserError } | null>(null);

  readonly entries: readonly FileEntry[] = $derived(this.listing === null ? [] : sortEntries(this.listing.entries, this.sort));

  constructor(bridge: FileBrowserBridge, place: PodRef, options: FileBrowserOptions) {
    this.#bridge = bridge;
    this.place = place;
    this.#options = options;
  }

  /**
   * Lists again once an upload into the directory shown ends: this pane's, or one dropped on a
   * terminal of the same container. Returns the unsubscribe.
   */
  watchTransfers(): () => void {
    return this.#bridge.onTransferEvent(({ transfer }) => {
      if (transfer.direction !== 'upload' || !transferFinished(transfer.state)) return;
      const here = this.#transferPlace(this.path);
      const { target } = transfer;
      const same = target.context === here.target.context && target.namespace === here.target.namespace && target.pod === here.target.pod && target.container === here.target.container;
      if (same && transfer.remotePath === here.path) void this.refresh();
    });
  }

  /** Whether listing goes through a debug container. */
  get viaDebugContainer(): boolean {
    return this.#debugImage !== undefined;
  }

  async load(path: string, select: string | null = null): Promise<void> {
    const load = ++this.#loads;
    this.view = { kind: 'loading', path };
    try {
      const answer = await this.#bridge.listDirectory(this.#request(path));
      if (load !== this.#loads) return;
      if (answer.kind === 'no-shell') {
        this.view = { kind: 'no-shell', detail: answer.detail };
        return;
      }
      this.path = path;
      this.listing = answer.listing;
      this.view = { kind: 'listed' };
      this.selected = select !== null && answer.listing.entries.some((entry) => entry.name === select) ? select : (this.entries[0]?.name ?? null);
    } catch (error) {
      if (load === this.#loads) this.view = { kind: 'error', error: userErrorOf(error, `listing ${path}`) };
    }
  }

  refresh(): Promise<void> {
    return this.load(this.view.kind === 'loading' ? this.view.path : this.path, this.selected);
  }

  /** Takes the debug-container route: lists again through a debug container of the settings' image. */
  useDebugContainer(): Promise<void> {
    this.#debugImage = this.#options.debugImage();
    return this.load(this.view.kind === 'loading' ? this.view.path : this.path);
  }

  /** Opens a directory (or a symlink, which may lead to one: the listing says if not). */
  open(entry: FileEntry): Promise<void> {
    if (entry.kind !== 'directory' && entry.kind !== 'symlink') return this.download(entry);
    return this.load(childPath(this.path, entry.name));
  }

  up(): Promise<void> {
    const parent = parentPath(this.path);
    if (parent === null) return Promise.resolve();
    const from = this.path.slice(this.path.lastIndexOf('/') + 1);
    return this.load(parent, from);
  }

  setSort(key: SortKey): void {
    this.sort = nextSort(this.sort, key);
  }

  get selectedEntry(): FileEntry | null {
    return this.entries.find((entry) => entry.name === this.selected) ?? null;
  }

  /** Makes a folder in the directory shown and selects it. Returns why not, or null. */
  async makeDirectory(name: string): Promise<string | null> {
    const problem = newNameProblem(name);
    if (problem !== null) return problem;
    const path = childPath(this.path, name);
    const done = await this.#run(`Making folder ${name}…`, () => this.#bridge.makeDirectory(this.#request(path)));
    if (done) await this.load(this.path, name);
    return null;
  }

  async delete(entry: FileEntry): Promise<void> {
    const path = childPath(this.path, entry.name);
    const index = this.entries.findIndex((candidate) => candidate.name === entry.name);
    const done = await this.#run(`Deleting ${entry.name}…`, () => this.#bridge.deletePath(this.#request(path)));
    if (!done) return;
    // The row that takes the deleted one's place keeps the selection where the user was.
    const neighbour = this.entries[index + 1] ?? this.entries[index - 1];
    await this.load(this.path, neighbour?.name ?? null);
  }

  /** Starts a download; the Transfers drawer shows its progress. */
  async download(entry: FileEntry): Promise<void> {
    const { target, path } = this.#transferPlace(childPath(this.path, entry.name));
    await this.#run(`Starting the download of ${entry.name}…`, async () => {
      const started = await this.#bridge.startDownload({ target, remotePath: path });
      // The web host's download starts when the browser fetches it; Electron's has already begun.
      if (started?.fetchPath !== undefined) this.#options.saveInBrowser(started.fetchPath);
    });
  }

  /** Uploads files into the directory shown; the Transfers drawer shows the progress. */
  async upload(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const { target, path } = this.#transferPlace(this.path);
    const names = files.length === 1 ? files[0]?.name : `${files.length} files`;
    await this.#run(`Uploading ${names}…`, () => uploadFiles(this.#bridge, target, path, files));
  }

  dismissActivity(): void {
    this.activity = null;
  }

  /** Runs one action, showing it meanwhile and its failure after; true when it succeeded. */
  async #run(text: string, action: () => Promise<unknown>): Promise<boolean> {
    this.activity = { text };
    try {
      await action();
      this.activity = null;
      return true;
    } catch (error) {
      this.activity = { text, error: userErrorOf(error, text.replace(/…$/, '').toLowerCase()) };
      return false;
    }
  }

  #request(path: string): FilePathRequest {
    return { ...this.place, path, ...(this.#debugImage === undefined ? {} : { debugImage: this.#debugImage }) };
  }

  /**
   * Where a transfer runs: in the container, or, on the debug-container route, in the debug
   * container below the target's root (its tar does the work the target has no tools for).
   */
  #transferPlace(path: string): { target: PodRef; path: string } {
    const route = this.listing?.route;
    if (route?.kind !== 'debug-container') return { target: this.place, path };
    return { target: { ...this.place, container: route.debugContainer }, path: path === '/' ? `${route.rootPath}/` : `${route.rootPath}${path}` };
  }
}
