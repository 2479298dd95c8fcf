// The sidebar's data: every kubeconfig context, its namespaces (listed when the context opens),
// their pods (live from one pod watch per open namespace of an open context) and the pods'
// containers, flattened into the rows the sidebar's virtual list draws. Also the problems of whole
// kubeconfig files, what is open (kept across a reload of the window) and the filter. No DOM: the
// page hands in its storage and its animation frames, so this runs in plain Node under test.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { ContextSummary, KubeconfigFileProblem } from '../../../shared/bridge/contexts.ts';
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodSummary } from '../../../shared/bridge/resources.ts';
import { PodSet } from './pod-set.ts';
import {
  contextKey,
  flattenTree,
  isExpanded,
  keyParts,
  namespaceKey,
  namespaceListAfterFailure,
  needsNamespaces,
  podKey,
  restorableExpansion,
  PodRowCache,
  type KeyParts,
  type NamespaceList,
  type PodRow,
  type TreeRow,
} from './pod-tree.ts';
import { userErrorOf } from './user-error.ts';

export type ClusterBridge = Pick<PortholeBridge, 'listContexts' | 'kubeconfigProblems' | 'listNamespaces' | 'watchPods' | 'watchContexts'>;

export interface ClusterTreeOptions {
  readonly bridge: ClusterBridge;
  /** Where what is open survives a reload of the window: the page's sessionStorage. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /**
   * Calls `draw` once before the next paint and returns how to cancel that (requestAnimationFrame
   * in the page): pod events are drawn at most once a frame, however many arrive.
   */
  readonly scheduleFrame: (draw: () => void) => () => void;
}

export const EXPANDED_STORAGE_KEY = 'porthole.sidebar-expanded';

export class ClusterTree {
  readonly #bridge: ClusterBridge;
  readonly #storage: ClusterTreeOptions['storage'];
  readonly #scheduleFrame: ClusterTreeOptions['scheduleFrame'];

  #contexts = $state.raw<readonly ContextSummary[]>([]);
  #unwatchContexts: (() => void) | null = null;
  #contextsError = $state<UserError | null>(null);
  #contextsLoaded = $state(false);
  #fileProblems = $state.raw<readonly KubeconfigFileProblem[]>([]);
  #fileProblemsError = $state<UserError | null>(null);
  /** The keys of the open rows; replaced whole on each change, never mutated. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
  #expanded = $state.raw<ReadonlySet<string>>(new Set());
  /** The keys of the workload rows closed by the user (they start open); replaced whole, as #expanded. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
  #collapsed = $state.raw<ReadonlySet<string>>(new Set());
  /** Pod sets and namespace lists are not reactive themselves: a change bumps this. */
  #version = $state(0);
  #cancelFrame: (() => void) | null = null;
  /** The saved expansion has been applied: from now on changes are saved. */
  #restored = false;

  // Plain maps on purpose: with 10,000 pods, one `#version` bump per frame is cheaper than deep
  // reactivity on every pod.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
  readonly #namespaces = new Map<string, NamespaceList>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see above
  readonly #pods = new Map<string, PodSet>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: the watches to stop
  readonly #watches = new Map<string, Unsubscribe>();
  /** Unchanged pods keep their row objects between flattens: cheap, and the view skips them. */
  readonly #rowCache = new PodRowCache();

  /** Filter as you type: names, containers, `label=value` (pod-tree.ts compilePodFilter). */
  filter = $state('');

