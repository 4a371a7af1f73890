import { useId } from 'react';
import { Select } from '../../ui/Select';
import { useTraceDatasourceChoice } from './datasource-choice';

const ALL_VALUE = '';

/** The trace datasource for searches and opened traces; "All" asks every trace datasource. */
export function DatasourcePicker() {
  const id = useId();
  const { value, options, loading, choose } = useTraceDatasourceChoice();
  // A `ds` from a shared link that this server does not know is shown as it is, not silently replaced.
  const unknown = value !== undefined && !loading && !options.some((ds) => ds.name === value);
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-sm text-slate-700 dark:text-slate-300">
        Datasource
      </label>
      <Select
        id={id}
        value={value ?? ALL_VALUE}
        disabled={loading}
        onChange={(event) => choose(event.target.value === ALL_VALUE ? undefined : event.target.value)}
        className="max-w-48"
      >
        <option value={ALL_VALUE}>All trace datasources</option>
        {options.map((ds) => (
          <option key={ds.name} value={ds.name}>
            {ds.displayName} ({ds.type})
          </option>
        ))}
        {unknown && <option value={value}>{value} (not configured)</option>}
      </Select>
    </div>
  );
}
