// The query editors other features embed (Monaco itself loads lazily behind TraceQLEditor).
export { PlainQueryEditor } from './PlainQueryEditor.tsx';
export { TraceQLEditor } from './TraceQLEditor.tsx';
