// What other features use of search. The page itself is loaded lazily by the router, not from here.
export { type SearchLinkState, SLOWEST_FIRST } from './link-sort';
export { SAMPLED_ONLY, sampledCountLine } from './sampled-count';
export { TimeRangePicker } from './TimeRangePicker';
export { traceqlString } from './traceql-builder';