  /** The tree as the list draws it, one row per line. */
  readonly rows: readonly TreeRow[] = $derived.by(() => {
    void this.#version;
    return flattenTree(
      { contexts: this.#contexts, namespaces: this.#namespaces, pods: this.#pods, expanded: this.#expanded, collapsed: this.#collapsed, filter: this.filter },
      this.#rowCache,
    );
  });

  /**
   * Every pod of the watched namespaces as a pod row, whatever the filter and whether or not its
   * namespace is drawn: the command palette's pods. Rows come from, and go to, the tree's row
   * cache, so an unchanged pod keeps its row (and the palette its entries for it).
   */
  readonly pods: readonly PodRow[] = $derived.by(() => {
    void this.#version;
    void this.#expanded;
    const rows: PodRow[] = [];
    for (const [key, set] of this.#pods) {
      const parts = keyParts(key);
      if (parts?.kind !== 'namespace') continue;
      for (const pod of set.sorted) {
        let row = this.#rowCache.row(set, pod);
        if (row === undefined) {
          const pKey = podKey(parts.context, parts.namespace, pod.name);
          row = { kind: 'pod', key: pKey, depth: 2, path: `${parts.context}/${parts.namespace}/${pod.name}`, context: parts.context, pod, expanded: this.#expanded.has(pKey) };
          this.#rowCache.remember(set, row);
        }
        rows.push(row);
      }
    }
    return rows;
  });

  constructor(options: ClusterTreeOptions) {
    this.#bridge = options.bridge;
    this.#storage = options.storage;
    this.#scheduleFrame = options.scheduleFrame;
  }

  get contexts(): readonly ContextSummary[] {
    return this.#contexts;
  }

  /** Why the kubeconfig's contexts could not be read at all. */
  get contextsError(): UserError | null {
    return this.#contextsError;
  }

  /** The contexts were asked for and the answer (or the failure) is in. */
  get contextsLoaded(): boolean {
    return this.#contextsLoaded;
  }

  /** Problems of whole kubeconfig files: the contexts such a file holds are missing from the tree. */
  get fileProblems(): readonly KubeconfigFileProblem[] {
    return this.#fileProblems;
  }

  /** Why the file problems could not be asked for. */
  get fileProblemsError(): UserError | null {
    return this.#fileProblemsError;
  }

  /** How many pods an open namespace has, once its watch has listed them; null before. */
  podCount(namespaceRowKey: string): number | null {
    void this.#version;
    const set = this.#pods.get(namespaceRowKey);
    return set?.loaded ? set.size : null;
  }

  /**
   * The pods of a namespace, by name, once its watch has listed them; null while it is not watched
   * (or not listed yet), which is not the same as "no pods": a workload's grid then says nothing.
   */
  podsIn(context: string, namespace: string): readonly PodSummary[] | null {
    void this.#version;
    const set = this.#pods.get(namespaceKey(context, namespace));
    return set?.loaded && set.error === undefined ? set.sorted : null;
  }

  /**
   * Reads the contexts and the file problems, then opens what was open before a reload, or else
   * where kubectl would start: the current context and its namespace.
   */
  load(): void {
    this.#bridge
      .listContexts()
      .then((list) => {
        this.#contexts = list;
        this.#contextsLoaded = true;
        const saved = restorableExpansion(this.#readSavedExpansion(), list);
        if (saved.length > 0) {
          for (const parts of saved) this.#expand(parts, list);
        } else {
          const current = list.find((context) => context.isCurrent) ?? (list.length === 1 ? list[0] : undefined);
          if (current && !current.problem) {
            this.#expand({ kind: 'context', context: current.name }, list);
            this.#expand({ kind: 'namespace', context: current.name, namespace: current.namespace || 'default' }, list);
          }
        }
        this.#restored = true;
        this.#saveExpansion();
      })
      .catch((error: unknown) => {
        this.#contextsError = userErrorOf(error, 'reading the kubeconfig');
        this.#contextsLoaded = true;
      });
    this.#bridge
      .kubeconfigProblems()
      .then((list) => (this.#fileProblems = list))
      .catch((error: unknown) => (this.#fileProblemsError = userErrorOf(error, 'checking the kubeconfig files')));
    // An edited kubeconfig shows at once: contexts added, removed or changed, and file problems.
    // The watch's first event repeats what was just read; the tree takes the contexts as they come.
    this.#unwatchContexts = this.#bridge.watchContexts(
      (event) => {
        if (!this.#contextsLoaded) return;
        this.#contexts = event.contexts;
        this.#contextsError = null;
        this.#fileProblems = event.problems;
        this.#fileProblemsError = null;
      },
      () => undefined,
    );
  }

  /** Opens or closes a context, namespace, workload or pod row (`open` defaults to the other state). */
  toggle(row: TreeRow, open = !isExpanded(row)): void {
    if (row.kind === 'context') {
      this.#setExpanded(row.key, open);
      // Opening a context that failed asks again: the kubeconfig or the server may be fixed by now.
      if (open && !row.context.problem && needsNamespaces(this.#namespaces.get(row.context.name))) void this.#loadNamespaces(row.context);
    } else if (row.kind === 'namespace' || row.kind === 'pod') {
      this.#setExpanded(row.key, open);
    } else if (row.kind === 'workload' && this.#collapsed.has(row.key) === open) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never mutated once assigned
      const next = new Set(this.#collapsed);
      if (open) next.delete(row.key);
      else next.add(row.key);
      this.#collapsed = next;
    }
  }

  /** Stops every watch and the pending redraw. */
  dispose(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    for (const unsubscribe of this.#watches.values()) unsubscribe();
    this.#watches.clear();
    this.#unwatchContexts?.();
    this.#unwatchContexts = null;
  }

  #changed(): void {
    if (this.#cancelFrame !== null) return;
    this.#cancelFrame = this.#scheduleFrame(() => {
      this.#cancelFrame = null;
      this.#version++;
    });
  }

  #setExpanded(key: string, open: boolean): void {
    if (this.#expanded.has(key) === open) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never mutated once assigned
    const next = new Set(this.#expanded);
    if (open) next.add(key);
    else next.delete(key);
    this.#expanded = next;
    this.#syncWatches();
    this.#saveExpansion();
  }

  #expand(parts: KeyParts, list: readonly ContextSummary[]): void {
    if (parts.kind === 'context') {
      const context = list.find((c) => c.name === parts.context);
      this.#setExpanded(contextKey(parts.context), true);
      if (context && !this.#namespaces.has(context.name)) void this.#loadNamespaces(context);
    } else if (parts.kind === 'namespace') {
      this.#setExpanded(namespaceKey(parts.context, parts.namespace), true);
    } else {
      this.#setExpanded(podKey(parts.context, parts.namespace, parts.pod), true);
    }
  }

  async #loadNamespaces(context: ContextSummary): Promise<void> {
    this.#namespaces.set(context.name, { loading: true, names: [] });
    this.#version++;
    try {
      const list = await this.#bridge.listNamespaces(context.name);
      this.#namespaces.set(context.name, { loading: false, names: list.map((ns) => ns.name).sort() });
    } catch (error) {
      this.#namespaces.set(context.name, namespaceListAfterFailure(context, userErrorOf(error, 'listing namespaces')));
    }
    this.#version++;
  }

  // Pods are watched for the open namespaces of open contexts, and only those: closing a context
  // stops its namespaces' watches (they come back, with a fresh list, when it opens again).
  #syncWatches(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, built and read once here
    const wanted = new Map<string, { context: string; namespace: string }>();
    for (const key of this.#expanded) {
      const parts = keyParts(key);
      if (parts?.kind === 'namespace' && this.#expanded.has(contextKey(parts.context))) wanted.set(key, parts);
    }
    for (const key of [...this.#watches.keys()]) if (!wanted.has(key)) this.#unwatch(key);
    for (const { context, namespace } of wanted.values()) this.#watch(context, namespace);
  }

  #watch(context: string, namespace: string): void {
    const key = namespaceKey(context, namespace);
    if (this.#watches.has(key)) return;
    const set = new PodSet();
    this.#pods.set(key, set);
    this.#watches.set(
      key,
      this.#bridge.watchPods(
        context,
        namespace,
        (event) => {
          if (set.apply(event)) this.#changed();
        },
        (error) => {
          set.fail(error);
          this.#changed();
        },
      ),
    );
  }

  #unwatch(key: string): void {
    this.#watches.get(key)?.();
    this.#watches.delete(key);
    this.#pods.delete(key);
  }

  #readSavedExpansion(): unknown {
    try {
      return JSON.parse(this.#storage.getItem(EXPANDED_STORAGE_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  // What is open survives a reload of this window (sessionStorage: this tab of the browser only).
  #saveExpansion(): void {
    if (!this.#restored) return;
    try {
      this.#storage.setItem(EXPANDED_STORAGE_KEY, JSON.stringify([...this.#expanded]));
    } catch {
      // Storage full or disabled: the sidebar starts from the current context next time.
    }
  }
}
