// A test upstream that answers from the real recordings in ../shared/fixtures, so clients, the gateway
// and end-to-end tests all run against what Tempo, Loki, Prometheus, Jaeger and Zipkin really send.
// See docs/decisions/0030-replay-upstream.md for how a request picks its recording.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One answer the upstream can give: a recorded response, or one derived from a Jaeger/Zipkin data file. */
export interface Recording {
  /** Where it came from, e.g. `tempo/tempo-search-all` or `zipkin/skew.json`. */
  name: string;
  path: string;
  /** Raw query string without `?`; `null` answers any query on this path. */
  query: string | null;
  /** Request headers recorded with it (lower-case names), e.g. `accept`, `x-scope-orgid`. */
  requestHeaders: Record<string, string>;
  status: number;
  /** Empty when the backend sent none. */
  contentType: string;
  /** Other response headers worth replaying (lower-case names). */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ReplayRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ReplayAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Defaults to the recording that would otherwise have answered (or an empty body). */
  body?: string | Uint8Array;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Announce the full length, send only this many body bytes, then drop the connection. */
  cutAfterBytes?: number;
  /**
   * Send this many body bytes, then wait for `resume` before the rest: a slow body held at a known
   * point, so a test sees the loading screen mid-body without depending on a timing.
   */
  holdAfterBytes?: number;
  resume?: Promise<void>;
}

export type FixtureSet = 'tempo' | 'loki' | 'prometheus' | 'jaeger-v3' | 'jaeger-legacy' | 'zipkin';
export const ALL_FIXTURE_SETS: readonly FixtureSet[] = [
  'tempo',
  'loki',
  'prometheus',
  'jaeger-v3',
  'jaeger-legacy',
  'zipkin',
];

export interface ReplayUpstreamOptions {
  fixturesDir?: string;
  /** Which recordings to serve; default all. A Jaeger without `jaeger-v3` behaves like an old Jaeger. */
  sets?: readonly FixtureSet[];
  /** Answers added on top of the fixtures (checked first). */
  extraRecordings?: Recording[];
  /** Bind address; default 127.0.0.1. */
  host?: string;
}

export interface ReplayUpstream {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  recordings: readonly Recording[];
  requests: ReplayRequest[];
  /** Answer every request whose path equals or starts with `pathOrPrefix` this way (longest prefix wins). */
  override(pathOrPrefix: string, answer: ReplayAnswer): void;
  clearOverrides(): void;
  stop(): Promise<void>;
}

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

const SKIPPED_RESPONSE_HEADERS = new Set([
  'date',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/** Parses `NAME.meta`: `key=value` lines. */
function parseMeta(text: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) meta[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return meta;
}

/** Request headers from curl arguments such as `-H X-Scope-OrgID: team-b -H Accept: application/protobuf`. */
function parseCurlHeaders(args: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of args.split(/(?:^|\s)-H\s+/)) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    headers[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim();
  }
  return headers;
}

function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('HTTP/')) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!SKIPPED_RESPONSE_HEADERS.has(name)) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The recorded responses (`NAME.url/.meta/.headers/.body`) in one fixtures folder. */
export function loadRecordedResponses(dir: string, prefix: string): Recording[] {
  const recordings: Recording[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.url')) continue;
    const base = path.join(dir, file.slice(0, -'.url'.length));
    const url = new URL(readFileSync(`${base}.url`, 'utf8').trim());
    const meta = parseMeta(readFileSync(`${base}.meta`, 'utf8'));
    let headers: Record<string, string> = {};
    try {
      headers = parseHeadersFile(readFileSync(`${base}.headers`, 'utf8'));
    } catch {
      // A recording without headers still replays its status, type and body.
    }
    recordings.push({
      name: `${prefix}/${path.basename(base)}`,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      requestHeaders: parseCurlHeaders(meta.curl_extra_args ?? ''),
      status: Number(meta.http_code),
      contentType: meta.content_type ?? '',
      headers,
      body: new Uint8Array(readFileSync(`${base}.body`)),
    });
  }
  return recordings;
}

const encoder = new TextEncoder();

function jsonRecording(name: string, urlPath: string, query: string | null, value: unknown): Recording {
  return {
    name,
    path: urlPath,
    query,
    requestHeaders: {},
    status: 200,
    contentType: 'application/json',
    headers: {},
    body: encoder.encode(JSON.stringify(value)),
  };
}

function fileRecording(name: string, urlPath: string, query: string | null, bytes: Uint8Array): Recording {
  return { ...jsonRecording(name, urlPath, query, null), body: bytes };
}

