// Value and time formatting for charts. Units are what the y axis means: seconds (latency), per-second
// rates, ratios (0..1 shown as percent), or plain numbers.
import { format as d3format } from 'd3';
import { formatDuration } from '../format.ts';

export type ChartUnit = 'seconds' | 'per-second' | 'ratio' | 'none';

const SI = d3format('.3~s');

function plain(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 0.001 && abs < 1000) return String(Number(value.toPrecision(3)));
  return SI(value);
}

export function formatValue(value: number, unit: ChartUnit = 'none'): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  switch (unit) {
    case 'seconds':
      return formatDuration(value * 1e9);
    case 'per-second':
      return `${plain(value)}/s`;
    case 'ratio':
      return `${plain(value * 100)}%`;
    case 'none':
      return plain(value);
  }
}

/** A unit guessed from a PromQL query or a query's name, for charts whose unit nobody configured. */
export function guessUnit(query: string, name = ''): ChartUnit {
  const text = `${name} ${query}`.toLowerCase();
  if (
    /histogram_quantile|latency|duration|_seconds/.test(text) &&
    !/_count|_total/.test(text.replace(/histogram_quantile.*/, ''))
  )
    return 'seconds';
  if (/\b(rate|irate|increase)\s*\(/.test(text)) return 'per-second';
  return 'none';
}

export function formatTime(ms: number, spanMs: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (spanMs <= 10 * 60_000) return `${hm}:${pad(date.getSeconds())}`;
  if (spanMs <= 2 * 86_400_000) return hm;
  return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${hm}`;
}

/** Label set as `{a="b", c="d"}` (series names in legends and cards). */
export function formatLabels(labels: Readonly<Record<string, string>>, omit: readonly string[] = []): string {
  const entries = Object.entries(labels).filter(([key]) => !omit.includes(key));
  const name = omit.includes('__name__') ? '' : (labels.__name__ ?? '');
  const rest = entries.filter(([key]) => key !== '__name__');
  if (rest.length === 0) return name || '{}';
  return `${name}{${rest.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}
