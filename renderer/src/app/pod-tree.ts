// The sidebar as a flat list of rows: contexts, their namespaces, the pods of the expanded
// namespaces and the containers of the expanded pods. The list is what the virtualised view draws
// (only the rows in view become DOM) and what keyboard navigation walks, so 10,000 pods cost one
// pass over an array per change, not 10,000 components; and a PodRowCache hands back the same row
// for every pod that did not change, so that pass allocates next to nothing.
import type { ContextSummary } from '../../../shared/bridge/contexts.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ContainerSummary, PodSummary } from '../../../shared/bridge/resources.ts';
import type { PodSet } from './pod-set.ts';
import { groupPods, type WorkloadGroup } from './workload-groups.ts';

export interface NamespaceList {
  readonly loading: boolean;
  readonly names: readonly string[];
  /**
   * Listing failed. Denied by RBAC (which often allows pods but not namespaces): `names` holds the
   * context's own namespace, which still works. Any other failure (credentials, TLS, network, …):
   * the context is broken and `names` is empty; a made-up namespace would only fail again.
   */
  readonly error?: UserError;
}

/** What a context's namespace list becomes when listing failed with `error`. */
export function namespaceListAfterFailure(context: ContextSummary, error: UserError): NamespaceList {
  if (error.kind === 'forbidden') return { loading: false, names: [context.namespace || 'default'], error };
  return { loading: false, names: [], error };
}

/** Whether opening the context should (again) ask for its namespaces: never asked, or broken last time. */
export function needsNamespaces(list: NamespaceList | undefined): boolean {
  return list === undefined || (!list.loading && list.error !== undefined && list.names.length === 0);
}

export interface TreeInput {
  readonly contexts: readonly ContextSummary[];
  /** By context name. */
  readonly namespaces: ReadonlyMap<string, NamespaceList>;
  /** By namespaceKey(context, namespace). */
  readonly pods: ReadonlyMap<string, PodSet>;
  readonly expanded: ReadonlySet<string>;
  /** Workload rows are open unless closed: their keys here. */
  readonly collapsed?: ReadonlySet<string>;
  readonly filter: string;
}

interface RowBase {
  /** Stable across updates: selection and expansion follow it. */
  readonly key: string;
  readonly depth: number;
  /** context/namespace/pod/container: readable, for tooltips and tests. */
  readonly path: string;
  /** The parent row's key, where the key alone does not tell it (a pod under its workload). */
  readonly parent?: string;
}

export type TreeRow =
  | (RowBase & {
      readonly kind: 'context';
      readonly context: ContextSummary;
      readonly expanded: boolean;
      /** Why the context cannot be used: its kubeconfig entry, or the failure of listing its namespaces. */
      readonly problem?: UserError;
    })
  | (RowBase & { readonly kind: 'namespace'; readonly context: string; readonly namespace: string; readonly expanded: boolean })
  | (RowBase & {
      readonly kind: 'workload';
      readonly context: string;
      readonly namespace: string;
      readonly workload: WorkloadGroup;
      readonly expanded: boolean;
    })
  | (RowBase & { readonly kind: 'pod'; readonly context: string; readonly pod: PodSummary; readonly expanded: boolean })
  | (RowBase & {
      readonly kind: 'container';
      readonly context: string;
      readonly pod: PodSummary;
      readonly container: ContainerSummary;
    })
  | (RowBase & {
      readonly kind: 'message';
      readonly text: string;
      readonly tone: 'pending' | 'error' | 'info';
      /** The failure an error row stands for; its whole text is shown when the row is selected. */
      readonly error?: UserError;
    });

/** Rows the keyboard and the mouse can select: everything but the pending and info notes. */
export function isSelectable(row: TreeRow): boolean {
  return row.kind !== 'message' || row.error !== undefined;
}

/** Whether the row is open: its children are listed below it. */
export function isExpanded(row: TreeRow): boolean {
  return row.kind !== 'container' && row.kind !== 'message' && row.expanded;
}

