// The command palette's entries and their search. Entries are drawn from the tables, so a new app
// action (APP_ACTIONS) or pod action (POD_ACTIONS) shows up here by itself:
//   - every app action that applies now, with its key;
//   - every open tab ("Go to …") and every session main runs without a tab here ("Open here: …");
//   - every pod action that applies to a pod × every pod the sidebar has loaded
//     ("Open a shell: web-abc (default · kind-admin)").
// With 10,000 pods and ten pod actions that is 100,000 entries, too many to rank one by one per
// keystroke (bench/command-palette.ts). So a pod entry is matched in its two parts: each term
// against the action's name (distinct names numbered: a search keeps each one's match by number,
// as a Map lookup per entry cost more than the rest of the search; a name is scored when the first
// pod that has it is looked at) and against the pod's text (once per pod, for all its actions); a
// term that fits neither alone may still span the two ("shdev"), and only then are its two parts
// scored together (fuzzy.ts spanScore). A pod row's part is kept while the row is (the sidebar
// keeps an unchanged pod's row), a pod entry's whole text is made only when it is shown, and a
// query that extends the previous one searches only the previous one's matches, and the pods that
// changed since: the index is rebuilt whenever the sidebar's pods change, every few frames while
// statuses change, and starting over then cost a full search of every entry (bench/command-palette.ts).
// A term that stays in the query ("fw" while "fw 00" is typed) keeps its scores of names and pods.
import type { LucideIcon } from '@lucide/svelte';
import CommandIcon from '@lucide/svelte/icons/command';
import HistoryIcon from '@lucide/svelte/icons/history';
import type { SessionId, SessionInfo } from '../../../shared/bridge/sessions.ts';
import {
  compileQuery,
  headScoreBound,
  matchedPrefixLength,
  matchedSuffixLength,
  matchRanges,
  mergeRanges,
  narrows,
  NO_MATCH,
  partMatch,
  partScoreBound,
  score,
  searchable,
  spanScore,
  termRanges,
  termScore,
  TopMatches,
  type FuzzyQuery,
  type MatchRange,
  type PartMatch,
  type Searchable,
} from '../lib/fuzzy.ts';
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

/** Between a pod action's name and the pod in an entry's text: "Open a shell: web-1". */
const NAME_SEPARATOR = ': ';

/** One pod action for one pod: matched through its two parts, made whole only when shown. */
class PodActionEntry {
  readonly pod: PodEntries;
  readonly action: PodAction;
  /** The action's name for this pod, shared by every pod whose name for it reads the same. */
  readonly name: Searchable;
  /** The name's number among the builder's distinct names: where a search keeps the name's match. */
  readonly nameId: number;
  readonly #host: PodActionHost;
  #entry: PaletteEntry | undefined;

  constructor(pod: PodEntries, action: PodAction, name: PodActionName, host: PodActionHost) {
    this.pod = pod;
    this.action = action;
    this.name = name.target;
    this.nameId = name.id;
    this.#host = host;
  }

  get entry(): PaletteEntry {
    const { row } = this.pod; // for the text: the same in every row the pod had since
    this.#entry ??= entry({
      id: `pod:${this.action.id}:${row.key}`,
      kind: 'pod',
      icon: this.action.icon,
      label: `${this.name.text}${NAME_SEPARATOR}${row.pod.name}`,
      detail: this.pod.detail,
      run: () => this.action.run(this.pod.row, this.#host),
    });
    return this.#entry;
  }

  /** What one term marks: in the name or in the pod, whichever it matches better, else across both. */
  ranges(term: string): MatchRange[] {
    const inName = termScore(term, this.name);
    const inPod = termScore(term, this.pod.target);
    if (inName === NO_MATCH && inPod === NO_MATCH) return termRanges(term, this.entry.target);
    return inName >= inPod ? termRanges(term, this.name) : termRanges(term, this.pod.target, this.name.text.length + NAME_SEPARATOR.length);
  }
}

/** A distinct pod action name ("Open a shell", "Shell on node-1") and its number. */
interface PodActionName {
  readonly id: number;
  readonly target: Searchable;
}

