// The one percentile of the app (decision 0151): nearest rank. The q-quantile of n values is the
// value at rank ceil(q·n) (1-based, at least 1) once sorted, the smallest value with at least q of
// the values at or below it. It is always a value that occurred, and it is the rank Tempo's
// `quantile_over_time` reads its bucket at (`Log2Quantile`: ceil(p·total), at least one sample).

/** 0-based index of the q-quantile among n sorted values (n > 0). */
export function nearestRankIndex(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
}

/** The q-quantile of ascending values; 0 when there are none. */
export function nearestRank(sortedAscending: ArrayLike<number>, q: number): number {
  const n = sortedAscending.length;
  return n === 0 ? 0 : sortedAscending[nearestRankIndex(n, q)];
}

/** The q-quantile of the ascending range `values[from..to)` (a non-empty range). */
export function nearestRankInRange(values: ArrayLike<number>, from: number, to: number, q: number): number {
  return values[from + nearestRankIndex(to - from, q)];
}

/**
 * The q-quantile of unsorted values, found by selection in O(n) rather than by sorting them all (the
 * worker's p90 is on the way to the first rows). NaN ranks last, as `Float64Array.prototype.sort`
 * puts it. The input is left as it was; no values give 0.
 */
export function selectNearestRank(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const k = nearestRankIndex(n, q);
  const a = values.slice();
  // Selection's comparisons would not put NaN last, so leave those rare inputs to sort.
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i])) return a.sort()[k];
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Hoare partition around the median of three; then keep only the side holding rank k.
    const mid = (lo + hi) >>> 1;
    const pivot = medianOfThree(a[lo], a[mid], a[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function medianOfThree(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}
