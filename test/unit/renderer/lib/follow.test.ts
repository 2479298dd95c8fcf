import { describe, expect, it } from 'vitest';
import { FollowModel } from '../../../../renderer/src/lib/follow.ts';

describe('FollowModel', () => {
  it('pauses when the user scrolls up and resumes at the bottom', () => {
    const follow = new FollowModel();
    follow.programmaticScroll(1000);
    expect(follow.onScroll(1000, 1000)).toBe(true);
    expect(follow.onScroll(900, 1000)).toBe(false);
    expect(follow.onScroll(950, 1000)).toBe(false); // down, but not to the bottom
    expect(follow.onScroll(999, 1000)).toBe(true); // within the tolerance of the bottom
  });

  it('does not mistake its own scroll, overtaken by new lines, for the user scrolling up', () => {
    const follow = new FollowModel();
    follow.programmaticScroll(1000);
    // Lines arrived before the scroll event: the bottom is now 1400, the event still says 1000.
    expect(follow.onScroll(1000, 1400)).toBe(true);
    // The next event is the user's again.
    expect(follow.onScroll(980, 1400)).toBe(false);
  });

  it('does not take its own scroll up (the list got shorter) for the user scrolling up', () => {
    const follow = new FollowModel();
    expect(follow.onScroll(1000, 1000)).toBe(true);
    // A filter shortened the list: the list moved to the new bottom, 600 …
    follow.programmaticScroll(600);
    // … and matching lines arrived before the event, so the bottom is already 800.
    expect(follow.onScroll(600, 800)).toBe(true);
  });

  it('ignores fractional jitter of a position the list set', () => {
    const follow = new FollowModel();
    follow.programmaticScroll(1000);
    expect(follow.onScroll(999.5, 1400)).toBe(true);
    expect(follow.onScroll(600, 1400)).toBe(false);
  });

  it('can be paused, resumed and toggled from the keyboard', () => {
    const follow = new FollowModel(false);
    expect(follow.following).toBe(false);
    expect(follow.toggle()).toBe(true);
    follow.pause();
    expect(follow.following).toBe(false);
    follow.resume();
    expect(follow.following).toBe(true);
  });
});