/** A pod row's part of the palette: the text after the action's name, and the actions that apply. */
class PodEntries {
  /** "web-1 (default · dev)" */
  readonly target: Searchable;
  readonly detail: string;
  readonly actions: readonly PodActionEntry[];
  /**
   * Each action's nameId, in order: what a search reads per entry. Reading it from 10,000s of
   * action objects scattered over the heap was most of the search's time (a cache miss each).
   */
  readonly nameIds: Uint32Array;
  /**
   * The pod's latest row: what its actions run on. A new row of the pod (its status changed) whose
   * entries read the same keeps these entries, so the index stays the same and is not searched
   * again (PaletteEntries.build).
   */
  row: PodRow;
  /**
   * The last search that looked at this pod, and the last one whose query it matched: a query that
   * extends the previous one skips the pods that search looked at and found no match in, even in
   * an index rebuilt meanwhile (the builder keeps an unchanged row's PodEntries; a changed row's
   * are new, so looked at again).
   */
  lookedAt = 0;
  matchedIn = 0;
  /**
   * The last search that scored this pod's text, and what it found per term (the score, and where
   * a term the text does not fit splits from a name): a term that stays in the query ("fw" while
   * "fw 00" is typed) is not scored again.
   */
  scoredIn = 0;
  termValues = new Int32Array(2);
  termSplits = new Int32Array(2);

  constructor(row: PodRow, actions: readonly PodAction[], nameOf: (text: string) => PodActionName, host: PodActionHost) {
    this.row = row;
    this.detail = `(${row.pod.namespace} · ${row.context})`;
    this.target = searchable(`${row.pod.name} ${this.detail}`);
    this.actions = actions.filter((action) => appliesTo(action, row)).map((action) => new PodActionEntry(this, action, nameOf(textOf(action.name, row)), host));
    this.nameIds = Uint32Array.from(this.actions, (entry) => entry.nameId);
  }

  /**
   * Whether a new row of the pod would make the same entries: the same text, and the same actions
   * under the same names. Asked of every row kwok's status changes bring (hundreds a second), so
   * it makes no entries to compare.
   */
  readsAs(row: PodRow, actions: readonly PodAction[]): boolean {
    // Every row these entries ran on read as the first: the text is compared without making it.
    const { pod, context } = this.row;
    if (row.pod.name !== pod.name || row.pod.namespace !== pod.namespace || row.context !== context) return false;
    let at = 0;
    for (const action of actions) {
      if (!appliesTo(action, row)) continue;
      const kept = this.actions[at++];
      if (kept?.action !== action || kept.name.text !== textOf(action.name, row)) return false;
    }
    return at === this.actions.length;
  }
}

/** Whether two lists of the app's own entries read the same, in the same order, with the same keys. */
function sameFixed(a: readonly PaletteEntry[], b: readonly PaletteEntry[]): boolean {
  return a.length === b.length && a.every((entry, at) => entry.id === b[at]?.id && entry.target.text === b[at]?.target.text && entry.keys === b[at]?.keys);
}

/** Everything the palette lists: the app's own entries, then each pod's actions. */
export class PaletteIndex {
  readonly fixed: readonly PaletteEntry[];
  readonly pods: readonly PodEntries[];
  /** The distinct pod action names, by nameId (every PodActionEntry's nameId is below its length). */
  readonly names: readonly Searchable[];
  /**
   * What numbers the names: the builder's, which only ever adds names, so a nameId means the same
   * name in every index it builds, and a search may keep a term's scores of them from one index to the next.
   */
  readonly nameBook: object;
  /** Every icon an entry may show, once: the palette draws each once and rows refer to it. */
  readonly icons: readonly LucideIcon[];

  constructor(fixed: readonly PaletteEntry[], pods: readonly PodEntries[] = [], names: readonly Searchable[] = [], nameBook: object = {}, podIcons: readonly LucideIcon[] = []) {
    this.fixed = fixed;
    this.pods = pods;
    this.names = names;
    this.nameBook = nameBook;
    this.icons = [...new Set([...fixed.map((entry) => entry.icon), ...podIcons])];
  }

  get size(): number {
    return this.pods.reduce((sum, pod) => sum + pod.actions.length, this.fixed.length);
  }

