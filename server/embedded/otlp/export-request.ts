// Turns an OTLP/HTTP export request body into validated spans, as the OTLP specification asks:
// a malformed body is an error for the whole request; spans with an invalid ID or a value out of its
// protobuf type's range (./validate-spans.ts) are refused one by one and reported as a partial success;
// a request whose every span is refused is a 400. Nothing here stores anything.

import { gunzipSync } from 'node:zlib';
import { WireError } from '../../../src/formats/protobuf-wire.ts';
import { WireWriter } from '../../../src/formats/protobuf-writer.ts';
import { decodeOtlpJson, OtlpJsonError } from './otlp-json.ts';
import { decodeTracesData, type WireParts } from './otlp-protobuf.ts';
import type { OtlpResourceSpans } from './types.ts';
import { type ValidatedTraces, validateTraces } from './validate-spans.ts';

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
  /** A protobuf body's resources, scopes and spans as received (decision 0350); absent for JSON. */
  parts?: WireParts;
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
  const bytes = decodedBody(body, encoding, contentEncoding, maxBytes);
  const parts: WireParts | undefined = encoding === 'protobuf' ? new Map() : undefined;
  const checked = readExportBody<ValidatedTraces>(bytes, encoding, {
    json: (doc) => {
      const decoded = decodeOtlpJson(doc);
      return validateTraces(decoded.batches, decoded.problems);
    },
    protobuf: (wire) => validateTraces(decodeTracesData(wire, parts)),
  });
  if (checked.rejectedSpans > 0 && checked.acceptedSpans === 0) {
    throw new ExportError(
      400,
      `${spans(checked.rejectedSpans)} refused, none accepted; first: ${checked.firstRejection ?? ''}`,
      encoding,
    );
  }
  const decoded: DecodedExport = {
    encoding,
    batches: checked.batches,
    rejectedSpans: checked.rejectedSpans,
  };
  if (parts !== undefined) decoded.parts = parts;
  if (checked.rejectedSpans > 0)
    decoded.rejectionMessage = `${spans(checked.rejectedSpans)} refused; first: ${checked.firstRejection}`;
  else if (encoding === 'protobuf') decoded.wire = bytes;
  return decoded;
}

function spans(n: number): string {
  return n === 1 ? '1 span' : `${n} spans`;
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
