// Turns whatever a responder pastes into "Open trace" into a trace ID (32 hex), maybe a span ID (16 hex)
// and maybe a datasource: bare IDs in any spelling, propagation headers (W3C traceparent, Jaeger
// uber-trace-id, B3 single and multi), and links from Jaeger UI, Grafana Explore and Tracelight.
// Text that is none of these as a whole (a header dump, a log line) is searched for IDs
// (find-in-text.ts). Pure: no DOM, no app state. See docs/decisions/0032-open-by-id-input-forms.md
// and 0179-open-box-finds-ids-in-text.md.
import { findIdsInText, type IdsInText, type TextCandidate } from './find-in-text';

export type ParsedTraceInput =
  | {
      ok: true;
      traceId: string;
      spanId?: string;
      datasource?: string;
      /** A Tracelight link's backend window (`start`/`end`, Unix seconds), kept by the link it opens. */
      window?: { start: number; end: number };
      form: TraceInputForm;
      /** Set when the ID was found inside longer text rather than being the whole input. */
      found?: FoundInText;
    }
  | { ok: false; reason: string };

export interface FoundInText {
  /** The label the ID followed, as written (`traceparent`, `traceId`); absent for a bare hex run. */
  label?: string;
  /** 1-based line of the text. */
  line: number;
  /** Other trace IDs in the text, each once. */
  others: string[];
  /** Nothing was labelled: a bare 16/32-hex run was taken, which may be something else. */
  guessed: boolean;
}

/** Whether the user should see which ID was found before it opens. */
export function needsConfirmation(found: FoundInText | undefined): boolean {
  return found !== undefined && (found.guessed || found.others.length > 0);
}

export type TraceInputForm =
  | 'trace-id'
  | 'traceparent'
  | 'uber-trace-id'
  | 'b3'
  | 'b3-headers'
  | 'xray'
  | 'jaeger-url'
  | 'grafana-url'
  | 'tracelight-url';

type Result = ParsedTraceInput;

const HEX = /^[0-9a-f]+$/;
const DATASOURCE_NAME = /^[a-z0-9-]+$/;
const ALL_ZERO = /^0+$/;

function fail(reason: string): Result {
  return { ok: false, reason };
}

/** Trace ID check shared by every form: 1–32 hex, not all zero; left-padded to 32. */
function traceIdFrom(raw: string, what = 'A trace ID'): string | { reason: string } {
  const id = raw.toLowerCase();
  if (id === '') return { reason: `${what} is empty.` };
  if (!HEX.test(id))
    return { reason: `${what} has only hexadecimal characters (0-9, a-f); “${raw}” does not.` };
  if (id.length > 32) return { reason: `${what} has at most 32 hex characters; this has ${id.length}.` };
  if (ALL_ZERO.test(id))
    return { reason: 'The all-zero trace ID is invalid (W3C Trace Context): it names no trace.' };
  return id.padStart(32, '0');
}

function spanIdFrom(raw: string, what = 'The span ID'): string | { reason: string } {
  const id = raw.toLowerCase();
  if (!HEX.test(id)) return { reason: `${what} has only hexadecimal characters; “${raw}” does not.` };
  if (id.length > 16) return { reason: `${what} has at most 16 hex characters; this has ${id.length}.` };
  if (ALL_ZERO.test(id)) return { reason: 'The all-zero span ID is invalid: it names no span.' };
  return id.padStart(16, '0');
}

function build(form: TraceInputForm, rawTraceId: string, rawSpanId?: string, datasource?: string): Result {
  const traceId = traceIdFrom(rawTraceId);
  if (typeof traceId !== 'string') return fail(traceId.reason);
  const result: Result = { ok: true, traceId, form };
  if (rawSpanId !== undefined && rawSpanId !== '') {
    const spanId = spanIdFrom(rawSpanId);
    if (typeof spanId !== 'string') return fail(spanId.reason);
    result.spanId = spanId;
  }
  if (datasource !== undefined && DATASOURCE_NAME.test(datasource)) result.datasource = datasource;
  return result;
}

