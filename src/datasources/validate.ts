// Small runtime checks for values that come from backends. Nothing from the wire is trusted: readers
// return `undefined` for a wrong type instead of casting, and `expect*` throw InvalidResponseError.
import { InvalidResponseError } from './errors';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A number, or a decimal string of one (64-bit values arrive as strings). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

/** A 64-bit integer kept as a decimal string, so nanosecond timestamps stay exact. */
export function asIntegerString(value: unknown): string | undefined {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

export function stringArray(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

export function expectObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new InvalidResponseError(`${what}: expected a JSON object`);
  return value;
}

const decoder = new TextDecoder();

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(decodeText(bytes));
  } catch (error) {
    throw new InvalidResponseError(`${what}: the response is not valid JSON`, { cause: error });
  }
}

/** Trace IDs: lowercase hex, left-padded to 32 (Tempo's search drops leading zeros). */
export function normalizeTraceId(value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(lower)) return undefined;
  return lower.padStart(32, '0');
}

/** Span IDs: lowercase hex, left-padded to 16. */
export function normalizeSpanId(value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  if (!/^[0-9a-f]{1,16}$/.test(lower)) return undefined;
  return lower.padStart(16, '0');
}

/** Nanoseconds since the epoch (decimal string) to milliseconds, without losing the integer part. */
export function nanosToMillis(nanos: string): number {
  if (nanos.length <= 6) return Number(nanos) / 1e6;
  return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / 1e6;
}
