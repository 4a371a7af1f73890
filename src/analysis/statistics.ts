// Per-service and per-service+operation figures: how often, how long, how much of it the span's own
// work (self time), how much of it on the critical path, errors, and duration percentiles.
import { SpanFlag, type Trace } from '../model/types.ts';
import type { CriticalPath } from './critical-path.ts';
import { selfTime } from './dark-time.ts';
import { cleanDuration } from './intervals.ts';
import { nearestRankInRange } from './percentile.ts';

export interface GroupStatistics {
  service: string;
  /** The operation (span name); "" for the per-service groups. */
  operation: string;
  count: number;
  /** Sum of durations, ns. */
  total: number;
  /** Sum of self times, ns. */
  selfTotal: number;
  /** Sum of time on the critical path, ns. */
  criticalPathTotal: number;
  errors: number;
  min: number;
  max: number;
  /** Percentiles of duration (nearest rank, `percentile.ts`), ns. */
  p50: number;
  p95: number;
}

export interface TraceStatistics {
  byService: GroupStatistics[];
  byOperation: GroupStatistics[];
}

/**
 * Sorts `values[from..to)` in place. Most operation groups hold a handful of spans, and both
 * `subarray` and the native sort cost microseconds per call before comparing anything, so small
 * ranges use insertion sort.
 */
function sortRange(values: Float64Array, from: number, to: number): void {
  if (to - from > 48) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const value = values[i];
    let j = i - 1;
    while (j >= from && values[j] > value) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = value;
  }
}

/**
 * Groups rows by `groupOf` (dense group numbers) and fills one GroupStatistics per group.
 * Durations are gathered group by group (counting sort) so each group's percentiles sort only its own.
 */
function summarize(
  trace: Trace,
  groupOf: Uint32Array,
  groupCount: number,
  serviceOf: (group: number) => string,
  operationOf: (group: number) => string,
  self: Float64Array,
  onPath: Float64Array,
): GroupStatistics[] {
  const table = trace.table;
  const n = table.count;
  const offsets = new Uint32Array(groupCount + 1);
  for (let row = 0; row < n; row++) offsets[groupOf[row] + 1]++;
  for (let g = 0; g < groupCount; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, groupCount);
  const durations = new Float64Array(n);
  const total = new Float64Array(groupCount);
  const selfTotal = new Float64Array(groupCount);
  const pathTotal = new Float64Array(groupCount);
  const errors = new Uint32Array(groupCount);
  for (let row = 0; row < n; row++) {
    const g = groupOf[row];
    const duration = cleanDuration(table.duration[row]);
    durations[fill[g]++] = duration;
    total[g] += duration;
    selfTotal[g] += self[row];
    pathTotal[g] += onPath[row];
    if (table.flags[row] & SpanFlag.Error) errors[g]++;
  }
  const result: GroupStatistics[] = [];
  for (let g = 0; g < groupCount; g++) {
    const from = offsets[g];
    const to = offsets[g + 1];
    const count = to - from;
    if (count === 0) continue;
    sortRange(durations, from, to);
    result.push({
      service: serviceOf(g),
      operation: operationOf(g),
      count,
      total: total[g],
      selfTotal: selfTotal[g],
      criticalPathTotal: pathTotal[g],
      errors: errors[g],
      min: durations[from],
      max: durations[to - 1],
      p50: nearestRankInRange(durations, from, to, 0.5),
      p95: nearestRankInRange(durations, from, to, 0.95),
    });
  }
  // Most time on the critical path first, then most time overall; names break ties so order is stable.
  return result.sort(
    (a, b) =>
      b.criticalPathTotal - a.criticalPathTotal ||
      b.total - a.total ||
      (a.service < b.service ? -1 : a.service > b.service ? 1 : 0) ||
      (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0),
  );
}

export function statistics(trace: Trace, path?: CriticalPath, self?: Float64Array): TraceStatistics {
  const table = trace.table;
  const n = table.count;
  const selfTimes = self ?? selfTime(trace);
  const onPath = path?.timeOnPath ?? new Float64Array(n);
  const strings = table.strings;

  // Services: dense numbering of the service string indices present.
  const serviceGroup = new Int32Array(strings.length).fill(-1);
  const serviceString: number[] = [];
  const byServiceRow = new Uint32Array(n);
  for (let row = 0; row < n; row++) {
    const s = table.service[row];
    let g = serviceGroup[s];
    if (g < 0) {
      g = serviceGroup[s] = serviceString.length;
      serviceString.push(s);
    }
    byServiceRow[row] = g;
  }

  // Operations: (service group, name string) pairs, numbered densely.
  const operationGroup = new Map<number, number>();
  const operationService: number[] = [];
  const operationName: number[] = [];
  const byOperationRow = new Uint32Array(n);
  const stride = strings.length;
  for (let row = 0; row < n; row++) {
    const key = byServiceRow[row] * stride + table.name[row];
    let g = operationGroup.get(key);
    if (g === undefined) {
      g = operationService.length;
      operationGroup.set(key, g);
      operationService.push(table.service[row]);
      operationName.push(table.name[row]);
    }
    byOperationRow[row] = g;
  }

  return {
    byService: summarize(
      trace,
      byServiceRow,
      serviceString.length,
      (g) => strings[serviceString[g]] ?? '',
      () => '',
      selfTimes,
      onPath,
    ),
    byOperation: summarize(
      trace,
      byOperationRow,
      operationService.length,
      (g) => strings[operationService[g]] ?? '',
      (g) => strings[operationName[g]] ?? '',
      selfTimes,
      onPath,
    ),
  };
}
