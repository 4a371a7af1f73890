// The waterfall's on-screen state that lives in the trace URL besides selection and zoom: the quick
// filters (`qf`, `qfservice`, `only`) and the expanded/collapsed set (`depth`, `toggled`). Decision 0183.
//
// The collapsed set is written against a base so that it stays short on any trace: `depth=<n>` is
// "expanded to depth n" (0: every row collapsed; absent: every row expanded), and `toggled` lists the
// rows whose state differs from that base, as span-ID prefixes joined by `.`.

import { intParam } from './params';

export const QUICK_FILTER_FLAGS = ['errors', 'critical', 'slow'] as const;
export type QuickFilterFlag = (typeof QUICK_FILTER_FLAGS)[number];

export interface QuickFilterParams {
  /** `qf`: errors only, critical path only, slow spans only (any combination). */
  flags: readonly QuickFilterFlag[];
  /** `qfservice`: only this service's spans. */
  service?: string;
  /** `only=1`: show only the matches (and their ancestors) instead of highlighting them. */
  only: boolean;
}

export interface FoldParams {
  /** `depth`: the base, rows shallower than this expanded; undefined: every row expanded. */
  depth?: number;
  /** `toggled`: the rows flipped from the base, as span-ID prefixes (lowercase hex) or `r<row>`. */
  flipped: readonly string[];
}

export const NO_QUICK_FILTER_PARAMS: QuickFilterParams = { flags: [], only: false };
export const NO_FOLD_PARAMS: FoldParams = { flipped: [] };

export const VIEW_PARAM_NAMES = ['qf', 'qfservice', 'only', 'depth', 'toggled'] as const;

const MAX_DEPTH = 10_000;
const MAX_FOLDED = 2_000;

export function parseQuickFilterParams(params: URLSearchParams): QuickFilterParams {
  const raw = params.get('qf')?.split('.') ?? [];
  const flags = QUICK_FILTER_FLAGS.filter((flag) => raw.includes(flag));
  const service = params.get('qfservice') || undefined;
  const only = params.get('only') === '1';
  return { flags, service, only };
}

export function parseFoldParams(params: URLSearchParams): FoldParams {
  const depth = intParam(params, 'depth', 0, MAX_DEPTH);
  const flipped = (params.get('toggled') ?? '')
    .toLowerCase()
    .split('.')
    .filter((name) => /^([0-9a-f]{1,16}|r\d{1,9})$/.test(name))
    .slice(0, MAX_FOLDED);
  return { depth, flipped };
}

export function quickFilterEntries(quick: QuickFilterParams): Array<readonly [string, string | undefined]> {
  const flags = QUICK_FILTER_FLAGS.filter((flag) => quick.flags.includes(flag));
  return [
    ['qf', flags.length > 0 ? flags.join('.') : undefined],
    ['qfservice', quick.service || undefined],
    ['only', quick.only ? '1' : undefined],
  ];
}

export function foldEntries(fold: FoldParams): Array<readonly [string, string | undefined]> {
  return [
    ['depth', fold.depth === undefined ? undefined : String(fold.depth)],
    ['toggled', fold.flipped.length > 0 ? fold.flipped.join('.') : undefined],
  ];
}
