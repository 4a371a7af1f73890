// Span and trace IDs: normalized to lowercase hex (trace IDs 32 chars, span IDs 16), accepted as hex of
// any length up to that (left-padded) or as base64 (Tempo's JSON). Span IDs are also kept as two
// unsigned 32-bit halves so the table and the span-ID index need no string per span.

/** How an ID string was read. */
export const IdForm = {
  /** Missing or empty. */
  Empty: 0,
  Hex: 1,
  Base64: 2,
  /** Neither hex nor base64 of the right size: kept exactly as given. */
  Odd: 3,
} as const;
export type IdForm = (typeof IdForm)[keyof typeof IdForm];

/** Reusable output of `readSpanId`: the 64-bit ID as [high, low] halves. */
export type IdHalves = Uint32Array;

export function newIdHalves(): IdHalves {
  return new Uint32Array(2);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function base64Value(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (c === 43 || c === 45) return 62; // '+' or URL-safe '-'
  if (c === 47 || c === 95) return 63; // '/' or URL-safe '_'
  return -1;
}

function isAllHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (hexValue(s.charCodeAt(i)) < 0) return false;
  return true;
}

/** Decodes base64 (standard or URL-safe, padded or not) into bytes; undefined when not base64. */
export function base64ToBytes(s: string): Uint8Array | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (s.length - end > 2 || end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const v = base64Value(s.charCodeAt(i));
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

const HEX_DIGITS = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    s += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  }
  return s;
}

export function bytesToBase64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += alphabet[n >> 18] + alphabet[(n >> 12) & 63];
    s += i + 1 < bytes.length ? `${alphabet[(n >> 6) & 63]}=` : '==';
  }
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = (hexValue(hex.charCodeAt(2 * i)) << 4) | hexValue(hex.charCodeAt(2 * i + 1));
  }
  return out;
}

/** The 16-char hex form of a span ID held as two halves. */
export function spanIdHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/**
 * Reads a span ID (hex up to 16 chars, or base64 of 8 bytes) into `out` as [high, low].
 * Returns the form it was read in; for `Odd` and `Empty`, `out` is zeroed.
 */
export function readSpanId(s: string, out: IdHalves): IdForm {
  const n = s.length;
  out[0] = 0;
  out[1] = 0;
  if (n === 0) return IdForm.Empty;
  if (n <= 16) {
    let hi = 0;
    let lo = 0;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const v = hexValue(s.charCodeAt(i));
      if (v < 0) {
        ok = false;
        break;
      }
      // Shift the 64-bit value left by 4 bits and add v.
      hi = ((hi << 4) | (lo >>> 28)) >>> 0;
      lo = ((lo << 4) | v) >>> 0;
    }
    if (ok) {
      out[0] = hi;
      out[1] = lo;
      return IdForm.Hex;
    }
  }
  if ((n === 12 && s.charCodeAt(11) === 61) || n === 11) {
    if (readBase64SpanId(s, out)) return IdForm.Base64;
    out[0] = 0;
    out[1] = 0;
  }
  return IdForm.Odd;
}

/**
 * 8 bytes of base64 (11 symbols, then `=` or nothing) straight into two 32-bit halves, with no byte
 * array per ID (Tempo's JSON writes every span and parent ID so; decision 0327). False when a symbol is
 * not base64. Like `base64ToBytes`, the 2 spare bits of the last symbol are ignored.
 */
function readBase64SpanId(s: string, out: IdHalves): boolean {
  // Symbols 0–4 are bits 0–29, symbol 5 bits 30–35 (straddling the halves), symbols 6–10 bits 36–65.
  let first = 0;
  for (let i = 0; i < 5; i++) {
    const v = base64Value(s.charCodeAt(i));
    if (v < 0) return false;
    first = (first << 6) | v;
  }
  const mid = base64Value(s.charCodeAt(5));
  if (mid < 0) return false;
  let rest = 0;
  for (let i = 6; i < 11; i++) {
    const v = base64Value(s.charCodeAt(i));
    if (v < 0) return false;
    rest = (rest << 6) | v;
  }
  out[0] = ((first << 2) | (mid >> 4)) >>> 0;
  out[1] = (((mid & 15) << 28) | (rest >>> 2)) >>> 0;
  return true;
}

