// A small summary of one stored fragment's spans, kept at ingest so a search can rule a trace out
// without decoding it (see docs/decisions/0051-search-pruning.md). It must over-approximate what the
// app's decoder will see: a digest may say "could be here" wrongly (bloom false positives), never
// "not here" wrongly. Spans never straddle fragments, so a span's own and resource attributes are
// always in the same digest, which keeps `{ a && b }` on one span precise.

import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans } from './otlp/types.ts';

/** What a token is about; the scope letter is part of the hash. */
export const Token = {
  SpanName: 1,
  SpanKey: 2,
  SpanString: 3,
  SpanNumber: 4,
  SpanBool: 5,
  SpanLongString: 6,
  /** The key under which a chunk lists its spans' status messages (decision 0355). */
  StatusMessage: 7,
  /** "A status message not listed here" (too long, or past the cap). */
  StatusMessageUnlisted: 8,
  /** A CLIENT span's span ID, in `clientSpanIds` (decision 0356: a SERVER span sharing it is linked as its child). */
  ClientSpanId: 9,
  /** Keys under which a chunk lists its events' names and its scopes' names and versions (decision 0357). */
  EventName: 20,
  EventNameUnlisted: 21,
  ScopeName: 22,
  ScopeNameUnlisted: 23,
  ScopeVersion: 24,
  ScopeVersionUnlisted: 25,
  ResourceKey: 12,
  ResourceString: 13,
  ResourceNumber: 14,
  ResourceBool: 15,
  ResourceLongString: 16,
} as const;

/** Offset from a span token to the same token about the resource. */
export const RESOURCE_OFFSET = 10;
/** Offsets from a span token to the same token about one of the span's events' or links' attributes. */
export const EVENT_OFFSET = 40;
export const LINK_OFFSET = 50;

/** String values longer than this are indexed as "the key has a long string" (keeps ingest cheap). */
export const MAX_INDEXED_STRING = 256;

/** Distinct (key, string value) pairs listed per chunk; the rest are marked unlisted (bounds memory). */
export const MAX_LISTED_STRINGS = 1024;

export interface ChunkDigest {
  /** Bloom filter of token hashes; its length is a power of two. */
  readonly bloom: Uint32Array;
  /** Bit n set when a span has status code n, as the decoder reads it (codes above 2 read as 0). */
  readonly statuses: number;
  /** Bit n set when a span has kind n (kinds above 5 read as 0). */
  readonly kinds: number;
  /** Upper bound of any span's duration as the decoder computes it (ns). */
  readonly maxSpanNs: number;
  /** Lower bound of any span's duration as the decoder computes it (ns). */
  readonly minSpanNs: number;
  /**
   * Numeric attributes' value ranges, as triples (key hash, min, max): `numberKeyHash` of the scoped
   * key, then the least and greatest of its number values in the chunk (NaN left out). Tempo's Parquet
   * blocks keep the same statistics per column; they let `> 503` skip a chunk whose largest is 503.
   * Two keys whose hashes collide share one (wider) range, which stays an over-approximation.
   */
  readonly numberRanges: Float64Array;
  /**
   * String attributes' distinct values in the chunk (decision 0322): `stringKeys[i]` is the scoped
   * key's `SpanKey` token hash (resource keys with RESOURCE_OFFSET), `stringValues[i]` one of its
   * string values, each (key, value) pair once. A regex or `!=` is then tested once per listed value
   * instead of decoding the trace. Values past MAX_INDEXED_STRING, and past MAX_LISTED_STRINGS pairs
   * a chunk, are not listed: their key gets the `SpanLongString` token ("a string not listed here").
   * Spans' status messages are listed the same way under STATUS_MESSAGE_KEY, the empty one included
   * (decision 0355); an unlisted message sets the `StatusMessageUnlisted` token.
   */
  readonly stringKeys: Uint32Array;
  readonly stringValues: readonly string[];
  /**
   * Decision 0356: the digest of the chunk's spans that name a parent span ID, for the structural
   * operators (`A > B` needs a B span with a parent). Set only when some span of the chunk names none:
   * null when no span names one, undefined when every span does (this digest is that digest). Its
   * bloom, codes and durations are its spans' own; its ranges and listed strings are the chunk's.
   */
  readonly withParent?: ChunkDigest | null;
  /**
   * `ClientSpanId` hashes of the SERVER spans' IDs that name no parent: src/model/tree.ts links such a
   * span under a CLIENT span with the same ID (Zipkin's shared spans), whose hash is then in some
   * chunk's `clientSpanIds`. Set (maybe empty) exactly when `withParent` is.
   */
  readonly serverRootIds?: Uint32Array;
  /** The chunk's CLIENT spans' `ClientSpanId` token hashes (a bloom costs more to build); undefined when it has none. */
  readonly clientSpanIds?: Uint32Array;
}

