import { useSearchParams } from 'react-router';
import { parseSearchUrl } from '../../routes/search-url';
import { formatTimePoint } from '../../routes/time-range';
import { KeyValueList } from '../../ui/KeyValueList';
import { NotBuiltYet } from '../../ui/NotBuiltYet';

export function SearchPage() {
  const [params] = useSearchParams();
  const state = parseSearchUrl(params);
  return (
    <NotBuiltYet title="Search">
      <title>Search · Tracelight</title>
      <KeyValueList
        label="Search parameters"
        items={[
          ['ds', state.ds ?? '(all trace datasources)'],
          ['q', state.q],
          ['limit', state.limit],
          ['spss', state.spss],
          ['service', state.service],
          ['operation', state.operation],
          ['tags', state.tags],
          ['minDuration', state.minDuration ?? ''],
          ['maxDuration', state.maxDuration ?? ''],
          ['from', formatTimePoint(state.range.from)],
          ['to', formatTimePoint(state.range.to)],
          ...state.extra.map(([key, value], index) => [`${key} (kept, #${index + 1})`, value] as const),
        ]}
      />
    </NotBuiltYet>
  );
}
