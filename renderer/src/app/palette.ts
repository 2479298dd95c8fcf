// The command palette's entries and their search. Entries are drawn from the tables, so a new app
// action (APP_ACTIONS) or pod action (POD_ACTIONS) shows up here by itself:
//   - every app action that applies now, with its key;
//   - every open tab ("Go to …") and every session main runs without a tab here ("Open here: …");
//   - every pod action that applies to a pod × every pod the sidebar has loaded
//     ("Open a shell: web-abc (default · kind-admin)").
// With 10,000 pods that is some 40,000 entries: a pod row's entries are kept while the row is (the
// sidebar keeps an unchanged pod's row), and a query that extends the previous one searches only
// the previous one's matches.
import type { LucideIcon } from '@lucide/svelte';
import CommandIcon from '@lucide/svelte/icons/command';
import HistoryIcon from '@lucide/svelte/icons/history';
import type { SessionId, SessionInfo } from '../../../shared/bridge/sessions.ts';
import { compileQuery, narrows, rankTop, searchable, type FuzzyQuery, type MatchRange, type Searchable } from '../lib/fuzzy.ts';
import type { Platform } from '../lib/shortcuts.ts';
import { TAB_KIND_ICONS } from '../lib/tab-kind-icons.ts';
import { tabTitle } from '../lib/tabs.ts';
import { actionKeys, applies, type AppAction, type AppActionHost } from './app-actions.ts';
import { appliesTo, textOf, type PodAction, type PodActionHost } from './pod-actions.ts';
import type { PodRow } from './pod-tree.ts';

export type PaletteKind = 'command' | 'tab' | 'session' | 'pod';

export interface PaletteEntry {
  /** Unique among the entries: the list's key. */
  readonly id: string;
  readonly kind: PaletteKind;
  /** The pod action's icon; for the others, their kind's. */
  readonly icon: LucideIcon;
  /** What is shown and matched: the label, then the detail (drawn dimmer) from `labelLength` on. */
  readonly target: Searchable;
  readonly labelLength: number;
  /** The key that runs it outside the palette ("Ctrl+Shift+T"), if any. */
  readonly keys: string | null;
  readonly run: () => void;
}

export interface PaletteResult {
  readonly entry: PaletteEntry;
  readonly ranges: readonly MatchRange[];
}

export interface PaletteSources {
  readonly actions: readonly AppAction[];
  readonly host: AppActionHost;
  readonly platform: Platform;
  /** The sidebar's pods (Sidebar's loadedPods). */
  readonly pods: readonly PodRow[];
  /** Sessions main runs that have no tab in this window. */
  readonly elsewhere: readonly SessionInfo[];
  readonly openHere: (id: SessionId) => void;
}

interface EntryParts {
  readonly id: string;
  readonly kind: PaletteKind;
  readonly icon: LucideIcon;
  readonly label: string;
  /** Shown dimmer after the label, and matched too: "(default · kind-admin)". */
  readonly detail?: string;
  readonly keys?: string | null;
  readonly run: () => void;
}

function entry({ id, kind, icon, label, detail, keys = null, run }: EntryParts): PaletteEntry {
  return { id, kind, icon, target: searchable(detail === undefined ? label : `${label} ${detail}`), labelLength: label.length, keys, run };
}

/** Builds the entries; keeps each pod row's, so opening the palette over 10,000 pods builds only the changed ones. */
export class PaletteEntries {
  readonly #podActions: readonly PodAction[];
  readonly #podHost: PodActionHost;
  readonly #byRow = new WeakMap<PodRow, readonly PaletteEntry[]>();

  constructor(podActions: readonly PodAction[], podHost: PodActionHost) {
    this.#podActions = podActions;
    this.#podHost = podHost;
  }

  build(sources: PaletteSources): PaletteEntry[] {
    const { host } = sources;
    const entries: PaletteEntry[] = [];
    for (const action of sources.actions) {
      if (!applies(action, host)) continue;
      entries.push(entry({ id: `app:${action.id}`, kind: 'command', icon: CommandIcon, label: action.label, keys: actionKeys(action, sources.platform)[0], run: () => action.run(host) }));
    }
    for (const tab of host.workspace.tabs) {
      if (tab.id === host.workspace.activeId) continue;
      entries.push(entry({ id: `tab:${tab.id}`, kind: 'tab', icon: TAB_KIND_ICONS[tab.kind], label: `Go to ${tabTitle(tab)}`, detail: `(${tab.context})`, run: () => host.workspace.activate(tab.id) }));
    }
    for (const info of sources.elsewhere) {
      entries.push(entry({ id: `session:${info.id}`, kind: 'session', icon: HistoryIcon, label: `Open here: ${info.title}`, run: () => sources.openHere(info.id) }));
    }
    for (const row of sources.pods) for (const podEntry of this.#ofRow(row)) entries.push(podEntry);
    return entries;
  }

  #ofRow(row: PodRow): readonly PaletteEntry[] {
    let entries = this.#byRow.get(row);
    if (entries === undefined) {
      const detail = `(${row.pod.namespace} · ${row.context})`;
      entries = this.#podActions
        .filter((action) => appliesTo(action, row))
        .map((action) =>
          entry({ id: `pod:${action.id}:${row.key}`, kind: 'pod', icon: action.icon, label: `${textOf(action.name, row)}: ${row.pod.name}`, detail, run: () => action.run(row, this.#podHost) }),
        );
      this.#byRow.set(row, entries);
    }
    return entries;
  }
}

const targetOf = (candidate: PaletteEntry): Searchable => candidate.target;

/** Searches one set of entries as the query is typed. */
export class PaletteSearch {
  readonly #entries: readonly PaletteEntry[];
  #previous: { query: FuzzyQuery; matched: number[] } | null = null;

  constructor(entries: readonly PaletteEntry[]) {
    this.#entries = entries;
  }

  /** The best `limit` entries for the query, and how many match in all. */
  search(text: string, limit: number): { results: PaletteResult[]; total: number } {
    const query = compileQuery(text);
    const among = this.#previous !== null && narrows(this.#previous.query, query) ? this.#previous.matched : undefined;
    const { results, matched } = rankTop(query, this.#entries, targetOf, limit, among);
    this.#previous = { query, matched };
    return { results: results.map(({ item, ranges }) => ({ entry: item, ranges })), total: matched.length };
  }
}

export interface ResultPart {
  readonly text: string;
  /** Matched characters: highlighted. */
  readonly matched: boolean;
  /** Part of the detail after the label: drawn dimmer. */
  readonly detail: boolean;
}

/** A result's text cut wherever highlighting or the label/detail boundary changes. */
export function resultParts(result: PaletteResult): ResultPart[] {
  const { text } = result.entry.target;
  const { labelLength } = result.entry;
  const cuts = new Set([0, text.length, Math.min(labelLength, text.length)]);
  for (const { start, end } of result.ranges) cuts.add(start).add(end);
  const sorted = [...cuts].sort((a, b) => a - b);
  const parts: ResultPart[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    parts.push({ text: text.slice(start, end), matched: result.ranges.some((range) => range.start <= start && end <= range.end), detail: start >= labelLength });
  }
  return parts;
}
