// What spans say about how they were sampled, and the storage arithmetic of a sampling policy
// (decision 0314). Data only: the sentences are the screens'.
//
// - OpenTelemetry's consistent probability sampling writes `th:<hex>` in the `ot` member of the
//   W3C `tracestate`: the rejection threshold T as up to 14 hex digits (56 bits, trailing zeros
//   dropped). A span is kept when its randomness R ≥ T, so the sampling probability is
//   1 − T / 2^56 and each kept span stands for 1 / p spans ("adjusted count"). `th:0` is 100 %.
// - The W3C `sampled` trace flag is bit 0 of OTLP's span flags; OTLP flags of 0 say nothing
//   (exporters before flags existed), so they are read as unknown.
// - Jaeger SDKs tag the root span with `sampler.type` (`const`, `probabilistic`, `ratelimiting`,
//   `lowerbound`, `remote`) and `sampler.param`.
// - Zipkin's `debug: true` forces sampling.

const MAX_THRESHOLD = 2 ** 56;

/** The `th` threshold of a `tracestate`'s `ot` member as written (hex), or undefined when it has no valid one. */
export function thresholdHex(traceState: string): string | undefined {
  if (traceState === '') return undefined;
  for (const member of traceState.split(',')) {
    const eq = member.indexOf('=');
    if (eq < 0 || member.slice(0, eq).trim() !== 'ot') continue;
    for (const field of member
      .slice(eq + 1)
      .trim()
      .split(';')) {
      if (!field.startsWith('th:')) continue;
      const hex = field.slice(3);
      return /^[0-9a-f]{1,14}$/.test(hex) ? hex : undefined;
    }
  }
  return undefined;
}

/** The sampling probability a `tracestate` carries, or undefined when it has no valid `ot=th:`. */
export function thresholdProbability(traceState: string): number | undefined {
  const hex = thresholdHex(traceState);
  if (hex === undefined) return undefined;
  const threshold = Number.parseInt(hex.padEnd(14, '0'), 16);
  return 1 - threshold / MAX_THRESHOLD;
}

/** The spans one kept span stands for at probability `p` (1 / p); undefined for p = 0. */
export function adjustedCount(p: number): number | undefined {
  return p > 0 ? 1 / p : undefined;
}

export type SampledFlag = 'sampled' | 'not-sampled' | 'unknown';

/** The W3C sampled flag from OTLP span flags. */
export function sampledFlag(otlpFlags: number | undefined): SampledFlag {
  if (otlpFlags === undefined || otlpFlags === 0) return 'unknown';
  return otlpFlags & 1 ? 'sampled' : 'not-sampled';
}

export type SamplingMethod =
  | {
      kind: 'probability';
      source: 'tracestate' | 'jaeger';
      probability: number;
      adjustedCount: number | undefined;
    }
  | { kind: 'rate-limited'; tracesPerSecond: number }
  | { kind: 'always'; source: 'jaeger-const' | 'zipkin-debug' }
  | { kind: 'unknown' };

/** What one span carries that says how it was sampled. */
export interface SamplingEvidence {
  traceState?: string;
  /** Span attributes (or Jaeger tags) as key → value text. */
  tags?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Zipkin's debug flag. */
  debug?: boolean;
}

function tag(tags: SamplingEvidence['tags'], key: string): string | undefined {
  if (tags === undefined) return undefined;
  if (tags instanceof Map) return tags.get(key);
  return (tags as Readonly<Record<string, string>>)[key];
}

/** How one span was sampled, when it says so. */
export function spanSampling(span: SamplingEvidence): SamplingMethod {
  const p = span.traceState === undefined ? undefined : thresholdProbability(span.traceState);
  if (p !== undefined)
    return { kind: 'probability', source: 'tracestate', probability: p, adjustedCount: adjustedCount(p) };
  if (span.debug) return { kind: 'always', source: 'zipkin-debug' };
  const type = tag(span.tags, 'sampler.type');
  const param = Number(tag(span.tags, 'sampler.param'));
  if (type === 'const')
    return Number.isFinite(param) && param !== 0
      ? { kind: 'always', source: 'jaeger-const' }
      : { kind: 'unknown' };
  if (
    (type === 'probabilistic' || type === 'lowerbound') &&
    Number.isFinite(param) &&
    param > 0 &&
    param <= 1
  )
    return { kind: 'probability', source: 'jaeger', probability: param, adjustedCount: adjustedCount(param) };
  if (type === 'ratelimiting' && Number.isFinite(param) && param > 0)
    return { kind: 'rate-limited', tracesPerSecond: param };
  return { kind: 'unknown' };
}

/**
 * How a trace was sampled: the first span (in the order given, roots first) that says so.
 * Consistent sampling can lower the probability downstream; the root's decision is the trace's.
 */
export function traceSampling(spans: Iterable<SamplingEvidence>): SamplingMethod {
  for (const span of spans) {
    const method = spanSampling(span);
    if (method.kind !== 'unknown') return method;
  }
  return { kind: 'unknown' };
}

/** Sampled counts and their estimate of the real ones, from each kept item's probability. */
export interface EstimatedCount {
  kept: number;
  /** Σ adjusted counts; undefined when some item's probability is unknown. */
  estimated: number | undefined;
}

export function estimateCount(probabilities: Iterable<number | undefined>): EstimatedCount {
  let kept = 0;
  let estimated: number | undefined = 0;
  for (const p of probabilities) {
    kept++;
    const a = p === undefined ? undefined : adjustedCount(p);
    estimated = a === undefined || estimated === undefined ? undefined : estimated + a;
  }
  return { kept, estimated };
}

/** What the embedded backend observed, the inputs of the storage estimate. */
export interface ObservedTraffic {
  tracesPerSecond: number;
  spansPerTrace: number;
  bytesPerSpan: number;
  /** Share of traces with an error span or slower than the tail policy's threshold (0–1). */
  interestingShare: number;
}

export type SamplingPolicy =
  | { kind: 'head'; rate: number }
  /** Keep every error or slow trace, and `rate` of the rest. */
  | { kind: 'tail'; rate: number };

export interface StorageEstimate {
  keptShare: number;
  tracesPerDay: number;
  spansPerDay: number;
  bytesPerDay: number;
}

const SECONDS_PER_DAY = 86_400;

/** What `policy` would keep and store per day of `traffic`. */
export function estimateStorage(traffic: ObservedTraffic, policy: SamplingPolicy): StorageEstimate {
  const rate = Math.min(1, Math.max(0, policy.rate));
  const interesting = Math.min(1, Math.max(0, traffic.interestingShare));
  const keptShare = policy.kind === 'head' ? rate : interesting + (1 - interesting) * rate;
  const tracesPerDay = traffic.tracesPerSecond * SECONDS_PER_DAY * keptShare;
  const spansPerDay = tracesPerDay * traffic.spansPerTrace;
  return { keptShare, tracesPerDay, spansPerDay, bytesPerDay: spansPerDay * traffic.bytesPerSpan };
}