const PROBES = 4;
const BITS_PER_TOKEN = 10;
const MIN_WORDS = 2;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 units; lone surrogates hash as U+FFFD, as they read back after a UTF-8 round trip. */
function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        h = Math.imul(h ^ c, 0x01000193);
        c = next;
        i++;
      } else c = 0xfffd;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/** The hash of a token: its kind, a key (or span name), and for value tokens the value's text. */
export function tokenHash(kind: number, key: string, value?: string): number {
  let h = Math.imul(0x811c9dc5 ^ kind, 0x01000193);
  h = mixString(h, key);
  if (value !== undefined) {
    h = Math.imul(h ^ 0x10000, 0x01000193);
    h = mixString(h, value);
  }
  return fmix32(h);
}

/**
 * The state `tokenHash` reaches after its kind and key (and, for `value`, the separator), per token
 * kind and key: attribute keys repeat span after span, so ingest hashes each key once. Bounded: a
 * kind's table starts over past KEY_STATES_MAX keys. The hashes are exactly `tokenHash`'s.
 */
const KEY_STATES_MAX = 10_000;
const keyStates: Map<string, number>[] = [];

function keyState(kind: number, key: string, value: boolean): number {
  const slot = value ? kind + 128 : kind;
  let states = keyStates[slot];
  if (!states) keyStates[slot] = states = new Map();
  let h = states.get(key);
  if (h === undefined) {
    h = mixString(Math.imul(0x811c9dc5 ^ kind, 0x01000193), key);
    if (value) h = Math.imul(h ^ 0x10000, 0x01000193);
    if (states.size >= KEY_STATES_MAX) states.clear();
    states.set(key, h);
  }
  return h;
}

/** `tokenHash(kind, key)`, with the key's state remembered. */
function keyTokenHash(kind: number, key: string): number {
  return fmix32(keyState(kind, key, false));
}

/** `tokenHash(kind, key, value)`, with the key's state remembered. */
function valueTokenHash(kind: number, key: string, value: string): number {
  return fmix32(mixString(keyState(kind, key, true), value));
}

