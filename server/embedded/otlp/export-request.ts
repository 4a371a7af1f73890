// Turns an OTLP/HTTP export request body into validated spans, as the OTLP specification asks:
// a malformed body is an error for the whole request; spans with invalid IDs are rejected one by one
// and reported as a partial success.

import { gunzipSync } from 'node:zlib';
import { WireError } from '../../../src/formats/protobuf-wire.ts';
import { WireWriter } from '../../../src/formats/protobuf-writer.ts';
import { OtlpJsonError, parseOtlpJson } from './otlp-json.ts';
import { decodeTracesData } from './otlp-protobuf.ts';
import type { OtlpResourceSpans } from './types.ts';

export type Encoding = 'json' | 'protobuf';

export interface DecodedExport {
  encoding: Encoding;
  batches: OtlpResourceSpans[];
  rejectedSpans: number;
  rejectionMessage?: string;
  /**
   * The request's own bytes (gzip removed) when it is protobuf and every span was accepted: a
   * TracesData-shaped message holding exactly `batches`, which persistence can keep as it is.
   */
  wire?: Uint8Array;
}

export class ExportError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly encoding: Encoding,
  ) {
    super(message);
  }
}

export function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

export function decodeExportRequest(
  body: Uint8Array,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxBytes: number,
): DecodedExport {
  const encoding = requestEncoding(contentType);
  return readExportBody<DecodedExport>(decodedBody(body, encoding, contentEncoding, maxBytes), encoding, {
    json: (doc) => {
      const outcome = parseOtlpJson(doc);
      return {
        encoding,
        batches: outcome.batches,
        rejectedSpans: outcome.rejectedSpans,
        rejectionMessage: outcome.firstRejection,
      };
    },
    protobuf: (bytes) => {
      const checked = rejectInvalidSpans(decodeTracesData(bytes));
      return checked.rejectedSpans === 0 ? { encoding, ...checked, wire: bytes } : { encoding, ...checked };
    },
  });
}

/** The encoding the request's content type names; a 415 when it names neither JSON nor protobuf. */
export function requestEncoding(contentType: string | undefined): Encoding {
  const encoding = encodingOf(contentType);
  if (!encoding) {
    throw new ExportError(415, `unsupported content type ${JSON.stringify(contentType ?? '')}`, 'json');
  }
  return encoding;
}

/** How one signal (traces, logs) reads its export request. */
export interface ExportBodyReaders<T> {
  json(doc: unknown): T;
  protobuf(bytes: Uint8Array): T;
}

/**
 * A body (content encoding already removed) read by the signal's reader for its encoding: text that is
 * not JSON, or JSON or protobuf that is not the OTLP message, is a 400 for the whole request.
 */
export function readExportBody<T>(body: Uint8Array, encoding: Encoding, readers: ExportBodyReaders<T>): T {
  if (encoding === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch (e) {
      throw new ExportError(400, `invalid JSON: ${(e as Error).message}`, encoding);
    }
    try {
      return readers.json(doc);
    } catch (e) {
      if (e instanceof OtlpJsonError) throw new ExportError(400, `invalid OTLP JSON: ${e.message}`, encoding);
      throw e;
    }
  }
  try {
    return readers.protobuf(body);
  } catch (e) {
    if (e instanceof WireError) throw new ExportError(400, `invalid OTLP protobuf: ${e.message}`, encoding);
    throw e;
  }
}

/** The body with its content encoding (gzip or none) removed; shared by the traces and logs receivers. */
export function decodedBody(
  body: Uint8Array,
  encoding: Encoding,
  contentEncoding: string | undefined,
  maxBytes: number,
): Uint8Array {
  if (body.length > maxBytes) throw new ExportError(413, `request body exceeds ${maxBytes} bytes`, encoding);
  const ce = (contentEncoding ?? '').trim().toLowerCase();
  if (ce === 'gzip') {
    try {
      return gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ExportError(413, `decompressed body exceeds ${maxBytes} bytes`, encoding);
      }
      throw new ExportError(400, 'body is not valid gzip', encoding);
    }
  }
  if (ce !== '' && ce !== 'identity') {
    throw new ExportError(415, `unsupported content encoding ${JSON.stringify(ce)}`, encoding);
  }
  return body;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** Drops spans whose trace/span/parent IDs have the wrong length or are all zero. */
export function rejectInvalidSpans(batches: OtlpResourceSpans[]): Omit<DecodedExport, 'encoding'> {
  let rejectedSpans = 0;
  let rejectionMessage: string | undefined;
  for (const [ri, rs] of batches.entries()) {
    for (const [si, ss] of rs.scopeSpans.entries()) {
      const kept = ss.spans.filter((span, i) => {
        let problem: string | undefined;
        if (span.traceId.length !== 32 || span.traceId === ZERO_TRACE) problem = 'trace_id';
        else if (span.spanId.length !== 16 || span.spanId === ZERO_SPAN) problem = 'span_id';
        else if (span.parentSpanId.length !== 0 && span.parentSpanId.length !== 16)
          problem = 'parent_span_id';
        if (!problem) return true;
        rejectedSpans++;
        rejectionMessage ??= `resource_spans[${ri}].scope_spans[${si}].spans[${i}].${problem} is missing or invalid`;
        return false;
      });
      if (kept.length !== ss.spans.length) ss.spans = kept;
    }
  }
  return { batches, rejectedSpans, rejectionMessage };
}

/** ExportTraceServiceResponse in the request's encoding. */
export function exportResponseBody(encoding: Encoding, rejectedSpans: number, message?: string): Uint8Array {
  return partialSuccessBody(encoding, 'rejectedSpans', rejectedSpans, message);
}

/**
 * An Export*ServiceResponse in the request's encoding: empty when nothing was rejected, else
 * `partial_success { rejected_<items> = 1, error_message = 2 }`, the count named `rejectedCountKey` in JSON.
 */
export function partialSuccessBody(
  encoding: Encoding,
  rejectedCountKey: string,
  rejected: number,
  message?: string,
): Uint8Array {
  if (encoding === 'json') {
    const body = rejected
      ? { partialSuccess: { [rejectedCountKey]: String(rejected), errorMessage: message ?? '' } }
      : {};
    return Buffer.from(JSON.stringify(body));
  }
  const w = new WireWriter();
  if (rejected) {
    const slot = w.beginMessage(1);
    w.uintField(1, rejected);
    w.stringField(2, message ?? '');
    w.endMessage(slot);
  }
  return w.finish();
}

/** google.rpc.Status in the request's encoding (gRPC code 3 INVALID_ARGUMENT etc.). */
export function errorStatusBody(encoding: Encoding, httpStatus: number, message: string): Uint8Array {
  const code = httpStatus === 413 ? 8 : 3;
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const w = new WireWriter();
  w.uintField(1, code);
  w.stringField(2, message);
  return w.finish();
}

export function contentTypeOf(encoding: Encoding): string {
  return encoding === 'json' ? 'application/json' : 'application/x-protobuf';
}
