import { describe, expect, it } from 'vitest';
import { Broadcast, isTerminalReport, type BroadcastConfirmation, type BroadcastOptions } from '../../../../../renderer/src/app/workspace/broadcast.svelte.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** A broadcast model and what it wrote, per session. */
function setup(options: BroadcastOptions = {}) {
  const broadcast = new Broadcast(options);
  const written: Array<[string, string]> = [];
  const type = (from: string, input: string) => broadcast.send(from, bytes(input), (target, data) => written.push([target, text(data)]));
  return { broadcast, written, type };
}

/** A confirm hook whose answers the test gives, one per question. */
function asking() {
  const questions: BroadcastConfirmation[] = [];
  const answers: Array<(yes: boolean) => void> = [];
  const confirm = (request: BroadcastConfirmation) => {
    questions.push(request);
    return new Promise<boolean>((resolve) => answers.push(resolve));
  };
  const answer = async (yes: boolean) => {
    answers.shift()?.(yes);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { questions, confirm, answer };
}

describe('Broadcast', () => {
  it('sends a session\'s input to that session alone while it is in no group', () => {
    const { written, type, broadcast } = setup();
    type('a', 'ls\r');
    expect(written).toEqual([['a', 'ls\r']]);
    expect(broadcast.targets('a')).toEqual(['a']);
  });

  it('sends what one member types to every member, in the order they joined', async () => {
    const { broadcast, written, type } = setup();
    expect(await broadcast.start(['a', 'b', 'c'])).toBe(true);
    type('b', 'hostname\r');
    expect(written).toEqual([
      ['a', 'hostname\r'],
      ['b', 'hostname\r'],
      ['c', 'hostname\r'],
    ]);
    type('z', 'x');
    expect(written.at(-1)).toEqual(['z', 'x']);
  });

  it('skips an opted-out member, which types into its own session only, until it rejoins', async () => {
    const { broadcast, written, type } = setup();
    await broadcast.start(['a', 'b', 'c']);
    broadcast.optOut('b');
    expect(broadcast.isOptedOut('b')).toBe(true);
    expect(broadcast.groupOf('b')?.members).toEqual(['a', 'b', 'c']);
    type('a', '1');
    type('b', '2');
    expect(written).toEqual([
      ['a', '1'],
      ['c', '1'],
      ['b', '2'],
    ]);
    broadcast.rejoin('b');
    expect(broadcast.targets('b')).toEqual(['a', 'b', 'c']);
  });

  it('skips a member whose session ended, and keeps it marked as a member', async () => {
    const ended = new Set(['b']);
    const { broadcast } = setup({ isLive: (id) => !ended.has(id) });
    await broadcast.start(['a', 'b', 'c']);
    expect(broadcast.targets('a')).toEqual(['a', 'c']);
    expect(broadcast.groupOf('b')?.id).toBe(broadcast.groupOf('a')?.id);
  });

  it('drops a member whose pane closed, and ends a group left without members', async () => {
    const { broadcast } = setup();
    await broadcast.start(['a', 'b']);
    broadcast.optOut('b');
    broadcast.leave('b');
    expect(broadcast.groups).toEqual([{ id: 1, members: ['a'], optedOut: [], confirmed: [] }]);
    broadcast.leave('a');
    expect(broadcast.groups).toEqual([]);
  });

  it('keeps only the members still shown', async () => {
    const { broadcast } = setup();
    await broadcast.start(['a', 'b']);
    await broadcast.start(['c']);
    broadcast.retain(new Set(['a', 'x']));
    expect(broadcast.groups.map((group) => group.members)).toEqual([['a']]);
  });

  it('moves members out of their old group when a new one starts, and lets another pane join', async () => {
    const { broadcast } = setup();
    await broadcast.start(['a', 'b']);
    await broadcast.start(['b', 'c', 'c']);
    expect(broadcast.groups.map((group) => group.members)).toEqual([['a'], ['b', 'c']]);
    const second = broadcast.groups[1]?.id as number;
    broadcast.join(second, 'a');
    expect(broadcast.groups.map((group) => group.members)).toEqual([['b', 'c', 'a']]);
    broadcast.join(99, 'd');
    expect(broadcast.groupOf('d')).toBeNull();
    expect(await broadcast.start([])).toBe(false);
  });

  it('sends a terminal\'s own reports (cursor position, attributes, focus, mouse) to its own session only', async () => {
    const { broadcast, written, type } = setup();
    await broadcast.start(['a', 'b']);
    for (const report of ['\x1b[6;5R', '\x1b[?1;2c', '\x1b[>0;276;0c', '\x1b[I', '\x1b[O', '\x1b[<0;10;5M', '\x1b[M !!']) {
      expect(isTerminalReport(bytes(report))).toBe(true);
      type('b', report);
    }
    expect(written.every(([target]) => target === 'b')).toBe(true);
    expect(written).toHaveLength(7);
    for (const typed of ['\x1b[A', '\x1b', 'x\x1b[6;5R', '\x1b[15~']) expect(isTerminalReport(bytes(typed))).toBe(false);
  });

  it('stops: members type into their own session again', async () => {
    const { broadcast, written, type } = setup();
    await broadcast.start(['a', 'b']);
    broadcast.stop(broadcast.groupOf('a')?.id as number);
    type('a', 'x');
    expect(written).toEqual([['a', 'x']]);
  });

  describe('with production members', () => {
    const production = (id: string) => id.startsWith('prod');

    it('asks before turning broadcast on, naming the production members; refused, no group starts', async () => {
      const ask = asking();
      const { broadcast } = setup({ isProduction: production, confirm: ask.confirm });
      const started = broadcast.start(['dev-1', 'prod-1', 'prod-2']);
      expect(ask.questions).toEqual([{ reason: 'start', targets: ['dev-1', 'prod-1', 'prod-2'], production: ['prod-1', 'prod-2'] }]);
      await ask.answer(false);
      expect(await started).toBe(false);
      expect(broadcast.groups).toEqual([]);
    });

    it('does not ask again for typing once the start was confirmed', async () => {
      const ask = asking();
      const { broadcast, written, type } = setup({ isProduction: production, confirm: ask.confirm });
      const started = broadcast.start(['dev-1', 'prod-1']);
      await ask.answer(true);
      expect(await started).toBe(true);
      type('dev-1', 'x');
      expect(ask.questions).toHaveLength(1);
      expect(written).toEqual([
        ['dev-1', 'x'],
        ['prod-1', 'x'],
      ]);
    });

    it('holds input to a production member that joined later and asks once; confirmed, all of it goes in order', async () => {
      const ask = asking();
      const { broadcast, written, type } = setup({ isProduction: production, confirm: ask.confirm });
      await broadcast.start(['dev-1', 'dev-2']);
      broadcast.join(broadcast.groupOf('dev-1')?.id as number, 'prod-1');
      type('dev-1', 'l');
      type('dev-2', 's');
      expect(written).toEqual([]);
      expect(ask.questions).toEqual([{ reason: 'input', targets: ['dev-1', 'dev-2', 'prod-1'], production: ['prod-1'] }]);
      await ask.answer(true);
      expect(written.map(([target, data]) => `${target}:${data}`)).toEqual(['dev-1:l', 'dev-2:l', 'prod-1:l', 'dev-1:s', 'dev-2:s', 'prod-1:s']);
      type('dev-1', '\r');
      expect(ask.questions).toHaveLength(1);
    });

    it('sends nothing when refused, and asks again at the next keystroke', async () => {
      const ask = asking();
      const { broadcast, written, type } = setup({ isProduction: production, confirm: ask.confirm });
      await broadcast.start(['dev-1']);
      broadcast.join(broadcast.groupOf('dev-1')?.id as number, 'prod-1');
      type('dev-1', 'rm -rf /tmp/x');
      await ask.answer(false);
      expect(written).toEqual([]);
      type('dev-1', 'y');
      expect(ask.questions).toHaveLength(2);
    });

    it('sends nothing when the question fails or the group stopped meanwhile', async () => {
      const { broadcast, written, type } = setup({ isProduction: production, confirm: () => Promise.reject(new Error('no dialog')) });
      await broadcast.start(['dev-1']);
      broadcast.join(broadcast.groupOf('dev-1')?.id as number, 'prod-1');
      type('dev-1', 'x');
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(written).toEqual([]);

      const ask = asking();
      const second = setup({ isProduction: production, confirm: ask.confirm });
      await second.broadcast.start(['dev-1']);
      const group = second.broadcast.groupOf('dev-1')?.id as number;
      second.broadcast.join(group, 'prod-1');
      second.type('dev-1', 'x');
      second.broadcast.stop(group);
      await ask.answer(true);
      expect(second.written).toEqual([]);
    });

    it('does not ask for a production member that opted out, nor for typing into one\'s own session', async () => {
      const ask = asking();
      const { broadcast, written, type } = setup({ isProduction: production, confirm: ask.confirm });
      await broadcast.start(['dev-1']);
      broadcast.join(broadcast.groupOf('dev-1')?.id as number, 'prod-1');
      broadcast.optOut('prod-1');
      type('dev-1', 'a');
      type('prod-1', 'b');
      expect(ask.questions).toEqual([]);
      expect(written).toEqual([
        ['dev-1', 'a'],
        ['prod-1', 'b'],
      ]);
    });
  });
});
