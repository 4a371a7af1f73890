// The trace datasource the top bar's picker shows and the "Open trace" box uses.

export { DatasourcePicker } from './DatasourcePicker';
export { useTraceDatasourceChoice } from './datasource-choice';
