// The services page's line on what its counts stand for (decision 0337): on an embedded datasource,
// each service's stored spans and their estimated real count from the roots' thresholds
// (`/api/tracelight/sampled-counts`, decision 0335); otherwise that the rates are of sampled spans.
import type { DatasourceInfo } from '../../datasources/config';
import { useSampledServices } from '../../queries/sampling';
import { formatCount, formatEstimate } from '../../ui/format';

const SAMPLED_ONLY = 'Rates are of sampled spans only';

export function ServicesSampled(props: {
  datasource: DatasourceInfo;
  window: { fromMs: number; toMs: number } | undefined;
  service: string | undefined;
}) {
  const embedded = props.datasource.embedded && props.datasource.type === 'tempo';
  const range = props.window && { start: props.window.fromMs / 1000, end: props.window.toMs / 1000 };
  const counts = useSampledServices(embedded ? props.datasource.name : undefined, range);
  const rows = (counts.data ?? []).filter((r) => props.service === undefined || r.service === props.service);
  const known = rows.length > 0 && rows.every((r) => r.estimated !== undefined);
  let text = SAMPLED_ONLY;
  if (embedded && known)
    text = `Estimated real spans in this window: ${rows
      .map((r) => `${r.service} ${formatEstimate(r.estimated ?? 0)} (${formatCount(r.spans)} kept)`)
      .join('; ')}`;
  else if (embedded && rows.some((r) => r.estimated !== undefined))
    text = `${SAMPLED_ONLY}: not every trace in this window carries a sampling threshold`;
  return (
    <p
      data-testid="services-sampled"
      data-estimated={embedded && known ? 'true' : 'false'}
      className="text-xs text-slate-600 dark:text-slate-400"
      title="Estimates need the root spans to carry OpenTelemetry's th threshold in their tracestate: a span kept at 5 % stands for about 20."
    >
      {text}
    </p>
  );
}
