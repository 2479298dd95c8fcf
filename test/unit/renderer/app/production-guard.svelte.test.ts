import { describe, expect, it } from 'vitest';
import { ProductionGuard } from '../../../../renderer/src/app/production-guard.svelte.ts';
import type { ProductionRule } from '../../../../renderer/src/app/production.ts';
import { shellDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

/** A workspace wired to its guard as App.svelte wires them; `rule` is the settings' production rule, changeable. */
function guarded(rule: ProductionRule = { productionContexts: ['prod-eu'], productionPattern: '' }) {
  let current = rule;
  const ws = new Workspace(new FakeBridge(), {
    forget: () => undefined,
    broadcast: { isProduction: (id) => guard.isProductionSession(id), confirm: (request) => guard.confirmBroadcast(request) },
  });
  const guard: ProductionGuard = new ProductionGuard(ws, () => current);
  return { ws, guard, setRule: (next: ProductionRule) => (current = next) };
}

const shell = (context: string, pod: string) => shellDetail({ context, namespace: 'default', pod });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the production guard', () => {
  it('asks one question at a time, in order, each answer settling its own', async () => {
    const { guard } = guarded();
    const first = guard.ask({ title: 'First?', message: '', contexts: [], confirmLabel: 'Yes' });
    const second = guard.ask({ title: 'Second?', message: '', contexts: [], confirmLabel: 'Yes' });
    expect(guard.question?.confirmation.title).toBe('First?');
    guard.answer(false);
    expect(guard.question?.confirmation.title).toBe('Second?');
    guard.answer(true);
    expect(guard.question).toBeUndefined();
    expect([await first, await second]).toEqual([false, true]);
    expect(() => guard.answer(true)).not.toThrow();
  });

  it('marks production by the settings as they are now, and never a context it does not know', async () => {
    const { ws, guard, setRule } = guarded();
    await ws.open(shell('prod-eu', 'web-1'));
    expect(guard.inProduction('prod-eu')).toBe(true);
    expect(guard.inProduction('dev')).toBe(false);
    expect(guard.inProduction('')).toBe(false);
    expect(guard.isProductionSession('s1')).toBe(true);
    expect(guard.isProductionSession('elsewhere')).toBe(false);
    setRule({ productionContexts: [], productionPattern: '*-live' });
    expect(guard.isProductionSession('s1')).toBe(false);
    expect(guard.inProduction('EU-LIVE')).toBe(true);
  });

  it('asks before broadcast turns on over production terminals, naming each production context once', async () => {
    const { ws, guard } = guarded({ productionContexts: ['prod-eu', 'prod-us'], productionPattern: '' });
    await ws.openGrid('web', [shell('dev', 'a'), shell('prod-eu', 'b'), shell('prod-eu', 'c'), shell('prod-us', 'd')]);
    guard.toggleBroadcast();
    await settle();
    expect(guard.question?.confirmation).toMatchObject({
      title: 'Broadcast into production?',
      message: 'What you type in one of these terminals will go to all 4 terminals, 3 of them in production.',
      contexts: ['prod-eu', 'prod-us'],
    });
    guard.answer(true);
    await settle();
    expect(ws.broadcast.groups[0]?.members).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('asks before a paste of several lines reaches a production terminal, itself or through broadcast', async () => {
    const { ws, guard } = guarded();
    await ws.openGrid('web', [shell('dev', 'a'), shell('prod-eu', 'b')]);
    expect(guard.checkPaste('s2')('one line')).toBeNull();
    expect(guard.checkPaste('s1')('two\nlines')).toBeNull();
    void guard.checkPaste('s2')('two\nlines');
    expect(guard.question?.confirmation).toMatchObject({ title: 'Paste 2 lines into production?', contexts: ['prod-eu'] });
    guard.answer(false);
    void ws.broadcast.start(['s1', 's2']);
    guard.answer(true);
    await settle();
    void guard.checkPaste('s1')('two\nlines');
    expect(guard.question?.confirmation.contexts).toEqual(['prod-eu']);
  });

  it('turns broadcast on for the terminals of the focused pane\'s tab only, and off for its group', async () => {
    const { ws, guard } = guarded();
    guard.toggleBroadcast();
    expect(ws.broadcast.groups).toEqual([]);
    await ws.open(shell('dev', 'other'));
    await ws.openGrid('web', [shell('dev', 'a'), shell('dev', 'b')]);
    guard.toggleBroadcast();
    await settle();
    expect(ws.broadcast.groups.map((group) => group.members)).toEqual([['s2', 's3']]);
    guard.toggleBroadcast();
    expect(ws.broadcast.groups).toEqual([]);
  });

  it('opts the focused pane out of its group and back in; outside a group it does nothing', async () => {
    const { ws, guard } = guarded();
    await ws.openGrid('web', [shell('dev', 'a'), shell('dev', 'b')]);
    guard.toggleBroadcastOptOut();
    expect(ws.broadcast.groups).toEqual([]);
    guard.toggleBroadcast();
    await settle();
    const focused = ws.focusedPane?.sessionId ?? '';
    guard.toggleBroadcastOptOut();
    expect(ws.broadcast.isOptedOut(focused)).toBe(true);
    guard.toggleBroadcastOptOut();
    expect(ws.broadcast.isOptedOut(focused)).toBe(false);
  });
});
