// Buttons that start a search from an impact signal, building on the current search (see presets.ts).
import { useId, useState } from 'react';
import type { TraceSummary } from '../../datasources/types';
import type { SearchUrlState } from '../../routes/search-url';
import { Button } from '../../ui/Button';
import { formatDurationMs } from '../../ui/format';
import { Select } from '../../ui/Select';
import {
  currentService,
  type DatasourceKind,
  errorsInService,
  rootOperation,
  rootOperations,
  slowestTraces,
  slowThresholdMs,
} from './presets';

export interface PresetsProps {
  state: SearchUrlState;
  kind: DatasourceKind;
  services: readonly string[];
  traces: readonly TraceSummary[];
  onApply(next: SearchUrlState, options?: { sortByDuration?: boolean }): void;
}

export function Presets({ state, kind, services, traces, onApply }: PresetsProps) {
  const serviceId = useId();
  const rootId = useId();
  const roots = rootOperations(traces).slice(0, 50);
  const [root, setRoot] = useState('');
  // The service being searched is the default (listed even before the backend lists it); a service
  // picked here holds until the search moves to another service.
  const searched = currentService(state, kind);
  const [picked, setPicked] = useState<{ during: string | undefined; service: string }>();
  const serviceOptions = searched && !services.includes(searched) ? [searched, ...services] : services;
  const chosenService =
    (picked?.during === searched ? picked?.service : undefined) || searched || serviceOptions[0] || '';
  const threshold = slowThresholdMs(traces);
  const chosenRoot = roots[Number(root || 0)];

  return (
    <section aria-label="Start from a signal" className="flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
      <div className="flex items-end gap-1.5">
        <div className="flex flex-col gap-1">
          <label htmlFor={serviceId}>Errors in service</label>
          <Select
            id={serviceId}
            value={chosenService}
            onChange={(e) => setPicked({ during: searched, service: e.target.value })}
            disabled={serviceOptions.length === 0}
          >
            {serviceOptions.length === 0 && <option value="">(no services known)</option>}
            {serviceOptions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
        <Button
          disabled={!chosenService}
          onClick={() => onApply(errorsInService(state, kind, chosenService))}
        >
          Show errors
        </Button>
      </div>
      <Button
        onClick={() => onApply(slowestTraces(state, kind, threshold), { sortByDuration: true })}
        title={`${traces.length > 0 ? 'Slower than 90% of the current results' : 'Slower than one second'}, within the current search`}
      >
        Slowest traces (&gt; {formatDurationMs(threshold)})
      </Button>
      <div className="flex items-end gap-1.5">
        <div className="flex flex-col gap-1">
          <label htmlFor={rootId}>Root operation</label>
          <Select
            id={rootId}
            value={root}
            onChange={(e) => setRoot(e.target.value)}
            disabled={roots.length === 0}
            className="max-w-72"
          >
            {roots.length === 0 && <option value="">(run a search first)</option>}
            {roots.map((entry, index) => (
              <option key={`${entry.service}\u0000${entry.name}`} value={String(index)}>
                {entry.service ? `${entry.service}: ` : ''}
                {entry.name} ({entry.count})
              </option>
            ))}
          </Select>
        </div>
        <Button
          disabled={!chosenRoot}
          onClick={() => chosenRoot && onApply(rootOperation(state, kind, chosenRoot))}
        >
          Search this operation
        </Button>
      </div>
    </section>
  );
}
