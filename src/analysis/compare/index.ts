// Trace compare: two traces merged by path from the root, with per-node differences (0240, 0241).
export { type CompareHeadline, compareHeadline, type HeadlineNode } from './headline.ts';
export {
  type CompareSide,
  type CompareTrace,
  compareSide,
  compareTraces,
  matchedInB,
  type NodeChange,
  nodeChange,
  type SideFigures,
  type TraceDiff,
} from './merge-tree.ts';
export {
  barScale,
  type CompareRowSort,
  type CompareRowSortColumn,
  type CompareRows,
  compareRows,
  DEFAULT_ROW_SORT,
  nodeLabel,
  subtreeCounts,
  visibleNodes,
} from './rows.ts';
