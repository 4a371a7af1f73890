// `/services`: the on-call starting page that needs no Prometheus. One row per service (or, with a
// service selected, per operation): request rate, error share and p50/p95/p99 over the window, each
// with a sparkline, from TraceQL metrics on the chosen Tempo-type datasource (the embedded `local`
// answers the same API). Errors first by default; everything is in the URL (src/routes/services-url.ts).
import { useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { type DatasourceInfo, isTraceDatasource } from '../../datasources/config';
import { errorText } from '../../datasources/error-text';
import { useRuntimeConfig } from '../../queries/config';
import { useTraceqlMetrics } from '../../queries/traceql-metrics';
import { redactLabelValue } from '../../redact/labels';
import type { Redactor } from '../../redact/rules';
import { mapPath } from '../../routes/map-url';
import { searchPath } from '../../routes/search-url';
import {
  parseServicesUrl,
  SERVICE_SORT_KEYS,
  type ServiceSortKey,
  type ServicesUrlState,
  servicesPath,
  sortsAscending,
} from '../../routes/services-url';
import { resolveTimeRange } from '../../routes/time-range';
import { Sparkline } from '../../ui/charts/Sparkline';
import { formatDuration } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { focusRing } from '../../ui/styles';
import { useRedactor } from '../redaction';
import { SLOWEST_FIRST, TimeRangePicker, traceqlString } from '../search';
import { ServicesSampled } from './ServicesSampled';
import { buildServiceRows, NO_VALUE, type ServiceRow, sortServiceRows } from './service-rows';

const SERVICE_FIELD = 'resource.service.name';
const OPERATION_FIELD = 'name';

const COLUMN_LABELS: Record<ServiceSortKey, string> = {
  name: 'Name',
  rate: 'Rate',
  errors: 'Errors',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
};

/** The TraceQL the page sends, for one level (all services, or one service's operations). */
export function servicesQueries(service: string | undefined) {
  const scope = service === undefined ? '' : `${SERVICE_FIELD} = ${traceqlString(service)}`;
  const groupBy = service === undefined ? SERVICE_FIELD : OPERATION_FIELD;
  // `{}` for everything, as Grafana sends it (and as the recordings have it).
  const all = scope ? `{ ${scope} }` : '{}';
  const failed = `{ ${scope ? `${scope} && ` : ''}status = error }`;
  return {
    groupBy,
    rate: `${all} | rate() by (${groupBy})`,
    errors: `${failed} | rate() by (${groupBy})`,
    quantiles: `${all} | quantile_over_time(duration, .5, .95, .99) by (${groupBy})`,
  };
}

function pickDatasource(options: DatasourceInfo[], ds: string | undefined): DatasourceInfo | undefined {
  const tempo = options.filter((d) => d.type === 'tempo');
  return ds === undefined ? (tempo.find((d) => d.default) ?? tempo[0]) : tempo.find((d) => d.name === ds);
}

export function ServicesPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = useMemo(() => parseServicesUrl(location.search), [location.search]);
  const config = useRuntimeConfig();
  const options = config.data?.datasources.filter(isTraceDatasource) ?? [];
  const datasource = pickDatasource(options, state.ds);
  const go = (patch: Partial<ServicesUrlState>, push = false) =>
    navigate(servicesPath({ ...state, ...patch }), { replace: !push });

  const queries = servicesQueries(state.service);
  const base = datasource && { datasource: datasource.name, range: state.range };
  const series = base && { ...base, step: state.step };
  // A new window keeps the last figures while it loads; a new level (service → operations) does not.
  const keep = { keepPrevious: 'same-query' } as const;
  const rate = useTraceqlMetrics(series && { ...series, q: queries.rate }, keep);
  const errors = useTraceqlMetrics(series && { ...series, q: queries.errors }, keep);
  const quantiles = useTraceqlMetrics(base && { ...base, q: queries.quantiles, instant: true }, keep);
  const quantilesRange = useTraceqlMetrics(series && { ...series, q: queries.quantiles }, keep);

  const ascending = sortsAscending(state.sort, state.dir);
  const redactor = useRedactor();
  const rows = useMemo(
    () =>
      rate.data && redactor
        ? sortServiceRows(
            redactRows(
              redactor,
              buildServiceRows({
                groupBy: queries.groupBy,
                rate: rate.data.set,
                errors: errors.data?.set,
                quantiles: quantiles.data?.set,
                quantilesRange: quantilesRange.data?.set,
              }),
              queries.groupBy,
            ),
            state.sort,
            ascending,
          )
        : [],
    [
      rate.data,
      errors.data,
      quantiles.data,
      quantilesRange.data,
      queries.groupBy,
      state.sort,
      ascending,
      redactor,
    ],
  );
  const window = rate.data
    ? { fromMs: rate.data.fromMs, toMs: rate.data.toMs }
    : resolveTimeRange(state.range, Date.now());
  const failure = [rate, errors, quantiles, quantilesRange].find((q) => q.error)?.error;

  const sortBy = (key: ServiceSortKey) => {
    const natural = sortsAscending(key, undefined);
    const dir =
      key === state.sort ? (ascending === natural ? (natural ? 'desc' : 'asc') : undefined) : undefined;
    go({ sort: key, dir });
  };

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-4 sm:p-6">
      <title>{state.service ? `${state.service} · Services · Tracelight` : 'Services · Tracelight'}</title>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
            {state.service !== undefined ? (
              <Link to={servicesPath({ ...state, service: undefined })} className={`underline ${focusRing}`}>
                All services
              </Link>
            ) : null}
          </nav>
          <h1 className="text-2xl font-semibold">
            {state.service === undefined ? 'Services' : `Operations of ${state.service || NO_VALUE}`}
          </h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            From TraceQL metrics on {datasource ? datasource.displayName : 'a Tempo datasource'}: spans per
            second, the share that failed, and span durations over the window.{' '}
            <Link
              to={mapPath({ ds: state.ds, range: state.range })}
              className={`text-sky-700 underline dark:text-sky-300 ${focusRing}`}
            >
              The calls between them on the service map
            </Link>
          </p>
        </div>
        <TimeRangePicker value={state.range} onChange={(range) => go({ range }, true)} />
      </div>
      {config.data && !datasource ? (
        <Notice tone="warning">
          <p>
            {state.ds
              ? `The datasource "${state.ds}" is not a Tempo datasource this server knows.`
              : 'No Tempo datasource is configured.'}{' '}
            This page needs TraceQL metrics: a Tempo datasource, or the embedded backend (`npm start` with no
            datasource configured).
          </p>
        </Notice>
      ) : null}
      {failure ? (
        <Notice tone="error">
          <p>The metrics query failed: {errorText(failure)}</p>
        </Notice>
      ) : null}
      {(rate.isPending || (rate.data && !redactor)) && datasource ? (
        <p className="text-sm">Loading…</p>
      ) : null}
      {rate.data && redactor && rows.length === 0 ? (
        <p className="text-sm">No spans in this window. Try a wider one.</p>
      ) : null}
      {rows.length > 0 && datasource ? (
        <ServicesSampled datasource={datasource} window={window} service={state.service} />
      ) : null}
      {rows.length > 0 ? (
        <ServicesTable
          rows={rows}
          state={state}
          ascending={ascending}
          onSort={sortBy}
          window={window}
          datasource={datasource?.name}
        />
      ) : null}
    </div>
  );
}

