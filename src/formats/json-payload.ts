// Decodes JSON text: one payload or JSON Lines, recognizing each payload's shape (OTLP, Tempo v1/v2,
// Jaeger api_v3, Jaeger legacy, Zipkin v2) and feeding one decoder per format; spans of one trace found
// in several lines (the Collector's file exporter) end up in one trace.

import { TraceBuilder } from '../model/builder.ts';
import type { DecodeResult, Trace, TraceWarning } from '../model/types.ts';
import { datadogToOtlp, looksLikeDatadog } from './datadog.ts';
import { JaegerJsonDecoder } from './jaeger-json.ts';
import { describeValue, isRecord, type JsonRecord } from './json-values.ts';
import { OtlpJsonDecoder } from './otlp-json.ts';
import { isXrayDaemonHeader, looksLikeXray, xrayToOtlp } from './xray.ts';
import { ZipkinJsonDecoder } from './zipkin-json.ts';

interface FormatDecoder {
  builder: TraceBuilder;
  reader(): import('../model/details.ts').SpanSourceReader;
}

/** Collects decoders by format name for one payload. */
export class JsonSession {
  private readonly decoders = new Map<string, FormatDecoder>();
  readonly warnings: TraceWarning[] = [];
  partial: string | undefined;
  /** Error bodies (Jaeger's `{error}`) seen instead of traces. */
  readonly errors: string[] = [];
  /** Documents of no shape we read (a package.json, a log line). */
  unrecognizedDocuments = 0;

  constructor(private readonly expectedSpans: number) {}

  decoder<D extends FormatDecoder>(format: string, create: (b: TraceBuilder) => D): D {
    let d = this.decoders.get(format);
    if (!d) {
      d = create(new TraceBuilder(format, this.expectedSpans));
      this.decoders.set(format, d);
    }
    return d as D;
  }

  otlp(format: string): OtlpJsonDecoder {
    return this.decoder(format, (b) => Object.assign(new OtlpJsonDecoder(b), { builder: b }));
  }

  jaeger(): JaegerJsonDecoder {
    return this.decoder('jaeger-json', (b) => new JaegerJsonDecoder(b));
  }

  zipkin(): ZipkinJsonDecoder {
    return this.decoder('zipkin-v2-json', (b) => new ZipkinJsonDecoder(b));
  }

  finish(fallbackFormat: string): DecodeResult {
    const traces: Trace[] = [];
    const warnings = [...this.warnings];
    const formats: string[] = [];
    for (const [format, d] of this.decoders) {
      formats.push(format);
      const result = d.builder.finish(d.reader(), { partial: this.partial });
      traces.push(...result.traces);
      warnings.push(...result.warnings);
    }
    const result: DecodeResult = {
      format: formats.length === 1 ? formats[0] : formats.join('+') || fallbackFormat,
      traces,
      warnings,
    };
    if (traces.length === 0 && this.errors.length > 0) result.error = this.errors.join('; ');
    if (this.decoders.size === 0 && this.errors.length === 0 && this.unrecognizedDocuments > 0)
      result.unrecognized = 'json';
    return result;
  }
}

