// Broadcast groups, as tmux's synchronize-panes: input typed or pasted into one member of a group
// goes to every member. Members are terminal sessions; a member can opt out (it stays marked as a
// member, and gets nothing until it rejoins). A group exists only while broadcast is on: turning it
// off removes the group.
//
// Workspace.input asks `send` where a member's input goes; each target's write is the caller's and
// independent of the others, so each session keeps its own shell-probe hold and flow control in
// main. A group that reaches a production terminal the user has not confirmed for this arm of the
// group holds the input and asks (`confirm`, the app's dialog): confirmed, what was held goes out
// in order; refused, nothing goes anywhere.
//
// Groups are not kept across a reload on purpose: a window that comes back must not type into five
// pods before the user turns broadcast on again.
import type { SessionId } from '../../../../shared/bridge/sessions.ts';

export interface BroadcastGroup {
  readonly id: number;
  /** In the order they joined. */
  readonly members: readonly SessionId[];
  /** Members marked "opted out": they get nothing until they rejoin. */
  readonly optedOut: readonly SessionId[];
  /** The production members the user confirmed broadcasting into since the group was turned on. */
  readonly confirmed: readonly SessionId[];
}

/** What the user is asked before input reaches production terminals. */
export interface BroadcastConfirmation {
  /** 'start': turning broadcast on; 'input': typing into a group that reaches unconfirmed production members. */
  readonly reason: 'start' | 'input';
  /** Every session the input would reach. */
  readonly targets: readonly SessionId[];
  /** Those of them in production contexts, not yet confirmed. */
  readonly production: readonly SessionId[];
}

export interface BroadcastOptions {
  /** Whether a session can take input now; an ended member is skipped. Absent: every session. */
  readonly isLive?: (id: SessionId) => boolean;
  /** Whether a session runs in a production context (production.ts). Absent: none does. */
  readonly isProduction?: (id: SessionId) => boolean;
  /** Asks the user; resolves true to go ahead. Absent: always yes. */
  readonly confirm?: (request: BroadcastConfirmation) => Promise<boolean>;
}

/**
 * What a terminal answers by itself rather than what the user types: a cursor position report
 * (CSI row;col R, which shells ask for at each prompt), device attributes (CSI ? … c, CSI > … c),
 * focus in and out (CSI I, CSI O) and mouse reports (CSI < b;x;y M/m, CSI M bxy). It concerns its own
 * screen only, so it goes to its own session, never to the group's.
 */
