// Time helpers. Epoch nanoseconds do not fit a float64 exactly, so an absolute instant is carried as a
// pair (major, minor) of float64s whose exact sum is the instant: `major` is a multiple of 1e9 or of
// 2^32 (exactly representable) and `minor` is small. Differences of two instants, computed as
// (major1 - major2) + (minor1 - minor2), are then exact whenever the result is below 2^53 ns (~104 days).

/** Reusable [major, minor] output. */
export type Instant = Float64Array;

export function newInstant(): Instant {
  return new Float64Array(2);
}

/**
 * Reads a decimal string of nanoseconds (OTLP's int64-as-string). Returns false (and zero) when the
 * string is not a plain non-negative integer.
 */
export function readNanosString(s: string, out: Instant): boolean {
  const n = s.length;
  out[0] = 0;
  out[1] = 0;
  if (n === 0 || n > 20) return false;
  const split = n > 9 ? n - 9 : 0;
  let major = 0;
  let minor = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (i < split) major = major * 10 + d;
    else minor = minor * 10 + d;
  }
  out[0] = major * 1e9;
  out[1] = minor;
  return true;
}

/** Nanoseconds given as a JSON number (exact only below 2^53; larger numbers were rounded by JSON.parse). */
export function readNanosNumber(v: number, out: Instant): boolean {
  if (!Number.isFinite(v) || v < 0) {
    out[0] = 0;
    out[1] = 0;
    return false;
  }
  const seconds = Math.floor(v / 1e9);
  out[0] = seconds * 1e9;
  out[1] = v - out[0];
  return true;
}

/** Microseconds (Jaeger, Zipkin) to an instant; exact for any integer microsecond count below 2^53. */
export function readMicros(us: number, out: Instant): boolean {
  if (!Number.isFinite(us) || us < 0) {
    out[0] = 0;
    out[1] = 0;
    return false;
  }
  const seconds = Math.floor(us / 1e6);
  out[0] = seconds * 1e9;
  out[1] = (us - seconds * 1e6) * 1000;
  return true;
}

/** A fixed64 read from protobuf as two 32-bit halves. */
export function readNanosHalves(hi: number, lo: number, out: Instant): void {
  out[0] = hi * 4294967296;
  out[1] = lo;
}

/** Exact nanoseconds from a (major, minor) pair. Both parts must be integers. */
export function instantToBigInt(major: number, minor: number): bigint {
  return BigInt(major) + BigInt(minor);
}

/** ns between two instants given as (major, minor) pairs: a − b. */
export function instantDiff(aMajor: number, aMinor: number, bMajor: number, bMinor: number): number {
  return aMajor - bMajor + (aMinor - bMinor);
}

/** Parses decimal nanoseconds into a bigint, or undefined when it is not a plain integer. */
export function parseNanos(s: string): bigint | undefined {
  return /^\d{1,20}$/.test(s) ? BigInt(s) : undefined;
}

/** Nanoseconds in each duration unit Go, Prometheus and TraceQL spell (`us`, `µs` and `μs` alike). */
export const NS_PER_DURATION_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 7 * 86400e9,
  y: 365 * 86400e9,
};

/** Units below a second, largest first: a duration takes the first whose size it reaches. */
const SMALL_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/**
 * The one duration text of every screen (decision 0150): `850 ns`, `12.3 µs`, `270 ms`, `1.1 s`,
 * `1 min 5 s`, `2 h 3 min`, `3 d 4 h`. Below a minute three significant figures, rounded half up
 * once, and a figure that rounds up to the next unit is written in it (999.96 ms → `1 s`, 59.99 s →
 * `1 min`). From a minute on, the two largest whole units, the smaller dropped when it is zero.
 */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns === 0) return '0 s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs < 1e9) {
    const [size, unit] = SMALL_UNITS.find(([unitSize]) => abs >= unitSize) ?? [1, 'ns'];
    const value = roundSignificant(abs / size);
    // Only 999.5… rounds to 1000: that is one of the next unit.
    return value >= 1000 ? `${sign}1 ${bigger(unit)}` : `${sign}${value} ${unit}`;
  }
  const seconds = roundSignificant(abs / 1e9);
  return seconds >= 60 ? sign + formatLong(abs) : `${sign}${seconds} s`;
}

function bigger(unit: string): string {
  return unit === 'ns' ? 'µs' : unit === 'µs' ? 'ms' : 's';
}

/** Three significant figures (two decimals below 10, one below 100, none above), half up. */
function roundSignificant(value: number): number {
  const scale = value >= 100 ? 1 : value >= 10 ? 10 : 100;
  return Math.round(value * scale) / scale;
}

const LONG_UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** A minute or more: the largest unit and the next, rounded to the smaller one. */
function formatLong(abs: number): string {
  const totalSeconds = abs / 1e9;
  for (let i = 0; i < LONG_UNITS.length - 1; i++) {
    const [size, unit] = LONG_UNITS[i];
    const [smallSize, smallUnit] = LONG_UNITS[i + 1];
    const inSmall = Math.round(totalSeconds / smallSize);
    const perLarge = size / smallSize;
    if (inSmall >= perLarge) {
      const large = Math.floor(inSmall / perLarge);
      const small = inSmall - large * perLarge;
      return small === 0 ? `${large} ${unit}` : `${large} ${unit} ${small} ${smallUnit}`;
    }
  }
  return `${Math.round(totalSeconds)} s`;
}

/** Absolute epoch nanoseconds as an ISO-8601 UTC time with nanosecond fraction. */
export function formatUnixNanos(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${frac}Z`;
}
