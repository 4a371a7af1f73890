// `POST /v1/logs`: an OTLP/HTTP logs export (JSON or protobuf, optionally gzip) answered as the OTLP
// specification says, the accepted records converted to Loki streams.

import {
  contentTypeOf,
  decodedBody,
  ExportError,
  errorStatusBody,
  partialSuccessBody,
  readExportBody,
  requestEncoding,
} from '../otlp/export-request.ts';
import { decodeLogsData, parseLogsJson, rejectInvalidLogIds } from './otlp-logs.ts';
import { type LokiStreamPush, otlpLogsToLoki } from './otlp-to-loki.ts';

export interface LogsExportResult {
  status: number;
  contentType: string;
  body: Uint8Array;
}

export function handleLogsExport(
  body: Uint8Array,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxBytes: number,
  accept: (streams: LokiStreamPush[]) => void,
  nowNs: bigint = BigInt(Date.now()) * 1_000_000n,
): LogsExportResult {
  try {
    const encoding = requestEncoding(contentType);
    const decoded = readExportBody(decodedBody(body, encoding, contentEncoding, maxBytes), encoding, {
      json: parseLogsJson,
      protobuf: (bytes) => rejectInvalidLogIds(decodeLogsData(bytes)),
    });
    const streams = otlpLogsToLoki(decoded.resourceLogs, nowNs);
    if (streams.length) accept(streams);
    return {
      status: 200,
      contentType: contentTypeOf(encoding),
      // ExportLogsServiceResponse: `partial_success { rejected_log_records, error_message }`.
      body: partialSuccessBody(encoding, 'rejectedLogRecords', decoded.rejected, decoded.firstRejection),
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
