// Test helpers: read recorded fixtures and check a decoded trace against its OTLP JSON payload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spanIdHex } from '../../model/ids.ts';
import type { Trace } from '../../model/types.ts';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures',
);

export function fixture(relative: string): Buffer {
  return readFileSync(path.join(FIXTURES, relative));
}

/** Row of every span ID (hex or odd), first row wins for duplicates. */
export function rowsById(trace: Trace): Map<string, number[]> {
  const t = trace.table;
  const out = new Map<string, number[]>();
  for (let i = 0; i < t.count; i++) {
    const id = t.oddSpanIds.get(i) ?? spanIdHex(t.spanIdHi[i], t.spanIdLo[i]);
    const list = out.get(id);
    if (list) list.push(i);
    else out.set(id, [i]);
  }
  return out;
}

export interface PayloadSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  start: bigint;
  end: bigint;
  name: string;
}

/** Spans of an OTLP JSON resourceSpans array, IDs converted from base64 when needed. */
export function otlpPayloadSpans(resourceSpans: unknown): PayloadSpan[] {
  const out: PayloadSpan[] = [];
  const hex = (s: string | undefined, size: number) => {
    if (!s) return '';
    if (new RegExp(`^[0-9a-f]{${size * 2}}$`).test(s)) return s;
    return Buffer.from(s, 'base64').toString('hex');
  };
  for (const rs of resourceSpans as { scopeSpans?: { spans?: Record<string, string>[] }[] }[]) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const sp of ss.spans ?? []) {
        out.push({
          traceId: hex(sp.traceId, 16),
          spanId: hex(sp.spanId, 8),
          parentSpanId: hex(sp.parentSpanId, 8),
          start: BigInt(sp.startTimeUnixNano ?? '0'),
          end: BigInt(sp.endTimeUnixNano ?? '0'),
          name: sp.name ?? '',
        });
      }
    }
  }
  return out;
}

/** A comparable, format-independent view of a table, keyed by span ID. */
export function tableSnapshot(trace: Trace): Record<string, unknown> {
  const t = trace.table;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < t.count; i++) {
    const id = spanIdHex(t.spanIdHi[i], t.spanIdLo[i]);
    const p = t.parent[i];
    out[id] = {
      start: t.start[i],
      duration: t.duration[i],
      parent: p < 0 ? '' : spanIdHex(t.spanIdHi[p], t.spanIdLo[p]),
      depth: t.depth[i],
      kind: t.kind[i],
      status: t.status[i],
      flags: t.flags[i],
      name: t.strings[t.name[i]],
      service: t.strings[t.service[i]],
      statusMessage: t.strings[t.statusMessage[i]],
      events: Array.from(t.eventTime.subarray(t.eventStart[i], t.eventStart[i + 1])),
      children: Array.from(t.children.subarray(t.childStart[i], t.childStart[i + 1]), (c) =>
        spanIdHex(t.spanIdHi[c], t.spanIdLo[c]),
      ),
    };
  }
  return out;
}