  /** Every entry in table order. Makes each pod entry whole: for the first few or for tests. */
  *entries(): Generator<PaletteEntry> {
    yield* this.fixed;
    for (const pod of this.pods) for (const action of pod.actions) yield action.entry;
  }
}

/**
 * Builds the entries; keeps each pod row's part, so opening the palette over 10,000 pods builds
 * only the changed ones. While statuses change (kwok, a rollout) the sidebar hands in new rows
 * every few frames, but a status is not in the palette's text: a pod whose entries read the same
 * keeps them (they run on its new row), and when nothing reads differently `build` answers the
 * index it answered last, so the open palette searches nothing again.
 */
export class PaletteEntries {
  readonly #podActions: readonly PodAction[];
  readonly #podHost: PodActionHost;
  readonly #byRow = new WeakMap<PodRow, PodEntries>();
  /** The rows the last index's pods were made from, in its order. */
  #rows: PodRow[] = [];
  /** Pods by row key, as of their latest row: where a pod's new row finds its entries. */
  #byKey = new Map<string, PodEntries>();
  readonly #names = new Map<string, PodActionName>();
  #last: PaletteIndex | null = null;

  constructor(podActions: readonly PodAction[], podHost: PodActionHost) {
    this.#podActions = podActions;
    this.#podHost = podHost;
  }

  build(sources: PaletteSources): PaletteIndex {
    const { host } = sources;
    const fixed: PaletteEntry[] = [];
    for (const action of sources.actions) {
      if (!applies(action, host)) continue;
      fixed.push(entry({ id: `app:${action.id}`, kind: 'command', icon: CommandIcon, label: action.label, keys: actionKeys(action, sources.platform)[0], run: () => action.run(host) }));
    }
    for (const tab of host.workspace.tabs) {
      if (tab.id === host.workspace.activeId) continue;
      fixed.push(entry({ id: `tab:${tab.id}`, kind: 'tab', icon: TAB_KIND_ICONS[tab.kind], label: `Go to ${tabTitle(tab)}`, detail: `(${tab.context})`, run: () => host.workspace.activate(tab.id) }));
    }
    for (const info of sources.elsewhere) {
      fixed.push(entry({ id: `session:${info.id}`, kind: 'session', icon: HistoryIcon, label: `Open here: ${info.title}`, run: () => sources.openHere(info.id) }));
    }
    const last = this.#last;
    const pods = this.#podsOf(sources.pods, last?.pods ?? []);
    if (last !== null && pods === last.pods && sameFixed(last.fixed, fixed)) return last;
    this.#last = new PaletteIndex(fixed, pods, [...this.#names.values()].map((name) => name.target), this.#names, this.#podActions.map((action) => action.icon));
    return this.#last;
  }

  /**
   * Each row's pod entries; `before` itself when they are the same pods in the same order. Called
   * for every change of the sidebar's pods (every few frames while kwok changes statuses), so that
   * case allocates nothing and looks up only the rows that changed: a list and a map of 10,000
   * made each time outlived the young generation, and their scavenges took up to 55 ms of a
   * keystroke (bench/command-palette.ts).
   */
  #podsOf(rows: readonly PodRow[], before: readonly PodEntries[]): readonly PodEntries[] {
    const known = this.#rows;
    let pods: PodEntries[] | null = rows.length === before.length ? null : [];
    for (let at = 0; at < rows.length; at++) {
      const row = rows[at] as PodRow;
      if (pods === null && row === known[at]) continue;
      const pod = this.#ofRow(row);
      if (pods === null) {
        if (pod === before[at]) {
          known[at] = row;
          continue;
        }
        pods = before.slice(0, at);
      }
      pods.push(pod);
    }
    if (pods === null) return before;
    this.#rows = rows.slice();
    // Forget the pods that left, once they outnumber those listed: a stale one is only ever reused
    // for a row that reads the same (#ofRow), so keeping a few costs nothing but memory.
    if (this.#byKey.size > 2 * rows.length) this.#byKey = new Map(rows.map((row) => [row.key, this.#ofRow(row)]));
    return pods;
  }