/** Recognizes one parsed payload and feeds it to the matching decoder. `where` prefixes paths (JSON Lines). */
export function addJsonDocument(session: JsonSession, doc: unknown, where: string, lines: boolean): void {
  const at = (p: string) => (where ? `${where}.${p}` : p);
  if (looksLikeXray(doc)) {
    addXray(session, doc, where);
    return;
  }
  if (Array.isArray(doc)) {
    addJsonArray(session, doc, where);
    return;
  }
  if (!isRecord(doc)) {
    session.unrecognizedDocuments++;
    session.warnings.push({
      kind: 'format',
      message: `json: ${where || 'document'}: expected an object or array, got ${describeValue(doc)}`,
      path: where,
    });
    return;
  }
  if (lines && isXrayDaemonHeader(doc)) return;
  if ('resourceSpans' in doc) {
    session
      .otlp(lines ? 'otlp-json-lines' : 'otlp-json')
      .addResourceSpans(doc.resourceSpans, at('resourceSpans'));
    return;
  }
  if ('batches' in doc) {
    session.otlp('tempo-v1-json').addResourceSpans(doc.batches, at('batches'));
    return;
  }
  if ('trace' in doc && (isRecord(doc.trace) || doc.trace === null)) {
    addTempoV2(session, doc, at);
    return;
  }
  if (isRecord(doc.result)) {
    const rs = doc.result.resourceSpans;
    if (rs !== undefined) session.otlp('jaeger-api-v3-json').addResourceSpans(rs, at('result.resourceSpans'));
    return;
  }
  if (Array.isArray(doc.data)) {
    const data = doc.data;
    for (let i = 0; i < data.length; i++) session.jaeger().addTrace(data[i], at(`data[${i}]`));
    if (Array.isArray(doc.errors)) {
      for (const e of doc.errors) {
        if (isRecord(e))
          session.warnings.push({
            kind: 'format',
            message: `jaeger-json: backend error ${String(e.code ?? '')}: ${String(e.msg ?? '')}${e.traceID ? ` (trace ${String(e.traceID)})` : ''}`,
          });
      }
    }
    return;
  }
  if (Array.isArray(doc.spans)) {
    session.jaeger().addTrace(doc, where);
    return;
  }
  if (isRecord(doc.error)) {
    const e = doc.error;
    session.errors.push(
      `backend error${e.httpCode !== undefined ? ` ${String(e.httpCode)}` : ''}: ${String(e.message ?? JSON.stringify(e))}`,
    );
    return;
  }
  session.unrecognizedDocuments++;
  session.warnings.push({
    kind: 'format',
    message: `json: ${where || 'document'}: unrecognized trace JSON (expected resourceSpans, batches, trace, result, data, spans, or an array of spans); keys: ${Object.keys(doc).slice(0, 8).join(', ')}`,
    path: where,
  });
}

function addJsonArray(session: JsonSession, doc: unknown[], where: string): void {
  if (doc.length === 0) return;
  if (looksLikeDatadog(doc)) {
    addDatadog(session, doc, where);
    return;
  }
  const first = doc.find((x) => x !== null && x !== undefined);
  if (isRecord(first) && 'resourceSpans' in first) {
    for (let i = 0; i < doc.length; i++) addJsonDocument(session, doc[i], `${where}[${i}]`, true);
    return;
  }
  if (isRecord(first) && Array.isArray(first.spans)) {
    for (let i = 0; i < doc.length; i++) session.jaeger().addTrace(doc[i], `${where}[${i}]`);
    return;
  }
  if ((isRecord(first) && ('traceId' in first || 'id' in first)) || Array.isArray(first)) {
    session.zipkin().addSpans(doc, where);
    return;
  }
  session.unrecognizedDocuments++;
  session.warnings.push({
    kind: 'format',
    message: `json: ${where || 'document'}: unrecognized array (expected Jaeger traces or Zipkin spans)`,
    path: where,
  });
}

/** Datadog v0.4 traces (parsed exactly: index.ts re-reads such text with their IDs as strings). */
export function addDatadog(session: JsonSession, doc: unknown, where: string, format = 'datadog-json'): void {
  const converted = datadogToOtlp(doc);
  for (const message of converted.warnings) session.warnings.push({ kind: 'format', message, path: where });
  session.otlp(format).addResourceSpans(converted.tracesData.resourceSpans, where || 'traces');
}

/** X-Ray segment payloads (times parsed exactly when index.ts re-reads the text). */
export function addXray(session: JsonSession, doc: unknown, where: string): void {
  const converted = xrayToOtlp(doc);
  for (const message of converted.warnings) session.warnings.push({ kind: 'format', message, path: where });
  session.otlp('xray-json').addResourceSpans(converted.tracesData.resourceSpans, where || 'segments');
}

function addTempoV2(session: JsonSession, doc: JsonRecord, at: (p: string) => string): void {
  const status = doc.status;
  if (status === 'PARTIAL' || status === 1) {
    const message =
      typeof doc.message === 'string' && doc.message ? doc.message : 'the backend returned a partial trace';
    session.partial = message;
  }
  const decoder = session.otlp('tempo-v2-json');
  const trace = doc.trace;
  if (!isRecord(trace)) return;
  const rs = trace.resourceSpans ?? trace.batches;
  if (rs !== undefined)
    decoder.addResourceSpans(
      rs,
      at(trace.resourceSpans !== undefined ? 'trace.resourceSpans' : 'trace.batches'),
    );
}
