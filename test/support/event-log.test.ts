// The test helper's waits: a stuck wait must say what the session did say.
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';

const id = 'exec-1';

describe('EventLog waits', () => {
  it('rejects after its timeout with the states, the error and the output received so far', async () => {
    const log = new EventLog({ timeoutMs: 20 });
    log.sink({ kind: 'state', id, state: { kind: 'live', protocol: 'v5.channel.k8s.io' } });
    log.sink({ kind: 'output', id, channel: 'stdout', bytes: Buffer.from('echo first\r\n') });
    log.sink({
      kind: 'state',
      id,
      state: { kind: 'failed', error: { kind: 'server-error', title: 'Exec failed (InternalError)', detail: 'not found', context: 'c' } },
    });

    const error = await log.until(() => log.outputText().includes('first-42')).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('No event matched within 20 ms');
    expect(message).toContain('first-42'); // the predicate's source names what was awaited
    expect(message).toContain('state: {"kind":"live","protocol":"v5.channel.k8s.io"}');
    expect(message).toContain('"title":"Exec failed (InternalError)"');
    expect(message).toContain('stdout: "echo first\\r\\n"');
  });

  it('rejects finalState the same way, and a per-call timeout overrides the default', async () => {
    const log = new EventLog();
    log.sink({ kind: 'state', id, state: { kind: 'live', protocol: 'v4.channel.k8s.io' } });
    await expect(log.finalState(20)).rejects.toThrow(/state: \{"kind":"live"/);
  });

  it('resolves with an event that arrives in time, however many waits are pending, or is already there', async () => {
    const log = new EventLog({ timeoutMs: 5000 });
    const live = log.until((event) => event.kind === 'state' && event.state.kind === 'live');
    const final = log.finalState();
    log.sink({ kind: 'state', id, state: { kind: 'live', protocol: 'v5.channel.k8s.io' } });
    log.sink({ kind: 'state', id, state: { kind: 'exited', exitCode: 0 } });
    expect(await live).toMatchObject({ state: { kind: 'live' } });
    expect((await final).state).toEqual({ kind: 'exited', exitCode: 0 });
    // And at once for one that is already there.
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('shows only the end of a long output', () => {
    const log = new EventLog();
    log.sink({ kind: 'output', id, channel: 'stdout', bytes: Buffer.from(`${'x'.repeat(5000)}END`) });
    const described = log.describe();
    expect(described).toContain('END"');
    expect(described.length).toBeLessThan(2200);
  });
});
