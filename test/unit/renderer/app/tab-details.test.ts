import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_QUERY } from '../../../../renderer/src/app/log-query.ts';
import { detailPod, detailsFor, isTabDetail, restoreDetails, serializeDetails, tabSessions, withDetail, type TabDetail } from '../../../../renderer/src/app/tab-details.ts';
import { logFileName } from '../../../../renderer/src/app/save-file.ts';

const exec: TabDetail = {
  kind: 'exec',
  request: { context: 'prod', namespace: 'web', pod: 'web-1', container: 'app', command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 80, rows: 24 } },
};
const logs: TabDetail = {
  kind: 'logs',
  target: { kind: 'pod', context: 'prod', namespace: 'web', pod: 'web-1', containers: ['app', 'sidecar'], container: null },
  query: DEFAULT_LOG_QUERY,
  view: { timestamps: true, wrap: false },
  extraSessions: ['s9'],
};

describe('tab details', () => {
  it('round-trip through JSON, leaving out the tabs not to keep', () => {
    const details = new Map<string, TabDetail>([['s1', exec], ['s2', logs], ['local-1', exec]]);
    const saved = JSON.parse(JSON.stringify(serializeDetails(details, (id) => !id.startsWith('local-'))));
    expect([...restoreDetails(saved)]).toEqual([['s1', exec], ['s2', logs]]);
  });

  it('drop entries that do not validate, and everything of another format', () => {
    const broken = { kind: 'exec', request: { ...exec.request, tty: 'yes' } };
    const saved = { version: 1, details: { s1: exec, s2: broken, s3: { kind: 'logs', target: { kind: 'pod' } } } };
    expect([...restoreDetails(saved).keys()]).toEqual(['s1']);
    expect(restoreDetails({ version: 2, details: { s1: exec } }).size).toBe(0);
    expect(restoreDetails('nonsense').size).toBe(0);
    expect(isTabDetail({ kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true } })).toBe(true);
    expect(isTabDetail({ ...logs, target: { kind: 'session', title: 'web-1/app' } })).toBe(true);
    expect(isTabDetail({ ...logs, target: { kind: 'session' } })).toBe(false);
  });

  it('are replaced whole, and kept only for the tabs that came back', () => {
    const one = withDetail(new Map(), 's1', exec);
    const moved = withDetail(one, 's2', exec, 's1');
    expect([...one.keys()]).toEqual(['s1']);
    expect([...moved.keys()]).toEqual(['s2']);
    expect([...detailsFor(new Map<string, TabDetail>([['a', exec], ['b', logs]]), ['b', 'c']).keys()]).toEqual(['b']);
  });

  it('name the pod a tab runs in and every session it reads', () => {
    expect(detailPod(exec)).toMatchObject({ pod: 'web-1', container: 'app' });
    expect(detailPod(logs)).toEqual({ context: 'prod', namespace: 'web', pod: 'web-1' });
    expect(tabSessions('s2', logs)).toEqual(['s2', 's9']);
    expect(tabSessions('s1', exec)).toEqual(['s1']);
  });
});

describe('log file names', () => {
  it('come from the tab title without characters file systems refuse, with the time', () => {
    const now = new Date('2024-05-01T12:34:56Z');
    expect(logFileName('web-1/app', now)).toBe('web-1_app 2024-05-01-12-34-56.log');
    expect(logFileName('a:b*c?"<>|', now)).toBe('a_b_c_ 2024-05-01-12-34-56.log');
    expect(logFileName('  ', now)).toBe('logs 2024-05-01-12-34-56.log');
  });
});