function stripQuotes(text: string): string {
  const match = /^(['"`])(.*)\1$/s.exec(text);
  return match ? match[2].trim() : text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// --- header values -------------------------------------------------------------------------------

/** `00-<trace>-<parent>-<flags>`; versions other than 00 may append fields, ff is invalid. */
function parseTraceparent(value: string): Result | undefined {
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/i.exec(value);
  if (!match) return undefined;
  if (match[1].toLowerCase() === 'ff') return fail('traceparent version ff is invalid (W3C Trace Context).');
  if (match[1] === '00' && match[5] !== undefined) {
    return fail('A version 00 traceparent has exactly four fields.');
  }
  return build('traceparent', match[2], match[3]);
}

/** `{trace-id}:{span-id}:{parent-span-id}:{flags}`, hex without padding. */
function parseUberTraceId(value: string): Result | undefined {
  const match = /^([0-9a-f]{1,32}):([0-9a-f]{1,16}):([0-9a-f]{1,16}):([0-9a-f]{1,2})$/i.exec(value);
  if (!match) return undefined;
  return build('uber-trace-id', match[1], match[2]);
}

/** B3 single header: `{traceid}-{spanid}[-{sampled}[-{parentspanid}]]`, or a bare sampling decision. */
function parseB3Single(value: string, fromHeader = false): Result | undefined {
  // A bare `1` or `d` is a trace ID; only inside a `b3:` header is it a sampling decision.
  if (fromHeader && /^(0|1|d)$/i.test(value)) {
    return fail('This b3 header carries only a sampling decision, no trace ID.');
  }
  const match =
    /^([0-9a-f]{16}|[0-9a-f]{32})-([0-9a-f]{16})(?:-(?:0|1|d|true|false))?(?:-([0-9a-f]{16}))?$/i.exec(value);
  if (!match) return undefined;
  return build('b3', match[1], match[2]);
}

/** A bare ID: hex with optional `0x`, dashes (UUID style) and spaces. */
function parseBareId(text: string): Result | undefined {
  const compact = text.replace(/^0x/i, '').replace(/[\s-]+/g, '');
  if (compact === '' || !/^[0-9a-z]+$/i.test(compact)) return undefined;
  return build('trace-id', compact);
}

const TRACE_ID_HEADERS = new Set(['x-b3-traceid', 'trace-id', 'traceid', 'trace_id', 'trace.id']);
const SPAN_ID_HEADERS = new Set(['x-b3-spanid', 'span-id', 'spanid', 'span_id', 'span.id']);

/** `Name: value` (or `name=value`) lines, the way headers and log fields are copied. */
function headerLines(text: string): Array<{ name: string; value: string }> | undefined {
  const lines = text
    .split(/\r?\n|;|,(?=\s*[A-Za-z][\w.-]*\s*[:=])/)
    .map((l) => l.trim())
    .filter(Boolean);
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of lines) {
    const match = /^([A-Za-z][\w.-]*)\s*[:=]\s*(.*)$/.exec(line);
    if (!match) return undefined;
    headers.push({ name: match[1].toLowerCase(), value: stripQuotes(match[2].trim()) });
  }
  return headers.length > 0 ? headers : undefined;
}

function parseHeaders(text: string): Result | undefined {
  const headers = headerLines(text);
  if (!headers) return undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  for (const { name, value } of headers) {
    if (name === 'traceparent')
      return parseTraceparent(value) ?? fail(`Not a valid traceparent value: “${value}”.`);
    if (name === 'uber-trace-id') {
      return parseUberTraceId(safeDecode(value)) ?? fail(`Not a valid uber-trace-id value: “${value}”.`);
    }
    if (name === 'b3') return parseB3Single(value, true) ?? fail(`Not a valid b3 header value: “${value}”.`);
    if (TRACE_ID_HEADERS.has(name)) traceId = value;
    if (SPAN_ID_HEADERS.has(name)) spanId = value;
  }
  if (traceId === undefined) return undefined;
  return build(headers.some((h) => h.name.startsWith('x-b3-')) ? 'b3-headers' : 'trace-id', traceId, spanId);
}

/**
 * AWS X-Ray: `1-5759e988-bd862e3fe1be46a994272793`, or the `X-Amzn-Trace-Id` value
 * `Root=1-…;Parent=53995c3f42cd8ad8;Sampled=1` (with or without its header name). The 32-hex form
 * drops `1-` and the dash, as the OpenTelemetry X-Ray ID generator does.
 */
function parseXray(text: string): Result | undefined {
  const value = text.replace(/^x-amzn-trace-id\s*:\s*/i, '');
  const id = /^(?:root=)?1-([0-9a-f]{8})-([0-9a-f]{24})$/i.exec(value);
  if (id) return build('xray', id[1] + id[2]);
  const header = /^root=1-([0-9a-f]{8})-([0-9a-f]{24})((?:;[^;=]+=[^;]*)*);?$/i.exec(value);
  if (!header) return undefined;
  const parent = /;parent=([0-9a-f]{16})(?:;|$)/i.exec(header[3]);
  return build('xray', header[1] + header[2], parent?.[1]);
}

// --- URLs ----------------------------------------------------------------------------------------

function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('/') || /^[\w.-]+(:\d+)?\/\S/.test(text);
}

function toUrl(text: string): URL | undefined {
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return new URL(text);
    if (text.startsWith('/')) return new URL(text, 'http://relative.invalid');
    return new URL(`http://${text}`);
  } catch {
    return undefined;
  }
}