/**
 * Rows as the redaction rules let them be shown (decision 0332): a remote Tempo computed them from
 * spans as sent, so a service or operation name a rule masks is shown masked and is not a link.
 */
function redactRows(redactor: Redactor, rows: ServiceRow[], groupBy: string): ServiceRow[] {
  return rows.map((row) => {
    const shown = redactLabelValue(redactor, groupBy, row.key);
    return shown.masked ? { ...row, key: shown.value, masked: true } : row;
  });
}

interface TableProps {
  rows: ServiceRow[];
  state: ServicesUrlState;
  ascending: boolean;
  onSort: (key: ServiceSortKey) => void;
  window: { fromMs: number; toMs: number };
  datasource: string | undefined;
}

const cell = 'px-2 py-1.5 text-right tabular-nums';
const sparkCell = 'px-2 py-1.5';

function ServicesTable({ rows, state, ascending, onSort, window, datasource }: TableProps) {
  const operations = state.service !== undefined;
  const header = (key: ServiceSortKey) => (
    <th
      key={key}
      scope="col"
      aria-sort={state.sort === key ? (ascending ? 'ascending' : 'descending') : 'none'}
      className={key === 'name' ? 'px-2 py-1.5 text-left' : 'px-2 py-1.5 text-right'}
      colSpan={key === 'rate' || key === 'errors' || key === 'p95' ? 2 : 1}
    >
      <button type="button" onClick={() => onSort(key)} className={`font-semibold ${focusRing}`}>
        {key === 'name' ? (operations ? 'Operation' : 'Service') : COLUMN_LABELS[key]}
        {state.sort === key ? (ascending ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-700">
      <table className="w-full text-sm">
        <caption className="sr-only">
          {operations ? `Operations of ${state.service}` : 'Services'}: rate, error share and durations;
          sorted by {COLUMN_LABELS[state.sort]}
        </caption>
        <thead className="bg-slate-50 dark:bg-slate-800">
          <tr>
            {SERVICE_SORT_KEYS.filter((k) => k === 'name').map(header)}
            {(['rate', 'errors', 'p50', 'p95', 'p99'] as const).map(header)}
            {operations ? (
              <th scope="col" className="px-2 py-1.5 text-left">
                Traces
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr
              // Two masked names can look alike.
              key={row.masked ? `masked-${index}` : row.key}
              data-service-row={row.key}
              data-masked={row.masked}
              className="border-t border-slate-200 dark:border-slate-700"
            >
              <th scope="row" className="px-2 py-1.5 text-left font-medium">
                {operations || row.masked ? (
                  <span className="break-all">
                    {row.key}
                    {row.masked ? <MaskedNote /> : null}
                  </span>
                ) : (
                  <Link
                    to={servicesPath({ ...state, service: row.key === NO_VALUE ? '' : row.key })}
                    className={`break-all text-sky-700 underline dark:text-sky-300 ${focusRing}`}
                  >
                    {row.key}
                  </Link>
                )}
              </th>
              <td className={cell}>{formatRate(row.rate)}</td>
              <td className={sparkCell}>
                <Sparkline points={row.rateSeries} {...window} label={`${row.key}: rate over the window`} />
              </td>
              <td
                className={`${cell} ${(row.errorShare ?? 0) > 0 ? 'font-semibold text-red-700 dark:text-red-300' : ''}`}
              >
                {formatShare(row.errorShare)}
              </td>
              <td className={sparkCell}>
                <Sparkline
                  points={row.errorShareSeries}
                  {...window}
                  label={`${row.key}: error share over the window`}
                  className="stroke-red-600 dark:stroke-red-400"
                />
              </td>
              <td className={cell}>{formatSeconds(row.p50)}</td>
              <td className={cell}>{formatSeconds(row.p95)}</td>
              <td className={sparkCell}>
                <Sparkline
                  points={row.p95Series}
                  {...window}
                  label={`${row.key}: p95 over the window`}
                  className="stroke-violet-600 dark:stroke-violet-400"
                />
              </td>
              <td className={cell}>{formatSeconds(row.p99)}</td>
              {operations ? (
                <td className="px-2 py-1.5 whitespace-nowrap">
                  {row.masked ? (
                    <span className="text-slate-600 dark:text-slate-400">–</span>
                  ) : (
                    <OperationLinks
                      service={state.service ?? ''}
                      row={row}
                      state={state}
                      datasource={datasource}
                    />
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Why a masked row opens nothing: its value would go back to the backend as a query. */
export function MaskedNote() {
  return (
    <span className="ml-1 block text-xs font-normal text-slate-600 dark:text-slate-400">
      masked by a redaction rule: cannot be opened or searched
    </span>
  );
}

function OperationLinks(props: {
  service: string;
  row: ServiceRow;
  state: ServicesUrlState;
  datasource: string | undefined;
}) {
  const { service, row, state, datasource } = props;
  const filter = `resource.service.name = ${traceqlString(service)} && name = ${traceqlString(row.key)}`;
  const slowest = row.p95 !== undefined ? ` && duration >= ${slowestBound(row.p95)}` : '';
  const link = `text-sky-700 underline dark:text-sky-300 ${focusRing}`;
  return (
    <span className="flex gap-3">
      <Link
        to={searchPath({ ds: datasource, q: `{ ${filter}${slowest} }`, range: state.range })}
        state={SLOWEST_FIRST}
        className={link}
      >
        Slowest
      </Link>
      {(row.errorRate ?? 0) > 0 ? (
        <Link
          to={searchPath({ ds: datasource, q: `{ ${filter} && status = error }`, range: state.range })}
          className={link}
        >
          Failing
        </Link>
      ) : null}
    </span>
  );
}

function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond >= 100) return `${perSecond.toFixed(0)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(2)}/s`;
  return `${(perSecond * 60).toFixed(2)}/min`;
}

function formatShare(share: number | undefined): string {
  if (share === undefined) return '–';
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

function formatSeconds(seconds: number | undefined): string {
  return seconds === undefined ? '–' : formatDuration(seconds * 1e9);
}

/**
 * The lower bound for "slowest": the start of the power-of-two bucket the p95 lies in. TraceQL
 * metrics compute quantiles over log2 buckets (decision 0232) and interpolate inside one, so the
 * figure can exceed every real span; the bucket's start never does, and the spans at or above it
 * are the slowest ones.
 */
function slowestBound(seconds: number): string {
  const ns = seconds * 1e9;
  // Buckets are (2^(k-1), 2^k], and a quantile read at a bucket's top is exactly 2^k: take the
  // bucket's lower edge, 2^(ceil(log2 ns) - 1).
  const bucketStartNs = ns >= 2 ? 2 ** (Math.ceil(Math.log2(ns)) - 1) : 0;
  return `${Math.floor(bucketStartNs / 1000)}us`;
}
