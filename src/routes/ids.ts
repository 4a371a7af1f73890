// Trace and span IDs as the URL contract takes them: hex, case-insensitive, left-padded.

import { xrayTraceIdToHex } from '../model/ids.ts';

/** 1–32 hex characters, or an X-Ray trace ID (`1-5759e988-bd86…`), → 32 lowercase hex; undefined when not a trace ID. */
export function normalizeTraceId(raw: string): string | undefined {
  const value = raw.trim();
  const xray = xrayTraceIdToHex(value);
  if (xray) return xray;
  if (!/^[0-9a-fA-F]{1,32}$/.test(value)) return undefined;
  return value.toLowerCase().padStart(32, '0');
}

/** 1–16 hex characters → 16 lowercase hex; undefined when not a span ID. */
export function normalizeSpanId(raw: string): string | undefined {
  const value = raw.trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(value)) return undefined;
  return value.toLowerCase().padStart(16, '0');
}

/** Span IDs written `a.b.c` (a dot is never escaped in a query string); bad or repeated ones are dropped. */
export function parseSpanIdList(raw: string | null): string[] {
  if (!raw) return [];
  const ids = new Set<string>();
  for (const part of raw.split('.')) {
    const id = normalizeSpanId(part);
    if (id) ids.add(id);
  }
  return [...ids];
}

/** The `a.b.c` form of span IDs, or undefined for none (the parameter is left out). */
export function formatSpanIdList(ids: readonly string[]): string | undefined {
  return ids.length === 0 ? undefined : ids.join('.');
}
