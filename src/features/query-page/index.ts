// The query pages' shared parts (`/logs`, `/metrics`): URL-following draft and run, the page frame
// and its form fields.

export { answeredStepMs, chartOf, type MetricsExemplarDot } from './metrics-series';
export {
  ALL_SERIES,
  chartSeries,
  type LabelledSeries,
  QueryChart,
  seriesId,
  seriesLabel,
} from './QueryChart';
export { DatasourceSelect, QueryTextarea } from './QueryFormFields';
export { QueryPageLayout } from './QueryPageLayout';
export { Field, RangeFields, TextField } from './RangeFields';
export { type QueryDraft, type QueryPage, type QueryUrlState, useQueryPage } from './use-query-page';