/** The spellings a backend accepts for one ID: as written, left-padded to 32, and the 64-bit form. */
function idForms(id: string): string[] {
  const lower = id.toLowerCase();
  const forms = new Set([id, lower]);
  if (/^[0-9a-f]{1,32}$/.test(lower)) {
    const padded = lower.padStart(32, '0');
    forms.add(padded);
    if (padded.startsWith('0000000000000000')) forms.add(padded.slice(16));
  }
  return [...forms];
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function otlpTraceIds(document: unknown): string[] {
  const ids = new Set<string>();
  const result = isRecord(document) ? document.result : undefined;
  const resourceSpans = isRecord(result) && Array.isArray(result.resourceSpans) ? result.resourceSpans : [];
  for (const rs of resourceSpans) {
    const scopeSpans = isRecord(rs) && Array.isArray(rs.scopeSpans) ? rs.scopeSpans : [];
    for (const ss of scopeSpans) {
      const spans = isRecord(ss) && Array.isArray(ss.spans) ? ss.spans : [];
      for (const span of spans) if (isRecord(span) && typeof span.traceId === 'string') ids.add(span.traceId);
    }
  }
  return [...ids];
}

/** Jaeger's `/api/v3` files at the paths the query service serves them. */
function jaegerV3Recordings(dir: string): Recording[] {
  const at = (file: string) => path.join(dir, file);
  const raw = (file: string) => new Uint8Array(readFileSync(at(file)));
  const recordings = [
    fileRecording('jaeger/api-v3/GetServices.json', '/api/v3/services', null, raw('GetServices.json')),
    fileRecording('jaeger/api-v3/GetOperations.json', '/api/v3/operations', null, raw('GetOperations.json')),
    fileRecording('jaeger/api-v3/FindTraces.json', '/api/v3/traces', null, raw('FindTraces.json')),
    fileRecording(
      'jaeger/api-v3/FindTraceSummaries.json',
      '/api/v3/trace-summaries',
      null,
      raw('FindTraceSummaries.json'),
    ),
  ];
  for (const id of otlpTraceIds(readJson(at('GetTrace.json')))) {
    for (const form of idForms(id)) {
      recordings.push(
        fileRecording('jaeger/api-v3/GetTrace.json', `/api/v3/traces/${form}`, null, raw('GetTrace.json')),
      );
    }
  }
  return recordings;
}

interface LegacyTrace {
  traceID: string;
  value: Record<string, unknown>;
  services: Map<string, Set<string>>;
}

function legacyTrace(value: unknown): LegacyTrace | undefined {
  if (!isRecord(value) || typeof value.traceID !== 'string' || !Array.isArray(value.spans)) return undefined;
  const processes = isRecord(value.processes) ? value.processes : {};
  const services = new Map<string, Set<string>>();
  for (const span of value.spans) {
    if (!isRecord(span)) continue;
    const process = typeof span.processID === 'string' ? processes[span.processID] : span.process;
    const service = isRecord(process) && typeof process.serviceName === 'string' ? process.serviceName : '';
    if (!service) continue;
    const operations = services.get(service) ?? new Set<string>();
    if (typeof span.operationName === 'string') operations.add(span.operationName);
    services.set(service, operations);
  }
  return { traceID: value.traceID, value, services };
}

function legacyEnvelope(data: unknown): Record<string, unknown> {
  return { data, total: Array.isArray(data) ? data.length : 0, limit: 0, offset: 0, errors: null };
}

/** Jaeger's legacy `/api` answers built from the UI-model traces under `jaeger/legacy/`. */
function jaegerLegacyRecordings(dir: string): Recording[] {
  const traces: LegacyTrace[] = [];
  const sources = new Map<LegacyTrace, string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const document = readJson(path.join(dir, file));
    const candidates = isRecord(document) && Array.isArray(document.data) ? document.data : [document];
    for (const candidate of candidates) {
      const trace = legacyTrace(candidate);
      if (!trace) continue;
      traces.push(trace);
      sources.set(trace, `jaeger/legacy/${file}`);
    }
  }
  const recordings: Recording[] = [];
  const operationsByService = new Map<string, Set<string>>();
  for (const trace of traces) {
    const name = sources.get(trace) ?? 'jaeger/legacy';
    for (const form of idForms(trace.traceID)) {
      recordings.push(jsonRecording(name, `/api/traces/${form}`, null, legacyEnvelope([trace.value])));
    }
    for (const [service, operations] of trace.services) {
      const known = operationsByService.get(service) ?? new Set<string>();
      for (const operation of operations) known.add(operation);
      operationsByService.set(service, known);
    }
  }
  const services = [...operationsByService.keys()].sort();
  recordings.push(jsonRecording('jaeger/legacy (services)', '/api/services', null, legacyEnvelope(services)));
  for (const service of services) {
    const operations = [...(operationsByService.get(service) ?? [])].sort();
    recordings.push(
      jsonRecording(
        'jaeger/legacy (operations)',
        `/api/services/${encodeURIComponent(service)}/operations`,
        null,
        legacyEnvelope(operations),
      ),
    );
  }
  recordings.push(
    jsonRecording('jaeger/legacy (search)', '/api/traces', null, legacyEnvelope(traces.map((t) => t.value))),
  );
  return recordings;
}

