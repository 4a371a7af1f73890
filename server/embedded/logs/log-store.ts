// The embedded backend's bounded in-memory log store: streams (one per distinct label set) holding
// entries in arrival order. Eviction is oldest arrival first, at an entry count or byte bound; since
// every entry is appended to one stream and to the global arrival queue in the same order, the
// oldest entry overall is always the head of its stream, so eviction is O(1) per entry.

import { type Labels, labelsKey } from './labels.ts';
import type { LokiEntry, LokiStreamPush } from './otlp-to-loki.ts';

export interface LogStoreLimits {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogStoreLimits = { maxEntries: 1_000_000, maxBytes: 256 * 1024 * 1024 };

export interface StoredEntry extends LokiEntry {
  readonly stream: LogStream;
  /** Approximate memory held (line, metadata, overhead). */
  readonly bytes: number;
}

export class LogStream {
  readonly key: string;
  /** Arrival order; entries before `head` were evicted. */
  entries: StoredEntry[] = [];
  head = 0;

  constructor(readonly labels: Labels) {
    this.key = labelsKey(labels);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  *live(): IterableIterator<StoredEntry> {
    for (let i = this.head; i < this.entries.length; i++) yield this.entries[i];
  }

  dropOldest(): void {
    this.head++;
    // Compact once the dead prefix dominates, keeping eviction amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

const ENTRY_OVERHEAD = 96;

function entryBytes(entry: LokiEntry): number {
  let n = ENTRY_OVERHEAD + entry.line.length * 2;
  for (const [k, v] of entry.metadata) n += (k.length + v.length) * 2 + 32;
  return n;
}

export class LogStore {
  private readonly streams = new Map<string, LogStream>();
  private arrival: StoredEntry[] = [];
  private arrivalHead = 0;
  private totalBytes = 0;

  constructor(readonly limits: LogStoreLimits = DEFAULT_LOG_LIMITS) {}

  get size(): number {
    return this.arrival.length - this.arrivalHead;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(streams: LokiStreamPush[]): number {
    let added = 0;
    for (const push of streams) {
      const key = labelsKey(push.labels);
      let stream = this.streams.get(key);
      if (!stream) this.streams.set(key, (stream = new LogStream(push.labels)));
      for (const e of push.entries) {
        const stored: StoredEntry = { ...e, stream, bytes: entryBytes(e) };
        stream.entries.push(stored);
        this.arrival.push(stored);
        this.totalBytes += stored.bytes;
        added++;
      }
    }
    this.evict();
    return added;
  }

  private evict(): void {
    const { maxEntries, maxBytes } = this.limits;
    while (this.size > 0 && (this.size > maxEntries || this.totalBytes > maxBytes)) {
      const oldest = this.arrival[this.arrivalHead++];
      oldest.stream.dropOldest();
      this.totalBytes -= oldest.bytes;
      if (oldest.stream.size === 0) this.streams.delete(oldest.stream.key);
    }
    if (this.arrivalHead > 4096 && this.arrivalHead * 2 > this.arrival.length) {
      this.arrival = this.arrival.slice(this.arrivalHead);
      this.arrivalHead = 0;
    }
  }

  /** Live entries, oldest arrival first. */
  *arrivalOrder(): IterableIterator<StoredEntry> {
    for (let i = this.arrivalHead; i < this.arrival.length; i++) yield this.arrival[i];
  }

  allStreams(): IterableIterator<LogStream> {
    return this.streams.values();
  }

  clear(): void {
    this.streams.clear();
    this.arrival = [];
    this.arrivalHead = 0;
    this.totalBytes = 0;
  }
}
