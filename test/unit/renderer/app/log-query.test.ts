import { describe, expect, it } from 'vitest';
import {
  applyLogCommand,
  canReopen,
  DEFAULT_LOG_QUERY,
  describeSince,
  describeTail,
  logOpen,
  targetContext,
  targetTitle,
  type LogTarget,
} from '../../../../renderer/src/app/log-query.ts';

const podTarget: LogTarget = { kind: 'pod', context: 'prod', namespace: 'web', pod: 'web-1', containers: ['app', 'sidecar'], container: 'app' };

describe('log queries', () => {
  it('reads one container, following from the last 1,000 lines by default', () => {
    expect(logOpen(podTarget, DEFAULT_LOG_QUERY)).toEqual({
      kind: 'logs',
      request: { context: 'prod', namespace: 'web', pod: 'web-1', container: 'app', follow: true, tailLines: 1000 },
    });
  });

  it('reads all containers of a pod as one log merged in timestamp order', () => {
    const all = { ...podTarget, container: null };
    expect(logOpen(all, DEFAULT_LOG_QUERY)).toEqual({ kind: 'merged', request: { context: 'prod', namespace: 'web', pod: 'web-1', follow: true, tailLines: 1000 } });
    expect(logOpen(all, { ...DEFAULT_LOG_QUERY, previous: true })?.request).toMatchObject({ pod: 'web-1', follow: false, previous: true });
    expect(targetTitle(all)).toBe('web-1 (all)');
  });

  it('reads a selector as one merged log', () => {
    const target: LogTarget = { kind: 'selector', context: 'prod', namespace: 'web', selector: 'app=web', container: null };
    expect(logOpen(target, { tailLines: null, sinceSeconds: 300, previous: false })).toEqual({
      kind: 'merged',
      request: { context: 'prod', namespace: 'web', selector: 'app=web', follow: true, sinceSeconds: 300, mainContainersOnly: true },
    });
    expect(targetTitle(target)).toBe('app=web (web)');
  });

  it('brings init and ephemeral containers in and out with i, for a selector only', () => {
    const target: LogTarget = { kind: 'selector', context: 'prod', namespace: 'web', selector: 'app=web', container: null };
    const toggled = applyLogCommand(target, DEFAULT_LOG_QUERY, 'toggle-init-containers');
    expect(toggled?.target).toEqual({ ...target, initAndEphemeral: true });
    expect(logOpen(toggled?.target as LogTarget, DEFAULT_LOG_QUERY)?.request).toMatchObject({ mainContainersOnly: false });
    expect(applyLogCommand(toggled?.target as LogTarget, DEFAULT_LOG_QUERY, 'toggle-init-containers')?.target).toEqual({ ...target, initAndEphemeral: false });
    expect(applyLogCommand(podTarget, DEFAULT_LOG_QUERY, 'toggle-init-containers')).toBeNull();
  });

  it('follows a selector in more contexts, and says so in its title', () => {
    const target: LogTarget = { kind: 'selector', context: 'prod', namespace: 'web', selector: 'app=web', container: null, extraContexts: ['staging'] };
    expect(logOpen(target, DEFAULT_LOG_QUERY)?.request).toMatchObject({ context: 'prod', extraContexts: ['staging'] });
    expect(targetTitle(target)).toBe('app=web (web) in prod, staging');
  });

  it('reads a previous instance to its end instead of following it', () => {
    const open = logOpen(podTarget, { ...DEFAULT_LOG_QUERY, previous: true });
    expect(open?.request).toMatchObject({ follow: false, previous: true });
  });

  it('turns the k9s keys into new queries', () => {
    expect(applyLogCommand(podTarget, DEFAULT_LOG_QUERY, 'previous-container')?.query.previous).toBe(true);
    expect(applyLogCommand(podTarget, DEFAULT_LOG_QUERY, 'since-15m')?.query).toEqual({ tailLines: null, sinceSeconds: 900, previous: false });
    expect(applyLogCommand(podTarget, { tailLines: null, sinceSeconds: 900, previous: false }, 'tail')?.query).toEqual(DEFAULT_LOG_QUERY);
    expect(applyLogCommand(podTarget, DEFAULT_LOG_QUERY, 'toggle-all-containers')?.target).toMatchObject({ container: null });
    expect(applyLogCommand({ ...podTarget, container: null }, DEFAULT_LOG_QUERY, 'toggle-all-containers')?.target).toMatchObject({ container: 'app' });
    expect(applyLogCommand({ ...podTarget, containers: ['app'] }, DEFAULT_LOG_QUERY, 'toggle-all-containers')).toBeNull();
    expect(applyLogCommand(podTarget, DEFAULT_LOG_QUERY, 'toggle-wrap')).toBeNull();
  });

  it('describes the presets', () => {
    expect(describeTail(10_000)).toBe('Last 10,000');
    expect(describeTail(null)).toBe('All lines');
    expect(describeSince(300)).toBe('Last 5 min');
    expect(describeSince(3600)).toBe('Last 1 h');
    expect(describeSince(null)).toBe('Any time');
  });

  it('shows a session taken over from another window, but cannot read it again with other options', () => {
    const target: LogTarget = { kind: 'session', title: 'web-1/app' };
    expect(logOpen(target, DEFAULT_LOG_QUERY)).toBeNull();
    expect(applyLogCommand(target, DEFAULT_LOG_QUERY, 'since-1m')).toBeNull();
    expect(canReopen(target)).toBe(false);
    expect(canReopen(podTarget)).toBe(true);
    expect(targetTitle(target)).toBe('web-1/app');
    expect(targetContext(target)).toBe('');
    expect(targetContext(podTarget)).toBe('prod');
  });
});
