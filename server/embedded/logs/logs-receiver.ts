// `POST /v1/logs`: an OTLP/HTTP logs export (JSON or protobuf, optionally gzip) answered as the OTLP
// specification says, the accepted records converted to Loki streams.

import {
  contentTypeOf,
  decodedBody,
  ExportError,
  encodingOf,
  errorStatusBody,
} from '../otlp/export-request.ts';
import { OtlpJsonError } from '../otlp/otlp-json.ts';
import { ProtobufError, ProtoWriter } from '../otlp/protobuf.ts';
import { type DecodedLogs, decodeLogsData, parseLogsJson, rejectInvalidLogIds } from './otlp-logs.ts';
import { type LokiStreamPush, otlpLogsToLoki } from './otlp-to-loki.ts';

export interface LogsExportResult {
  status: number;
  contentType: string;
  body: Uint8Array;
}

function decode(body: Uint8Array, encoding: 'json' | 'protobuf'): DecodedLogs {
  if (encoding === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch (e) {
      throw new ExportError(400, `invalid JSON: ${(e as Error).message}`, encoding);
    }
    try {
      return parseLogsJson(doc);
    } catch (e) {
      if (e instanceof OtlpJsonError) throw new ExportError(400, `invalid OTLP JSON: ${e.message}`, encoding);
      throw e;
    }
  }
  try {
    return rejectInvalidLogIds(decodeLogsData(body));
  } catch (e) {
    if (e instanceof ProtobufError)
      throw new ExportError(400, `invalid OTLP protobuf: ${e.message}`, encoding);
    throw e;
  }
}

/** ExportLogsServiceResponse: `partial_success { rejected_log_records, error_message }`. */
function logsResponseBody(encoding: 'json' | 'protobuf', rejected: number, message?: string): Uint8Array {
  if (encoding === 'json') {
    const body = rejected
      ? { partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: message ?? '' } }
      : {};
    return Buffer.from(JSON.stringify(body));
  }
  const w = new ProtoWriter();
  if (rejected) {
    const slot = w.beginMessage(1);
    w.uintField(1, rejected);
    w.stringField(2, message ?? '');
    w.endMessage(slot);
  }
  return w.finish();
}

export function handleLogsExport(
  body: Uint8Array,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxBytes: number,
  accept: (streams: LokiStreamPush[]) => void,
  nowNs: bigint = BigInt(Date.now()) * 1_000_000n,
): LogsExportResult {
  const encoding = encodingOf(contentType);
  try {
    if (!encoding)
      throw new ExportError(415, `unsupported content type ${JSON.stringify(contentType ?? '')}`, 'json');
    const decoded = decode(decodedBody(body, encoding, contentEncoding, maxBytes), encoding);
    const streams = otlpLogsToLoki(decoded.resourceLogs, nowNs);
    if (streams.length) accept(streams);
    return {
      status: 200,
      contentType: contentTypeOf(encoding),
      body: logsResponseBody(encoding, decoded.rejected, decoded.firstRejection),
    };
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    return {
      status: e.status,
      contentType: contentTypeOf(e.encoding),
      body: errorStatusBody(e.encoding, e.status, e.message),
    };
  }
}
