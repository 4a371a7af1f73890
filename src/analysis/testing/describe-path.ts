// Renders analysis results with span names, so test expectations read like the drawing.
import type { CriticalPath } from '../critical-path.ts';
import type { DarkGap } from '../dark-time.ts';
import type { AsciiTrace } from './ascii-trace.ts';

/** `name start-end` per segment, in path order. */
export function describeSegments(drawn: AsciiTrace, path: CriticalPath): string[] {
  return path.segments.map((segment) => `${drawn.nameOf(segment.row)} ${segment.start}-${segment.end}`);
}

/** `name start-end` per gap, in the order given. */
export function describeGaps(drawn: AsciiTrace, gaps: readonly DarkGap[]): string[] {
  return gaps.map((gap) => `${drawn.nameOf(gap.row)} ${gap.start}-${gap.end}`);
}