/** Whether the row can be opened: contexts, namespaces, and pods that have containers. */
export function canExpand(row: TreeRow): boolean {
  return row.kind === 'context' || row.kind === 'namespace' || row.kind === 'workload' || (row.kind === 'pod' && row.pod.containers.length > 0);
}

/** What the row is called: its accessible name. */
export function rowLabel(row: TreeRow): string {
  switch (row.kind) {
    case 'context':
      return row.context.name;
    case 'namespace':
      return row.namespace;
    case 'workload':
      return `${row.workload.kind} ${row.workload.name}`;
    case 'pod':
      return row.pod.name;
    case 'container':
      return row.container.name;
    case 'message':
      return row.text;
  }
}

/** The failure to show in full for a selected row: a broken context's, or an error row's. */
export function problemOf(row: TreeRow | null): UserError | null {
  // A warning (credentials in clear) is said where a problem would be: the context still works.
  if (row?.kind === 'context') return row.problem ?? row.context.warning ?? null;
  if (row?.kind === 'message') return row.error ?? null;
  return null;
}

/** A row that names a pod (and maybe one of its containers): what shells, logs and forwards act on. */
export type PodRow = Extract<TreeRow, { kind: 'pod' | 'container' }>;

export function isPodRow(row: TreeRow | null): row is PodRow {
  return row?.kind === 'pod' || row?.kind === 'container';
}

type PodOnlyRow = Extract<TreeRow, { kind: 'pod' }>;

/**
 * The pod rows of earlier flattens, by pod: a watch replaces the summary object of a pod that
 * changed and keeps the others, so an unchanged pod gets its row (and key strings) back. With
 * 10,000 pods, one pod's change then builds one row instead of 10,000, and the view finds the
 * other rows identical. Per PodSet, so a namespace closed (its set dropped) takes its rows along.
 */
export class PodRowCache {
  readonly #bySet = new WeakMap<PodSet, WeakMap<PodSummary, PodOnlyRow>>();

  row(set: PodSet, pod: PodSummary): PodOnlyRow | undefined {
    return this.#bySet.get(set)?.get(pod);
  }

  remember(set: PodSet, row: PodOnlyRow): void {
    let rows = this.#bySet.get(set);
    if (rows === undefined) {
      rows = new WeakMap();
      this.#bySet.set(set, rows);
    }
    rows.set(row.pod, row);
  }
}

const SEP = '\u0000';

export const contextKey = (context: string): string => `c${SEP}${context}`;
export const namespaceKey = (context: string, namespace: string): string => `n${SEP}${context}${SEP}${namespace}`;
export const podKey = (context: string, namespace: string, pod: string): string => `p${SEP}${context}${SEP}${namespace}${SEP}${pod}`;
export const workloadKey = (context: string, namespace: string, workload: WorkloadGroup): string =>
  `w${SEP}${context}${SEP}${namespace}${SEP}${workload.kind}/${workload.name}`;
const containerKey = (context: string, namespace: string, pod: string, container: string): string =>
  `k${SEP}${context}${SEP}${namespace}${SEP}${pod}${SEP}${container}`;

/** The key of a row's parent, for ArrowLeft; null at the top. */
export function parentKey(row: TreeRow): string | null {
  if (row.parent !== undefined) return row.parent;
  const parts = row.key.split(SEP);
  switch (parts[0]) {
    case 'n':
      return contextKey(parts[1] ?? '');
    case 'w':
    case 'p':
      return namespaceKey(parts[1] ?? '', parts[2] ?? '');
    case 'k':
      return podKey(parts[1] ?? '', parts[2] ?? '', parts[3] ?? '');
    case 'm':
      return parts.slice(1, -1).join(SEP) || null;
    default:
      return null;
  }
}