export function bloomMightContain(bloom: Uint32Array, hash: number): boolean {
  const mask = bloom.length * 32 - 1;
  const step = fmix32(hash ^ 0x5bd1e995) | 1;
  for (let i = 0; i < PROBES; i++) {
    const bit = (hash + Math.imul(i, step)) & mask;
    if ((bloom[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

function bloomOf(hashes: Set<number>): Uint32Array {
  let words = MIN_WORDS;
  while (words * 32 < hashes.size * BITS_PER_TOKEN) words *= 2;
  const bloom = new Uint32Array(words);
  const mask = words * 32 - 1;
  for (const hash of hashes) {
    const step = fmix32(hash ^ 0x5bd1e995) | 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (hash + Math.imul(i, step)) & mask;
      bloom[bit >>> 5] |= 1 << (bit & 31);
    }
  }
  return bloom;
}

/** The text a number attribute is indexed under: JavaScript's, since TraceQL compares as JS numbers. */
export function numberText(n: number): string {
  return String(n);
}

/**
 * The key of a numeric range in `numberRanges`; `offset` is 0 for the span's own attribute,
 * RESOURCE_OFFSET for its resource's, EVENT_OFFSET and LINK_OFFSET for its events' and links'.
 */
export function numberKeyHash(key: string, offset: number): number {
  return keyTokenHash(Token.SpanNumber + offset, key);
}

/** Could some number value of the key in this chunk lie in [low, high] (bounds inclusive or not)? */
export function numberRangeMightHold(
  ranges: Float64Array,
  keyHash: number,
  test: (min: number, max: number) => boolean,
): boolean {
  for (let i = 0; i < ranges.length; i += 3)
    if (ranges[i] === keyHash && test(ranges[i + 1], ranges[i + 2])) return true;
  return false;
}

type Ranges = Map<number, [min: number, max: number]>;

function addNumber(ranges: Ranges, key: string, offset: number, n: number): void {
  if (Number.isNaN(n)) return;
  const hash = numberKeyHash(key, offset);
  const range = ranges.get(hash);
  if (!range) ranges.set(hash, [n, n]);
  else {
    if (n < range[0]) range[0] = n;
    if (n > range[1]) range[1] = n;
  }
}

const NO_RANGES = new Float64Array(0);

function flatRanges(ranges: Ranges): Float64Array {
  if (ranges.size === 0) return NO_RANGES;
  const flat = new Float64Array(ranges.size * 3);
  let i = 0;
  for (const [hash, [min, max]] of ranges) {
    flat[i++] = hash;
    flat[i++] = min;
    flat[i++] = max;
  }
  return flat;
}

/** A chunk's listed strings while it is digested: pairs seen (by their value token hash), in order. */
interface Strings {
  /** Value token hash → index of the pair listed under it. */
  seen: Map<number, number>;
  keys: number[];
  values: string[];
  /** Per listed pair: its value token hash and its "unlisted" token (to merge it into another list). */
  valueHashes: number[];
  unlisted: (() => number)[];
}

/**
 * Interned values, so chunks that list the same value share one string (memory only: a cleared
 * table changes no answer). Bounded; past the bound it starts over.
 */
const INTERNED_MAX = 100_000;
const interned = new Map<string, string>();

export function internValue(value: string): string {
  const hit = interned.get(value);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERNED_MAX) interned.clear();
  interned.set(value, value);
  return value;
}

/**
 * Lists one (key, string value) pair, once per chunk; `valueHash` identifies the pair. A pair past the
 * cap, or whose hash another pair already holds, is not listed: `unlistedHash` says so.
 */
function addListed(
  hashes: Set<number>,
  strings: Strings,
  keyHash: number,
  valueHash: number,
  value: string,
  unlistedHash: () => number,
): void {
  const listed = strings.seen.get(valueHash);
  if (listed === undefined && strings.keys.length < MAX_LISTED_STRINGS) {
    strings.seen.set(valueHash, strings.keys.length);
    strings.keys.push(keyHash);
    strings.values.push(internValue(value));
    strings.valueHashes.push(valueHash);
    strings.unlisted.push(unlistedHash);
  } else if (listed === undefined || strings.keys[listed] !== keyHash || strings.values[listed] !== value) {
    // Over the cap, or another pair under the same hash: this one is not listed.
    hashes.add(unlistedHash());
  }
}

/** The key status messages are listed under in `stringKeys`. */
export const STATUS_MESSAGE_KEY = tokenHash(Token.StatusMessage, '');

function addStatusMessage(hashes: Set<number>, strings: Strings, message: string): void {
  addListedString(
    hashes,
    strings,
    Token.StatusMessage,
    STATUS_MESSAGE_KEY,
    Token.StatusMessageUnlisted,
    message,
  );
}

/** The keys event names, scope names and scope versions are listed under (decision 0357). */
export const EVENT_NAME_KEY = tokenHash(Token.EventName, '');
export const SCOPE_NAME_KEY = tokenHash(Token.ScopeName, '');
export const SCOPE_VERSION_KEY = tokenHash(Token.ScopeVersion, '');

/** Lists a string under `key` (the token `kind`'s), or sets the `unlisted` token when it cannot be. */
function addListedString(
  hashes: Set<number>,
  strings: Strings,
  kind: number,
  key: number,
  unlisted: number,
  value: string,
): void {
  if (value.length > MAX_INDEXED_STRING) {
    hashes.add(keyTokenHash(unlisted, ''));
    return;
  }
  const valueHash = valueTokenHash(kind, '', value);
  addListed(hashes, strings, key, valueHash, value, () => keyTokenHash(unlisted, ''));
}

/** A scope's name and version, listed once per scope message in each digest that holds its spans. */
function addScope(to: Digesting, scope: OtlpResourceSpans['scopeSpans'][number]['scope']): void {
  addListedString(
    to.hashes,
    to.strings,
    Token.ScopeName,
    SCOPE_NAME_KEY,
    Token.ScopeNameUnlisted,
    scope.name,
  );
  addListedString(
    to.hashes,
    to.strings,
    Token.ScopeVersion,
    SCOPE_VERSION_KEY,
    Token.ScopeVersionUnlisted,
    scope.version,
  );
}

/** An attribute of a span (`offset` 0), its resource (RESOURCE_OFFSET), an event (EVENT_OFFSET) or a link (LINK_OFFSET). */
function addAttribute(
  hashes: Set<number>,
  ranges: Ranges,
  strings: Strings,
  kv: OtlpKeyValue,
  offset: number,
): void {
  const keyHash = keyTokenHash(Token.SpanKey + offset, kv.key);
  hashes.add(keyHash);
  const v: OtlpAnyValue = kv.value;
  if (v.stringValue !== undefined) {
    if (v.stringValue.length > MAX_INDEXED_STRING)
      hashes.add(keyTokenHash(Token.SpanLongString + offset, kv.key));
    else {
      const valueHash = valueTokenHash(Token.SpanString + offset, kv.key, v.stringValue);
      hashes.add(valueHash);
      addListed(hashes, strings, keyHash, valueHash, v.stringValue, () =>
        keyTokenHash(Token.SpanLongString + offset, kv.key),
      );
    }
  } else if (v.boolValue !== undefined) {
    hashes.add(valueTokenHash(Token.SpanBool + offset, kv.key, String(v.boolValue)));
  } else if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    hashes.add(valueTokenHash(Token.SpanNumber + offset, kv.key, numberText(n)));
    addNumber(ranges, kv.key, offset, n);
  } else if (v.doubleValue !== undefined) {
    hashes.add(valueTokenHash(Token.SpanNumber + offset, kv.key, numberText(v.doubleValue)));
    addNumber(ranges, kv.key, offset, v.doubleValue);
  }
}

/** One digest while its spans are added. */
interface Digesting {
  hashes: Set<number>;
  ranges: Ranges;
  strings: Strings;
  statuses: number;
  kinds: number;
  maxSpanNs: number;
  minSpanNs: number;
  /** Most spans have no message: the empty one is listed once, without hashing it span after span. */
  emptyMessage: boolean;
  /** Spans added. */
  spans: number;
}

function digesting(): Digesting {
  return {
    hashes: new Set(),
    ranges: new Map(),
    strings: { seen: new Map(), keys: [], values: [], valueHashes: [], unlisted: [] },
    statuses: 0,
    kinds: 0,
    maxSpanNs: 0,
    minSpanNs: Number.POSITIVE_INFINITY,
    emptyMessage: false,
    spans: 0,
  };
}

function addSpan(to: Digesting, span: OtlpResourceSpans['scopeSpans'][number]['spans'][number]): void {
  const { hashes, ranges, strings } = to;
  to.spans++;
  hashes.add(keyTokenHash(Token.SpanName, span.name));
  for (const kv of span.attributes) addAttribute(hashes, ranges, strings, kv, 0);
  for (const event of span.events) {
    addListedString(hashes, strings, Token.EventName, EVENT_NAME_KEY, Token.EventNameUnlisted, event.name);
    for (const kv of event.attributes) addAttribute(hashes, ranges, strings, kv, EVENT_OFFSET);
  }
  for (const link of span.links)
    for (const kv of link.attributes) addAttribute(hashes, ranges, strings, kv, LINK_OFFSET);
  const message = span.status.message;
  if (message !== '') addStatusMessage(hashes, strings, message);
  else if (!to.emptyMessage) {
    to.emptyMessage = true;
    addStatusMessage(hashes, strings, '');
  }
  to.statuses |= 1 << (span.status.code <= 2 ? span.status.code : 0);
  to.kinds |= 1 << (span.kind <= 5 ? span.kind : 0);
  // The decoder clamps negative durations to 0, and gives a span without a start time 0 unless
  // no span of the trace has one; count both readings of such a span.
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  const dur = end <= start ? 0 : Number(end - start);
  if (start === 0n) to.minSpanNs = 0;
  if (dur > to.maxSpanNs) to.maxSpanNs = dur;
  if (dur < to.minSpanNs) to.minSpanNs = dur;
}

/** Adds what `from` holds to `into`, as if its spans had been added to it. */
function merge(into: Digesting, from: Digesting): void {
  for (const h of from.hashes) into.hashes.add(h);
  for (const [hash, [min, max]] of from.ranges) {
    const range = into.ranges.get(hash);
    if (!range) into.ranges.set(hash, [min, max]);
    else {
      if (min < range[0]) range[0] = min;
      if (max > range[1]) range[1] = max;
    }
  }
  const s = from.strings;
  for (let i = 0; i < s.keys.length; i++)
    addListed(into.hashes, into.strings, s.keys[i], s.valueHashes[i], s.values[i], s.unlisted[i]);
  into.statuses |= from.statuses;
  into.kinds |= from.kinds;
  if (from.maxSpanNs > into.maxSpanNs) into.maxSpanNs = from.maxSpanNs;
  if (from.minSpanNs < into.minSpanNs) into.minSpanNs = from.minSpanNs;
  into.emptyMessage ||= from.emptyMessage;
  into.spans += from.spans;
}

function finished(d: Digesting): ChunkDigest {
  return {
    bloom: bloomOf(d.hashes),
    statuses: d.statuses,
    kinds: d.kinds,
    maxSpanNs: d.maxSpanNs,
    minSpanNs: d.minSpanNs === Number.POSITIVE_INFINITY ? 0 : d.minSpanNs,
    numberRanges: flatRanges(d.ranges),
    stringKeys: Uint32Array.from(d.strings.keys),
    stringValues: d.strings.values,
  };
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/** The `ClientSpanId` token of a span ID (as the store keeps it: lowercase hex). */
export function clientSpanIdHash(spanId: string): number {
  return valueTokenHash(Token.ClientSpanId, '', spanId);
}

/** The digest of one fragment (the spans of one trace in one received batch). */
export function digestFragment(fragment: readonly OtlpResourceSpans[]): ChunkDigest {
  // The spans that name a parent and those that name none are digested apart (decision 0356); the
  // chunk's digest is then both merged, so each span is hashed once.
  const child = digesting();
  let root: Digesting | undefined;
  const serverRoots: number[] = [];
  const clients = new Set<number>();
  for (const rs of fragment) {
    let resourceIn = 0;
    for (const ss of rs.scopeSpans) {
      let scopeIn = 0;
      for (const span of ss.spans) {
        let to = child;
        let bit = 1;
        if (span.parentSpanId === '') {
          if (!root) root = digesting();
          to = root;
          bit = 2;
          if (span.kind === SPAN_KIND_SERVER) serverRoots.push(clientSpanIdHash(span.spanId));
        }
        if ((resourceIn & bit) === 0) {
          resourceIn |= bit;
          for (const kv of rs.resource.attributes)
            addAttribute(to.hashes, to.ranges, to.strings, kv, RESOURCE_OFFSET);
        }
        if ((scopeIn & bit) === 0) {
          scopeIn |= bit;
          addScope(to, ss.scope);
        }
        addSpan(to, span);
        if (span.kind === SPAN_KIND_CLIENT) clients.add(clientSpanIdHash(span.spanId));
      }
    }
    // A resource without spans still has its attributes digested, as before.
    if (resourceIn === 0)
      for (const kv of rs.resource.attributes)
        addAttribute(child.hashes, child.ranges, child.strings, kv, RESOURCE_OFFSET);
  }
  // The spans-with-a-parent digest keeps its own bloom, codes and durations, and shares the chunk's
  // ranges and listed strings (an over-approximation: a root's values count for it too), which
  // halves what it costs to keep.
  let childBloom: Uint32Array | undefined;
  let childCodes: Digesting | undefined;
  let all = child;
  if (root) {
    if (child.spans > 0) {
      childBloom = bloomOf(child.hashes);
      childCodes = { ...child };
      merge(child, root);
    } else {
      merge(root, child);
      all = root;
    }
  }
  let digest = finished(all);
  if (clients.size > 0) digest = { ...digest, clientSpanIds: Uint32Array.from(clients) };
  if (!root) return digest;
  const withParent: ChunkDigest | null =
    childBloom && childCodes
      ? {
          ...digest,
          bloom: childBloom,
          statuses: childCodes.statuses,
          kinds: childCodes.kinds,
          maxSpanNs: childCodes.maxSpanNs,
          minSpanNs: childCodes.minSpanNs === Number.POSITIVE_INFINITY ? 0 : childCodes.minSpanNs,
          clientSpanIds: undefined,
        }
      : null;
  return { ...digest, withParent, serverRootIds: Uint32Array.from(serverRoots) };
}
