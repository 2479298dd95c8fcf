// What each tab needs besides its session id, kept across a reload: how to start its session again
// ("Run again", new log options) and, for log tabs, what they read and how they look. Saved next to
// the tab strip (lib/tabs.ts serializeTabs) in sessionStorage and validated when read back, since
// an older page may have written it.
import type { AttachRequest, ExecRequest, SessionId } from '../../../shared/bridge/sessions.ts';
import type { LogQuery, LogTarget } from './log-query.ts';

export interface LogView {
  readonly timestamps: boolean;
  readonly wrap: boolean;
}

export type TabDetail =
  | { readonly kind: 'exec'; readonly request: ExecRequest }
  | { readonly kind: 'attach'; readonly request: AttachRequest }
  | {
      readonly kind: 'logs';
      readonly target: LogTarget;
      readonly query: LogQuery;
      readonly view: LogView;
      /** Sessions besides the tab's own that feed it (all containers of a pod: one log each). */
      readonly extraSessions: readonly SessionId[];
    };

export const TAB_DETAILS_FORMAT_VERSION = 1;
export const TAB_DETAILS_STORAGE_KEY = 'porthole.tab-details';
export const TABS_STORAGE_KEY = 'porthole.tabs';

type Check = (value: unknown) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isNonEmptyString: Check = (value) => typeof value === 'string' && value !== '';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isCount: Check = (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const nullable = (check: Check): Check => (value) => value === null || check(value);
const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);

function shape(fields: Record<string, Check>): Check {
  return (value) => isRecord(value) && Object.entries(fields).every(([key, check]) => check(value[key]));
}

const podRef = { context: isNonEmptyString, namespace: isNonEmptyString, pod: isNonEmptyString, container: optional(isString) };
const size = optional(shape({ cols: isCount, rows: isCount }));
const command = (value: unknown): boolean =>
  isRecord(value) && ((value['kind'] === 'shell' && optional((os) => os === 'linux' || os === 'windows')(value['nodeOs'])) || (value['kind'] === 'argv' && arrayOf(isString)(value['argv'])));

const execRequest = shape({ ...podRef, command, tty: isBoolean, stdin: isBoolean, size });
const attachRequest = shape({ ...podRef, tty: isBoolean, stdin: isBoolean, size });
const target = (value: unknown): boolean =>
  isRecord(value) &&
  ((value['kind'] === 'pod' &&
    shape({ context: isNonEmptyString, namespace: isNonEmptyString, pod: isNonEmptyString, containers: arrayOf(isString), container: nullable(isString) })(value)) ||
    (value['kind'] === 'selector' &&
      shape({ context: isNonEmptyString, namespace: isNonEmptyString, selector: isNonEmptyString, container: nullable(isString) })(value)) ||
    (value['kind'] === 'session' && shape({ title: isString })(value)));
const query = shape({ tailLines: nullable(isCount), sinceSeconds: nullable(isCount), previous: isBoolean });
const view = shape({ timestamps: isBoolean, wrap: isBoolean });

export function isTabDetail(value: unknown): value is TabDetail {
  if (!isRecord(value)) return false;
  switch (value['kind']) {
    case 'exec':
      return execRequest(value['request']);
    case 'attach':
      return attachRequest(value['request']);
    case 'logs':
      return target(value['target']) && query(value['query']) && view(value['view']) && arrayOf(isNonEmptyString)(value['extraSessions']);
    default:
      return false;
  }
}

export function serializeDetails(details: ReadonlyMap<SessionId, TabDetail>, keep: (id: SessionId) => boolean): unknown {
  const saved: Record<string, TabDetail> = {};
  for (const [id, detail] of details) if (keep(id)) saved[id] = detail;
  return { version: TAB_DETAILS_FORMAT_VERSION, details: saved };
}

/** Reads saved details back; entries that do not validate are left out (their tabs still restore, without "Run again"). */
export function restoreDetails(saved: unknown): Map<SessionId, TabDetail> {
  const details = new Map<SessionId, TabDetail>();
  if (!isRecord(saved) || saved['version'] !== TAB_DETAILS_FORMAT_VERSION || !isRecord(saved['details'])) return details;
  for (const [id, detail] of Object.entries(saved['details'])) if (isTabDetail(detail)) details.set(id, detail);
  return details;
}

/** Where a tab's session runs: the pod and container, for "new shell here" and the tooltip. */
export function detailPod(detail: TabDetail): { context: string; namespace: string; pod: string; container?: string } | null {
  if (detail.kind === 'exec' || detail.kind === 'attach') return detail.request;
  if (detail.target.kind === 'pod') {
    const { context, namespace, pod, container } = detail.target;
    return container === null ? { context, namespace, pod } : { context, namespace, pod, container };
  }
  return null;
}

/** A copy of `details` without `remove` and with `id` set to `detail` (null: only the removal). */
export function withDetail(
  details: ReadonlyMap<SessionId, TabDetail>,
  id: SessionId,
  detail: TabDetail | null,
  remove?: SessionId,
): ReadonlyMap<SessionId, TabDetail> {
  const next = new Map(details);
  if (remove !== undefined) next.delete(remove);
  if (detail !== null) next.set(id, detail);
  return next;
}

/** The saved details of the tabs that came back, and nothing else. */
export function detailsFor(saved: ReadonlyMap<SessionId, TabDetail>, ids: readonly SessionId[]): ReadonlyMap<SessionId, TabDetail> {
  const kept = new Map<SessionId, TabDetail>();
  for (const id of ids) {
    const detail = saved.get(id);
    if (detail !== undefined) kept.set(id, detail);
  }
  return kept;
}

/** Every session a tab reads: its own, and for a log tab of all containers, the others. */
export function tabSessions(id: SessionId, detail: TabDetail | undefined): SessionId[] {
  return [id, ...(detail?.kind === 'logs' ? detail.extraSessions : [])];
}
