import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../../../../main/core/files/progress-meter.ts';

describe('ProgressMeter', () => {
  it('gives the rate over the last seconds and the ETA from it', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    meter.totals(10_000_000, 2);
    now = 1000;
    meter.add(1_000_000);
    expect(meter.snapshot()).toEqual({ bytesDone: 1_000_000, bytesTotal: 10_000_000, filesDone: 0, filesTotal: 2, bytesPerSecond: 1_000_000, etaSeconds: 9 });
    now = 2000;
    meter.add(3_000_000);
    meter.fileDone();
    expect(meter.snapshot()).toMatchObject({ bytesDone: 4_000_000, filesDone: 1, bytesPerSecond: 2_000_000, etaSeconds: 3 });
  });

  it('forgets samples older than the window, so a stall shows', () => {
    let now = 0;
    const meter = new ProgressMeter(() => now);
    meter.add(5_000_000);
    now = 1000;
    meter.snapshot();
    for (now = 2000; now <= 9000; now += 1000) meter.snapshot();
    expect(meter.snapshot().bytesPerSecond).toBe(0);
  });

  it('has no ETA without a total or a rate', () => {
    const meter = new ProgressMeter(() => 0);
    expect(meter.snapshot()).toMatchObject({ bytesTotal: null, etaSeconds: null, bytesPerSecond: 0 });
  });
});
