// `from` / `to` in Grafana's forms, so links copied between Grafana and Tracelight keep their window:
// relative date math (`now`, `now-15m`, `now-1d/d`, `now/w`) or epoch milliseconds.
// Rounding and calendar units follow local time, as Grafana does; weeks start on Monday (ISO 8601).

export type TimePoint = { kind: 'relative'; expr: string } | { kind: 'absolute'; epochMs: number };

export interface TimeRange {
  from: TimePoint;
  to: TimePoint;
}

type Unit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's';

const RELATIVE = /^now(?:[+-]\d+[yMwdhms]|\/[yMwdhms])*$/;
const OPERATION = /([+-])(\d+)([yMwdhms])|\/([yMwdhms])/g;
const EPOCH_MS = /^\d{1,15}$/;

export const DEFAULT_TIME_RANGE: TimeRange = {
  from: { kind: 'relative', expr: 'now-1h' },
  to: { kind: 'relative', expr: 'now' },
};

/** A `from`/`to` value, or undefined when it is in neither form. */
export function parseTimePoint(raw: string | null | undefined): TimePoint | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (RELATIVE.test(value)) return { kind: 'relative', expr: value };
  if (EPOCH_MS.test(value)) return { kind: 'absolute', epochMs: Number(value) };
  return undefined;
}

export function formatTimePoint(point: TimePoint): string {
  return point.kind === 'relative' ? point.expr : String(Math.round(point.epochMs));
}

/** Reads `from` and `to`, each falling back to its default (last hour) when absent or malformed. */
export function parseTimeRange(params: URLSearchParams, defaults: TimeRange = DEFAULT_TIME_RANGE): TimeRange {
  return {
    from: parseTimePoint(params.get('from')) ?? defaults.from,
    to: parseTimePoint(params.get('to')) ?? defaults.to,
  };
}

export function sameTimePoint(a: TimePoint, b: TimePoint): boolean {
  return formatTimePoint(a) === formatTimePoint(b);
}

/** `from`/`to` entries for a query string, left out when at their defaults. */
export function timeRangeEntries(
  range: TimeRange,
  defaults: TimeRange = DEFAULT_TIME_RANGE,
): Array<readonly [string, string | undefined]> {
  return [
    ['from', sameTimePoint(range.from, defaults.from) ? undefined : formatTimePoint(range.from)],
    ['to', sameTimePoint(range.to, defaults.to) ? undefined : formatTimePoint(range.to)],
  ];
}

/**
 * Epoch milliseconds of a point at `nowMs`. `roundUp` is for `to`: rounding then goes to the end of
 * the unit (`now/d` as `to` is the last millisecond of today), as in Grafana.
 */
export function resolveTimePoint(point: TimePoint, nowMs: number, roundUp = false): number {
  if (point.kind === 'absolute') return point.epochMs;
  const date = new Date(nowMs);
  for (const match of point.expr.slice(3).matchAll(OPERATION)) {
    const [, sign, amount, unit, roundUnit] = match;
    if (roundUnit) roundDate(date, roundUnit as Unit, roundUp);
    else addToDate(date, (sign === '-' ? -1 : 1) * Number(amount), unit as Unit);
  }
  return date.getTime();
}

export function resolveTimeRange(range: TimeRange, nowMs: number): { fromMs: number; toMs: number } {
  return {
    fromMs: resolveTimePoint(range.from, nowMs, false),
    toMs: resolveTimePoint(range.to, nowMs, true),
  };
}

function addToDate(date: Date, amount: number, unit: Unit): void {
  switch (unit) {
    case 's':
      date.setTime(date.getTime() + amount * 1000);
      return;
    case 'm':
      date.setTime(date.getTime() + amount * 60_000);
      return;
    case 'h':
      date.setTime(date.getTime() + amount * 3_600_000);
      return;
    case 'd':
      date.setDate(date.getDate() + amount);
      return;
    case 'w':
      date.setDate(date.getDate() + amount * 7);
      return;
    case 'M':
      date.setMonth(date.getMonth() + amount);
      return;
    case 'y':
      date.setFullYear(date.getFullYear() + amount);
      return;
  }
}

function roundDate(date: Date, unit: Unit, roundUp: boolean): void {
  startOf(date, unit);
  if (roundUp) {
    addToDate(date, 1, unit);
    date.setTime(date.getTime() - 1);
  }
}

function startOf(date: Date, unit: Unit): void {
  date.setMilliseconds(0);
  if (unit === 's') return;
  date.setSeconds(0);
  if (unit === 'm') return;
  date.setMinutes(0);
  if (unit === 'h') return;
  date.setHours(0);
  if (unit === 'd') return;
  if (unit === 'w') {
    const sinceMonday = (date.getDay() + 6) % 7;
    date.setDate(date.getDate() - sinceMonday);
    return;
  }
  date.setDate(1);
  if (unit === 'M') return;
  date.setMonth(0);
}
