// The search window: the usual relative ranges, or an absolute one. Both live in the URL (`from`/`to`).
import { type FormEvent, useId, useState } from 'react';
import { formatTimePoint, resolveTimeRange, type TimeRange } from '../../routes/time-range';
import { Button } from '../../ui/Button';
import { formatTimestamp } from '../../ui/format';
import { Select } from '../../ui/Select';
import { TextInput } from '../../ui/TextInput';

export const RELATIVE_RANGES = [
  ['5m', 'Last 5 minutes'],
  ['15m', 'Last 15 minutes'],
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['2d', 'Last 2 days'],
  ['7d', 'Last 7 days'],
] as const;

const CUSTOM = 'custom';

export function relativeRange(span: string): TimeRange {
  return { from: { kind: 'relative', expr: `now-${span}` }, to: { kind: 'relative', expr: 'now' } };
}

function relativeKey(range: TimeRange): string | undefined {
  if (range.to.kind !== 'relative' || range.to.expr !== 'now' || range.from.kind !== 'relative')
    return undefined;
  const span = range.from.expr.replace(/^now-/, '');
  return RELATIVE_RANGES.some(([key]) => key === span) ? span : undefined;
}

/** `2026-05-01T10:30:00` in local time, for datetime-local inputs. */
export function toLocalInput(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
}

export function describeRange(range: TimeRange): string {
  const key = relativeKey(range);
  if (key) return RELATIVE_RANGES.find(([k]) => k === key)?.[1] ?? key;
  const text = (point: TimeRange['from']) =>
    point.kind === 'relative' ? point.expr : formatTimestamp(point.epochMs);
  return `${text(range.from)} to ${text(range.to)}`;
}

export interface TimeRangePickerProps {
  value: TimeRange;
  onChange(range: TimeRange): void;
}

export function TimeRangePicker({ value, onChange }: TimeRangePickerProps) {
  const selectId = useId();
  const fromId = useId();
  const toId = useId();
  const key = relativeKey(value);
  const [editing, setEditing] = useState(false);
  const resolved = resolveTimeRange(value, Date.now());
  const [from, setFrom] = useState(() => toLocalInput(resolved.fromMs));
  const [to, setTo] = useState(() => toLocalInput(resolved.toMs));
  const [error, setError] = useState<string>();
  const showCustom = editing || key === undefined;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const fromMs = new Date(from).getTime();
    const toMs = new Date(to).getTime();
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return setError('Enter both times.');
    if (toMs <= fromMs) return setError('The end must come after the start.');
    setError(undefined);
    setEditing(false);
    onChange({ from: { kind: 'absolute', epochMs: fromMs }, to: { kind: 'absolute', epochMs: toMs } });
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="flex items-center gap-2">
        <label htmlFor={selectId} className="text-sm font-medium">
          Time range
        </label>
        <Select
          id={selectId}
          value={showCustom ? CUSTOM : key}
          onChange={(event) => {
            if (event.target.value === CUSTOM) {
              setEditing(true);
              return;
            }
            setEditing(false);
            onChange(relativeRange(event.target.value));
          }}
        >
          {RELATIVE_RANGES.map(([span, label]) => (
            <option key={span} value={span}>
              {label}
            </option>
          ))}
          <option value={CUSTOM}>
            {key === undefined
              ? `Custom: ${formatTimePoint(value.from)} → ${formatTimePoint(value.to)}`
              : 'Custom…'}
          </option>
        </Select>
      </div>
      {showCustom && (
        <form onSubmit={apply} aria-label="Absolute time range" className="flex flex-wrap items-center gap-2">
          <div className="flex items-center gap-1.5">
            <label htmlFor={fromId} className="text-sm">
              From
            </label>
            <TextInput
              id={fromId}
              type="datetime-local"
              step={1}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="flex items-center gap-1.5">
            <label htmlFor={toId} className="text-sm">
              To
            </label>
            <TextInput
              id={toId}
              type="datetime-local"
              step={1}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
          <Button type="submit">Apply range</Button>
          {error && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
