// One log row as the pane draws it: the styled spans of the line cut where filter matches begin and
// end, so a match is highlighted without losing the colours around and inside it.
import { parseAnsi, type StyledLine, type TextStyle } from './ansi.ts';
import { matchRanges, type CompiledFilter } from './log-filter.ts';

export interface RowSegment {
  readonly text: string;
  readonly style: TextStyle;
  readonly highlighted: boolean;
}

/** Splits spans at the match boundaries. `ranges` are sorted, non-overlapping [start, end) pairs. */
export function highlightSegments(line: StyledLine, ranges: ReadonlyArray<readonly [number, number]>): RowSegment[] {
  const segments: RowSegment[] = [];
  let r = 0;
  for (const span of line.spans) {
    let position = span.start;
    while (position < span.end) {
      while (r < ranges.length && (ranges[r]?.[1] ?? 0) <= position) r++;
      const range = ranges[r];
      let end: number;
      let highlighted: boolean;
      if (range && range[0] <= position) {
        end = Math.min(span.end, range[1]);
        highlighted = true;
      } else {
        end = Math.min(span.end, range ? range[0] : span.end);
        highlighted = false;
      }
      segments.push({ text: line.text.slice(position, end), style: span.style, highlighted });
      position = end;
    }
  }
  return segments;
}

/** A line's segments, with matches of `filter` highlighted when there is one. */
export function rowSegments(text: string, filter: CompiledFilter | null): RowSegment[] {
  const line = parseAnsi(text);
  return highlightSegments(line, filter ? matchRanges(line.text, filter) : []);
}

/** The first pod's hue: blue, so the most common case (one pod) does not look like an error. */
const FIRST_POD_HUE = 210;

/** Colour for a pod in merged logs: well-spread hues from the order pods first appeared in. */
export function podColor(podIndex: number): string {
  const hue = Math.round((FIRST_POD_HUE + podIndex * 137.508) % 360);
  return `hsl(${hue} 65% 55%)`;
}