export type KeyParts =
  | { readonly kind: 'context'; readonly context: string }
  | { readonly kind: 'namespace'; readonly context: string; readonly namespace: string }
  | { readonly kind: 'pod'; readonly context: string; readonly namespace: string; readonly pod: string };

/** What an expandable row's key names; null for any other string. */
export function keyParts(key: string): KeyParts | null {
  const [kind, context, namespace, pod, ...rest] = key.split(SEP);
  if (context === undefined || context === '' || rest.length > 0) return null;
  if (kind === 'c' && namespace === undefined) return { kind: 'context', context };
  if (kind === 'n' && namespace && pod === undefined) return { kind: 'namespace', context, namespace };
  if (kind === 'p' && namespace && pod) return { kind: 'pod', context, namespace, pod };
  return null;
}

/**
 * The expanded rows saved before a reload (anything read back from storage), kept where they
 * still name a usable context: the sidebar opens where the user left it.
 */
export function restorableExpansion(saved: unknown, contexts: readonly ContextSummary[]): KeyParts[] {
  if (!Array.isArray(saved)) return [];
  const usable = new Set(contexts.filter((context) => !context.problem).map((context) => context.name));
  const parts: KeyParts[] = [];
  for (const key of saved) {
    const parsed = typeof key === 'string' ? keyParts(key) : null;
    if (parsed !== null && usable.has(parsed.context)) parts.push(parsed);
  }
  return parts;
}

export interface PodFilter {
  matches(pod: PodSummary): boolean;
}

/**
 * Filter as you type: every space-separated term must match. A term with '=' matches a label
 * (`app=web`), any other term a part of the pod's or one of its containers' names, ignoring case.
 */
export function compilePodFilter(text: string): PodFilter | null {
  const terms = text.trim().toLowerCase().split(/\s+/).filter((term) => term !== '');
  if (terms.length === 0) return null;
  const tests = terms.map((term): ((pod: PodSummary) => boolean) => {
    const equals = term.indexOf('=');
    if (equals > 0) {
      const key = term.slice(0, equals);
      const value = term.slice(equals + 1);
      return (pod) => Object.entries(pod.labels).some(([k, v]) => k.toLowerCase() === key && v.toLowerCase().includes(value));
    }
    return (pod) => pod.name.toLowerCase().includes(term) || pod.containers.some((container) => container.name.toLowerCase().includes(term));
  });
  return { matches: (pod) => tests.every((test) => test(pod)) };
}

const CONTAINER_ORDER: Record<ContainerSummary['kind'], number> = { init: 0, main: 1, ephemeral: 2 };

type AddMessage = (parent: string, depth: number, text: string, tone: 'pending' | 'error' | 'info', error?: UserError) => void;

/** `cache` keeps pod rows between calls: pass the same one each time the same tree is flattened. */
export function flattenTree(input: TreeInput, cache: PodRowCache = new PodRowCache()): TreeRow[] {
  const rows: TreeRow[] = [];
  const filter = compilePodFilter(input.filter);
  // A parent has at most one note, so its key is stable: a selected error row stays selected.
  const message: AddMessage = (parent, depth, text, tone, error) => {
    const row: TreeRow = { kind: 'message', key: `m${SEP}${parent}${SEP}note`, depth, path: '', text, tone };
    rows.push(error === undefined ? row : { ...row, error });
  };

  for (const context of input.contexts) {
    const cKey = contextKey(context.name);
    const cOpen = input.expanded.has(cKey);
    const list = input.namespaces.get(context.name);
    const broken = context.problem ?? (list?.error !== undefined && list.names.length === 0 ? list.error : undefined);
    const row: TreeRow = { kind: 'context', key: cKey, depth: 0, path: context.name, context, expanded: cOpen };
    rows.push(broken === undefined ? row : { ...row, problem: broken });
    if (!cOpen) continue;
    if (broken !== undefined) {
      // The error and nothing else: no namespace is listed for a context that cannot connect.
      message(cKey, 1, broken.title, 'error', broken);
      continue;
    }
    if (list === undefined || list.loading) {
      message(cKey, 1, 'Loading namespaces…', 'pending');
      continue;
    }
    if (list.error) message(cKey, 1, `Namespaces not listed: ${list.error.title}`, 'error', list.error);
    for (const namespace of list.names) {
      const nKey = namespaceKey(context.name, namespace);
      const nOpen = input.expanded.has(nKey);
      rows.push({ kind: 'namespace', key: nKey, depth: 1, path: `${context.name}/${namespace}`, context: context.name, namespace, expanded: nOpen });
      if (nOpen) addPods(rows, input, cache, context.name, namespace, filter, message);
    }
  }
  return rows;
}

