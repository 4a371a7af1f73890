// Small helpers for reading untrusted parsed JSON without trusting its types.

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short description of what was found, for "expected X, got Y" messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string')
    return v.length > 40 ? `a string of ${v.length} chars` : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** A 64-bit integer given as a JSON number or a decimal string, kept as a decimal string. */
export function int64String(v: unknown): string | undefined {
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  return undefined;
}
