// A decoded trace as the rules let it be read (decision 0318): the span table's names, status
// messages and service names at once, its details store (decision 0316) on read, and the count for
// the header's badge after first paint, in chunks. What the worker hands to views, find, TraceQL,
// the JSON view and export is this trace, never the decoded one.

import type { SpanDetails, SpanTable, Trace } from '../model/types.ts';
import { type RowMarks, redactDetails, redactedDetailsStore } from './details.ts';

export type { RowMarks };

import { MASK } from './defaults.ts';
import type { Redactor } from './rules.ts';

/** How many values the rules changed or dropped in one trace, and which rules did it. */
export interface RedactionTally {
  total: number;
  /** Most often fired first. */
  byRule: { rule: string; count: number }[];
}

/** The service name as the resource attribute `service.name` would be judged. */
function serviceText(redactor: Redactor, value: string): string | undefined {
  const verdict = redactor.judge('service.name', value);
  if (verdict === undefined) return undefined;
  return verdict.drop ? MASK : verdict.value;
}

/**
 * One string column read through `change`: a string whose text changes gets its own entry (the
 * same string may be a name in one column and a service in another), the column a fresh copy.
 */
function redactColumn(
  column: Uint32Array,
  strings: string[],
  change: (text: string) => string | undefined,
): Uint32Array {
  const mapped = new Map<number, number>();
  let out: Uint32Array | null = null;
  for (let row = 0; row < column.length; row++) {
    const index = column[row];
    if (index === 0) continue;
    let to = mapped.get(index);
    if (to === undefined) {
      const changed = change(strings[index]);
      to = changed === undefined ? index : strings.push(changed) - 1;
      mapped.set(index, to);
    }
    if (to === index) continue;
    out ??= column.slice();
    out[row] = to;
  }
  return out ?? column;
}

/**
 * The table with span names, status messages (keyless rules) and service names redacted. A string
 * a rule changed is blanked where it was, unless a column still shows it unchanged.
 */
export function redactTable(table: SpanTable, redactor: Redactor): SpanTable {
  const strings = table.strings.slice();
  const name = redactColumn(table.name, strings, (t) => redactor.text(t));
  const statusMessage = redactColumn(table.statusMessage, strings, (t) => redactor.text(t));
  const service = redactColumn(table.service, strings, (t) => serviceText(redactor, t));
  if (strings.length === table.strings.length) return table;
  const used = new Uint8Array(strings.length);
  for (const column of [name, statusMessage, service]) for (const i of column) used[i] = 1;
  for (const column of [table.name, table.statusMessage, table.service])
    for (const i of column) if (!used[i]) strings[i] = '';
  return { ...table, strings, name, statusMessage, service };
}

/**
 * `trace` with every read going through the rules: the span table's strings redacted now (small
 * dictionaries), span details on read. Nothing is counted here, so this is all the first paint waits
 * for; `counter` (with `marks`) counts later, in chunks. The same trace without rules.
 */
export function redactTrace(trace: Trace, redactor: Redactor): { trace: Trace; marks: RowMarks } {
  const marks: RowMarks = { touched: new Uint8Array(trace.details.count), judged: 0 };
  if (redactor.empty) return { trace, marks };
  const table = redactTable(trace.table, redactor);
  return { trace: { ...trace, table, details: redactedDetailsStore(trace.details, redactor, marks) }, marks };
}

/** Counts what the rules change in a decoded trace a chunk of rows at a time (`countRedactions`). */
export interface RedactionCounter {
  /** Judges the next `rows` rows; true when every row is judged. */
  step(rows: number): boolean;
  /** The tally once every row is judged (judging the rest now if needed). */
  finish(): RedactionTally;
  readonly done: boolean;
}

/**
 * A counter over `trace` (the decoded one) that fills `marks` as it goes: every span's own values
 * (name, status message, attributes, events, links) once per span; a resource's or scope's once per
 * distinct resource or scope, not once per span that shares it.
 */
export function redactionCounter(
  trace: Trace,
  redactor: Redactor,
  marks: RowMarks = { touched: new Uint8Array(trace.details.count), judged: 0 },
): RedactionCounter {
  const count = trace.details.count;
  const tally = new Map<string, number>();
  const seenShared = new Set<string>();
  const own = new Map<string, number>();
  const shared = new Map<string, number>();
  const step = (rows: number): boolean => {
    if (redactor.empty) marks.judged = count;
    const to = Math.min(count, marks.judged + rows);
    const previous = redactor.tally;
    try {
      for (let row = marks.judged; row < to; row++) {
        const d = trace.details.get(row);
        redactor.tally = own;
        own.clear();
        redactDetails(redactor, {
          ...d,
          service: '',
          resource: { attributes: [] },
          scope: { ...d.scope, attributes: [] },
        });
        redactor.tally = shared;
        shared.clear();
        // The service name is the resource's `service.name`: counted there, once.
        redactDetails(redactor, { ...EMPTY_DETAILS, resource: d.resource, scope: d.scope });
        if (own.size === 0 && shared.size === 0) continue;
        marks.touched[row] = 1;
        for (const [rule, n] of own) tally.set(rule, (tally.get(rule) ?? 0) + n);
        if (shared.size === 0) continue;
        const key = JSON.stringify([d.resource.attributes, d.scope.attributes]);
        if (seenShared.has(key)) continue;
        seenShared.add(key);
        for (const [rule, n] of shared) tally.set(rule, (tally.get(rule) ?? 0) + n);
      }
      // Judged only once the chunk went through: a throw leaves its rows read through the rules.
      marks.judged = Math.max(marks.judged, to);
    } finally {
      redactor.tally = previous;
    }
    return marks.judged >= count;
  };
  return {
    step,
    finish() {
      step(count);
      const byRule = [...tally].map(([rule, n]) => ({ rule, count: n })).sort((a, b) => b.count - a.count);
      return { total: byRule.reduce((sum, r) => sum + r.count, 0), byRule };
    },
    get done() {
      return marks.judged >= count;
    },
  };
}

/** Every row counted at once (tests, the benchmark); `touched` marks the rows with any change. */
export function countRedactions(trace: Trace, redactor: Redactor): RedactionTally & { touched: Uint8Array } {
  const marks: RowMarks = { touched: new Uint8Array(trace.details.count), judged: 0 };
  return { ...redactionCounter(trace, redactor, marks).finish(), touched: marks.touched };
}

const EMPTY_DETAILS: SpanDetails = {
  row: 0,
  traceId: '',
  spanId: '',
  parentSpanId: '',
  name: '',
  service: '',
  kind: 0,
  status: 0,
  statusMessage: '',
  start: 0,
  duration: 0,
  startUnixNano: '0',
  traceState: '',
  attributes: [],
  resource: { attributes: [] },
  scope: { name: '', version: '', attributes: [] },
  events: [],
  links: [],
  warnings: [],
};