  #ofRow(row: PodRow): PodEntries {
    let pod = this.#byRow.get(row);
    if (pod === undefined) {
      const known = this.#byKey.get(row.key);
      pod = known?.readsAs(row, this.#podActions) === true ? known : new PodEntries(row, this.#podActions, (text) => this.#nameOf(text), this.#podHost);
      pod.row = row;
      this.#byRow.set(row, pod);
      this.#byKey.set(row.key, pod);
    }
    return pod;
  }

  #nameOf(text: string): PodActionName {
    let name = this.#names.get(text);
    if (name === undefined) {
      name = { id: this.#names.size, target: searchable(text) };
      this.#names.set(text, name);
    }
    return name;
  }
}

/** A kept entry as shown, with the characters the query marks. */
function resultOf(item: PaletteEntry | PodActionEntry, query: FuzzyQuery): PaletteResult {
  if (!(item instanceof PodActionEntry)) return { entry: item, ranges: matchRanges(query, item.target) };
  return { entry: item.entry, ranges: mergeRanges(query.terms.flatMap((term) => item.ranges(term))) };
}

/** A name's score for a term not worked out yet: below every score, NO_MATCH included. */
const UNSCORED = NO_MATCH - 1;

/**
 * One term against the distinct action names, by nameId: each name's score, longest matched prefix
 * and head (the term's characters before a split), worked out when a pod that has the name is first
 * looked at, and kept while the term stays in the query. Most names are a few every pod shares
 * ("Open a shell"), but a name may read differently for each pod ("Logs of all pods with
 * app=web-1"): with 10,000 pods each with its own app label, 20,000 names scored at every keystroke
 * (and searched for the best head of every split) took more than the pods (bench/command-palette.ts).
 */
/** `values` in a longer array of `length`, the places after them set to `fill`. */
function grown(values: Int32Array, length: number, fill = 0): Int32Array<ArrayBuffer> {
  const longer = new Int32Array(length);
  longer.set(values);
  if (fill !== 0) longer.fill(fill, values.length);
  return longer;
}

class TermInNames {
  readonly term: string;
  readonly nameBook: object;
  scores = new Int32Array(0);
  prefixes = new Int32Array(0);
  #heads: Array<PartMatch | null> = [];
  #headSplits = new Int32Array(0); // 0: none yet (a split is at least 1)
  #names: readonly Searchable[] = [];

  constructor(term: string, nameBook: object) {
    this.term = term;
    this.nameBook = nameBook;
  }

  /** Ready for an index's names: more of them, maybe, than when last used (ids stay). */
  over(names: readonly Searchable[]): this {
    this.#names = names;
    const known = this.scores.length;
    if (names.length > known) {
      this.scores = grown(this.scores, names.length, UNSCORED);
      this.prefixes = grown(this.prefixes, names.length);
      this.#headSplits = grown(this.#headSplits, names.length);
      for (let nameId = known; nameId < names.length; nameId++) this.#heads.push(null);
    }
    return this;
  }

  /**
   * Scores a name (called when `scores[nameId]` is UNSCORED): its score, and its prefix beside it
   * (the whole term when it scored: only a name it does not fit needs the prefix walked).
   */
  score(nameId: number): number {
    const name = this.#names[nameId] as Searchable;
    const value = termScore(this.term, name);
    this.scores[nameId] = value;
    this.prefixes[nameId] = value === NO_MATCH ? matchedPrefixLength(this.term, name) : this.term.length;
    return value;
  }

  /** The term's characters before `split` in the name (its prefix must reach the split). */
  head(nameId: number, split: number): PartMatch | null {
    if (this.#headSplits[nameId] !== split) {
      this.#heads[nameId] = partMatch(this.term, this.#names[nameId] as Searchable, 0, split);
      this.#headSplits[nameId] = split;
    }
    return this.#heads[nameId] as PartMatch | null;
  }
}

/** Stamps of searches, unique across PaletteSearch instances: PodEntries are shared between indexes. */
let searchCount = 0;

/**
 * Searches the palette's index as the query is typed. One per open palette: the index is rebuilt
 * when pods change (every few frames while kwok or a rollout changes statuses), and a query that
 * extends the previous one still looks only at the previous matches and the changed pods.
 */
export class PaletteSearch {
  #previous: { query: FuzzyQuery; stamp: number } | null = null;
  /** The last search's terms against the names, by term. */
  #termsInNames = new Map<string, TermInNames>();

