// The kubeconfig as the rest of main sees it: the contexts (summaries without credentials) and a
// ClusterConnection per context. Reads $KUBECONFIG (or ~/.kube/config), merges as kubectl does,
// and reloads when a file changes on disk. A reload replaces only the connections whose context,
// cluster or user entry changed; connections handed out earlier keep working with the
// configuration they were built from, so open sessions are never dropped by an edit.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContextSummary, KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import { CoreError } from '../errors/core-error.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { createClusterConnection, type ConnectionOptions } from '../connection/kubeconfig-connection.ts';
import { contextEntries, type ContextEntry } from './context-entries.ts';
import { LastGoodKubeconfigs } from './kubeconfig-last-good.ts';
import { mergeKubeconfigs, type KubeconfigFile } from './kubeconfig-merge.ts';
import { kubeconfigPaths } from './kubeconfig-paths.ts';

export interface KubeconfigStoreOptions {
  /** The $KUBECONFIG value; defaults to the process environment's. */
  kubeconfigEnv?: string | undefined;
  /** The home directory for ~/.kube/config; defaults to os.homedir(). */
  home?: string;
  /** Watch the files and reload on change (default true). */
  watch?: boolean;
  /** Quiet time after a change event before re-reading: editors and kubectl write in steps. */
  debounceMs?: number;
  connection?: ConnectionOptions;
}

const DEFAULT_DEBOUNCE_MS = 150;

export class KubeconfigStore {
  readonly files: readonly string[];
  readonly #options: KubeconfigStoreOptions;
  #entries = new Map<string, ContextEntry>();
  #fileProblems: readonly KubeconfigFileProblem[] = [];
  #snapshot = '';
  readonly #connections = new Map<string, { document: string; connection: ClusterConnection }>();
  readonly #listeners = new Set<() => void>();
  readonly #watchers: FSWatcher[] = [];
  #debounce: NodeJS.Timeout | undefined;
  readonly #lastGood = new LastGoodKubeconfigs();
  #closed = false;

  constructor(options: KubeconfigStoreOptions = {}) {
    this.#options = options;
    const env = 'kubeconfigEnv' in options ? options.kubeconfigEnv : process.env['KUBECONFIG'];
    this.files = kubeconfigPaths(env, options.home ?? os.homedir());
    this.reload();
    if (options.watch !== false) this.#watch();
  }

  contexts(): ContextSummary[] {
    return [...this.#entries.values()].map((entry) => entry.summary);
  }

  /**
   * Problems of whole files, as of the latest reload: files that exist but could not be used
   * (their contexts are missing from contexts()), and a current-context no file defines.
   */
  fileProblems(): readonly KubeconfigFileProblem[] {
    return this.#fileProblems;
  }

  /** The connection of a usable context; throws CoreError 'kubeconfig' naming the context and field. */
  connection(context: string): ClusterConnection {
    const entry = this.#entries.get(context);
    if (entry === undefined) {
      throw new CoreError({
        kind: 'kubeconfig',
        title: 'No such context',
        detail: `No kubeconfig context is named "${context}" (files: ${this.files.join(', ')}).`,
        context,
      });
    }
    if (entry.summary.problem !== undefined || entry.document === undefined) {
      throw new CoreError(entry.summary.problem ?? { kind: 'kubeconfig', title: 'Kubeconfig entry unusable', detail: context, context });
    }
    const cached = this.#connections.get(context);
    if (cached !== undefined && cached.document === entry.document) return cached.connection;
    const connection = createClusterConnection(
      {
        context,
        user: entry.summary.user,
        server: entry.summary.server,
        document: entry.document,
        userBody: entry.userBody,
        ...(entry.proxy === undefined ? {} : { proxy: entry.proxy }),
      },
      this.#options.connection,
    );
    this.#connections.set(context, { document: entry.document, connection });
    return connection;
  }

  /** Called after a reload that changed any context or file problem. Returns unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads the files now; returns whether anything visible changed (and notifies if so). */
  reload(): boolean {
    const read = readKubeconfigs(this.files);
    const chosen = this.#lastGood.choose(read.files);
    const merged = mergeKubeconfigs(chosen.files);
    const entries = contextEntries(merged);
    const fileProblems = [...read.problems, ...chosen.problems, ...merged.fileProblems];
    const snapshot = JSON.stringify({ entries, fileProblems });
    if (snapshot === this.#snapshot) return false;
    const first = this.#snapshot === '';
    this.#snapshot = snapshot;
    this.#entries = new Map(entries.map((entry) => [entry.summary.name, entry]));
    this.#fileProblems = fileProblems;
    // Only future connection() calls see the change; connections already handed out live on.
    for (const [context, cached] of this.#connections) {
      if (this.#entries.get(context)?.document !== cached.document) this.#connections.delete(context);
    }
    if (!first) for (const listener of [...this.#listeners]) listener();
    return true;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#debounce);
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers.length = 0;
    this.#listeners.clear();
  }

  #watch(): void {
    // Watch directories, not files: editors and kubectl replace files (rename), which a file
    // watch does not survive, and a listed file that does not exist yet may be created.
    const names = new Map<string, Set<string>>();
    for (const file of this.files) {
      const directory = path.dirname(file);
      const set = names.get(directory) ?? new Set<string>();
      set.add(path.basename(file));
      names.set(directory, set);
    }
    for (const [directory, basenames] of names) {
      let watcher: FSWatcher;
      try {
        watcher = watch(directory, { persistent: false }, (_event, filename) => {
          if (filename === null || basenames.has(filename.toString())) this.#scheduleReload();
        });
      } catch {
        continue; // The directory does not exist: nothing there to load or to watch.
      }
      watcher.on('error', () => watcher.close());
      this.#watchers.push(watcher);
    }
  }

  #scheduleReload(): void {
    if (this.#closed) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      if (!this.#closed) this.reload();
    }, this.#options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }
}

/**
 * The text of each file that exists. A missing file is skipped (kubectl does so, and it may be
 * created later); one that exists but cannot be read (permissions, a directory) is worth saying.
 */
function readKubeconfigs(paths: readonly string[]): { files: KubeconfigFile[]; problems: KubeconfigFileProblem[] } {
  const files: KubeconfigFile[] = [];
  const problems: KubeconfigFileProblem[] = [];
  for (const file of paths) {
    try {
      files.push({ path: file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') continue;
      problems.push({
        file,
        problem: {
          kind: 'kubeconfig',
          title: 'Kubeconfig file unusable',
          detail: `The kubeconfig file ${file} cannot be read (${String(code)}); it is ignored.`,
        },
      });
    }
  }
  return { files, problems };
}