/** Zipkin's `/api/v2` answers built from the Lens test traces under `zipkin/`. */
function zipkinRecordings(dir: string): Recording[] {
  const recordings: Recording[] = [];
  const traces: unknown[][] = [];
  const spanNamesByService = new Map<string, Set<string>>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const spans = readJson(path.join(dir, file));
    if (!Array.isArray(spans)) continue;
    traces.push(spans);
    const ids = new Set<string>();
    for (const span of spans) {
      if (!isRecord(span)) continue;
      if (typeof span.traceId === 'string') ids.add(span.traceId);
      const endpoint = isRecord(span.localEndpoint) ? span.localEndpoint : {};
      const service = typeof endpoint.serviceName === 'string' ? endpoint.serviceName : '';
      if (!service) continue;
      const names = spanNamesByService.get(service) ?? new Set<string>();
      if (typeof span.name === 'string') names.add(span.name);
      spanNamesByService.set(service, names);
    }
    for (const id of ids) {
      for (const form of idForms(id)) {
        recordings.push(jsonRecording(`zipkin/${file}`, `/api/v2/trace/${form}`, null, spans));
      }
    }
  }
  const services = [...spanNamesByService.keys()].sort();
  recordings.push(jsonRecording('zipkin (services)', '/api/v2/services', null, services));
  for (const service of services) {
    const names = [...(spanNamesByService.get(service) ?? [])].sort();
    const query = new URLSearchParams({ serviceName: service }).toString();
    recordings.push(jsonRecording('zipkin (spans)', '/api/v2/spans', query, names));
  }
  recordings.push(jsonRecording('zipkin (search)', '/api/v2/traces', null, traces));
  return recordings;
}

export function loadRecordings(
  fixturesDir: string = DEFAULT_FIXTURES_DIR,
  sets: readonly FixtureSet[] = ALL_FIXTURE_SETS,
): Recording[] {
  const recordings: Recording[] = [];
  for (const set of sets) {
    if (set === 'tempo' || set === 'loki' || set === 'prometheus') {
      recordings.push(...loadRecordedResponses(path.join(fixturesDir, set), set));
    } else if (set === 'jaeger-v3') {
      recordings.push(...jaegerV3Recordings(path.join(fixturesDir, 'jaeger', 'api-v3')));
    } else if (set === 'jaeger-legacy') {
      recordings.push(...jaegerLegacyRecordings(path.join(fixturesDir, 'jaeger', 'legacy')));
    } else {
      recordings.push(...zipkinRecordings(path.join(fixturesDir, 'zipkin')));
    }
  }
  return recordings;
}

function sortedParams(query: string): string {
  return [...new URLSearchParams(query)]
    .map(([key, value]) => `${key}\u0000${value}`)
    .sort()
    .join('\u0001');
}