  /** The best `limit` entries of `index` for the query, and how many match in all. */
  search(index: PaletteIndex, text: string, limit: number): { results: PaletteResult[]; total: number } {
    const query = compileQuery(text);
    if (query.terms.length === 0) {
      this.#previous = null;
      const results: PaletteResult[] = [];
      for (const found of index.entries()) {
        if (results.length === limit) break;
        results.push({ entry: found, ranges: [] });
      }
      return { results, total: index.size };
    }
    const { top, total } = this.#rank(index, query, limit);
    return { results: top.best().map(({ item }) => resultOf(item, query)), total };
  }

  /**
   * The loops over every entry, in a method of their own: V8 optimises it apart from `search`,
   * whose few lines for the shown results saw arrays of another shape whenever the results went
   * from some to none (a deoptimisation of the whole search, hundreds of times over the
   * benchmark's typing, each followed by slow unoptimised runs over 10,000 pods).
   */
  #rank(index: PaletteIndex, query: FuzzyQuery, limit: number): { top: TopMatches<PaletteEntry | PodActionEntry>; total: number } {
    const previous = this.#previous !== null && narrows(this.#previous.query, query) ? this.#previous.stamp : 0;
    const stamp = ++searchCount;
    const top = new TopMatches<PaletteEntry | PodActionEntry>(limit);
    let total = 0;

    // A few dozen: scored whole every time (they are rebuilt with the index anyway).
    for (const candidate of index.fixed) {
      const value = score(query, candidate.target);
      if (value === NO_MATCH) continue;
      total++;
      top.offer(candidate, value);
    }

