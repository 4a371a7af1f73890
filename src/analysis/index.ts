// The analyses over a decoded trace: pure functions of the span table, no DOM, no shared state.
export {
  adjustClockSkew,
  clockSkew,
  type SkewAdjustment,
  type SkewFinding,
  withClockSkewAdjusted,
} from './clock-skew.ts';
export {
  type CriticalPath,
  type CriticalPathOptions,
  type CriticalPathSegment,
  criticalPath,
  isBlockingChild,
} from './critical-path.ts';
export {
  allDarkGaps,
  type DarkGap,
  type DarkGapsByRow,
  type DarkTime,
  type DarkTimeOptions,
  darkGapsOf,
  darkTime,
  selfTime,
} from './dark-time.ts';
export {
  type ErrorOrigin,
  errorOrigin,
  type Hint,
  type HintKind,
  type HintOptions,
  hints,
  looksLikeGuard,
} from './hints.ts';
export {
  cleanDuration,
  cleanStart,
  effectiveIntervals,
  type Intervals,
  ownIntervals,
  topDownOrder,
} from './intervals.ts';
export { nearestRank, nearestRankIndex, nearestRankInRange, selectNearestRank } from './percentile.ts';
export {
  adjustedCount,
  type EstimatedCount,
  estimateCount,
  estimateStorage,
  type ObservedTraffic,
  type SampledFlag,
  type SamplingEvidence,
  type SamplingMethod,
  type SamplingPolicy,
  type StorageEstimate,
  sampledFlag,
  spanSampling,
  thresholdProbability,
  traceSampling,
} from './sampling.ts';
export {
  attributeString,
  type ConnectionType,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type GraphOptions,
  type Pairing,
  type PairingOptions,
  PEER_ATTRIBUTES,
  pairCalls,
  type ServiceCall,
  serviceGraph,
  traceAttribute,
  USER_NODE,
} from './service-graph.ts';
export {
  DEFAULT_MIN_RUN,
  groupsAbove,
  groupsContaining,
  isInSubtree,
  type SiblingGroups,
  siblingGroups,
} from './sibling-groups.ts';
export { type GroupStatistics, statistics, type TraceStatistics } from './statistics.ts';
