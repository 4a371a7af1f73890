import { useSearchParams } from 'react-router';
import { parseMetricsUrl } from '../../routes/metrics-url';
import { formatTimePoint } from '../../routes/time-range';
import { KeyValueList } from '../../ui/KeyValueList';
import { NotBuiltYet } from '../../ui/NotBuiltYet';

export function MetricsPage() {
  const [params] = useSearchParams();
  const state = parseMetricsUrl(params);
  return (
    <NotBuiltYet title="Metrics">
      <title>Metrics · Tracelight</title>
      <KeyValueList
        label="Metrics parameters"
        items={[
          ['ds', state.ds ?? ''],
          ['q', state.q],
          ['from', formatTimePoint(state.range.from)],
          ['to', formatTimePoint(state.range.to)],
          ['step', state.step ?? '(automatic)'],
          ...state.extra.map(([key, value], index) => [`${key} (kept, #${index + 1})`, value] as const),
        ]}
      />
    </NotBuiltYet>
  );
}