    const { terms } = query;
    const termCount = terms.length;
    const { names } = index;
    // Each term against the names: the last search's for a term it had too.
    const inNames = terms.map((term) => {
      const kept = this.#termsInNames.get(term);
      return (kept?.nameBook === index.nameBook ? kept : new TermInNames(term, index.nameBook)).over(names);
    });
    this.#termsInNames = new Map(inNames.map((termInNames) => [termInNames.term, termInNames]));
    // A pod scored by the last search keeps its score and split for each term at the same place.
    const scoredBefore = this.#previous?.stamp ?? 0;
    const lastTerms = this.#previous?.query.terms ?? [];
    const termKept = Uint8Array.from(terms, (term, t) => (lastTerms[t] === term ? 1 : 0));
    let floor = top.floor;
    const podScores = new Int32Array(termCount);
    // A term across the two parts: the pod's part is scored once for all its actions, each name's
    // part once per split (the pods' suffixes hardly vary), so a span costs a sum, not a scoring.
    // The split: where a term the pod's part does not fit leaves the name, as much of it in the
    // pod as fits there; a span needs the name to fit the term's characters before it.
    const podSplits = new Int32Array(termCount);
    const podTails: Array<PartMatch | null> = Array.from({ length: termCount }, () => null);
    /** The best head of a pod's names for one term, reused for every pod: as if it ended right before the pod. */
    const bestHead = { score: NO_MATCH, before: 0, after: 0 };
    /** The most a pod's tail can score for one term, reused for every pod: from the first place it can start. */
    const tailBound = { score: 0, before: 0, after: 0 };
    for (const pod of index.pods) {
      const skip = previous !== 0 && pod.lookedAt === previous && pod.matchedIn !== previous;
      pod.lookedAt = stamp;
      if (skip) continue;
      const { nameIds } = pod;
      const known = pod.scoredIn === scoredBefore && pod.termValues.length >= termCount;
      if (pod.termValues.length < termCount) {
        pod.termValues = new Int32Array(termCount);
        pod.termSplits = new Int32Array(termCount);
      }
      pod.scoredIn = stamp;
      // No entry of the pod scores above the sum of each term's best: in the pod, in one of its
      // names, or across the best head and the pod's tail. When that cannot make the list, the
      // pod's entries are only counted, not scored one by one: after the first pods, the list is
      // full of entries as good as any other pod's (all the pods' "Open a shell" for "shell").
      let bound = 0;
      let fitsPod = true;
      for (let t = 0; t < termCount; t++) {
        const term = terms[t] as string;
        const termInNames = inNames[t] as TermInNames;
        const { scores, prefixes } = termInNames;
        let inName = NO_MATCH;
        for (let a = 0; a < nameIds.length; a++) {
          const nameId = nameIds[a] as number;
          const value = scores[nameId] as number;
          inName = Math.max(inName, value === UNSCORED ? termInNames.score(nameId) : value);
        }
        if (!known || termKept[t] === 0) {
          const value = termScore(term, pod.target);
          pod.termValues[t] = value;
          pod.termSplits[t] = value === NO_MATCH ? term.length - matchedSuffixLength(term, pod.target) : 0;
        }
        const value = pod.termValues[t] as number;
        podScores[t] = value;
        podTails[t] = null;
        let best = Math.max(value, inName);
        if (value === NO_MATCH) {
          fitsPod = false;
          const split = pod.termSplits[t] as number;
          podSplits[t] = split;
          // A span of this split scores at most the best head among the pod's names, as if it ended
          // right before the pod, with the most the tail's characters can score from the first place
          // it can start. The heads themselves are scored only if the most any head can score would
          // do: with two names of its own per pod, they were scored for every pod at every letter.
          let spans = false;
          for (let a = 0; a < nameIds.length && !spans; a++) spans = (prefixes[nameIds[a] as number] as number) >= split;
          if (spans) {
            tailBound.score = partScoreBound(term.length - split);
            tailBound.before = pod.target.folded.indexOf(term.charAt(split));
            bestHead.score = headScoreBound(split);
            if (spanScore(bestHead, tailBound, NAME_SEPARATOR.length) > best) {
              let headScore = NO_MATCH;
              for (let a = 0; a < nameIds.length; a++) {
                const nameId = nameIds[a] as number;
                const head = (prefixes[nameId] as number) >= split ? termInNames.head(nameId, split) : null;
                if (head !== null) headScore = Math.max(headScore, head.score);
              }
              bestHead.score = headScore;
              // The pod's tail is scored only if a span could still beat the term's best in a name.
              const tail = spanScore(bestHead, tailBound, NAME_SEPARATOR.length) > best ? (podTails[t] = partMatch(term, pod.target, split)) : null;
              if (tail !== null) best = Math.max(best, spanScore(bestHead, tail, NAME_SEPARATOR.length));
            }
          }
        }
        bound = bound === NO_MATCH || best === NO_MATCH ? NO_MATCH : bound + best;
      }
      if (bound === NO_MATCH) continue; // a term no entry of the pod fits
      if (bound <= floor) {
        let count = nameIds.length;
        if (!fitsPod) {
          for (let a = 0; a < nameIds.length; a++) {
            const nameId = nameIds[a] as number;
            for (let t = 0; t < termCount; t++) {
              const termInNames = inNames[t] as TermInNames;
              const fits = podScores[t] !== NO_MATCH || termInNames.scores[nameId] !== NO_MATCH || (termInNames.prefixes[nameId] as number) >= (podSplits[t] as number);
              if (!fits) {
                count--;
                break;
              }
            }
          }
        }
        if (count > 0) pod.matchedIn = stamp;
        total += count;
        continue;
      }
      for (let a = 0; a < nameIds.length; a++) {
        const nameId = nameIds[a] as number;
        let value = 0;
        for (let t = 0; t < termCount; t++) {
          const termInNames = inNames[t] as TermInNames;
          let termValue = Math.max(termInNames.scores[nameId] as number, podScores[t] as number);
          if (termValue === NO_MATCH && (termInNames.prefixes[nameId] as number) >= (podSplits[t] as number)) {
            const head = termInNames.head(nameId, podSplits[t] as number);
            const tail = (podTails[t] ??= partMatch(terms[t] as string, pod.target, podSplits[t] as number));
            if (head && tail) termValue = spanScore(head, tail, NAME_SEPARATOR.length);
          }
          if (termValue === NO_MATCH) {
            value = NO_MATCH;
            break;
          }
          value += termValue;
        }
        if (value === NO_MATCH) continue;
        pod.matchedIn = stamp;
        total++;
        // The entry object only for those that make the list.
        if (value > floor) {
          top.offer(pod.actions[a] as PodActionEntry, value);
          floor = top.floor;
        }
      }
    }

    this.#previous = { query, stamp };
    return { top, total };
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
