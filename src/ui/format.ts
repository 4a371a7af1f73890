// The one place screens get durations and times as text (decision 0150). The duration rules live
// in the pure core (`model/time.ts`, which analyses also use); this module re-exports them and adds
// the millisecond and timestamp forms the screens need.
import { formatDuration } from '../model/time.ts';

export { formatDuration };

/** A duration given in milliseconds (search results, Jaeger and Zipkin summaries), same text. */
export function formatDurationMs(ms: number): string {
  return formatDuration(ms * 1e6);
}

/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes a whole number, without
 * Intl: the first Intl call of a page loads ICU's number data, a 50 ms task on the loading screen
 * (decision 0246). Non-integers are rounded.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = String(Math.abs(Math.round(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 && out !== '0' ? `-${out}` : out;
}

export interface TimestampOptions {
  /** UTC instead of the browser's zone. */
  utc?: boolean;
  /** Append the zone (`+01:00`, or `UTC`). */
  zone?: boolean;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant to the millisecond: `2026-11-21 22:34:56.036`, optionally with its zone. */
export function formatTimestamp(epochMs: number, options: TimestampOptions = {}): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return '–';
  if (options.utc) {
    const text = date.toISOString().replace('T', ' ').replace('Z', '');
    return options.zone ? `${text} UTC` : text;
  }
  const text =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  if (!options.zone) return text;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${text} ${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * A trace's start from epoch nanoseconds (OTLP's decimal string), with its zone; the string itself
 * when it is not a number of nanoseconds.
 */
export function formatUnixNanoTimestamp(unixNano: string, utc: boolean): string {
  if (!/^\d{1,20}$/.test(unixNano)) return unixNano;
  const ms = Number(BigInt(unixNano) / 1_000_000n);
  const text = formatTimestamp(ms, { utc, zone: true });
  return text === '–' ? unixNano : text;
}

/**
 * Whether the browser's zone is UTC at that instant (epoch ns): a "show UTC" toggle would then change
 * nothing, the times already read +00:00.
 */
export function zoneIsUtcAt(unixNano: string): boolean {
  const ms = /^\d{1,20}$/.test(unixNano) ? Number(BigInt(unixNano) / 1_000_000n) : Date.now();
  return new Date(ms).getTimezoneOffset() === 0;
}

/** A sampling probability (0–1) as a percentage with three significant digits: 5%, 0.1%, 12.5%. */
export function formatProbability(p: number): string {
  return `${Number((p * 100).toPrecision(3))}%`;
}

/** An estimated count, rounded, with thousands separators and a tilde: ~1,240. */
export function formatEstimate(n: number): string {
  return `~${formatCount(Math.round(n))}`;
}

/** Human figures for a number of bytes (1024-based): what a backend inspected, a body fetched so far. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}
