// Response helpers shared by the embedded APIs (framework-free, matching the gateway's in-process contract).

import { NS_PER_DURATION_UNIT } from '../../src/model/time.ts';
import type { InProcessResponse } from '../gateway/in-process.ts';

export function textResponse(status: number, body: string): InProcessResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

export function jsonResponse(status: number, value: unknown): InProcessResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function protobufResponse(body: Uint8Array): InProcessResponse {
  return { status: 200, headers: { 'content-type': 'application/protobuf' }, body };
}

/** Go's net/http 404 for unknown routes, as Tempo answers it. */
export function goNotFound(): InProcessResponse {
  return textResponse(404, '404 page not found\n');
}

export function wantsProtobuf(headers: Readonly<Record<string, string>>): boolean {
  const accept = headers.accept ?? '';
  return /application\/(x-)?protobuf/i.test(accept);
}

/** Unix seconds (Tempo's start/end) to nanoseconds; undefined when absent, NaN when malformed. */
export function secondsParam(query: URLSearchParams, name: string): bigint | undefined | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) return null;
  return BigInt(raw) * 1_000_000_000n;
}

/** A Go duration (`1h2m3.5s`, `100ms`) in nanoseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * NS_PER_DURATION_UNIT[m[2]];
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : total;
}

/** Validates a trace ID the way Tempo does, returning the 32-char hex form or Tempo's error text. */
export function parseTempoTraceId(raw: string): { id: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    if (!/[0-9a-fA-F]/.test(raw[i])) {
      return {
        error: `trace IDs can only contain hex characters: invalid character '${raw[i]}' at position ${i + 1}`,
      };
    }
  }
  if (raw.length === 0 || raw.length > 32) return { error: `trace IDs can't be larger than 128 bits` };
  return { id: raw.toLowerCase().padStart(32, '0') };
}