/** The ID in a query text: the query itself when it is an ID, else a 16–32 hex run (e.g. `trace:id = "…"`). */
function traceIdInQueryText(query: string): string | undefined {
  const trimmed = query.trim();
  if (/^[0-9a-f]{1,32}$/i.test(trimmed)) return trimmed;
  return /\b([0-9a-f]{16,32})\b/i.exec(trimmed)?.[1];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** One Explore pane (`left=` object form or a `panes=` entry): its trace query and trace-view span. */
function fromGrafanaPane(pane: unknown): { traceId?: string; spanId?: string } {
  const record = asRecord(pane);
  const queries = Array.isArray(record?.queries) ? record.queries : [];
  let traceId: string | undefined;
  for (const query of queries) {
    const text = asRecord(query)?.query;
    if (typeof text === 'string') traceId ??= traceIdInQueryText(text);
  }
  const spanId = asRecord(asRecord(record?.panelsState)?.trace)?.spanId;
  return { traceId, spanId: typeof spanId === 'string' ? spanId : undefined };
}

function parseGrafanaUrl(url: URL): Result | undefined {
  const panes = url.searchParams.get('panes');
  const left = url.searchParams.get('left');
  if (panes === null && left === null) return undefined;
  let found: { traceId?: string; spanId?: string } = {};
  try {
    if (panes !== null) {
      for (const pane of Object.values(asRecord(JSON.parse(panes)) ?? {})) {
        found = fromGrafanaPane(pane);
        if (found.traceId) break;
      }
    } else if (left !== null) {
      const parsed: unknown = JSON.parse(left);
      if (Array.isArray(parsed)) {
        // The oldest form: ["now-1h","now","Tempo",{"query":"<id>"}].
        for (const item of parsed.slice(3)) {
          const text = asRecord(item)?.query;
          if (typeof text === 'string') found.traceId ??= traceIdInQueryText(text);
        }
      } else {
        found = fromGrafanaPane(parsed);
      }
    }
  } catch {
    return fail('This Grafana link’s pane state is not valid JSON; copy the link again.');
  }
  if (!found.traceId) return fail('This Grafana Explore link has no trace ID in its query.');
  return build('grafana-url', found.traceId, found.spanId);
}

function parseTraceUrl(url: URL): Result | undefined {
  const segments = url.pathname.split('/').map(safeDecode);
  const at = segments.lastIndexOf('trace');
  if (at < 0 || at + 1 >= segments.length || segments[at + 1] === '') return undefined;
  const id = segments[at + 1];
  const params = url.searchParams;
  const isJaeger = !params.has('span') && (params.has('uiFind') || params.has('uiEmbed'));
  if (!isJaeger) {
    const result = build(
      'tracelight-url',
      id,
      params.get('span') ?? undefined,
      params.get('ds') ?? undefined,
    );
    const window = windowOf(params);
    return result.ok && window ? { ...result, window } : result;
  }
  // Jaeger UI: uiFind is free text; it opens at a span only when it is a span ID.
  const find = (params.get('uiFind') ?? '').trim();
  return build('jaeger-url', id, /^[0-9a-f]{1,16}$/i.test(find) && !ALL_ZERO.test(find) ? find : undefined);
}

/** `start` < `end`, both whole Unix seconds, or nothing. */
function windowOf(params: URLSearchParams): { start: number; end: number } | undefined {
  const seconds = (raw: string | null) => (raw !== null && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined);
  const start = seconds(params.get('start'));
  const end = seconds(params.get('end'));
  return start !== undefined && end !== undefined && start < end ? { start, end } : undefined;
}

function parseUrl(text: string): Result | undefined {
  const url = toUrl(text);
  if (!url) return undefined;
  return (
    parseGrafanaUrl(url) ??
    parseTraceUrl(url) ??
    fail('This link does not point at a trace (expected …/trace/<id> or a Grafana Explore link).')
  );
}

// --- text ----------------------------------------------------------------------------------------

/** Longest text searched for IDs (a pasted header dump or a few log lines, not a whole log file). */
const MAX_TEXT_CHARS = 256 * 1024;

type Ok = Extract<Result, { ok: true }>;

/** The strongest candidate that holds up, with the other trace IDs the text names. */
function fromText(text: string): Ok | undefined {
  const ids = findIdsInText(text);
  let chosen: { result: Ok; candidate: TextCandidate } | undefined;
  const traceIds = new Set<string>();
  for (const candidate of ids.traces) {
    const result = candidateResult(candidate, ids);
    if (!result?.ok) continue;
    // A bare 16-hex run next to a 32-hex one is more likely a span ID than a second trace.
    if (chosen && candidate.kind === 'bare' && candidate.value.length < chosen.candidate.value.length)
      continue;
    chosen ??= { result, candidate };
    traceIds.add(result.traceId);
  }
  if (!chosen) return undefined;
  const { result, candidate } = chosen;
  traceIds.delete(result.traceId);
  return {
    ...result,
    found: {
      ...(candidate.label === undefined ? {} : { label: candidate.label }),
      line: candidate.line,
      others: [...traceIds],
      guessed: candidate.kind === 'bare',
    },
  };
}

function candidateResult(candidate: TextCandidate, ids: IdsInText): Result | undefined {
  switch (candidate.kind) {
    case 'traceparent':
      return parseTraceparent(candidate.value);
    case 'uber-trace-id':
      return parseUberTraceId(safeDecode(candidate.value));
    case 'b3':
      return parseB3Single(candidate.value, true);
    case 'b3-trace-id':
      return build('b3-headers', candidate.value, spanField(ids, /^x-b3-/i));
    case 'field':
      return build('trace-id', candidate.value, spanField(ids));
    case 'xray':
      return parseXray(candidate.value);
    case 'bare':
      return build('trace-id', candidate.value);
  }
}

/** The first valid span ID field, those whose label matches `prefer` first. */
function spanField(ids: IdsInText, prefer?: RegExp): string | undefined {
  const valid = ids.spans.filter((s) => typeof spanIdFrom(s.value) === 'string');
  return (valid.find((s) => prefer?.test(s.label ?? '')) ?? valid[0])?.value;
}

// --- entry ---------------------------------------------------------------------------------------

export function parseTraceInput(input: string): ParsedTraceInput {
  const text = stripQuotes(input.trim());
  if (text === '') return fail('Enter a trace ID, a traceparent or b3 header, or a trace link.');
  if (text.length > MAX_TEXT_CHARS) return fail('That is too long to be a trace ID, link or header block.');
  const whole = parseWhole(text);
  const inText = fromText(text);
  if (!whole.ok) return inText ?? whole;
  // Header lines that name several traces: say so, and take the one the text search ranks first.
  return inText?.found && inText.found.others.length > 0 ? inText : whole;
}

/** The input as one form: a link, a header value, header lines, or a bare ID. */
function parseWhole(text: string): Result {
  if (text.length > 8192) return fail('That is too long to be a trace ID or link.');

  if (looksLikeUrl(text) && /[/?]/.test(text)) return parseUrl(text) ?? fail('Not a trace link.');

  const decoded = /%3a/i.test(text) ? safeDecode(text) : text;
  const fromValue =
    parseTraceparent(decoded) ?? parseUberTraceId(decoded) ?? parseB3Single(decoded) ?? parseXray(decoded);
  if (fromValue) return fromValue;
  const fromHeaders = parseHeaders(decoded);
  if (fromHeaders) return fromHeaders;

  const bare = parseBareId(decoded);
  if (bare) return bare;
  return fail(
    'Not a trace ID: expected 1–32 hex characters, an X-Ray trace ID, a traceparent, uber-trace-id or b3 header, a Jaeger, Grafana or Tracelight link, or text with a trace_id in it.',
  );
}
