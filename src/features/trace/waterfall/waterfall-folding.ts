// What the waterfall needs to draw and drive group rows (decision 0191); the screen's folding hook
// (state/use-sibling-folding.ts) and the find matches fill it in.
import type { SiblingGroups } from '../../../analysis/index.ts';

export interface WaterfallFolding {
  groups: SiblingGroups;
  /** Per group, 1 when it shows its members. */
  unfolded: Uint8Array;
  /** Per group, 1 when it holds a critical-path span, an error span. */
  critical: Uint8Array;
  failing: Uint8Array;
  /** Per group, 1 when it holds a find/filter match; null when nothing is asked. */
  matched: Uint8Array | null;
  /** The span ID the URL knows a group by. */
  groupId: (group: number) => string;
  toggle: (group: number) => void;
}
