import { describe, expect, it } from 'vitest';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { SessionState } from '../../../../shared/bridge/sessions.ts';
import { statusBadge, tabStatus } from '../../../../renderer/src/lib/tabs.ts';

const forbidden: UserError = { kind: 'forbidden', title: 'Exec denied by RBAC', detail: 'pods "x" is forbidden' };

describe('tabs: state from main', () => {
  it.each<[SessionState, string, string]>([
    [{ kind: 'connecting' }, 'connecting', 'pending'],
    [{ kind: 'live', protocol: 'v5.channel.k8s.io' }, 'live', 'ok'],
    [{ kind: 'resuming', attempt: 2, error: forbidden }, 'reconnecting (2)', 'warning'],
    [{ kind: 'exited', exitCode: 0 }, 'exited 0', 'done'],
    [{ kind: 'exited', exitCode: 137 }, 'exited 137', 'error'],
    [{ kind: 'ended' }, 'ended', 'done'],
    [{ kind: 'failed', error: forbidden }, 'error', 'error'],
    [{ kind: 'connection-lost', error: { ...forbidden, kind: 'connection-lost' } }, 'connection lost', 'error'],
    [{ kind: 'closed' }, 'closed', 'done'],
  ])('shows %j as "%s"', (sessionState, label, tone) => {
    expect(statusBadge(tabStatus(sessionState))).toMatchObject({ label, tone });
  });

  it('puts the server’s own words in an error badge’s detail', () => {
    expect(statusBadge(tabStatus({ kind: 'failed', error: forbidden })).detail).toBe('Exec denied by RBAC: pods "x" is forbidden');
  });
});
