import { useId } from 'react';
import { matchPath, useLocation } from 'react-router';
import type { DatasourceInfo } from '../../datasources/config';
import { Select } from '../../ui/Select';
import { useTraceDatasourceChoice } from './datasource-choice';

const ALL_VALUE = '';
const ALL_LABEL = 'All trace datasources';

/**
 * Whether the trace datasource choice means anything on this page. /logs and /metrics query Loki
 * and Prometheus with a picker of their own: a trace datasource select there only misleads.
 */
export function pickerApplies(pathname: string): boolean {
  return matchPath('/logs', pathname) === null && matchPath('/metrics', pathname) === null;
}

/** An option's words: the display name and type, e.g. `Local (embedded) (tempo)`. */
export function optionLabel(ds: Pick<DatasourceInfo, 'displayName' | 'type'>): string {
  return `${ds.displayName} (${ds.type})`;
}

/** The trace datasource for searches and opened traces; "All" asks every trace datasource. */
export function DatasourcePicker() {
  const location = useLocation();
  if (!pickerApplies(location.pathname)) return null;
  return <Picker />;
}

function Picker() {
  const id = useId();
  const { value, options, loading, choose } = useTraceDatasourceChoice();
  // A `ds` from a shared link that this server does not know is shown as it is, not silently replaced.
  const unknown = value !== undefined && !loading && !options.some((ds) => ds.name === value);
  const chosen = options.find((ds) => ds.name === value);
  // The select is as wide as its longest option (up to a limit); the title holds the whole choice.
  const title = chosen ? optionLabel(chosen) : unknown ? `${value} (not configured)` : ALL_LABEL;
  return (
    <div className="flex items-center gap-1.5">
      {/* Visible only on wide screens, so the top bar keeps to one line at 1280 px. */}
      <label htmlFor={id} className="sr-only text-sm text-slate-700 2xl:not-sr-only dark:text-slate-300">
        Datasource
      </label>
      <Select
        id={id}
        value={value ?? ALL_VALUE}
        disabled={loading}
        title={title}
        onChange={(event) => choose(event.target.value === ALL_VALUE ? undefined : event.target.value)}
        className="max-w-xs"
      >
        <option value={ALL_VALUE}>{ALL_LABEL}</option>
        {options.map((ds) => (
          <option key={ds.name} value={ds.name}>
            {optionLabel(ds)}
          </option>
        ))}
        {unknown && <option value={value}>{value} (not configured)</option>}
      </Select>
    </div>
  );
}
