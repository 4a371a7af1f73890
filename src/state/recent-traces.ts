// Traces opened lately, newest first, kept in localStorage (through the safe wrapper: a blocked or
// full storage just means the list is not remembered). The trace page calls `rememberRecentTrace`
// once a trace has loaded; the home page lists them. Stored entries are re-validated on every read:
// local storage is as untrusted as any other input.

import { create } from 'zustand';
import { type SafeStorage, safeLocalStorage } from './local-storage';

export const RECENT_TRACES_STORAGE_KEY = 'tracelight.recentTraces';
export const RECENT_TRACES_LIMIT = 20;
const MAX_TEXT = 300;

export interface RecentTrace {
  /** 32 lowercase hex. */
  traceId: string;
  /** The datasource it was found in; undefined for files and "all datasources". */
  ds?: string;
  rootService: string;
  rootName: string;
  /** Epoch milliseconds. */
  openedAt: number;
  /** The trace's own bounds, epoch milliseconds (for the reopening link's time window); absent in older entries. */
  startUnixMs?: number;
  endUnixMs?: number;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
}

function validEntry(value: unknown): RecentTrace | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const traceId = typeof record.traceId === 'string' ? record.traceId.toLowerCase() : '';
  if (!/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) return undefined;
  const openedAt =
    typeof record.openedAt === 'number' && Number.isFinite(record.openedAt) ? record.openedAt : 0;
  const ds = typeof record.ds === 'string' && /^[a-z0-9-]+$/.test(record.ds) ? record.ds : undefined;
  const bounds = validBounds(record.startUnixMs, record.endUnixMs);
  return {
    traceId,
    ds,
    rootService: text(record.rootService),
    rootName: text(record.rootName),
    openedAt,
    ...bounds,
  };
}

function validBounds(start: unknown, end: unknown): { startUnixMs: number; endUnixMs: number } | undefined {
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return finite(start) && finite(end) && end >= start ? { startUnixMs: start, endUnixMs: end } : undefined;
}

/** Parses the stored list, dropping whatever is not a valid entry. */
export function parseRecentTraces(raw: string | null): RecentTrace[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const entries: RecentTrace[] = [];
  for (const item of parsed) {
    const entry = validEntry(item);
    if (entry) entries.push(entry);
  }
  return entries.slice(0, RECENT_TRACES_LIMIT);
}

/** The list with `entry` first; an earlier visit of the same trace in the same datasource is dropped. */
export function withRecentTrace(list: readonly RecentTrace[], entry: RecentTrace): RecentTrace[] {
  const valid = validEntry(entry);
  if (!valid) return [...list];
  const rest = list.filter((item) => !(item.traceId === valid.traceId && item.ds === valid.ds));
  return [valid, ...rest].slice(0, RECENT_TRACES_LIMIT);
}

export interface RecentTracesState {
  traces: RecentTrace[];
  remember(entry: RecentTrace): void;
  forget(traceId: string, ds: string | undefined): void;
  clear(): void;
}

export function createRecentTracesStore(storage: SafeStorage) {
  return create<RecentTracesState>()((set, get) => {
    const save = (traces: RecentTrace[]) => {
      storage.set(RECENT_TRACES_STORAGE_KEY, JSON.stringify(traces));
      set({ traces });
    };
    return {
      traces: parseRecentTraces(storage.get(RECENT_TRACES_STORAGE_KEY)),
      remember(entry) {
        // Another tab may have added entries since this one loaded: merge with what is stored.
        const stored = parseRecentTraces(storage.get(RECENT_TRACES_STORAGE_KEY));
        save(withRecentTrace(stored.length > 0 ? stored : get().traces, entry));
      },
      forget(traceId, ds) {
        save(get().traces.filter((item) => !(item.traceId === traceId && item.ds === ds)));
      },
      clear() {
        storage.remove(RECENT_TRACES_STORAGE_KEY);
        set({ traces: [] });
      },
    };
  });
}

export const useRecentTraces = createRecentTracesStore(safeLocalStorage);

/** For the trace page: call once a trace has loaded. */
export function rememberRecentTrace(entry: RecentTrace): void {
  useRecentTraces.getState().remember(entry);
}