// eslint-disable-next-line no-control-regex -- terminal reports begin with ESC
const TERMINAL_REPORT = /^\x1b\[(?:\d+;\d+R|[?>][\d;]*c|[IO]|<\d+;\d+;\d+[Mm]|M[\s\S]{3})$/;

export function isTerminalReport(data: Uint8Array): boolean {
  return data.length <= 32 && data[0] === 0x1b && TERMINAL_REPORT.test(String.fromCharCode(...data));
}

/** Input held while the user is asked, for one group. */
interface Held {
  readonly from: SessionId;
  readonly data: Uint8Array;
}

export class Broadcast {
  #groups = $state.raw<readonly BroadcastGroup[]>([]);
  #nextId = 1;
  readonly #isLive: (id: SessionId) => boolean;
  readonly #isProduction: (id: SessionId) => boolean;
  readonly #confirm: (request: BroadcastConfirmation) => Promise<boolean>;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: input waiting for an answer
  readonly #held = new Map<number, Held[]>();

  constructor(options: BroadcastOptions = {}) {
    this.#isLive = options.isLive ?? (() => true);
    this.#isProduction = options.isProduction ?? (() => false);
    this.#confirm = options.confirm ?? (() => Promise.resolve(true));
  }

  get groups(): readonly BroadcastGroup[] {
    return this.#groups;
  }

  groupOf(id: SessionId): BroadcastGroup | null {
    return this.#groups.find((group) => group.members.includes(id)) ?? null;
  }

  isOptedOut(id: SessionId): boolean {
    return this.groupOf(id)?.optedOut.includes(id) ?? false;
  }

  /**
   * Turns broadcast on for these sessions as one new group (each leaves any group it was in).
   * With a production member, the user is asked first; false when refused (or no members).
   */
  async start(members: readonly SessionId[]): Promise<boolean> {
    const unique = members.filter((id, index) => members.indexOf(id) === index);
    if (unique.length === 0) return false;
    const production = unique.filter((id) => this.#isProduction(id));
    if (production.length > 0 && !(await this.#confirm({ reason: 'start', targets: unique, production }))) return false;
    const id = this.#nextId++;
    this.#groups = [...this.#withoutMembers(this.#groups, unique), { id, members: unique, optedOut: [], confirmed: production }];
    return true;
  }

  /** Turns broadcast off for the group: its members type into their own session again. */
  stop(groupId: number): void {
    this.#groups = this.#groups.filter((group) => group.id !== groupId);
    this.#held.delete(groupId);
  }

  /** Adds a session (a pane of another tab) to a group, leaving any other group. */
  join(groupId: number, id: SessionId): void {
    if (!this.#groups.some((group) => group.id === groupId)) return;
    this.#groups = this.#withoutMembers(this.#groups, [id]).map((group) => (group.id === groupId ? { ...group, members: [...group.members, id] } : group));
  }

  /** The session leaves its group (its pane closed); a group left without members ends. */
  leave(id: SessionId): void {
    this.#groups = this.#withoutMembers(this.#groups, [id]);
  }

  /** Keeps only the members still shown (after panes closed or a tab moved to a new session). */
  retain(shown: ReadonlySet<SessionId>): void {
    const gone = this.#groups.flatMap((group) => group.members.filter((id) => !shown.has(id)));
    if (gone.length > 0) this.#groups = this.#withoutMembers(this.#groups, gone);
  }

  optOut(id: SessionId): void {
    this.#update(id, (group) => (group.optedOut.includes(id) ? group : { ...group, optedOut: [...group.optedOut, id] }));
  }

  rejoin(id: SessionId): void {
    this.#update(id, (group) => ({ ...group, optedOut: group.optedOut.filter((member) => member !== id) }));
  }

  /**
   * Where input typed into `from` goes: every active member (in the group, not opted out, live) when
   * `from` is one, else `from` alone.
   */
  targets(from: SessionId): SessionId[] {
    const group = this.#broadcastingGroupOf(from);
    return group === null ? [from] : group.members.filter((id) => !group.optedOut.includes(id) && this.#isLive(id));
  }

  /**
   * Sends input typed into `from` to its targets, `write` once per target (a terminal's own report
   * to `from` alone). When the targets include
   * production members not confirmed for this group, the input is held and the user asked once;
   * input typed meanwhile waits behind it.
   */
  send(from: SessionId, data: Uint8Array, write: (target: SessionId, data: Uint8Array) => void): void {
    if (isTerminalReport(data)) {
      write(from, data);
      return;
    }
    const group = this.#broadcastingGroupOf(from);
    const held = group === null ? undefined : this.#held.get(group.id);
    if (group !== null && held !== undefined) {
      held.push({ from, data });
      return;
    }
    const targets = this.targets(from);
    const production = group === null ? [] : targets.filter((id) => this.#isProduction(id) && !group.confirmed.includes(id));
    if (group === null || production.length === 0) {
      for (const target of targets) write(target, data);
      return;
    }
    this.#held.set(group.id, [{ from, data }]);
    void this.#confirm({ reason: 'input', targets, production })
      .catch(() => false)
      .then((confirmed) => this.#answered(group.id, confirmed, production, write));
  }

  #answered(groupId: number, confirmed: boolean, production: readonly SessionId[], write: (target: SessionId, data: Uint8Array) => void): void {
    const held = this.#held.get(groupId) ?? [];
    this.#held.delete(groupId);
    if (!confirmed || !this.#groups.some((group) => group.id === groupId)) return;
    this.#groups = this.#groups.map((group) => (group.id === groupId ? { ...group, confirmed: [...group.confirmed, ...production.filter((id) => !group.confirmed.includes(id))] } : group));
    for (const input of held) this.send(input.from, input.data, write);
  }

  /** The group `from` broadcasts to: null when it is in none, or opted out. */
  #broadcastingGroupOf(from: SessionId): BroadcastGroup | null {
    const group = this.groupOf(from);
    return group === null || group.optedOut.includes(from) ? null : group;
  }

  #update(id: SessionId, change: (group: BroadcastGroup) => BroadcastGroup): void {
    this.#groups = this.#groups.map((group) => (group.members.includes(id) ? change(group) : group));
  }

  /** The groups without these sessions; a group left empty ends (and its held input with it). */
  #withoutMembers(groups: readonly BroadcastGroup[], ids: readonly SessionId[]): BroadcastGroup[] {
    const result: BroadcastGroup[] = [];
    for (const group of groups) {
      const members = group.members.filter((id) => !ids.includes(id));
      if (members.length === 0) {
        this.#held.delete(group.id);
        continue;
      }
      const keep = (list: readonly SessionId[]) => list.filter((id) => members.includes(id));
      result.push(members.length === group.members.length ? group : { ...group, members, optedOut: keep(group.optedOut), confirmed: keep(group.confirmed) });
    }
    return result;
  }
}