function headerValue(headers: IncomingMessage['headers'], name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function wantsProtobuf(accept: string): boolean {
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('application/protobuf') || first.startsWith('application/x-protobuf');
}

/** How well a recording's request headers fit this request: the tenant counts most, then `Accept`. */
function headerScore(recording: Recording, headers: IncomingMessage['headers']): number {
  let score = 0;
  if ((recording.requestHeaders['x-scope-orgid'] ?? '') === headerValue(headers, 'x-scope-orgid')) score += 4;
  const recordedAccept = recording.requestHeaders.accept ?? '';
  const requestAccept = headerValue(headers, 'accept');
  if (recordedAccept === '') {
    if (!wantsProtobuf(requestAccept)) score += 2;
  } else if (requestAccept.toLowerCase().includes(recordedAccept.toLowerCase().split(';')[0] ?? '')) {
    score += wantsProtobuf(recordedAccept) === wantsProtobuf(requestAccept) ? 2 : 1;
  }
  for (const [name, value] of Object.entries(recording.requestHeaders)) {
    if (name !== 'accept' && name !== 'x-scope-orgid' && headerValue(headers, name) === value) score += 1;
  }
  return score;
}

export function findRecording(
  recordings: readonly Recording[],
  urlPath: string,
  query: string,
  headers: IncomingMessage['headers'],
): Recording | undefined {
  const params = sortedParams(query);
  const exact = recordings.filter(
    (r) => r.path === urlPath && r.query !== null && sortedParams(r.query) === params,
  );
  const candidates =
    exact.length > 0
      ? exact
      : (windowless(recordings, urlPath, query) ??
        recordings.filter((r) => r.path === urlPath && r.query === null));
  let best: Recording | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = headerScore(candidate, headers);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Tempo's trace-by-ID paths, whose `start`/`end` only narrow which blocks are read. */
const TRACE_BY_ID = /^\/api\/(v2\/)?traces\/[^/]+$/;
const WINDOW = ['start', 'end'];

/**
 * A trace-by-ID request with a time window no recording has: the recording of the same request
 * without a window answers (links carry windows computed from the trace, decision 0182). A recording
 * that has a window (`tempo-trace-v2-range-excludes`) still answers only its own.
 */
function windowless(
  recordings: readonly Recording[],
  urlPath: string,
  query: string,
): Recording[] | undefined {
  if (!TRACE_BY_ID.test(urlPath)) return undefined;
  const params = new URLSearchParams(query);
  if (!WINDOW.some((name) => params.has(name))) return undefined;
  for (const name of WINDOW) params.delete(name);
  const rest = sortedParams(params.toString());
  const found = recordings.filter(
    (r) => r.path === urlPath && r.query !== null && sortedParams(r.query) === rest,
  );
  return found.length > 0 ? found : undefined;
}

/**
 * The trace screen asks `{ link:traceID = "<id>" }` of every trace it opens (who links here). The
 * recordings hold that search for the traces that have links; for any other trace ID a real Tempo
 * answers an empty search, so the replay does too instead of a 404 no Tempo would send.
 */
function nothingLinksHere(target: URL): Recording | undefined {
  if (target.pathname !== '/api/search') return undefined;
  if (!/^\{\s*link:traceID\s*=\s*"[0-9a-fA-F]+"\s*\}$/.test(target.searchParams.get('q') ?? ''))
    return undefined;
  return {
    name: 'replay/nothing-links-here',
    path: target.pathname,
    query: target.search.slice(1),
    requestHeaders: {},
    status: 200,
    contentType: 'application/json',
    headers: {},
    body: encoder.encode(JSON.stringify({ traces: [], metrics: { inspectedTraces: 0 } })),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startReplayUpstream(options: ReplayUpstreamOptions = {}): Promise<ReplayUpstream> {
  const recordings = [
    ...(options.extraRecordings ?? []),
    ...loadRecordings(options.fixturesDir ?? DEFAULT_FIXTURES_DIR, options.sets ?? ALL_FIXTURE_SETS),
  ];
  const requests: ReplayRequest[] = [];
  const overrides = new Map<string, ReplayAnswer>();

  const overrideFor = (urlPath: string): ReplayAnswer | undefined => {
    let chosen: string | undefined;
    for (const key of overrides.keys()) {
      if (
        (urlPath === key || urlPath.startsWith(key)) &&
        (chosen === undefined || key.length > chosen.length)
      ) {
        chosen = key;
      }
    }
    return chosen === undefined ? undefined : overrides.get(chosen);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = new URL(req.url ?? '/', 'http://replay.invalid');
    const query = target.search.replace(/^\?/, '');
    requests.push({ method: req.method ?? 'GET', path: target.pathname, query, headers: { ...req.headers } });
    const recording =
      findRecording(recordings, target.pathname, query, req.headers) ?? nothingLinksHere(target);
    const override = overrideFor(target.pathname);
    if (override?.delayMs) await sleep(override.delayMs);
    if (res.destroyed) return;

    let status = recording?.status ?? 404;
    const headers: Record<string, string> = { ...(recording?.headers ?? {}) };
    if (recording?.contentType) headers['content-type'] = recording.contentType;
    let body: Uint8Array = recording?.body ?? encoder.encode(`replay upstream: no recording for ${req.url}`);
    if (!recording) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      headers['x-replay-unmatched'] = '1';
    }
    if (override) {
      status = override.status ?? status;
      for (const [name, value] of Object.entries(override.headers ?? {})) headers[name.toLowerCase()] = value;
      if (override.body !== undefined) {
        body = typeof override.body === 'string' ? encoder.encode(override.body) : override.body;
      }
    }
    headers['content-length'] = String(body.byteLength);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = override?.cutAfterBytes;
    if (cut !== undefined && cut < body.byteLength) {
      res.write(body.subarray(0, cut), () => {
        // Let the bytes leave before the connection drops, so the client sees a short body, not a reset.
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    const hold = override?.holdAfterBytes;
    if (hold !== undefined && hold < body.byteLength) {
      res.write(body.subarray(0, hold));
      await override?.resume;
      if (!res.destroyed) res.end(body.subarray(hold));
      return;
    }
    res.end(body);
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`replay upstream failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    recordings,
    requests,
    override(pathOrPrefix, answerWith) {
      overrides.set(pathOrPrefix, answerWith);
    },
    clearOverrides() {
      overrides.clear();
    },
    stop() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