const XRAY_TRACE_ID = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/;

/**
 * An AWS X-Ray trace ID (`1-5759e988-bd862e3fe1be46a994272793`) as 32 lowercase hex, the way the
 * OpenTelemetry X-Ray ID generator relates them (drop `1-` and the dash); undefined when not one.
 */
export function xrayTraceIdToHex(s: string): string | undefined {
  const m = XRAY_TRACE_ID.exec(s.trim());
  return m ? `${m[1]}${m[2]}`.toLowerCase() : undefined;
}

/** The X-Ray form of a 32-hex trace ID (`1-` + 8 hex epoch seconds + `-` + 24 hex). */
export function hexToXrayTraceId(hex: string): string {
  return `1-${hex.slice(0, 8)}-${hex.slice(8)}`;
}

/**
 * The X-Ray form to show beside a trace ID: for traces read from X-Ray documents, and for IDs the
 * OpenTelemetry X-Ray ID generator made (their first 8 hex are the trace's start in epoch seconds; a
 * random ID lands within 10 minutes of it about once in 3.6 million), but not Datadog's time-prefixed
 * 128-bit IDs (their next 32 bits are zero). Undefined otherwise.
 */
export function xrayFormFor(hex: string, fromXray: boolean, startUnixNano: string): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  if (fromXray) return hexToXrayTraceId(hex);
  if (!/^\d{1,20}$/.test(startUnixNano)) return undefined;
  // Datadog's 128-bit IDs also start with epoch seconds, then 32 zero bits.
  if (hex.slice(8, 16) === '00000000') return undefined;
  const startSeconds = Number(BigInt(startUnixNano) / 1_000_000_000n);
  const idSeconds = Number.parseInt(hex.slice(0, 8), 16);
  return startSeconds > 0 && Math.abs(idSeconds - startSeconds) <= 600 ? hexToXrayTraceId(hex) : undefined;
}

export interface NormalizedId {
  id: string;
  form: IdForm;
}

/**
 * Normalizes a trace ID: hex up to 32 chars left-padded to 32, base64 of 16 (or 8) bytes turned into hex,
 * anything else kept as given (form `Odd`).
 */
export function normalizeTraceId(s: string): NormalizedId {
  const n = s.length;
  if (n === 0) return { id: '', form: IdForm.Empty };
  if (n === 32) {
    let lower = true;
    for (let i = 0; i < 32; i++) {
      const c = s.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
        lower = false;
        break;
      }
    }
    if (lower) return { id: s, form: IdForm.Hex };
  }
  if (n <= 32 && isAllHex(s)) return { id: s.toLowerCase().padStart(32, '0'), form: IdForm.Hex };
  if (n === 35) {
    const xray = xrayTraceIdToHex(s);
    if (xray) return { id: xray, form: IdForm.Hex };
  }
  if (n === 24 || n === 22 || n === 12 || n === 11) {
    const bytes = base64ToBytes(s);
    if (bytes && (bytes.length === 16 || bytes.length === 8)) {
      return { id: bytesToHex(bytes).padStart(32, '0'), form: IdForm.Base64 };
    }
  }
  return { id: s, form: IdForm.Odd };
}

/** Normalizes a span ID to 16 lowercase hex chars, or keeps it as given when it is neither hex nor base64. */
export function normalizeSpanId(s: string): NormalizedId {
  const halves = newIdHalves();
  const form = readSpanId(s, halves);
  if (form === IdForm.Hex || form === IdForm.Base64) return { id: spanIdHex(halves[0], halves[1]), form };
  return { id: s, form };
}

/** Left-pads a hex trace ID (e.g. one Tempo search shortened) to 32 chars; other strings are returned unchanged. */
export function padTraceId(s: string): string {
  return s.length > 0 && s.length <= 32 && isAllHex(s) ? s.toLowerCase().padStart(32, '0') : s;
}

export const ZERO_TRACE_ID = '00000000000000000000000000000000';

export function isAllZeroTraceId(id: string): boolean {
  return id === ZERO_TRACE_ID;
}
