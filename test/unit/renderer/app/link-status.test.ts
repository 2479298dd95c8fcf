import { describe, expect, it } from 'vitest';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import { linkChip, linkProblem, statusOverLink } from '../../../../renderer/src/app/link-status.ts';

const lost: UserError = { kind: 'connection-lost', title: 'Lost the link to Porthole', detail: 'reconnecting' };

describe('statusOverLink', () => {
  it('shows live and connecting sessions as reconnecting while the link comes back', () => {
    expect(statusOverLink({ kind: 'live' }, { kind: 'reconnecting', attempt: 2, error: lost })).toEqual({ kind: 'reconnecting', attempt: 2, error: lost });
    expect(statusOverLink({ kind: 'connecting' }, { kind: 'reconnecting', attempt: 1, error: lost }).kind).toBe('reconnecting');
  });

  it('shows them as connection lost when the link cannot come back', () => {
    expect(statusOverLink({ kind: 'live' }, { kind: 'failed', error: lost })).toEqual({ kind: 'connection-lost', error: lost });
  });

  it('leaves finished sessions and an open link alone', () => {
    expect(statusOverLink({ kind: 'exited', exitCode: 1 }, { kind: 'failed', error: lost })).toEqual({ kind: 'exited', exitCode: 1 });
    expect(statusOverLink({ kind: 'live' }, { kind: 'open' })).toEqual({ kind: 'live' });
  });
});

describe('linkChip', () => {
  it('names the link state in a tone that says how well it is', () => {
    expect(linkChip({ kind: 'open' })).toEqual({ text: 'connected', tone: 'ok' });
    expect(linkChip({ kind: 'connecting' })).toEqual({ text: 'connecting', tone: 'muted' });
    expect(linkChip({ kind: 'reconnecting', attempt: 1, error: lost })).toEqual({ text: 'reconnecting', tone: 'warn' });
    expect(linkChip({ kind: 'failed', error: lost })).toEqual({ text: 'failed', tone: 'error' });
  });
});

describe('linkProblem', () => {
  it('says the link is coming back, on which attempt, or that it cannot, with why; nothing while it is up or starting', () => {
    expect(linkProblem({ kind: 'reconnecting', attempt: 3, error: lost })).toEqual({ text: 'Reconnecting to Porthole (attempt 3)…', error: lost });
    expect(linkProblem({ kind: 'failed', error: lost })).toEqual({ text: 'Not connected to Porthole', error: lost });
    expect(linkProblem({ kind: 'open' })).toBeNull();
    expect(linkProblem({ kind: 'connecting' })).toBeNull();
  });
});
