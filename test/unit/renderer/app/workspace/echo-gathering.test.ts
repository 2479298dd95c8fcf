// A broadcast keystroke's echoes are held until every member answered (or the hold ends), then
// delivered together, each session's events in order.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EchoGathering } from '../../../../../renderer/src/app/workspace/echo-gathering.ts';

let delivered: string[];
let gathering: EchoGathering;

beforeEach(() => {
  vi.useFakeTimers();
  delivered = [];
  gathering = new EchoGathering({ holdMs: 8 });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Output (or another event, `output` false) of session `id`, recorded when delivered. */
function arrive(id: string, what: string, output = true): void {
  gathering.deliver(id, output, () => delivered.push(`${id} ${what}`));
}

describe('EchoGathering', () => {
  it('holds the members\' echoes until the last one comes, then delivers them together in arrival order', () => {
    gathering.expect(['a', 'b', 'c']);
    arrive('b', 'x');
    arrive('a', 'x');
    expect(delivered).toEqual([]);
    arrive('c', 'x');
    expect(delivered).toEqual(['b x', 'a x', 'c x']);
    // Gathered once: later output goes straight through.
    arrive('a', 'y');
    expect(delivered.at(-1)).toBe('a y');
  });

  it('gives up after the hold, and does not wait again for a member that did not answer until it sends output', () => {
    gathering.expect(['a', 'b', 'c']);
    arrive('a', '1');
    arrive('b', '1');
    vi.advanceTimersByTime(7);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['a 1', 'b 1']);
    // c stayed silent: the next keystroke gathers a and b only.
    gathering.expect(['a', 'b', 'c']);
    arrive('a', '2');
    arrive('b', '2');
    expect(delivered.slice(2)).toEqual(['a 2', 'b 2']);
    // Once c answers it is waited for again.
    arrive('c', 'late');
    gathering.expect(['a', 'b', 'c']);
    arrive('a', '3');
    arrive('b', '3');
    expect(delivered.at(-1)).toBe('c late');
    arrive('c', '3');
    expect(delivered.slice(-3)).toEqual(['a 3', 'b 3', 'c 3']);
  });

  it('keeps a member\'s events in order: more output joins the held, another event lets the held go first', () => {
    gathering.expect(['a', 'b']);
    arrive('a', 'out1');
    arrive('a', 'out2');
    arrive('a', 'ended', false);
    expect(delivered).toEqual(['a out1', 'a out2', 'a ended']);
    // Events of sessions with nothing held are not held.
    gathering.expect(['a', 'b']);
    arrive('b', 'notice', false);
    expect(delivered.at(-1)).toBe('b notice');
  });

  it('gathers nothing for input that went to one session', () => {
    gathering.expect(['a']);
    arrive('a', 'echo');
    expect(delivered).toEqual(['a echo']);
    arrive('z', 'other');
    expect(delivered).toEqual(['a echo', 'z other']);
  });
});
