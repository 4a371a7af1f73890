// The receiver port's other senders: Zipkin's `POST /api/v2/spans` (JSON v2, proto3) and a Datadog agent's
// `PUT|POST /v0.4/traces` and `/v0.5/traces` (msgpack or JSON). Each payload becomes OTLP JSON through
// its decoder in src/formats/ (`zipkinToOtlp`, `datadogToOtlp`), then goes the OTLP/HTTP JSON path: the
// one reader (`decodeOtlpJson`), the one validation pass (`validateTraces`, decision 0200) and the one
// ingest function (`accept`, where redaction runs). Decision 0291.

import { datadogToOtlp } from '../../src/formats/datadog.ts';
import { zipkinToOtlp } from '../../src/formats/zipkin-json.ts';
import { readZipkinProto3 } from '../../src/formats/zipkin-proto3.ts';
import { decodedBody, ExportError } from './otlp/export-request.ts';
import { decodeOtlpJson, OtlpJsonError } from './otlp/otlp-json.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { validateTraces } from './otlp/validate-spans.ts';

export interface IntakeRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

export interface IntakeResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface IntakeOptions {
  maxBodyBytes: number;
  accept(batches: OtlpResourceSpans[]): void;
}

export const ZIPKIN_SPANS_PATH = '/api/v2/spans';
export const DATADOG_TRACES_PATHS: readonly string[] = ['/v0.4/traces', '/v0.5/traces'];

/** What was stored from a payload, and the first refusal in the payload's own terms. */
interface Ingested {
  accepted: number;
  rejected: number;
  firstRejection?: string;
}

function plain(status: number, text: string, headers: Record<string, string> = {}): IntakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: Buffer.from(text),
  };
}

function spans(n: number): string {
  return n === 1 ? '1 span' : `${n} spans`;
}

/**
 * An OTLP JSON document, read and validated as an OTLP/HTTP JSON body is; the accepted spans are
 * stored. `where(ri, i)` names a span (`resourceSpans[ri]…spans[i]`) as the sender wrote it.
 */
function ingestTracesData(
  doc: unknown,
  options: IntakeOptions,
  where: (resource: number, span: number) => string | undefined,
): Ingested {
  let decoded: ReturnType<typeof decodeOtlpJson>;
  try {
    decoded = decodeOtlpJson(doc as Parameters<typeof decodeOtlpJson>[0]);
  } catch (e) {
    // The conversions write well-formed documents; a structure error here is a bug, not the sender's.
    if (e instanceof OtlpJsonError) throw new Error(`converted document unreadable: ${e.message}`);
    throw e;
  }
  const checked = validateTraces(decoded.batches, decoded.problems);
  if (checked.acceptedSpans > 0) options.accept(checked.batches);
  const first = checked.firstRejection?.replace(
    /^resourceSpans\[(\d+)\]\.scopeSpans\[0\]\.spans\[(\d+)\]/,
    (path, ri: string, i: string) => where(Number(ri), Number(i)) ?? path,
  );
  return {
    accepted: checked.acceptedSpans,
    rejected: checked.rejectedSpans,
    ...(first !== undefined ? { firstRejection: first } : {}),
  };
}

/** The body with gzip undone; a refusal as plain text when it is too large or not gzip. */
function bodyOf(req: IntakeRequest, maxBodyBytes: number): Uint8Array | IntakeResponse {
  try {
    return decodedBody(req.body, 'json', req.headers['content-encoding'], maxBodyBytes);
  } catch (e) {
    if (e instanceof ExportError) return plain(e.status, e.message);
    throw e;
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * `POST /api/v2/spans` as Zipkin's collector answers it: JSON v2 or proto3 (`ListOfSpans`); 202 with
 * an empty body when stored, 400 with a sentence when the body is not a list of spans or every span
 * is refused, 415 for Thrift (not read here). Spans refused among accepted ones are named in the
 * 202's body (Zipkin clients do not read it; a person with curl does).
 */
export function handleZipkinSpans(req: IntakeRequest, options: IntakeOptions): IntakeResponse {
  if (req.method !== 'POST') return plain(405, 'use POST', { allow: 'POST' });
  const type = mediaType(req.headers['content-type']);
  const proto = type === 'application/x-protobuf' || type === 'application/protobuf';
  if (type !== '' && type !== 'application/json' && !proto)
    return plain(
      415,
      `unsupported content type ${JSON.stringify(type)}; send Zipkin v2 JSON (application/json) or proto3 (application/x-protobuf)`,
    );
  const body = bodyOf(req, options.maxBodyBytes);
  if (!(body instanceof Uint8Array)) return body;
  let doc: unknown;
  try {
    doc = proto
      ? readZipkinProto3(body)
      : JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (e) {
    return plain(
      400,
      `${proto ? 'invalid Zipkin proto3 ListOfSpans' : 'invalid JSON'}: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(doc)) return plain(400, 'expected a JSON list of Zipkin v2 spans');
  const converted = zipkinToOtlp(doc);
  const result = ingestTracesData(converted.tracesData, options, (ri, i) => converted.sources[ri]?.[i]);
  const refused = result.rejected + converted.warnings.length;
  const first = result.firstRejection ?? converted.warnings[0];
  if (result.accepted === 0 && refused > 0)
    return plain(400, `${spans(refused)} refused, none accepted; first: ${first}`);
  return plain(202, refused > 0 ? `${spans(refused)} refused; first: ${first}` : '');
}

/**
 * `PUT|POST /v0.4/traces` and `/v0.5/traces` as the Datadog agent answers a tracer: 200 with
 * `rate_by_service` (an empty map: the tracer keeps its own sampling), 400 with a sentence when the
 * payload cannot be read or every span is refused.
 */
export function handleDatadogTraces(req: IntakeRequest, options: IntakeOptions): IntakeResponse {
  if (req.method !== 'PUT' && req.method !== 'POST')
    return plain(405, 'use PUT or POST', { allow: 'PUT, POST' });
  const body = bodyOf(req, options.maxBodyBytes);
  if (!(body instanceof Uint8Array)) return body;
  let converted: ReturnType<typeof datadogToOtlp>;
  try {
    converted = datadogToOtlp(body);
  } catch (e) {
    return plain(400, `unreadable Datadog payload (msgpack or JSON): ${(e as Error).message}`);
  }
  const result = ingestTracesData(converted.tracesData, options, () => undefined);
  const skipped = converted.warnings.filter((w) => w.endsWith('; skipped') || w.endsWith('array of traces'));
  if (result.accepted === 0 && (result.rejected > 0 || skipped.length > 0))
    return plain(400, `nothing stored; first problem: ${result.firstRejection ?? skipped[0]}`);
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ rate_by_service: {} })),
  };
}