function addPods(
  rows: TreeRow[],
  input: TreeInput,
  cache: PodRowCache,
  context: string,
  namespace: string,
  filter: PodFilter | null,
  message: AddMessage,
): void {
  const nKey = namespaceKey(context, namespace);
  const set = input.pods.get(nKey);
  if (set === undefined || !set.loaded) {
    message(nKey, 2, 'Loading pods…', 'pending');
    return;
  }
  if (set.error) message(nKey, 2, set.health === 'reconnecting' ? `Reconnecting: ${set.error.title}` : `Pods not listed: ${set.error.title}`, 'error', set.error);
  const shownPods = (pods: readonly PodSummary[]): readonly PodSummary[] => (filter === null ? pods : pods.filter((pod) => filter.matches(pod)));
  const place = { rows, input, cache, set, context, namespace };
  const { groups, lone } = groupPods(set.sorted);
  let shown = 0;
  for (const workload of groups) {
    const pods = shownPods(workload.pods);
    if (pods.length === 0) continue;
    shown += pods.length;
    const wKey = workloadKey(context, namespace, workload);
    const wOpen = input.collapsed?.has(wKey) !== true;
    const path = `${context}/${namespace}/${workload.kind} ${workload.name}`;
    rows.push({ kind: 'workload', key: wKey, depth: 2, path, context, namespace, workload, expanded: wOpen });
    if (wOpen) for (const pod of pods) addPod(place, pod, 3, wKey);
  }
  const lonePods = shownPods(lone);
  shown += lonePods.length;
  for (const pod of lonePods) addPod(place, pod, 2, undefined);
  if (shown === 0 && set.error === undefined) {
    message(nKey, 2, set.size === 0 ? 'No pods' : `No pods match “${input.filter.trim()}”`, 'info');
  }
}

interface PodPlace {
  readonly rows: TreeRow[];
  readonly input: TreeInput;
  readonly cache: PodRowCache;
  readonly set: PodSet;
  readonly context: string;
  readonly namespace: string;
}

/** A pod's row (from the cache when nothing about it changed) and, when it is open, its containers'. */
function addPod({ rows, input, cache, set, context, namespace }: PodPlace, pod: PodSummary, depth: number, parent: string | undefined): void {
  let row = cache.row(set, pod);
  const pKey = row?.key ?? podKey(context, namespace, pod.name);
  const pOpen = input.expanded.has(pKey);
  if (row === undefined || row.expanded !== pOpen || row.depth !== depth) {
    const base = { kind: 'pod', key: pKey, depth, path: `${context}/${namespace}/${pod.name}`, context, pod, expanded: pOpen } as const;
    row = parent === undefined ? base : { ...base, parent };
    cache.remember(set, row);
  }
  rows.push(row);
  if (!pOpen) return;
  const containers = [...pod.containers].sort((a, b) => CONTAINER_ORDER[a.kind] - CONTAINER_ORDER[b.kind]);
  for (const container of containers) {
    rows.push({
      kind: 'container',
      key: containerKey(context, namespace, pod.name, container.name),
      depth: depth + 1,
      path: `${row.path}/${container.name}`,
      context,
      pod,
      container,
    });
  }
}
