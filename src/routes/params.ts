// Helpers shared by the route URL modules: reading typed values out of query parameters, and
// writing them back in a fixed order with the parameters we do not know kept as they came.

/** Query parameters a route does not know, in their original order (links must never lose them). */
export type ExtraParams = ReadonlyArray<readonly [string, string]>;

export function toSearchParams(search: string | URLSearchParams): URLSearchParams {
  return typeof search === 'string' ? new URLSearchParams(search) : search;
}

/** The parameters whose names are not in `known`, in order. */
export function extraParams(params: URLSearchParams, known: ReadonlySet<string>): ExtraParams {
  const extra: Array<readonly [string, string]> = [];
  for (const [key, value] of params) {
    if (!known.has(key)) extra.push([key, value]);
  }
  return extra;
}

/**
 * Builds `?a=1&b=2` from known entries (undefined means "at its default, leave it out") followed by
 * the unknown ones; '' when there is nothing to say.
 */
export function buildSearch(
  entries: ReadonlyArray<readonly [string, string | undefined]>,
  extra: ExtraParams,
) {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== undefined) params.append(key, value);
  }
  for (const [key, value] of extra) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A non-empty string parameter, or undefined. */
export function textParam(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

/** An integer in [min, max], or undefined when absent or not one. */
export function intParam(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = params.get(name);
  if (value === null || !/^-?\d+$/.test(value.trim())) return undefined;
  const parsed = Number(value.trim());
  return Number.isSafeInteger(parsed) && parsed >= min && parsed <= max ? parsed : undefined;
}

/** `1`/`0` (also `true`/`false`), or undefined. */
export function flagParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/** Writes a flag only when it differs from its default. */
export function flagValue(value: boolean, fallback: boolean): string | undefined {
  return value === fallback ? undefined : value ? '1' : '0';
}

/** A duration as Jaeger, Zipkin and Prometheus write it: `250ms`, `1.5s`, `2m`, `1h` (`units` optional when allowed). */
export function durationParam(
  params: URLSearchParams,
  name: string,
  options: { unitOptional: boolean },
): string | undefined {
  const value = params.get(name)?.trim();
  if (!value) return undefined;
  const pattern = options.unitOptional
    ? /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w|y)?$/
    : /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d)$/;
  return pattern.test(value) ? value : undefined;
}

/** A table's sort: one column, one direction; written `<column>` (ascending) or `-<column>`. */
export interface UrlSort<C extends string> {
  column: C;
  descending: boolean;
}

/** One of the allowed values, or undefined. */
export function oneOf<T extends string>(allowed: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** `column` or `-column` with a known column; anything else is no sort (the view's default). */
export function parseSort<C extends string>(
  columns: readonly C[],
  raw: string | null,
): UrlSort<C> | undefined {
  if (raw === null) return undefined;
  const descending = raw.startsWith('-');
  const column = oneOf(columns, descending ? raw.slice(1) : raw);
  return column === undefined ? undefined : { column, descending };
}

export function sortValue<C extends string>(sort: UrlSort<C>, fallback: UrlSort<C>): string | undefined {
  if (sort.column === fallback.column && sort.descending === fallback.descending) return undefined;
  return `${sort.descending ? '-' : ''}${sort.column}`;
}
