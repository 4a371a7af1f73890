// The line under the search summary that says what the counts stand for (decision 0337): on an
// embedded datasource, the estimate from each listed trace's root threshold; otherwise, and while
// it is unknown, that counts are of sampled traces only.
import { useMemo } from 'react';
import type { TraceSummary } from '../../datasources/types';
import { useRuntimeConfig } from '../../queries/config';
import { useSampledCounts } from '../../queries/sampling';
import { SAMPLED_ONLY, sampledCountLine } from './sampled-count';

export function SampledCount(props: {
  datasource: string;
  traces: readonly TraceSummary[];
  limitReached: boolean;
}) {
  const config = useRuntimeConfig();
  const embedded = config.data?.datasources.some(
    (ds) => ds.name === props.datasource && ds.embedded && ds.type === 'tempo',
  );
  const ids = useMemo(() => props.traces.map((t) => t.traceId), [props.traces]);
  const counts = useSampledCounts(embedded ? props.datasource : undefined, ids);
  if (props.traces.length === 0) return null;
  const line =
    embedded && counts.data
      ? sampledCountLine(
          ids.map((id) => counts.data.get(id) ?? undefined),
          props.limitReached,
        )
      : undefined;
  return (
    <p
      data-testid="results-sampled"
      data-estimated={line?.estimated ? 'true' : 'false'}
      className="text-xs text-slate-600 dark:text-slate-400"
      title="Sampling keeps some traces and drops the rest: a trace kept at 5 % stands for about 20. Estimates need the spans to carry OpenTelemetry's th threshold in their tracestate."
    >
      {line?.text ?? SAMPLED_ONLY}
    </p>
  );
}
