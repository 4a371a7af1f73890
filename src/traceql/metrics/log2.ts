// Tempo's latency histograms: values fall into power-of-two buckets, and quantiles interpolate
// exponentially inside the bucket that holds the rank (pkg/traceql Log2Bucketize / Log2Quantile).

/** 2^n for n in 0..32. */
const POWERS = Array.from({ length: 33 }, (_, n) => 2 ** n);

/** The upper edge of the power-of-two bucket holding `v` (values below 2 have no bucket: -1). */
export function log2Bucket(v: number): number {
  if (!(v >= 2)) return -1;
  // Whole numbers below 2^32 (durations under 4.3 s in ns, most counts): ⌈log2 v⌉ is the bit
  // length of v − 1, without Math.log2 (log2.test.ts holds both ways to the same answer).
  if (v <= 4294967296 && Number.isInteger(v)) return POWERS[32 - Math.clz32(v - 1)];
  return 2 ** Math.ceil(Math.log2(v));
}

export interface Log2Bucket {
  /** Upper edge. */
  max: number;
  count: number;
}

/** The p-quantile of power-of-two buckets sorted by `max`; 0 when they hold nothing. */
export function log2Quantile(p: number, buckets: readonly Log2Bucket[]): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || buckets.length === 0) return 0;
  let total = 0;
  for (const b of buckets) total += b.count;
  if (total === 0) return 0;
  // Round the rank up, and read at least one sample, so small counts give a real bucket.
  const rank = Math.max(1, Math.ceil(p * total));
  let below = 0;
  let at = 0;
  for (let i = 0; i < buckets.length; i++) {
    if (below + buckets[i].count >= rank) {
      at = i;
      break;
    }
    below += buckets[i].count;
  }
  const fraction = (rank - below) / buckets[at].count;
  const max = Math.log2(buckets[at].max);
  const min = at > 0 ? Math.log2(buckets[at - 1].max) : max - 1;
  return 2 ** (min + (max - min) * fraction);
}
