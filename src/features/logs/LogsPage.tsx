import { useSearchParams } from 'react-router';
import { parseLogsUrl } from '../../routes/logs-url';
import { formatTimePoint } from '../../routes/time-range';
import { KeyValueList } from '../../ui/KeyValueList';
import { NotBuiltYet } from '../../ui/NotBuiltYet';

export function LogsPage() {
  const [params] = useSearchParams();
  const state = parseLogsUrl(params);
  return (
    <NotBuiltYet title="Logs">
      <title>Logs · Tracelight</title>
      <KeyValueList
        label="Logs parameters"
        items={[
          ['ds', state.ds ?? ''],
          ['q', state.q],
          ['from', formatTimePoint(state.range.from)],
          ['to', formatTimePoint(state.range.to)],
          ...state.extra.map(([key, value], index) => [`${key} (kept, #${index + 1})`, value] as const),
        ]}
      />
    </NotBuiltYet>
  );
}
