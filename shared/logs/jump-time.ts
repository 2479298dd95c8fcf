// "Jump to a time" in the log pane: what the user typed, as milliseconds since the epoch. Three
// forms: a time of day (`12:03`, `12:03:30`), read in UTC because the pane shows the kubelet's UTC
// timestamps, on the day of `now` (or the day before, when that time has not come yet today); a
// time ago (`-5m`, `-90s`, `-2h`, `-1d`); or an RFC3339 time (`2024-05-01T12:03:00Z`, with an
// offset or a fraction).

export type JumpResult = { readonly ok: true; readonly epochMillis: number } | { readonly ok: false; readonly error: string };

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const AGO = /^-(\d+)([smhd])$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DAY_MS = UNIT_MS.d;

export function resolveJumpTime(input: string, nowMillis: number): JumpResult {
  const text = input.trim();
  const ago = AGO.exec(text);
  if (ago) return { ok: true, epochMillis: nowMillis - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS] };
  const clock = TIME_OF_DAY.exec(text);
  if (clock) {
    const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) return { ok: false, error: `"${text}" is not a time of day` };
    const today = Math.floor(nowMillis / DAY_MS) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
    return { ok: true, epochMillis: today > nowMillis ? today - DAY_MS : today };
  }
  if (RFC3339.test(text)) {
    // Date.parse reads only three fraction digits; what it cannot read the shape test let through.
    const parsed = Date.parse(text.replace(/(\.\d{3})\d+/, '$1').replace(' ', 'T'));
    if (!Number.isNaN(parsed)) return { ok: true, epochMillis: parsed };
  }
  return { ok: false, error: `"${text}" is not a time: type 12:03 (UTC), -5m or 2024-05-01T12:03:00Z` };
}
