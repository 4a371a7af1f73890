// Trace and span IDs as the URL contract takes them: hex, case-insensitive, left-padded.

/** 1–32 hex characters → 32 lowercase hex; undefined when not a trace ID. */
export function normalizeTraceId(raw: string): string | undefined {
  const value = raw.trim();
  if (!/^[0-9a-fA-F]{1,32}$/.test(value)) return undefined;
  return value.toLowerCase().padStart(32, '0');
}

/** 1–16 hex characters → 16 lowercase hex; undefined when not a span ID. */
export function normalizeSpanId(raw: string): string | undefined {
  const value = raw.trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(value)) return undefined;
  return value.toLowerCase().padStart(16, '0');
}
